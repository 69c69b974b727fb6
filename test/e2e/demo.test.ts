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
    // The amount comes first (with its currency where the method offers several); the first name after it.
    const labels = await page.locator('figure[data-state="empty"] mozarto-cashier label').allTextContents();
    assert.deepEqual(labels.filter((l) => l !== 'Währung').slice(0, 2), ['Betrag', 'Vorname']);
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

  it('on a phone the cashier comes before the controls (issue 27)', async () => {
    const page = await e2e.open('/', { viewport: { width: 375, height: 740 } });
    await page.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
    const top = (selector: string) => page.locator(selector).evaluate((e) => e.getBoundingClientRect().top);
    const cashier = await top('mozarto-cashier');
    assert.ok(cashier < 740, `the cashier starts ${cashier} px down`);
    assert.ok(cashier < (await top('#controls')));
    await page.close();
  });

  it('a contrast check beside each colour: a yellow primary warns and suggests an on-primary that passes', async () => {
    const page = await e2e.open('/');
    await page.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
    const check = (name: string) => page.locator(`output.wb-contrast[data-for="${name}"]`);
    assert.match((await check('--mozarto-color-text').textContent()) ?? '', /:1 for text ✓/);
    await page.locator('input[name="--mozarto-color-primary"]').fill('#f5d90a');
    assert.equal(await check('--mozarto-color-on-primary').getAttribute('data-ok'), 'false');
    assert.match((await check('--mozarto-color-on-primary').textContent()) ?? '', /1\.\d\d:1 for the Pay button’s text — below 4\.5:1/);
    await check('--mozarto-color-on-primary')
      .getByRole('button', { name: /^Use #000000/ })
      .click();
    assert.equal(await check('--mozarto-color-on-primary').getAttribute('data-ok'), 'true');
    assert.match((await snippet(page, 'css')) ?? '', /--mozarto-color-on-primary: #000000;/);
    await page.close();
  });

  it('the direction follows the locale (Arabic: right to left), and the control can still override it', async () => {
    const page = await e2e.open('/');
    await page.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
    await page.selectOption('select[name="locale"]', 'ar');
    assert.equal(await page.locator('select[name="dir"]').inputValue(), 'rtl');
    assert.match(page.url(), /dir=rtl/);
    await page.selectOption('select[name="locale"]', 'de');
    assert.equal(await page.locator('select[name="dir"]').inputValue(), 'ltr');
    await page.close();
  });

  it('a pay-in started at 127.0.0.1 returns to 127.0.0.1, with the language and direction it left with', async () => {
    const page = await e2e.open('/');
    await page.goto(`${new URL(page.url()).origin.replace('//localhost:', '//127.0.0.1:')}/?psp=PAYONE&type=payin&currency=EUR&locale=ar&dir=rtl`);
    await page.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
    const field = (n: string) => page.locator(`mozarto-cashier [name="${n}"]`);
    await field('firstName').fill('Ada');
    await field('lastName').fill('Lovelace');
    await field('email').fill('ada@example.com');
    await field('phone').fill('+49 151 1234 5678');
    await field('amount').fill('25.00');
    await page.locator('mozarto-cashier [part~="submit"]').click();
    await page.waitForURL(/\/hpp\//, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/demo\/return\.html/, { timeout: 10_000 });
    assert.match(page.url(), /^http:\/\/127\.0\.0\.1:/);
    await page.locator('mozarto-cashier [data-state="done"]').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('mozarto-cashier').getAttribute('locale'), 'ar');
    assert.equal(await page.locator('main').getAttribute('dir'), 'rtl');
    await page.close();
  });
});
