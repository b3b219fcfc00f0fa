// A counter actor. Its state is the DAG-CBOR array [count].
//
//   1  Constructor        (no params)            count = 0; only Init (f01) may call it
//   2  Increment(by: u64) -> the new count        emits a "counter" event, logs a line
//   3  Get                -> the count
//
// Params and returns are CBOR: in the playground, call Increment with JSON params such as `5`.
import {
  abort,
  caller,
  CborWriter,
  ExitCode,
  ActorEvent,
  log,
  methodNumber,
  NO_RETURN,
  paramsReader,
  requireNoParams,
  returnCbor,
  saveStateCbor,
  stateReader,
} from "fvm";

const INIT_ACTOR: u64 = 1;

export function invoke(params: u32): u32 {
  const method = methodNumber();
  if (method == 1) return constructor(params);
  if (method == 2) return increment(params);
  if (method == 3) return get(params);
  abort(ExitCode.USR_UNHANDLED_MESSAGE, "unknown method " + method.toString());
  return NO_RETURN;
}

function constructor(params: u32): u32 {
  if (caller() != INIT_ACTOR) abort(ExitCode.USR_FORBIDDEN, "only the Init actor constructs actors");
  requireNoParams(params);
  save(0);
  return NO_RETURN;
}

function increment(params: u32): u32 {
  const reader = paramsReader(params);
  const by = reader.uint();
  reader.end();
  const before = load();
  const count = before + by;
  if (count < before) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "the count would overflow");
  save(count);
  new ActorEvent().addCbor("count", new CborWriter().uint(count)).emit();
  log("count " + before.toString() + " -> " + count.toString());
  return returnCbor(new CborWriter().uint(count));
}

function get(params: u32): u32 {
  requireNoParams(params);
  return returnCbor(new CborWriter().uint(load()));
}

function load(): u64 {
  const state = stateReader();
  state.tuple(1);
  return state.uint();
}

function save(count: u64): void {
  saveStateCbor(new CborWriter().array(1).uint(count));
}
