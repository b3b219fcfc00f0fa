// Where the Chromium for end-to-end tests lives. Debian's package by default; never a downloaded one.
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Flags for a headless Chromium on a machine with no network beyond localhost.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];
