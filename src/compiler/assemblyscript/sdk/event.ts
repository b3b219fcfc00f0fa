// Actor events (FIP-0049, spec 11 and event.emit_event): a list of entries, each a key, a value, the
// value's codec (RAW or CBOR) and flags saying what to index. Limits: 255 entries, keys of at most 31 bytes,
// 8 KiB of values in all.
import { CborWriter } from "./cbor";
import { check } from "./errors";
import { CBOR, RAW } from "./ipld";
import { event_emit_event } from "./sys";

export const FLAG_INDEXED_KEY: u64 = 1;
export const FLAG_INDEXED_VALUE: u64 = 2;
export const FLAG_INDEXED_ALL: u64 = 3;

/** The packed EventEntry header: flags u64, codec u64, key length u32, value length u32. */
const ENTRY_SIZE: i32 = 24;

export class ActorEvent {
  private keys: Uint8Array[] = [];
  private values: Uint8Array[] = [];
  private codecs: u64[] = [];
  private flags: u64[] = [];

  /** Adds an entry with raw bytes (codec RAW unless given). */
  add(key: string, value: Uint8Array, codec: u64 = RAW, flags: u64 = FLAG_INDEXED_ALL): ActorEvent {
    this.keys.push(Uint8Array.wrap(String.UTF8.encode(key)));
    this.values.push(value);
    this.codecs.push(codec);
    this.flags.push(flags);
    return this;
  }

  /** Adds an entry whose value is CBOR (as built-in actors' events are, FIP-0083). */
  addCbor(key: string, value: CborWriter, flags: u64 = FLAG_INDEXED_ALL): ActorEvent {
    return this.add(key, value.finish(), CBOR, flags);
  }

  /** Emits the event; an error (too many entries, a key too long, read-only) aborts the invocation. */
  emit(): void {
    check(this.tryEmit(), "event.emit_event");
  }

  /** Emits the event; returns the syscall's error number (0 on success). */
  tryEmit(): u32 {
    const count = this.keys.length;
    let keyBytes = 0;
    let valueBytes = 0;
    for (let i = 0; i < count; i++) {
      keyBytes += this.keys[i].length;
      valueBytes += this.values[i].length;
    }
    const entries = new Uint8Array(count * ENTRY_SIZE);
    const keys = new Uint8Array(keyBytes);
    const values = new Uint8Array(valueBytes);
    let keyAt = 0;
    let valueAt = 0;
    for (let i = 0; i < count; i++) {
      const header = entries.dataStart + <usize>(i * ENTRY_SIZE);
      store<u64>(header, this.flags[i]);
      store<u64>(header + 8, this.codecs[i]);
      store<u32>(header + 16, <u32>this.keys[i].length);
      store<u32>(header + 20, <u32>this.values[i].length);
      keys.set(this.keys[i], keyAt);
      values.set(this.values[i], valueAt);
      keyAt += this.keys[i].length;
      valueAt += this.values[i].length;
    }
    return event_emit_event(
      entries.dataStart,
      <u32>count,
      keys.dataStart,
      <u32>keyBytes,
      values.dataStart,
      <u32>valueBytes,
    );
  }
}
