/**
 * Languages in the script-tag embed: the bundle holds English only; another language is
 * `locales/<lang>.js` beside it, fetched by the widget when needed — or included by the merchant
 * with a plain <script>, before the bundle, and then not fetched again. Builds its own copy of
 * both into a temp dir (never touches dist/), serves them with a static config, drives Chromium.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

const CONFIG = {
  version: 1,
  methods: { payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'] }], payout: [] },
  limits: { min: '1.00', max: '5000.00' },
};
const page = (head: string, lang: string, attrs = '', scriptAttrs = '') => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>embed</title></head><body>
${head}<script src="/cdn/mozarto-cashier.iife.js"${scriptAttrs}></script>
<mozarto-cashier endpoint="/api/cashier" psp="PAYONE" type="payin" currency="EUR" amount="1000.5" ${attrs}></mozarto-cashier>
</body></html>`;

/** Every language file, as `npm run build` finds them (scripts/build.mjs). */
const LANGUAGES = readdirSync(join(ROOT, 'src/widget/i18n/locales'))
  .filter((f) => /^[a-z]{2,3}(-[a-z]{2})?\.ts$/i.test(f))
  .map((f) => f.slice(0, -3));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

let browser: Browser;
let server: Server;
let url: string;
let out: ReturnType<typeof tempDir>;
const requests: string[] = [];

before(async () => {
  out = tempDir('cashier-locales-');
  const { build } = await import('vite');
  const configFile = join(ROOT, 'vite.config.ts');
  await build({ configFile, root: ROOT, mode: 'iife', logLevel: 'warn', build: { outDir: out.path, emptyOutDir: false, sourcemap: false } });
  // The parts loaded on demand (src/widget/parts.ts): the method tiles and the history view.
  for (const part of ['picker', 'history']) {
    await build({ configFile, root: ROOT, mode: `part-${part}`, logLevel: 'warn', build: { outDir: join(out.path, 'parts'), emptyOutDir: false } });
  }
  for (const code of LANGUAGES) {
    await build({ configFile, root: ROOT, mode: `locale-${code}`, logLevel: 'warn', build: { outDir: join(out.path, 'locales'), emptyOutDir: false } });
  }
  const port = await freePort();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    const send = (type: string, body: string | Buffer) => {
      res.setHeader('content-type', type);
      res.end(body);
    };
    if (path === '/api/cashier/config') return send('application/json', JSON.stringify(CONFIG));
    if (path === '/cdn/mozarto-cashier.iife.js') return send('text/javascript', readFileSync(join(out.path, 'mozarto-cashier.iife.js')));
    if (path === '/cdn/locales/fr.js' || path === '/mine/fr.js' || path === '/elsewhere/fr.js')
      return send('text/javascript', readFileSync(join(out.path, 'locales/fr.js')));
    if (path === '/cdn/parts/picker.js' || path === '/cdn/parts/history.js' || path === '/cdn/parts/result.js')
      return send('text/javascript', readFileSync(join(out.path, path.slice(5))));
    if (path === '/api/cashier/transactions')
      return send(
        'application/json',
        JSON.stringify({
          transactions: [
            {
              transactionId: 'tx_000000000000000000000001',
              status: 'approved',
              type: 'payin',
              pspType: 'PAYONE',
              amount: '10.00',
              currency: 'EUR',
              createdAt: '2026-11-30T10:00:00.000Z',
              updatedAt: '2026-11-30T10:00:00.000Z',
            },
          ],
        }),
      );
    if (path === '/api/tiles/config')
      return send(
        'application/json',
        JSON.stringify({ ...CONFIG, methods: { payin: [...CONFIG.methods.payin, { pspType: 'BRITE', name: 'Brite', currencies: ['EUR'] }], payout: [] } }),
      );
    if (path === '/tiles') return send('text/html', page('', 'en').replace('endpoint="/api/cashier" psp="PAYONE" ', 'endpoint="/api/tiles" '));
    if (path === '/history') return send('text/html', page('', 'en', 'view="history"'));
    // The parts' folder answering 404 (a deploy that copied the bundle alone).
    if (path === '/tiles-gone')
      return send('text/html', page('', 'en', '', ' data-parts="/gone/"').replace('endpoint="/api/cashier" psp="PAYONE" ', 'endpoint="/api/tiles" '));
    if (path === '/history-gone') return send('text/html', page('', 'en', 'view="history"', ' data-parts="/gone/"'));
    if (path === '/auto') return send('text/html', page('', 'fr'));
    if (path === '/manual') return send('text/html', page('<script src="/mine/fr.js"></script>\n', 'en', 'locale="fr"'));
    if (path === '/data-locales') return send('text/html', page('', 'fr', '', ' data-locales="/elsewhere/"'));
    if (path === '/missing') return send('text/html', page('', 'de'));
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  url = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  out?.remove();
});

async function open(path: string) {
  requests.length = 0;
  const p = await browser.newPage();
  await p.goto(url + path);
  await p.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
  // The first name: the second label, after the amount.
  const label = (await p.locator('mozarto-cashier label').nth(1).textContent())?.trim();
  const button = (await p.locator('mozarto-cashier button[type="submit"]').textContent())?.trim().replace(/\s/g, ' ');
  await p.close();
  return { label, button, requested: [...requests] };
}

