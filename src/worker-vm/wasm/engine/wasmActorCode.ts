import { OutOfGas } from '../../gas/tracker';
import type { CID } from '../../ipld/cid';
import type { ActorCode } from '../../kernel/actorCode';
import { ExitCode } from '../../kernel/codes';
import { ActorExit, FatalError, SyscallError } from '../../kernel/errors';
import type { Kernel } from '../../kernel/kernel';
import { GAS_COUNTER_NAME, GAS_MODULE } from '../instrument/gasMetering';
import { ACTOR_MEMORY_IMPORT, type CompiledActorModule } from '../instrumentModule';
import { WasmModuleError } from '../moduleError';
import { TABLE_ELEMENT_SIZE } from '../prices';
import { syscallImports } from '../syscalls/importObject';
import { classifyTrap } from '../traps';
import { INVOKE_EXPORT } from '../validate';
import type { WasmEngine } from './wasmEngine';
import { WasmMeter } from './wasmMeter';

/** The entry point's type in the SDK: `invoke(params_block_id: u32) -> u32`. */
export const INVOKE_TYPE = '(i32) -> i32';

/**
 * One Wasm actor module as code the call manager can run (spec 3; ref-fvm `call_actor_resolved` and
 * `Engine::instantiate`). Each invocation gets a fresh instance wired to the invocation's kernel:
 *
 * 1. the call manager has charged `wasm_table_init` / `wasm_memory_init` from `minTableElements` /
 *    `minMemoryPages` (the module's minimums, read when it is first compiled);
 * 2. the gas counter is set to the gas left, the memory is created within the call stack's budget, and the
 *    module is instantiated (a start function runs metered); then the execution so far is charged;
 * 3. a module without `invoke` exits with SYS_INVALID_RECEIVER; otherwise the counter is reset and
 *    `invoke(params)` runs, every syscall syncing gas;
 * 4. traps become exits: out of gas when the counter went negative, SYS_ILLEGAL_INSTRUCTION for the rest
 *    (unreachable, out-of-bounds, stack overflow...); errors of the host are fatal.
 */
export class WasmActorCode implements ActorCode {
  constructor(
    private readonly engine: WasmEngine,
    readonly code: CID,
    readonly bytes: Uint8Array,
  ) {}

  /**
   * The compiled module, or the error that keeps it from loading. Anything else (a stack overflow deep in
   * a chain of sends) propagates: it is not a property of the module.
   */
  private loaded(): CompiledActorModule | WasmModuleError {
    try {
      return this.engine.load(this.code, () => this.bytes);
    } catch (error) {
      if (error instanceof WasmModuleError) return error;
      throw error;
    }
  }

  get minMemoryPages(): number {
    const module = this.loaded();
    return module instanceof WasmModuleError ? 0 : (module.info.memoryMinPages ?? 0);
  }

  /** Only a table exported as `table` is charged (ref-fvm `min_table_elements`). */
  get minTableElements(): number | undefined {
    const module = this.loaded();
    return module instanceof WasmModuleError ? undefined : module.info.tableExportMinElements;
  }

