// The widget suite in one engine per run: CASHIER_ENGINE=chromium (default) | firefox | webkit.
// WebKitGTK fixes dark mode and reduced motion for the browser's life, so it runs the suite
// light, and the `*.prefers.test.ts` files again with CASHIER_PREFERS=1 (dark, reduced motion).
// scripts/test.mjs runs all of them one after another; `npx web-test-runner <file>` is Chromium.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumLauncher } from './scripts/engines/chromium.mjs';
import { firefoxLauncher } from './scripts/engines/firefox.mjs';
import { preferMediaPlugin } from './scripts/engines/media.mjs';
import { webkitLauncherFor, webkitMedia } from './scripts/engines/webkit.mjs';

const engine = process.env.CASHIER_ENGINE || 'chromium';
const prefers = process.env.CASHIER_PREFERS === '1';
if (!['chromium', 'firefox', 'webkit'].includes(engine)) throw new Error(`CASHIER_ENGINE: unknown engine "${engine}"`);
if (prefers && engine !== 'webkit') throw new Error('CASHIER_PREFERS=1 is for webkit only: the other engines switch at run time');

const ALL = 'test/widget/**/*.test.ts';
const PREFERS = 'test/widget/**/*.prefers.test.ts';

const browser = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: () => webkitLauncherFor({ prefers }) }[engine];

export default {
  files: engine !== 'webkit' ? ALL : prefers ? PREFERS : [ALL, `!${PREFERS}`],
  nodeResolve: true,
  // One browser, one page at a time: Firefox's media prefs are browser-wide, WebKitWebDriver
  // serves one session, and the machine has 2 cores.
  concurrency: 1,
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      // Without this esbuild ignores experimentalDecorators/useDefineForClassFields (it does not read tsconfig.json unless told to, and then fails with "Unsupported decorator location: field").
      tsconfig: fileURLToPath(new URL('./tsconfig.base.json', import.meta.url)),
    }),
    preferMediaPlugin({ engine, fixed: engine === 'webkit' ? webkitMedia(prefers) : undefined }),
  ],
  browsers: [await browser()],
  testFramework: { config: { timeout: 10000 } },
};