describe('script-tag languages', () => {
  it('the main bundle is English only', () => {
    const bundle = readFileSync(join(out.path, 'mozarto-cashier.iife.js'), 'utf8');
    assert.match(bundle, /First name/);
    assert.doesNotMatch(bundle, /Prénom|Vorname|Apellidos/);
    assert.match(readFileSync(join(out.path, 'locales/fr.js'), 'utf8'), /^this\.MozartoCashierLocales=/);
  });

  it("every language file builds into a script that registers all of English's keys, same placeholders", async () => {
    // Every English text a language translates, in the language files' order; a provider's description is optional.
    const { ENGLISH: en, isOptional } = await import('../../src/widget/i18n/english.js');
    assert.ok(LANGUAGES.length >= 4, LANGUAGES.join());
    for (const code of LANGUAGES) {
      const global: { MozartoCashierLocales?: Record<string, Record<string, string>> } = {};
      runInNewContext(readFileSync(join(out.path, `locales/${code}.js`), 'utf8'), global);
      const messages = global.MozartoCashierLocales?.[code];
      assert.ok(messages, `${code}.js registers MozartoCashierLocales.${code}`);
      assert.deepEqual(
        Object.keys(messages),
        Object.keys(en).filter((k) => k in messages),
        `${code}: keys, in English's order`,
      );
      assert.deepEqual(
        Object.keys(en).filter((k) => !(k in messages) && !isOptional(k)),
        [],
        `${code}: missing keys`,
      );
      for (const [key, text] of Object.entries(messages)) {
        assert.ok(text.trim(), `${code} ${key} is empty`);
        assert.deepEqual(placeholders(text), placeholders(en[key]!), `${code} ${key}: placeholders`);
      }
    }
  });

  it('fetches locales/fr.js from beside its script for a French page', async () => {
    const r = await open('/auto');
    assert.equal(r.label, 'Prénom');
    assert.equal(r.button, 'Payer 1 000,50 €');
    assert.ok(r.requested.includes('/cdn/locales/fr.js'), r.requested.join(' '));
  });

  it('fetches from the data-locales URL when the script tag names one', async () => {
    const r = await open('/data-locales');
    assert.equal(r.label, 'Prénom');
    assert.ok(r.requested.includes('/elsewhere/fr.js') && !r.requested.includes('/cdn/locales/fr.js'), r.requested.join(' '));
  });

  it('uses a locale script the merchant included, without fetching it again', async () => {
    const r = await open('/manual');
    assert.equal(r.label, 'Prénom');
    assert.ok(!r.requested.includes('/cdn/locales/fr.js'), r.requested.join(' '));
  });

  it('shows English when the language file cannot be loaded, amounts still in the locale', async () => {
    const r = await open('/missing');
    assert.equal(r.label, 'First name');
    assert.equal(r.button, 'Pay 1.000,50 €');
    assert.ok(r.requested.includes('/cdn/locales/de.js'));
  });

  it('the method tiles and the history load from parts/ beside the script, only when shown', async () => {
    const p = await browser.newPage();
    requests.length = 0;
    await p.goto(url + '/tiles');
    await p.locator('mozarto-cashier [role="radio"]').first().waitFor({ timeout: 10_000 });
    assert.equal(await p.locator('mozarto-cashier [role="radio"]').count(), 2);
    assert.ok(requests.includes('/cdn/parts/picker.js') && !requests.includes('/cdn/parts/history.js'), requests.join(' '));
    requests.length = 0;
    await p.goto(url + '/history');
    await p.locator('mozarto-cashier [part~="history-row"]').first().waitFor({ timeout: 10_000 });
    assert.ok(requests.includes('/cdn/parts/history.js') && !requests.includes('/cdn/parts/picker.js'), requests.join(' '));
    await p.close();
    requests.length = 0;
    const plain = await open('/auto');
    assert.ok(!plain.requested.some((r) => /picker|history/.test(r)), 'a page with a psp loads neither');
  });

  it('parts that cannot load (404): the methods as plain buttons, the history’s error, one mozarto-error each, and the page settles', async () => {
    for (const [path, shown] of [
      ['/tiles-gone', 'mozarto-cashier button[part~="tile"]'],
      ['/history-gone', 'mozarto-cashier [part~="status"][data-status="error"]'],
    ] as const) {
      const p = await browser.newPage();
      await p.addInitScript(() => {
        const w = window as unknown as { errors: string[] };
        w.errors = [];
        addEventListener('mozarto-error', (e) => w.errors.push((e as CustomEvent<{ code: string }>).detail.code));
      });
      await p.goto(url + path);
      await p.locator(shown).first().waitFor({ timeout: 10_000 });
      // A frozen tab never answers this; a settled one counts no further renders of the shadow root.
      const mutations = await p.evaluate(async () => {
        const root = document.querySelector('mozarto-cashier')!.shadowRoot!;
        let n = 0;
        const watch = new MutationObserver((records) => (n += records.length));
        watch.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        await new Promise((r) => setTimeout(r, 500));
        watch.disconnect();
        return n;
      });
      assert.equal(mutations, 0, `${path}: still rendering`);
      assert.deepEqual(await p.evaluate(() => (window as unknown as { errors: string[] }).errors), ['network'], path);
      if (path === '/tiles-gone') {
        assert.deepEqual(await p.locator('mozarto-cashier button[part~="tile"]').allTextContents(), ['Payone', 'Brite']);
        await p.locator('mozarto-cashier button[part~="tile"]', { hasText: 'Brite' }).click();
        await p.locator('mozarto-cashier [data-state="editing"] form').waitFor({ timeout: 10_000 });
      }
      await p.close();
    }
  });
});
