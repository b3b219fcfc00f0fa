import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AssemblyScriptExample, loadExamples } from './exampleCatalog';

const EXAMPLES_FOLDER = join(import.meta.dirname, 'examples');

/** The examples read from disk (Node: tests and scripts). */
export function nodeExamples(): Promise<AssemblyScriptExample[]> {
  return loadExamples((name) => readFileSync(join(EXAMPLES_FOLDER, name), 'utf8'));
}

/** One example file's text. */
export const exampleFile = (name: string): string => readFileSync(join(EXAMPLES_FOLDER, name), 'utf8');
