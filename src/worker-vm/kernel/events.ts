import type { ActorId } from '../state/actorState';

/** One entry of an actor event (spec 11): flags (0x01 index key, 0x02 index value), key, codec, value. */
export interface EventEntry {
  readonly flags: number;
  readonly key: string;
  readonly codec: number;
  readonly value: Uint8Array;
}

/** An event stamped with the actor that emitted it (spec 11). */
export interface StampedEvent {
  readonly emitter: ActorId;
  readonly entries: readonly EventEntry[];
}

/** CBOR tuple `[emitter, [[flags, key, codec, value], …]]`. */
export const encodeStampedEvent = (event: StampedEvent): unknown[] => [
  event.emitter,
  event.entries.map((entry) => [entry.flags, entry.key, entry.codec, entry.value]),
];

/** The message's events in emission order; a reverted call drops the events it emitted (spec 4.8). */
export class EventsAccumulator {
  readonly events: StampedEvent[] = [];
  private readonly layers: number[] = [];

  push(event: StampedEvent): void {
    this.events.push(event);
  }

  begin(): void {
    this.layers.push(this.events.length);
  }

  end(revert: boolean): void {
    const start = this.layers.pop();
    if (start === undefined) throw new Error('EventsAccumulator.end without begin');
    if (revert) this.events.length = start;
  }
}
