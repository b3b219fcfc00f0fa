import { compactGas } from '../format';
import type { GutterGas } from './CodeEditor';

/** Gas per line of one file as gutter marks: compact text and a heat level relative to the hottest line. */
export function gutterFor(
  lines: ReadonlyArray<{ line: number; gas: number }> | undefined,
): Map<number, GutterGas> {
  const marks = new Map<number, GutterGas>();
  if (!lines || lines.length === 0) return marks;
  const max = Math.max(...lines.map((l) => l.gas));
  for (const { line, gas } of lines) {
    if (gas <= 0) continue;
    marks.set(line, { text: compactGas(gas / 1000), heat: Math.max(1, Math.ceil((4 * gas) / max)) });
  }
  return marks;
}
