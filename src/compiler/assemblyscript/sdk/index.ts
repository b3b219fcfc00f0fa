// The FVM SDK for AssemblyScript: `import { ... } from "fvm";` (docs/wasm-actors.md, "AssemblyScript").
//
// An actor exports `invoke(params: u32): u32`: it gets the params block handle (0 = none), reads the method
// number from the message context, and returns the handle of its return block (0 = none).
export * from "./actor";
export * from "./address";
export * from "./cbor";
export * from "./context";
export * from "./crypto";
export * from "./debug";
export * from "./errors";
export * from "./event";
export * from "./evm";
export * from "./ipld";
export * from "./params";
export * from "./send";
export * from "./state";
export * from "./token";
