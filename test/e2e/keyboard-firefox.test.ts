/** The keyboard-only cases (keyboard-flows.ts) in Firefox ESR, driven by puppeteer-core over WebDriver BiDi. */
import type { Page } from 'puppeteer-core';
import { keyboardOnly, type KeyPage } from './keyboard-flows.js';
import { devServerAndFirefox } from './support.js';

const e2e = devServerAndFirefox({ payoutSettleMs: 300 });

const keyPage = (page: Page): KeyPage => ({
  press: (key) => page.keyboard.press(key as never),
  type: (text) => page.keyboard.type(text),
  async selectAll() {
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
  },
  evaluate: (fn) => page.evaluate(fn) as never,
  url: () => page.url(),
  close: () => page.close(),
});

keyboardOnly('Firefox', async (path) => keyPage(await e2e.open(path)));
