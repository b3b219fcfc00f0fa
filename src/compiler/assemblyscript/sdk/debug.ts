// Debug output: debug.log messages appear in the trace (when the network has actor debugging on, as the
// playground does). The compiler routes AssemblyScript's `trace()` here too.
import { debug_enabled, debug_log, SCRATCH } from "./sys";

/** Writes a line to the trace. Free of charge beyond the syscall (14,000 gas) when debugging is off. */
export function log(message: string): void {
  const text = String.UTF8.encode(message);
  debug_log(changetype<usize>(text), <u32>text.byteLength);
}

/** True when the network keeps debug logs. */
export function debugEnabled(): bool {
  if (debug_enabled(SCRATCH) != 0) return false;
  return load<i32>(SCRATCH) == 0;
}

/** AssemblyScript's `trace(message, n, a0, …)`, logged as "message a0 a1 …" (`--use trace=…`). */
export function traceHandler(
  message: string,
  n: i32 = 0,
  a0: f64 = 0,
  a1: f64 = 0,
  a2: f64 = 0,
  a3: f64 = 0,
  a4: f64 = 0,
): void {
  let text = message;
  if (n > 0) text += " " + a0.toString();
  if (n > 1) text += " " + a1.toString();
  if (n > 2) text += " " + a2.toString();
  if (n > 3) text += " " + a3.toString();
  if (n > 4) text += " " + a4.toString();
  log(text);
}
