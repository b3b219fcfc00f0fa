// Runs every bench/<area>.bench.ts (or those named on the command line) and prints their figures.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BenchRow, printRows } from './harness';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const areas = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .filter((area) => wanted.length === 0 || wanted.includes(area))
  .sort();

if (areas.length === 0) {
  console.error(`No benchmarks match ${wanted.join(', ')}.`);
  process.exit(1);
}

console.log(`# npm run bench (${new Date().toISOString()}, Node ${process.version})`);
for (const area of areas) {
  const module = (await import(pathToFileURL(join(here, `${area}.bench.ts`)).href)) as {
    default: () => Promise<BenchRow[]>;
  };
  printRows(area, await module.default());
}
