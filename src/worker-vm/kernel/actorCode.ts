import type { Kernel } from './kernel';

/**
 * Code that can run as an actor: a native TypeScript actor or an instrumented Wasm module. The call
 * manager charges the module's init costs, makes a kernel, and calls `invoke`; the code reaches state only
 * through that kernel, so every gas rule applies to both kinds in the same way.
 */
export interface ActorCode {
  /** Minimum memory pages of the module (native actors: those of the real built-in they stand for). */
  readonly minMemoryPages: number;
  /** Minimum table elements when the module exports a table; undefined when it does not. */
  readonly minTableElements: number | undefined;
  /**
   * Runs one invocation. Returns the handle of the return block (0 for none). Ends early by throwing
   * `ActorExit`; traps become `ActorExit` with SYS_ILLEGAL_INSTRUCTION; running out of gas throws OutOfGas.
   */
  invoke(kernel: Kernel, paramsId: number): number;
}

/** Finds the code for a code CID; undefined when nothing can run it. */
export interface ActorCodeRegistry {
  get(code: import('../ipld/cid').CID): ActorCode | undefined;
}
