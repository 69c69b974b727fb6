/**
 * The designer's workbench (`npm start`): the gallery shows every state with no failure, and the
 * controls drive the widgets and the copyable snippet — language, colours, provider and flow.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { STATES } from '../../demo/gallery-states.js';
import { BUILT_IN_PSPS } from '../../src/core/catalog.js';
import { devServerAndBrowser } from './support.js';

const e2e = devServerAndBrowser();

const ready = (page: Page) => page.waitForSelector('html[data-gallery-ready="true"]', { timeout: 20_000 });
const snippet = (page: Page, which: 'html' | 'css') => page.locator(`[data-code="${which}"]`).textContent();

describe('demo workbench', () => {
  it('the gallery renders every state, then follows the locale and colour controls', async () => {
    const page = await e2e.open('/demo/gallery.html');
    await ready(page);
    assert.equal(await page.locator('.gallery-problem').count(), 0);
    assert.deepEqual(
      await page.locator('figure.gallery-item').evaluateAll((f) => f.map((x) => (x as HTMLElement).dataset.state)),
      STATES.map((s) => s.id),
    );
    for (const s of STATES) {
      const state = await page.locator(`figure[data-state="${s.id}"] mozarto-cashier [part~="base"]`).getAttribute('data-state');
      assert.ok([s.until].flat().includes(state!), `${s.id}: ${state}`);
    }

    await page.evaluate(() => document.documentElement.setAttribute('data-gallery-ready', 'false'));
    await page.selectOption('select[name="locale"]', 'de');
    await ready(page);
    assert.equal(await page.locator('figure[data-state="empty"] mozarto-cashier label').first().textContent(), 'Vorname');
    assert.match((await snippet(page, 'html')) ?? '', /locale="de"/);
    assert.match(page.url(), /locale=de/);

    await page.locator('input[name="--mozarto-color-primary"]').fill('#7a1fd1');
    const bg = await page.locator('figure[data-state="filled"] mozarto-cashier [part~="submit"]').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.equal(bg, 'rgb(122, 31, 209)');
    assert.match((await snippet(page, 'css')) ?? '', /--mozarto-color-primary: #7a1fd1;/);
    await page.close();
  });

  it('lists every provider of the catalog, and switching one remounts the live widget', async () => {
    const page = await e2e.open('/');
    await page.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
    const options = await page.locator('select[name="psp"] option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.deepEqual(
      options,
      BUILT_IN_PSPS.map((d) => d.pspType),
    );
    const other = BUILT_IN_PSPS.find((d) => d.pspType !== 'PAYONE');
    if (other) {
      await page.selectOption('select[name="psp"]', other.pspType);
      assert.equal(await page.locator('mozarto-cashier').getAttribute('psp'), other.pspType);
      assert.match((await snippet(page, 'html')) ?? '', new RegExp(`psp="${other.pspType}"`));
    }
    await page.close();
  });
});
