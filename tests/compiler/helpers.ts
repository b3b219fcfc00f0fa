import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CompileResult, Diagnostic, SourceFiles } from '../../src/compiler/types';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'solidity');

export const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

/** Every .sol file under a fixture folder, keyed by its path inside that folder. */
export function fixtureWorkspace(folder: string): SourceFiles {
  const root = join(FIXTURES, folder);
  const files: SourceFiles = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.sol'))
        files[relative(root, path).replaceAll('\\', '/')] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return files;
}

export const errorsOf = (result: CompileResult): Diagnostic[] =>
  result.diagnostics.filter((d) => d.severity === 'error');

/** The 1-based line and UTF-16 column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const index = text.indexOf(needle, from);
  if (index < 0) throw new Error(`${needle} is not in the text`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
