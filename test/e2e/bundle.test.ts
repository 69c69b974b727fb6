/**
 * The built script-tag bundle (dist/mozarto-cashier.iife.js) on a plain HTML page with nothing
 * else: if the build breaks (e.g. decorators left untransformed: Vite 8 keeps standard
 * decorators as written, which the tests' esbuild would still accept), this
 * fails. The page talks to a real proxy and sandbox, and a pay-out runs to Approved.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createCashierProxy, openSqliteStore } from '../../src/proxy/index.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

const BUNDLE = join(ROOT, 'dist/mozarto-cashier.iife.js');
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>plain embed</title></head>
<body>
<script src="/mozarto-cashier.iife.js"></script>
<mozarto-cashier endpoint="/api/cashier" psp="PAYONE" type="payout" currency="EUR"></mozarto-cashier>
</body></html>`;

let browser: Browser;
let page: Server;
let url: string;
const cleanups: (() => unknown)[] = [];

before(async () => {
  assert.ok(existsSync(BUNDLE), 'run `npm run build` first: dist/mozarto-cashier.iife.js is missing');
  const port = await freePort();
  const data = tempDir('cashier-bundle-');
  const sandbox = await startSandbox({
    port: 0,
    webhookUrl: `http://127.0.0.1:${port}/api/cashier/webhooks/mozarto`,
    webhookSecret: 'bundle-webhook-secret',
    payoutSettleMs: 200,
  });
  const store = openSqliteStore(join(data.path, 'cashier.db'));
  const proxy = createCashierProxy({
    upstreamUrl: sandbox.url,
    companyToken: 'sandbox-company-token',
    userContext: { mode: 'token', secret: 'bundle-user-secret' },
    webhookSecret: 'bundle-webhook-secret',
    getUser: () => ({ id: 'bundle-player' }),
    store,
  });
  const api = toNodeListener((request, info) => proxy.handle(request, info));
  page = createServer((req, res) => {
    if (req.url?.startsWith('/api/cashier')) return api(req, res);
    if (req.url === '/mozarto-cashier.iife.js') {
      res.setHeader('content-type', 'text/javascript');
      return res.end(readFileSync(BUNDLE));
    }
    if (req.url === '/') {
      res.setHeader('content-type', 'text/html');
      return res.end(PAGE);
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => page.listen(port, '127.0.0.1', resolve));
  url = `http://localhost:${port}`;
  cleanups.push(
    () => new Promise((r) => page.close(r)),
    () => sandbox.close(),
    () => store.close(),
    () => data.remove(),
  );
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const clean of cleanups) await clean();
});

describe('script-tag bundle', () => {
  it('is self-contained: no module syntax, no dev-mode Lit, no process.env', () => {
    const code = readFileSync(BUNDLE, 'utf8');
    assert.doesNotMatch(code, /^\s*import\s|\bimport\(|^\s*export\s/m);
    assert.doesNotMatch(code, /Lit is in dev mode/);
    assert.doesNotMatch(code, /process\.env/);
    assert.doesNotMatch(code, /new Function/); // strict CSPs (no unsafe-eval) block it
  });

  it('defines the element on a plain page and completes a pay-out', async () => {
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${url}/`);
    assert.equal(await tab.evaluate(() => typeof customElements.get('mozarto-cashier')), 'function');
    assert.equal(await tab.evaluate(() => typeof (globalThis as { MozartoCashier?: unknown }).MozartoCashier), 'object');
    await tab.getByLabel('First name').fill('Grace');
    await tab.getByLabel('Last name').fill('Hopper');
    await tab.getByLabel('Email').fill('grace@example.com');
    await tab.getByLabel('Phone number').fill('4915112345678');
    await tab.getByLabel('Amount').fill('42.00');
    await tab.getByRole('button', { name: /^Withdraw/ }).click();
    await tab
      .locator('mozarto-cashier')
      .getByText(/approved/i)
      .first()
      .waitFor({ timeout: 10_000 });
    assert.deepEqual(errors, []);
    await tab.close();
  });
});
