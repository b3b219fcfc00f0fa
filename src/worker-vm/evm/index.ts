/**
 * The EVM interpreter core: opcodes, stack, memory, jump destinations and return data behind a small
 * synchronous host interface (see host.ts). Hosts: the FEVM actor (kernel), and the in-memory Ethereum
 * world in testing/ used by the fixture runner, the differential tests and the benchmark.
 */
export { analyzeCode, CodeCache, type CodeInfo } from './code';
export { EvmFrame } from './frame';
export { FREE_GAS, type GasSchedule, gasSchedule } from './gas';
export type {
  CallKind,
  CallRequest,
  CallResult,
  CreateKind,
  CreateRequest,
  CreateResult,
  EvmHost,
} from './host';
export { createFrame, type ExecuteOptions, execute, runFrame } from './interpreter';
export {
  CONSTANTINOPLE_OPCODES,
  FEVM_OPCODES,
  FEVM_WITH_CALLCODE,
  OPCODE_NAMES,
  Op,
  type OpcodeSet,
  opcodeSet,
} from './opcodes';
export { decodeRevert, describeRevert, PANIC_CODES, type RevertReason } from './revert';
export { StepTrace, type StepTraceOptions, type TraceFrame, type TraceStep } from './trace/stepTrace';
export type { EvmErrorKind, EvmMessage, EvmResult, EvmStatus } from './types';
export { isSuccess } from './types';
