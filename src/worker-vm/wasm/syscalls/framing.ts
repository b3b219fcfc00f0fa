import { ErrorNumber } from '../../kernel/codes';
import { SyscallError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import type { ActorMemory } from './actorMemory';

/** What every binding works on: the invocation's kernel and the instance's memory. */
export interface SyscallContext {
  readonly kernel: Kernel;
  readonly memory: ActorMemory;
}

/** Writes a syscall's result at its out-pointer (already bounds-checked). */
export type ResultWriter<T> = (view: DataView, at: number, value: T) => void;

/** Syscall errors are returned to the actor and remembered as the backtrace cause (spec 2.1, 3.6). */
function fail(kernel: Kernel, error: SyscallError): number {
  kernel.callManager.lastSyscallError = error;
  return error.errno;
}

/*
 * The framing of ref-fvm's linker (`syscalls/linker.rs`), shared by every binding:
 *   1. charge the Wasm run since the last sync (`wasm_exec`) and `OnSyscall` (kernel.beginSyscall);
 *   2. value calls: the out-pointer must leave room for the result, else IllegalArgument *without*
 *      re-syncing the gas counter (the reference returns early there, so the next sync charges that span
 *      of execution again);
 *   3. the body: success → 0 (and the result written); a SyscallError → its number; anything else
 *      (exit, out of gas, fatal) unwinds the instance;
 *   4. re-sync the gas counter (kernel.endSyscall), also before unwinding.
 * Arguments arrive as Wasm values: i32 as JS numbers (signed; bodies read them as u32 with `>>> 0`),
 * i64 as bigints.
 */

/** A value-returning syscall: `(ret, ...args) → errno`, writing `resultSize` bytes at `ret` on success. */
export function valueCall<A extends unknown[], T>(
  ctx: SyscallContext,
  resultSize: number,
  write: ResultWriter<T>,
  body: (...args: A) => T,
): (ret: number, ...args: A) => number {
  return (ret: number, ...args: A): number => {
    const kernel = ctx.kernel;
    kernel.beginSyscall();
    const at = ret >>> 0;
    const size = ctx.memory.byteLength;
    if (at > size || size - at < resultSize) {
      return fail(kernel, new SyscallError(ErrorNumber.IllegalArgument, 'no space for return value'));
    }
    let errno = 0;
    let abort: { error: unknown } | undefined;
    try {
      const value = body(...args);
      write(ctx.memory.dataView(), at, value);
    } catch (error) {
      if (error instanceof SyscallError) errno = fail(kernel, error);
      else abort = { error };
    }
    kernel.endSyscall();
    if (abort) throw abort.error;
    return errno;
  };
}

/** A syscall that returns only an error number. */
export function emptyCall<A extends unknown[]>(
  ctx: SyscallContext,
  body: (...args: A) => void,
): (...args: A) => number {
  return (...args: A): number => {
    const kernel = ctx.kernel;
    kernel.beginSyscall();
    let errno = 0;
    let abort: { error: unknown } | undefined;
    try {
      body(...args);
    } catch (error) {
      if (error instanceof SyscallError) errno = fail(kernel, error);
      else abort = { error };
    }
    kernel.endSyscall();
    if (abort) throw abort.error;
    return errno;
  };
}

/** Result writers for the plain integer results. */
export const writeU32Result: ResultWriter<number> = (view, at, value) =>
  view.setUint32(at, value >>> 0, true);
export const writeI32Result: ResultWriter<number> = (view, at, value) => view.setInt32(at, value | 0, true);
export const writeU64Result: ResultWriter<bigint | number> = (view, at, value) =>
  view.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
export const writeBytesResult: ResultWriter<Uint8Array> = (view, at, value) =>
  new Uint8Array(view.buffer, view.byteOffset + at, value.length).set(value);
