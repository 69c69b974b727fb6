// The `prefer-media` command (test/widget/media.ts): `emulateMedia` in every engine.
// Chromium emulates per page; Firefox sets browser-wide prefs (firefox.mjs); WebKitGTK cannot
// switch at run time, so a request that differs from the run's fixed state fails with what to do
// instead: tests that need dark mode or reduced motion live in `*.prefers.test.ts`, which WebKit
// runs a second time started dark with reduced motion.
import { emulateChromiumMedia } from './chromium.mjs';
import { emulateFirefoxMedia } from './firefox.mjs';

const KEYS = ['colorScheme', 'reducedMotion'];

/** @param {{ engine: string, fixed?: Record<string, string> }} run */
export function preferMediaPlugin({ engine, fixed }) {
  return {
    name: 'prefer-media',
    async executeCommand({ command, payload, session }) {
      if (command !== 'prefer-media') return undefined;
      const media = Object.fromEntries(KEYS.filter((k) => payload?.[k] != null).map((k) => [k, payload[k]]));
      if (engine === 'chromium') {
        await emulateChromiumMedia(session.browser.getPage(session.id), media);
        return true;
      }
      if (engine === 'firefox') {
        await emulateFirefoxMedia(session.browser.getPage(session.id), media);
        return true;
      }
      const wrong = Object.entries(media).filter(([k, v]) => fixed?.[k] !== v);
      if (wrong.length) {
        throw new Error(
          `${engine} keeps ${JSON.stringify(fixed)} for the browser's life and cannot switch to ${JSON.stringify(Object.fromEntries(wrong))}: ` +
            'tests that need dark mode or reduced motion go in a *.prefers.test.ts file, which WebKit runs again started that way (CASHIER_PREFERS=1)',
        );
      }
      return true;
    },
  };
}
