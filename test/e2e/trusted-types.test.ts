/**
 * The script-tag embed on a page that enforces Trusted Types
 * (`require-trusted-types-for 'script'; trusted-types mozarto-cashier lit-html`): the widget loads
 * each language file through its own policy, so a French, German… page shows its language, with
 * no violation reported. Serves dist/ (the bundle and dist/locales/) with a static config.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ROOT, freePort, launchChromium } from './support.js';

const DIST = join(ROOT, 'dist');
const CSP = "require-trusted-types-for 'script'; trusted-types mozarto-cashier lit-html; script-src 'self'; object-src 'none'; base-uri 'none'";
const CONFIG = {
  version: 1,
  methods: { payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'] }], payout: [] },
  limits: { min: '1.00', max: '5000.00' },
};
const LANGUAGES = readdirSync(join(ROOT, 'src/widget/i18n/locales'))
  .filter((f) => /^[a-z]{2,3}\.ts$/.test(f))
  .map((f) => f.slice(0, -3));
const page = (lang: string) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>strict embed</title></head><body>
<script src="/cdn/mozarto-cashier.iife.js"></script>
<mozarto-cashier endpoint="/api/cashier" psp="PAYONE" type="payin" currency="EUR"></mozarto-cashier>
</body></html>`;

let browser: Browser;
let server: Server;
let url: string;

before(async () => {
  assert.ok(existsSync(join(DIST, 'mozarto-cashier.iife.js')), 'run `npm run build` first: dist/mozarto-cashier.iife.js is missing');
  const port = await freePort();
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (type: string, body: string | Buffer) => {
      res.setHeader('content-type', type);
      res.end(body);
    };
    if (path === '/api/cashier/config') return send('application/json', JSON.stringify(CONFIG));
    if (path === '/api/tiles/transactions') return send('application/json', JSON.stringify({ transactions: [] }));
    if (path === '/api/tiles/config')
      return send(
        'application/json',
        JSON.stringify({ ...CONFIG, methods: { payin: [...CONFIG.methods.payin, { pspType: 'BRITE', name: 'Brite', currencies: ['EUR'] }], payout: [] } }),
      );
    const part = /^\/cdn\/parts\/(picker|history)\.js$/.exec(path);
    if (part) return send('text/javascript', readFileSync(join(DIST, 'parts', `${part[1]}.js`)));
    if (path === '/tiles-and-history') {
      res.setHeader('content-security-policy', CSP);
      return send('text/html', page('en').replace('endpoint="/api/cashier" psp="PAYONE"', 'endpoint="/api/tiles" history'));
    }
    if (path === '/cdn/mozarto-cashier.iife.js') return send('text/javascript', readFileSync(join(DIST, 'mozarto-cashier.iife.js')));
    const locale = /^\/cdn\/locales\/([a-z]{2,3})\.js$/.exec(path);
    if (locale && existsSync(join(DIST, 'locales', `${locale[1]}.js`))) return send('text/javascript', readFileSync(join(DIST, 'locales', `${locale[1]}.js`)));
    const lang = /^\/(page|unnamed)\/([a-z]{2,3})$/.exec(path);
    if (lang) {
      // `unnamed`: a CSP that names Lit's policy but not the widget's.
      res.setHeader('content-security-policy', lang[1] === 'page' ? CSP : CSP.replace('mozarto-cashier ', ''));
      return send('text/html', page(lang[2]!));
    }
    res.statusCode = path === '/favicon.ico' ? 204 : 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  url = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function firstLabel(lang: string, kind: 'page' | 'unnamed' = 'page') {
  const tab = await browser.newPage();
  const problems: string[] = [];
  tab.on('pageerror', (e) => problems.push(e.message));
  tab.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  await tab.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await tab.goto(`${url}/${kind}/${lang}`);
  await tab.locator('mozarto-cashier [data-state="editing"]').waitFor({ timeout: 10_000 });
  // The first name: the second label, after the amount.
  const label = (await tab.locator('mozarto-cashier label').nth(1).textContent())?.trim();
  const seen = [...problems];
  // A plain string into the same sink must be refused, or the page enforces nothing.
  const enforced = await tab.evaluate(() => {
    try {
      document.createElement('script').src = '/cdn/locales/xx.js';
      return false;
    } catch {
      return true;
    }
  });
  await tab.close();
  return { label, problems: seen, enforced };
}

describe('script-tag bundle under Trusted Types', () => {
  it('has a language file for every language', () => {
    assert.ok(LANGUAGES.length >= 4, LANGUAGES.join());
  });

  for (const lang of LANGUAGES) {
    it(`shows ${lang} under require-trusted-types-for 'script', with no violation`, async () => {
      const { default: messages } = (await import(`../../src/widget/i18n/locales/${lang}.ts`)) as { default: Record<string, string> };
      const r = await firstLabel(lang);
      assert.equal(r.enforced, true, 'the page really enforces Trusted Types');
      assert.equal(r.label, messages['label.first_name']);
      assert.notEqual(r.label, 'First name');
      assert.deepEqual(r.problems, []);
    });
  }

  it('a CSP that does not name the policy: English, and a warning that says what to add', async () => {
    const r = await firstLabel('fr', 'unnamed');
    assert.equal(r.label, 'First name');
    assert.ok(
      r.problems.some((p) => /Trusted Types policy "mozarto-cashier"/.test(p)),
      r.problems.join('\n'),
    );
  });

  it('English needs no language file and works too', async () => {
    const r = await firstLabel('en');
    assert.equal(r.label, 'First name');
    assert.deepEqual(r.problems, []);
  });

  it('the method tiles and the history tab load through the policy too, with no violation', async () => {
    const tab = await browser.newPage();
    const problems: string[] = [];
    tab.on('pageerror', (e) => problems.push(e.message));
    tab.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    await tab.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await tab.goto(`${url}/tiles-and-history`);
    await tab
      .locator('mozarto-cashier [role="radio"]')
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${problems.join('\n')}\n${await tab.evaluate(() => document.querySelector('mozarto-cashier')!.shadowRoot!.innerHTML)}`);
      });
    assert.equal(await tab.locator('mozarto-cashier [role="radio"]').count(), 2);
    await tab.locator('mozarto-cashier [role="tab"]').nth(1).click();
    await tab.locator('mozarto-cashier [part~="history"]').waitFor({ timeout: 10_000 });
    assert.deepEqual(problems, []);
    await tab.close();
  });
});
