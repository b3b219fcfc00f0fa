// Makes sure a Chromium is available for the end-to-end tests, without letting any tool download one.
// Installs Debian's `chromium` package when run as root on a machine with apt; otherwise explains.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

function works(path) {
  if (!existsSync(path)) return false;
  const result = spawnSync(path, ['--version'], { encoding: 'utf8' });
  if (result.status === 0) console.log(`Using ${result.stdout.trim()} at ${path}`);
  return result.status === 0;
}

if (!works(chromiumPath)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  if (process.env.CHROMIUM_PATH) {
    console.error(`CHROMIUM_PATH is set to ${chromiumPath}, but no working Chromium is there.`);
    process.exit(1);
  }
  if (!isRoot || !hasApt) {
    console.error(
      [
        `No Chromium at ${chromiumPath}. The end-to-end tests drive a system Chromium and never download one.`,
        'Install it, for example on Debian or Ubuntu: sudo apt-get install -y chromium',
        'or point CHROMIUM_PATH at a Chromium or Chrome binary: CHROMIUM_PATH=/path/to/chrome npm run check',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log("No Chromium found: installing Debian's chromium package with apt-get…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (!works(chromiumPath)) {
    console.error(`apt-get installed chromium, but ${chromiumPath} still does not run.`);
    process.exit(1);
  }
}
