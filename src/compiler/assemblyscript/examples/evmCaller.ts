// An actor that calls a Solidity contract (SimpleStorage.sol, deployed first) through the EVM actor's
// InvokeContract method, with ABI-encoded calldata, and decodes what it returns. Its state is the
// DAG-CBOR array [contract address, calls made].
//
//   1  Constructor (contract address)   e.g. {"$address": "0x…"} (the contract's Ethereum address)
//   2  Store(value: u64)                calls store(uint256); a revert becomes USR_ILLEGAL_ARGUMENT with the
//                                       contract's reason
//   3  Retrieve                         calls retrieve() read-only -> the value (CBOR)
//   4  Call(calldata bytes)             any call, e.g. {"$hex": "0x2e64cec1"} -> the output bytes
//
// The contract sees this actor as msg.sender: an actor without an f410 address appears as its masked ID
// address 0xff00…00<id>.
import {
  abort,
  AbiReader,
  AbiWriter,
  blockCreate,
  caller,
  CborWriter,
  exit,
  ExitCode,
  invokeContract,
  EvmResult,
  log,
  methodNumber,
  NO_RETURN,
  paramsReader,
  RAW,
  requireNoParams,
  returnCbor,
  saveStateCbor,
  stateReader,
  toHex,
  TokenAmount,
} from "fvm";

const INIT_ACTOR: u64 = 1;

class State {
  contract: Uint8Array = new Uint8Array(0);
  calls: u64 = 0;
}

export function invoke(params: u32): u32 {
  const method = methodNumber();
  if (method == 1) return construct(params);
  if (method == 2) return store(params);
  if (method == 3) return retrieve(params);
  if (method == 4) return call(params);
  abort(ExitCode.USR_UNHANDLED_MESSAGE, "unknown method " + method.toString());
  return NO_RETURN;
}

function construct(params: u32): u32 {
  if (caller() != INIT_ACTOR) abort(ExitCode.USR_FORBIDDEN, "only the Init actor constructs actors");
  const reader = paramsReader(params);
  const state = new State();
  state.contract = reader.bytes();
  reader.end();
  save(state);
  return NO_RETURN;
}

function store(params: u32): u32 {
  const reader = paramsReader(params);
  const value = reader.uint();
  reader.end();
  const state = load();
  const calldata = new AbiWriter("store(uint256)").uint64(value).finish();
  const result = invokeContract(state.contract, calldata);
  if (result.reverted) {
    abort(ExitCode.USR_ILLEGAL_ARGUMENT, "store(" + value.toString() + ") reverted: " + revertReason(result));
  }
  if (!result.ok) abort(ExitCode.USR_UNSPECIFIED, "store failed: " + describe(result));
  state.calls++;
  save(state);
  log("stored " + value.toString());
  return NO_RETURN;
}

function retrieve(params: u32): u32 {
  requireNoParams(params);
  const state = load();
  // Read-only: the contract runs like a STATICCALL.
  const result = invokeContract(state.contract, new AbiWriter("retrieve()").finish(), TokenAmount.zero(), true);
  if (!result.ok) abort(ExitCode.USR_UNSPECIFIED, "retrieve failed: " + describe(result));
  const value = new AbiReader(result.output).uint64(0);
  return returnCbor(new CborWriter().uint(value));
}

function call(params: u32): u32 {
  const reader = paramsReader(params);
  const calldata = reader.bytes();
  reader.end();
  const state = load();
  const result = invokeContract(state.contract, calldata);
  // A revert ends this call too, with the revert data as the return data.
  if (result.reverted) exit(ExitCode.USR_UNSPECIFIED, "the contract reverted", blockCreate(RAW, result.output));
  if (!result.ok) abort(ExitCode.USR_UNSPECIFIED, "the call failed: " + describe(result));
  state.calls++;
  save(state);
  return returnCbor(new CborWriter().bytes(result.output));
}

/** The reason of a `require(…, "reason")` revert (Error(string)), or the revert data in hex. */
function revertReason(result: EvmResult): string {
  const data = result.output;
  if (data.length >= 4 && data[0] == 0x08 && data[1] == 0xc3 && data[2] == 0x79 && data[3] == 0xa0) {
    return new AbiReader(data.slice(4)).string(0);
  }
  return "0x" + toHex(data);
}

function describe(result: EvmResult): string {
  if (result.errno != 0) return "send error " + result.errno.toString();
  return "exit code " + result.exitCode.toString();
}

function load(): State {
  const reader = stateReader();
  reader.tuple(2);
  const state = new State();
  state.contract = reader.bytes();
  state.calls = reader.uint();
  return state;
}

function save(state: State): void {
  saveStateCbor(new CborWriter().array(2).bytes(state.contract).uint(state.calls));
}
