// Headless flags for Debian's Chromium, run as root on a machine with no network but loopback:
// one list for the widget suite, the screenshots and the bench.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
