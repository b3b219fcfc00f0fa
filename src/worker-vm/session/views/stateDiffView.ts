import { diffStates } from '../../trace/stateDiff';
import { addressForms } from '../addressForms';
import type { PlaygroundSession } from '../session';
import type { ActorChangeView, StateDiffView, StorageSlotChange } from '../views';

const jsonText = (value: unknown) => (value === undefined ? null : JSON.stringify(value, null, 1));
const word = (value: bigint) => `0x${value.toString(16).padStart(64, '0')}`;

/**
 * What a message changed: actors created, changed or deleted (balances and nonces before and after), Init's
 * new address bindings, and EVM storage slots named by the contract's storage layout. Naming mapping
 * entries needs the message's KECCAK256 inputs, so a message that changed storage is replayed with step
 * traces (once; the replay is cached).
 */
export function buildStateDiffView(session: PlaygroundSession, index: number): StateDiffView {
  const { applied } = session.record(index);
  const { machine } = session;
  const diff = diffStates(machine.store, machine.manifest, applied.stateRootBefore, applied.stateRootAfter);
  const names = diff.evmStorage.length > 0 ? session.slotNames(index) : undefined;
  const nameOf = (code: Parameters<typeof machine.manifest.nameOf>[0] | undefined) =>
    code ? session.actorTypeName(code) : null;

  const actors = diff.actors.map((change): ActorChangeView => {
    const state = change.after ?? change.before!;
    const storageChanges = diff.evmStorage.find((entry) => entry.id === change.id)?.changes ?? [];
    const artifact =
      storageChanges.length > 0 ? names?.artifactOfActor(change.id, change.after?.head) : undefined;
    const decoder = names?.decoderFor(artifact);
    const storage = storageChanges.map(
      (slot): StorageSlotChange => ({
        slot: word(slot.slot),
        before: word(slot.before),
        after: word(slot.after),
        variables: decoder?.describeChange(slot.slot, slot.before, slot.after) ?? [],
      }),
    );
    const user = diff.userStates.find((entry) => entry.id === change.id);
    const typeAfter = nameOf(change.after?.code);
    const typeBefore = nameOf(change.before?.code);
    return {
      kind: change.kind,
      actor: addressForms(machine, state.delegatedAddress ?? undefined, change.id),
      label: session.actorLabel(change.id, `f0${change.id}`),
      actorType: typeAfter ?? typeBefore,
      typeBefore: change.kind === 'changed' && typeBefore !== typeAfter ? typeBefore : null,
      balanceBefore: change.before?.balance ?? null,
      balanceAfter: change.after?.balance ?? null,
      nonceBefore: change.before?.sequence ?? null,
      nonceAfter: change.after?.sequence ?? null,
      fields: change.fields,
      storage,
      layoutFrom: decoder && artifact ? artifact.name : null,
      ...(user ? { userState: { before: jsonText(user.before), after: jsonText(user.after) } } : {}),
    };
  });
  // Contracts and new actors first: they are what a developer looks for.
  const rank = (a: ActorChangeView) => (a.storage.length > 0 || a.userState ? 0 : a.kind === 'added' ? 1 : 2);
  actors.sort((a, b) => rank(a) - rank(b));
  return {
    message: index,
    actors,
    addresses: diff.addresses.map((change) => ({
      kind: change.kind,
      address: change.address.toString(),
      id:
        change.after === undefined
          ? change.before === undefined
            ? null
            : `f0${change.before}`
          : `f0${change.after}`,
    })),
  };
}
