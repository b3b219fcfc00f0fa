import { assembleModule, decodeModule } from '../binary/module';

const RANK: Record<number, number> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  6: 7,
  7: 8,
  8: 9,
  9: 10,
  12: 11,
  10: 12,
  11: 13,
};

/**
 * Replaces (or inserts, in the right place) one section's payload: for building modules that the text
 * tools refuse to write, such as those using features the FVM disables.
 */
export function withSection(bytes: Uint8Array, id: number, payload: number[] | Uint8Array): Uint8Array {
  const m = decodeModule(bytes);
  const sections: [number, Uint8Array][] = m.sections
    .filter((s) => s.id !== id)
    .map((s) => [s.id, bytes.subarray(s.start, s.end)]);
  const at = sections.findIndex(([other]) => other !== 0 && (RANK[other] ?? 0) > (RANK[id] ?? 0));
  sections.splice(at < 0 ? sections.length : at, 0, [id, Uint8Array.from(payload)]);
  return assembleModule(sections);
}
