import type { Address } from '../address';
import type { GasCharge } from '../gas/charge';
import type { CID } from '../ipld/cid';
import type { ActorId, ActorState } from '../state/actorState';
import type { Block } from './blocks';

/**
 * What ref-fvm's tracer records, in execution order (spec 12.1). Call / CallReturn / CallError pair up to
 * form the call tree; the Lotus-shaped trace is built from this list (trace/lotusTrace.ts).
 */
export type ExecutionEvent =
  | { readonly kind: 'GasCharge'; readonly charge: GasCharge }
  | {
      readonly kind: 'Call';
      readonly from: ActorId;
      readonly to: Address;
      readonly method: number;
      readonly params: Block | undefined;
      readonly value: bigint;
      /** Whole gas: min(requested, available), rounded up. */
      readonly gasLimit: number;
      readonly readOnly: boolean;
    }
  | { readonly kind: 'InvokeActor'; readonly id: ActorId; readonly state: ActorState }
  | { readonly kind: 'CallReturn'; readonly exitCode: number; readonly returnBlock: Block | undefined }
  | { readonly kind: 'CallError'; readonly errno: number; readonly message: string; readonly fatal: boolean }
  | { readonly kind: 'Log'; readonly message: string }
  | { readonly kind: 'Ipld'; readonly op: 'Get' | 'Put'; readonly cid: CID; readonly size: number }
  /**
   * Playground extension: an EVM frame ran inside the current call; `traceId` names its step trace (kept by
   * the machine) so the debugger can open it from the call tree.
   */
  | { readonly kind: 'EvmFrame'; readonly traceId: number; readonly steps: number }
  /**
   * Playground extension: the current EVM contract called Hardhat's console address; `text` is the line
   * as Hardhat formats it, `signature` the console.log overload, `args` the arguments as strings. The call
   * itself happens as on the real FEVM (usually an empty success); this only records the line.
   */
  /**
   * Playground extension, recorded only when step traces are (replays for the debugger): a Wasm actor
   * called a syscall with these Wasm arguments (i32 as unsigned numbers, i64 as bigints). Every event up to
   * the matching SyscallReturn (its gas charges, a send's whole call) happened inside it.
   */
  | {
      readonly kind: 'Syscall';
      readonly module: string;
      readonly name: string;
      readonly args: readonly (number | bigint)[];
    }
  /**
   * The syscall ended: `errno` 0 on success (`result`: the bytes written at the out-pointer, at most 64),
   * an error number, or null when it unwound the actor (an exit, out of gas, a fatal error: `unwound`).
   */
  | {
      readonly kind: 'SyscallReturn';
      readonly errno: number | null;
      readonly result: Uint8Array | undefined;
      readonly unwound: string | undefined;
    }
  | {
      readonly kind: 'ConsoleLog';
      readonly text: string;
      readonly signature: string;
      readonly args: readonly string[];
    };
