// The Wasm layer of the FVM: decode, validate and instrument actor modules exactly like ref-fvm, and
// classify traps. See instrumentModule.ts for the entry point the engine uses.
export { formatInstructions, InstrList } from './binary/instructions';
export { decodeModule, encodeModule, type WasmModule } from './binary/module';
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
export { classifyTrap, isStackOverflow, type TrapClass } from './traps';
export {
  INVOKE_EXPORT,
  MAX_MEMORY_PAGES,
  MAX_TABLE_ELEMENTS,
  MEMORY_EXPORT,
  validateModule,
  type WasmModuleInfo,
} from './validate';
