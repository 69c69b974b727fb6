/** The keyboard-only cases (keyboard-flows.ts) in Chromium, driven by playwright-core. */
import type { Page } from 'playwright-core';
import { keyboardOnly, type KeyPage } from './keyboard-flows.js';
import { devServerAndBrowser } from './support.js';

const e2e = devServerAndBrowser({ payoutSettleMs: 300 });

const keyPage = (page: Page): KeyPage => ({
  press: (key) => page.keyboard.press(key),
  type: (text) => page.keyboard.type(text),
  selectAll: () => page.keyboard.press('ControlOrMeta+A'),
  evaluate: (fn) => page.evaluate(fn),
  url: () => page.url(),
  close: () => page.close(),
});

keyboardOnly('Chromium', async (path) => keyPage(await e2e.open(path)));
