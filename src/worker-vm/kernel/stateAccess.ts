import type { ActorId } from '../state/actorState';

type Access = 'read' | 'updated';

/**
 * Which actors this message has already paid to read or update, and which addresses it has resolved
 * (spec 6.3, FIP-0071). Layered like the state tree: a reverted call forgets its marks, so a later access
 * pays again.
 */
export class StateAccessTracker {
  private readonly actors = new Map<ActorId, Access>();
  private readonly addresses = new Set<string>();
  private readonly journal: Array<{ actor: ActorId; previous: Access | undefined } | { address: string }> =
    [];
  private readonly layers: number[] = [];

  accessOf(id: ActorId): Access | undefined {
    return this.actors.get(id);
  }

  markRead(id: ActorId): void {
    if (this.actors.has(id)) return;
    this.record({ actor: id, previous: undefined });
    this.actors.set(id, 'read');
  }

  markUpdated(id: ActorId): void {
    const previous = this.actors.get(id);
    if (previous === 'updated') return;
    this.record({ actor: id, previous });
    this.actors.set(id, 'updated');
  }

  isResolved(addressKey: string): boolean {
    return this.addresses.has(addressKey);
  }

  markResolved(addressKey: string): void {
    if (this.addresses.has(addressKey)) return;
    this.record({ address: addressKey });
    this.addresses.add(addressKey);
  }

  private record(entry: (typeof this.journal)[number]): void {
    if (this.layers.length > 0) this.journal.push(entry);
  }

  begin(): void {
    this.layers.push(this.journal.length);
  }

  end(revert: boolean): void {
    const start = this.layers.pop();
    if (start === undefined) throw new Error('StateAccessTracker.end without begin');
    if (revert) {
      while (this.journal.length > start) {
        const entry = this.journal.pop()!;
        if ('address' in entry) this.addresses.delete(entry.address);
        else if (entry.previous === undefined) this.actors.delete(entry.actor);
        else this.actors.set(entry.actor, entry.previous);
      }
    }
    if (this.layers.length === 0) this.journal.length = 0;
  }
}
