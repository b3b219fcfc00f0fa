/** How a failed Wasm invocation ends, per spec 3.5 item 3 and 16 item 7. */
export type TrapClass = 'OutOfGas' | 'IllegalInstruction' | 'Fatal';

/**
 * Classifies an exception that escaped an actor's `invoke` (or instantiation) and is not the kernel's
 * own abort sentinel. The gas global is read first: a negative value means the metering function ran
 * out of gas (its `unreachable` trap, or any trap after the counter went negative) → OutOfGas. Otherwise
 * a Wasm trap (unreachable, division by zero, out-of-bounds access, bad indirect call, the stack
 * limiter's own unreachable) or an engine stack overflow → IllegalInstruction (SYS_ILLEGAL_INSTRUCTION).
 * Anything else is a host bug → Fatal.
 */
export function classifyTrap(error: unknown, gasGlobalValue: bigint): TrapClass {
  if (gasGlobalValue < 0n) return 'OutOfGas';
  if (error instanceof WebAssembly.RuntimeError) return 'IllegalInstruction';
  if (isStackOverflow(error)) return 'IllegalInstruction';
  return 'Fatal';
}

/** V8 and JavaScriptCore throw RangeError, SpiderMonkey an InternalError "too much recursion". */
export function isStackOverflow(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof RangeError) return /call stack/i.test(error.message);
  return error.name === 'InternalError' && /recursion/i.test(error.message);
}
