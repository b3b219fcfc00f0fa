import type { ActorCode } from '../kernel/actorCode';
import type { BuiltinActorInfo } from '../state/manifest';

/**
 * The Placeholder actor (spec 9.7): its Wasm `invoke` ignores everything and returns 0, so every method
 * succeeds with no return and no syscall. Funds sent to it stay.
 */
export const placeholderActor = (info: BuiltinActorInfo): ActorCode => ({
  minMemoryPages: info.minMemoryPages,
  // ref-fvm charges wasm_table_init only for an export named "table"; built-in actors export theirs as
  // `__indirect_function_table`, so their invocations pay no table init (fvm/src/syscalls/mod.rs).
  minTableElements: undefined,
  invoke: () => 0,
});
