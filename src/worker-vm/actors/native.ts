import { FIRST_EXPORTED_METHOD_NUMBER } from '../encoding/frc42';
import type { ActorCode } from '../kernel/actorCode';
import type { Block } from '../kernel/blocks';
import { ExitCode } from '../kernel/codes';
import type { Kernel } from '../kernel/kernel';
import type { EstimatedMeter } from '../kernel/meter';
import type { BuiltinActorInfo } from '../state/manifest';
import { ActorError, fail, Runtime } from './runtime';

/** One method of a native actor: returns the return block, or undefined for none. */
export type MethodHandler = (rt: Runtime, params: Block | undefined) => Block | undefined;

export interface NativeActorDefinition {
  /**
   * Restricted dispatch (System, Init, Account, EthAccount): methods below 2^24 may only be called by
   * built-in actors other than the EVM (spec 9.2).
   */
  readonly restricted: boolean;
  readonly methods: ReadonlyMap<number, MethodHandler>;
  /** Called for methods not in the table (e.g. the account's fallback for exported methods). */
  readonly fallback?: (rt: Runtime, method: number, params: Block | undefined) => Block | undefined;
  /** The meter of an invocation: estimated Wasm by default; the EVM actor adds its interpreter's budget. */
  readonly createMeter?: () => EstimatedMeter;
}

/**
 * Turns a native actor definition into code the call manager can run, with the builtin-actors trampoline
 * around it: logging init, message context, params, dispatch, caller validation, return block or exit
 * (builtin-actors `runtime/src/runtime/fvm.rs` `trampoline`).
 */
export function nativeActor(definition: NativeActorDefinition, info: BuiltinActorInfo): ActorCode {
  return {
    minMemoryPages: info.minMemoryPages,
    // ref-fvm charges wasm_table_init only for an export named "table"; built-in actors export theirs as
    // `__indirect_function_table`, so their invocations pay no table init (fvm/src/syscalls/mod.rs).
    minTableElements: undefined,
    invoke(kernel: Kernel, paramsId: number): number {
      const rt = new Runtime(kernel, definition.createMeter?.());
      rt.syscall(() => kernel.debugEnabled());
      const method = rt.message.method;
      const params = paramsId === 0 ? undefined : readParams(rt, paramsId);
      let result: Block | undefined;
      try {
        if (definition.restricted) restrictInternalApi(rt, method);
        const handler = definition.methods.get(method);
        if (handler) result = handler(rt, params);
        else if (definition.fallback) result = definition.fallback(rt, method, params);
        else throw fail.unhandledMessage(`invalid method: ${method}`);
      } catch (error) {
        if (!(error instanceof ActorError)) throw error;
        rt.exit(error.exitCode, error.message, error.data);
      }
      if (!rt.validated) rt.exit(ExitCode.USR_ASSERTION_FAILED, 'failed to validate caller');
      const returnId = result ? rt.returnBlock(result) : 0;
      rt.finishing();
      return returnId;
    },
  };
}

function readParams(rt: Runtime, id: number): Block {
  const stat = rt.syscall(() => rt.kernel.blockStat(id));
  const data = rt.syscall(() => rt.kernel.blockRead(id, 0, stat.size).data);
  return { codec: stat.codec, data: data.slice(), links: [] };
}

/** builtin-actors `restrict_internal_api`: internal methods are for built-in, non-EVM callers. */
function restrictInternalApi(rt: Runtime, method: number): void {
  if (method >= FIRST_EXPORTED_METHOD_NUMBER) return;
  const code = rt.getActorCodeCid(rt.caller);
  if (!code) throw fail.forbidden(`no code for caller f0${rt.caller}`);
  const type = rt.builtinTypeName(code);
  if (type === undefined || type === 'evm')
    throw fail.forbidden(`caller f0${rt.caller} is not a built-in actor`);
}
