// Firefox ESR for web-test-runner: puppeteer-core drives Debian's firefox-esr over WebDriver
// BiDi (no geckodriver). Colour scheme and reduced motion cannot be emulated per page there
// (puppeteer's BiDi page does it only through CDP, which Firefox lacks), so they are content
// prefs set from Firefox's chrome context (docs/adr/0010-three-engines.md). The prefs are
// browser-wide: run with concurrency 1; every test file starts from the defaults.
import puppeteerCore from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

const PREFS = {
  colorScheme: { name: 'layout.css.prefers-color-scheme.content-override', values: { dark: 0, light: 1 } },
  reducedMotion: { name: 'ui.prefersReducedMotion', values: { reduce: 1, 'no-preference': 0 } },
};

/**
 * Runs `expression` in the browser's chrome (privileged) context. This leans on puppeteer's BiDi
 * connection (`browser.connection`, not a documented API) and Firefox's `moz:scope`; it is the
 * one place that does.
 */
async function chromeEval(browser, expression) {
  const tree = await browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts[0].context;
  const { result } = await browser.connection.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
  if (result.type !== 'success') throw new Error(`firefox: chrome-context script failed: ${JSON.stringify(result)}`);
}

/** Sets (or, for keys left out, clears) the media preferences of the whole browser. */
async function setPrefs(browser, media) {
  const lines = Object.entries(PREFS).map(([key, pref]) => {
    const value = media[key];
    if (value == null) return `Services.prefs.clearUserPref(${JSON.stringify(pref.name)});`;
    if (!(value in pref.values)) throw new Error(`firefox: ${key} "${value}" is not one of ${Object.keys(pref.values).join(', ')}`);
    return `Services.prefs.setIntPref(${JSON.stringify(pref.name)}, ${pref.values[value]});`;
  });
  await chromeEval(browser, lines.join('\n'));
}

const QUERIES = {
  colorScheme: (v) => `(prefers-color-scheme: ${v})`,
  reducedMotion: (v) => `(prefers-reduced-motion: ${v})`,
};

/** Emulates `media` for a page (like `emulateMedia`): sets the prefs, then waits until the page sees them. */
export async function emulateFirefoxMedia(page, media) {
  const browser = page.browser();
  const state = (browser.__cashierMedia ??= {});
  Object.assign(state, media);
  await setPrefs(browser, state);
  const queries = Object.entries(media)
    .filter(([, v]) => v != null)
    .map(([k, v]) => QUERIES[k](v));
  await page.waitForFunction((qs) => qs.every((q) => globalThis.matchMedia(q).matches), { timeout: 5000 }, queries);
}

export function firefoxLauncher() {
  const launcher = chromeLauncher({
    puppeteer: puppeteerCore,
    launchOptions: {
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      // Lets the BiDi session reach the chrome context (for the media prefs above).
      args: ['--remote-allow-system-access'],
    },
  });
  // Pages are reused between test files; a file must not inherit the last one's dark mode.
  // (`getOrStartBrowser` is the launcher's own, undocumented: the browser before the page loads.)
  const startSession = launcher.startSession.bind(launcher);
  launcher.startSession = async (id, url) => {
    const { browser } = await launcher.getOrStartBrowser();
    if (browser.__cashierMedia && Object.keys(browser.__cashierMedia).length) {
      browser.__cashierMedia = {};
      await setPrefs(browser, {});
    }
    return startSession(id, url);
  };
  return launcher;
}
