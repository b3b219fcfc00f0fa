// The Wasm layer of the FVM: decode, validate and instrument actor modules exactly like ref-fvm, classify
// traps, run actors on the kernel (engine, syscalls), install user code and bundles (docs/wasm-actors.md).
export { formatInstructions, InstrList } from './binary/instructions';
export { decodeModule, encodeModule, type WasmModule } from './binary/module';
export { type ActorsBundle, type BundleActor, readBundle, writeBundle } from './bundle/bundle';
export { fetchBundle } from './bundle/fetchBundle';
export { type BundleReport, installBundle, loadBundle } from './bundle/installBundle';
export { MAX_CALL_STACK_MEMORY_BYTES } from './engine/callStackMemory';
export { INVOKE_TYPE, WasmActorCode } from './engine/wasmActorCode';
export { sharedWasmEngine, WasmEngine } from './engine/wasmEngine';
export { GAS_COUNTER_NAME, GAS_MODULE } from './instrument/gasMetering';
export {
  type CompiledActorModule,
  type InstrumentedModule,
  InstrumentedModuleCache,
  type InstrumentOptions,
  instrumentModule,
} from './instrumentModule';
export { WasmModuleError, type WasmProblem } from './moduleError';
export {
  instructionCost,
  MILLIGAS_PER_GAS,
  memoryGrowMilligas,
  memoryInitMilligas,
  tableInitMilligas,
  WASM_PRICES,
} from './prices';
export { SYSCALLS, type SyscallSignature } from './syscalls/signatures';
export { classifyTrap, isStackOverflow, type TrapClass } from './traps';
export * from './userActors';
export {
  INVOKE_EXPORT,
  MAX_MEMORY_PAGES,
  MAX_TABLE_ELEMENTS,
  MEMORY_EXPORT,
  validateModule,
  type WasmModuleInfo,
} from './validate';
