import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runVmTestFile, type VmTestOutcome } from './runVmTest';

/** Every .json file under `dir`, recursively, sorted for stable output. */
export function listJsonFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(path).sort()) {
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.json')) files.push(full);
    }
  };
  walk(dir);
  return files;
}

export interface VmTestsSummary {
  outcomes: VmTestOutcome[];
  passed: number;
  failed: number;
  skipped: number;
  /** Passing cases with an expected gas, and how many of them the Ethereum gas schedule reproduces. */
  gasChecked: number;
  gasMatched: number;
}

/** Runs every VMTests file under `dir`. */
export function runVmTestsDirectory(dir: string): VmTestsSummary {
  const outcomes: VmTestOutcome[] = [];
  for (const file of listJsonFiles(dir)) {
    outcomes.push(...runVmTestFile(readFileSync(file, 'utf8'), relative(dir, file)));
  }
  const count = (verdict: string) => outcomes.filter((o) => o.verdict === verdict).length;
  const gasChecked = outcomes.filter((o) => o.gasMatched !== undefined);
  return {
    outcomes,
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    gasChecked: gasChecked.length,
    gasMatched: gasChecked.filter((o) => o.gasMatched).length,
  };
}