  invoke(kernel: Kernel, paramsId: number): number {
    const module = this.loaded();
    // ref-fvm loads every module before running it; one that cannot load, or has no memory to charge
    // for, is a fatal error of the machine, not of the message's actors.
    if (module instanceof Error)
      throw new FatalError(`actor code ${this.code} cannot be loaded: ${module.message}`);
    const info = module.info;
    if (info.memoryMinPages === undefined)
      throw new FatalError(`actor code ${this.code} has no memory export`);

    const counter = new WebAssembly.Global({ value: 'i64', mutable: true }, 0n);
    const stack = this.engine.stackMemory;
    const tableBytes = (info.tableMinElements ?? 0) * TABLE_ELEMENT_SIZE;
    let memory: WebAssembly.Memory;
    try {
      memory = stack.allocate(info.memoryMinPages, info.memoryMaxPages, tableBytes);
    } catch (error) {
      // The memory cannot be had: the instantiation fails before any code runs.
      throw new ActorExit(
        ExitCode.SYS_ILLEGAL_INSTRUCTION,
        undefined,
        `failed to instantiate module: ${(error as Error).message}`,
        true,
      );
    }
    const meter = new WasmMeter(counter, memory);
    kernel.meter = meter;
    meter.setAvailable(kernel.gasAvailable());

    stack.enter(memory, tableBytes);
    try {
      const instance = this.instantiate(kernel, meter, module.module, counter, memory);
      const table = Object.values(instance.exports).find((value) => value instanceof WebAssembly.Table);
      if (table) meter.attachTable(table);
      kernel.finishExecution();

      const invoke = instance.exports[INVOKE_EXPORT];
      if (typeof invoke !== 'function') {
        meter.finish();
        throw new ActorExit(
          ExitCode.SYS_INVALID_RECEIVER,
          undefined,
          'the actor has no invoke entry point',
          true,
        );
      }
      if (info.invokeType !== INVOKE_TYPE) {
        meter.finish();
        throw new FatalError(`the actor's invoke has type ${info.invokeType}, not ${INVOKE_TYPE}`);
      }
      kernel.endSyscall();
      try {
        return (invoke as (params: number) => number)(paramsId) >>> 0;
      } catch (error) {
        throw this.failure(kernel, meter, error);
      }
    } finally {
      stack.leave(memory);
    }
  }

  /** `new WebAssembly.Instance`; any failure (a trap in the start function included) is SYS_ILLEGAL_INSTRUCTION. */
  private instantiate(
    kernel: Kernel,
    meter: WasmMeter,
    module: WebAssembly.Module,
    counter: WebAssembly.Global,
    memory: WebAssembly.Memory,
  ): WebAssembly.Instance {
    const imports: WebAssembly.Imports = syscallImports(kernel, memory) as WebAssembly.Imports;
    imports[GAS_MODULE] = { ...imports[GAS_MODULE], [GAS_COUNTER_NAME]: counter };
    imports[ACTOR_MEMORY_IMPORT.module] = { [ACTOR_MEMORY_IMPORT.name]: memory };
    try {
      return new WebAssembly.Instance(module, imports);
    } catch (error) {
      // Charge what the start function ran first: running out of gas there is out of gas.
      if (error instanceof OutOfGas || classifyTrap(error, meter.counterValue) === 'OutOfGas') {
        kernel.finishExecution();
        throw new OutOfGas();
      }
      kernel.finishExecution();
      meter.finish();
      // A module importing what the FVM does not provide fails to link: fatal in ref-fvm too.
      if (error instanceof WebAssembly.LinkError)
        throw new FatalError(`failed to link actor module: ${error.message}`);
      if (isHostBug(error))
        throw new FatalError(`instantiating the actor failed in the host: ${String(error)}`);
      throw new ActorExit(
        ExitCode.SYS_ILLEGAL_INSTRUCTION,
        undefined,
        `failed to instantiate module: ${(error as Error).message}`,
        true,
      );
    }
  }

  /** What an exception escaping `invoke` becomes (spec 3.5 items 3-5). */
  private failure(kernel: Kernel, meter: WasmMeter, error: unknown): unknown {
    // Exits and fatal errors raised by syscalls end the invocation as they are.
    if (error instanceof ActorExit || error instanceof FatalError) return error;
    if (error instanceof OutOfGas) {
      kernel.finishExecution();
      return error;
    }
    if (error instanceof SyscallError)
      return new FatalError(`a syscall error escaped the bindings: ${error.message}`);
    switch (classifyTrap(error, meter.counterValue)) {
      case 'OutOfGas':
        // The counter is negative, so charging it runs out of gas.
        kernel.finishExecution();
        return new OutOfGas();
      case 'IllegalInstruction':
        return new ActorExit(
          ExitCode.SYS_ILLEGAL_INSTRUCTION,
          undefined,
          `the actor trapped: ${(error as Error).message}`,
          true,
        );
      case 'Fatal':
        return new FatalError(`the host failed while the actor ran: ${String(error)}`);
    }
  }
}

/** A JavaScript error that no Wasm trap or kernel rule produces: a bug of ours, to be reported as fatal. */
function isHostBug(error: unknown): boolean {
  if (error instanceof ActorExit || error instanceof FatalError || error instanceof SyscallError)
    return false;
  if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) return false;
  return true;
}
