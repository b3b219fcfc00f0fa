// Computes the JavaScript and CSS a first visit must load before the shell can paint: the entry chunk
// of index.html and its static imports (dynamic imports such as Monaco and workers such as solc's are
// excluded), with gzip sizes. Reads the Vite build manifest, so run it after `npm run build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function initialLoad(distDir = 'dist') {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8'));
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry && chunk.src === 'index.html');
  if (!entry) throw new Error('no index.html entry in the build manifest');
  const seen = new Set();
  const files = [];
  const visit = (chunk) => {
    if (seen.has(chunk.file)) return;
    seen.add(chunk.file);
    files.push({ file: chunk.file, sources: [chunk.src ?? chunk.name ?? chunk.file] });
    for (const css of chunk.css ?? []) files.push({ file: css, sources: [] });
    for (const key of chunk.imports ?? []) visit(manifest[key]);
  };
  visit(entry);
  const sized = files.map(({ file, sources }) => {
    const bytes = readFileSync(join(distDir, file));
    return { file, sources, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const total = (kind) => sized.filter((f) => f.file.endsWith(kind)).reduce((sum, f) => sum + f.gzip, 0);
  return { files: sized, jsGzip: total('.js'), cssGzip: total('.css') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, jsGzip, cssGzip } = initialLoad(process.argv[2]);
  for (const f of files)
    console.log(`${f.file.padEnd(40)} ${String(f.bytes).padStart(9)} B  gzip ${f.gzip} B`);
  console.log(
    `initial JS (gzip): ${(jsGzip / 1024).toFixed(1)} KiB, CSS (gzip): ${(cssGzip / 1024).toFixed(1)} KiB`,
  );
}
