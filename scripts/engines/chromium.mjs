// Debian's Chromium for web-test-runner (puppeteer-core over CDP, headless).
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM_ARGS } from './chromium-args.mjs';

export const CHROMIUM = process.env.CHROME_PATH || '/usr/bin/chromium';

const FEATURES = { colorScheme: 'prefers-color-scheme', reducedMotion: 'prefers-reduced-motion' };

/** Emulates `media` for a page; keys left out keep what an earlier call set (as in Firefox). */
export async function emulateChromiumMedia(page, media) {
  const state = (page.__cashierMedia ??= {});
  Object.assign(state, media);
  await page.emulateMediaFeatures(Object.entries(state).map(([k, value]) => ({ name: FEATURES[k], value })));
}

export function chromiumLauncher() {
  const launcher = chromeLauncher({
    launchOptions: {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    },
  });
  // The launcher reuses pages between test files (its `inactivePages`); a file must not inherit
  // the last one's emulated dark mode.
  const startSession = launcher.startSession.bind(launcher);
  launcher.startSession = async (id, url) => {
    const reused = launcher.inactivePages?.at(-1)?.puppeteerPage;
    if (reused?.__cashierMedia) {
      reused.__cashierMedia = undefined;
      await reused.emulateMediaFeatures([]);
    }
    return startSession(id, url);
  };
  return launcher;
}
