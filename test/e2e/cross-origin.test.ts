/**
 * Cross-origin deployment, as on `www.shop.example` + `pay.shop.example`: the page on one origin
 * (`http://www.shop.localhost:A`), the proxy on another (`http://pay.shop.localhost:B`), the
 * sandbox behind it; browsers resolve `*.localhost` to the loopback, where both servers listen.
 * The shop's login sets the session cookie for the whole site (`Domain=shop.localhost; Secure;
 * SameSite=Lax; HttpOnly`, what the README asks for); the widget sends it to the proxy only with
 * `credentials="include"`, and the proxy grants the shop's origin only. A real Chromium runs the
 * script-tag bundle (dist/) through a pay-out to Approved.
 *
 * A proxy on another *site* would need `SameSite=None` and third-party cookies, which this
 * Chromium, like Safari and Firefox, does not send: the README says so and no test pretends.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCashierProxy, openSqliteStore, sessionUser, signHs256 } from '../../src/proxy/index.js';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

const BUNDLE = join(ROOT, 'dist/mozarto-cashier.iife.js');
const SESSION_SECRET = 'cross-origin-session-secret-of-32-bytes!';

let browser: Browser;
let shop: string;
let pay: string;
const proxyRequests: { method: string; path: string; origin?: string; cookie: boolean }[] = [];
const cleanups: (() => unknown)[] = [];

const page = (attrs: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>shop</title></head><body>
<script src="/mozarto-cashier.iife.js"></script>
<mozarto-cashier endpoint="${pay}/api/cashier" psp="PAYONE" type="payout" currency="EUR" ${attrs}></mozarto-cashier>
</body></html>`;

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
}

before(async () => {
  assert.ok(existsSync(BUNDLE), 'run `npm run build` first: dist/mozarto-cashier.iife.js is missing');
  const [shopPort, payPort] = [await freePort(), await freePort()];
  shop = `http://www.shop.localhost:${shopPort}`;
  pay = `http://pay.shop.localhost:${payPort}`;
  const data = tempDir('cashier-cross-origin-');
  const sandbox = await startSandbox({
    port: 0,
    webhookUrl: `http://127.0.0.1:${payPort}/api/cashier/webhooks/mozarto` /* Node does not resolve *.localhost */,
    webhookSecret: 'cross-origin-webhook',
    payoutSettleMs: 200,
  });
  const store = openSqliteStore(join(data.path, 'cashier.db'));
  const proxy = createCashierProxy({
    upstreamUrl: sandbox.url,
    companyToken: 'sandbox-company-token',
    userContext: { mode: 'token', secret: 'cross-origin-user-secret' },
    webhookSecret: 'cross-origin-webhook',
    allowedOrigins: [shop],
    getUser: sessionUser({ secret: SESSION_SECRET, issuer: shop }),
    store,
  });
  const api = toNodeListener((request, info) => proxy.handle(request, info));
  const payServer = createServer((req, res) => {
    proxyRequests.push({ method: req.method!, path: req.url!, origin: req.headers.origin, cookie: /cashier_session=/.test(req.headers.cookie ?? '') });
    api(req, res);
  });
  const shopServer = createServer((req, res) => {
    const path = new URL(req.url ?? '/', shop).pathname;
    if (path === '/mozarto-cashier.iife.js') {
      res.setHeader('content-type', 'text/javascript');
      return res.end(readFileSync(BUNDLE));
    }
    if (path === '/login') {
      // The merchant's login: the session for every host of the site, the pay host included.
      void signHs256({ sub: 'player-7', iss: shop, aud: 'mozarto-cashier', exp: Math.floor(Date.now() / 1000) + 600 }, SESSION_SECRET).then((token) => {
        res.setHeader('set-cookie', `cashier_session=${token}; Domain=shop.localhost; Path=/; HttpOnly; Secure; SameSite=Lax`);
        res.statusCode = 303;
        res.setHeader('location', new URL(req.url!, shop).searchParams.get('then') ?? '/include');
        res.end();
      });
      return;
    }
    res.setHeader('content-type', 'text/html');
    if (path === '/include') return res.end(page('credentials="include"'));
    if (path === '/default') return res.end(page(''));
    res.statusCode = 404;
    res.end();
  });
  await listen(payServer, payPort);
  await listen(shopServer, shopPort);
  cleanups.push(
    () => new Promise((r) => shopServer.close(r)),
    () => new Promise((r) => payServer.close(r)),
    () => proxy.close(),
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

/** A fresh browser profile. */
const loggedIn = (): Promise<BrowserContext> => browser.newContext();

/** Logs in on the shop, which lands on `path`. */
async function open(context: BrowserContext, path: string, origin = shop): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${shop}/login?then=${encodeURIComponent(`${origin}${path}`)}`);
  return tab;
}

describe('cross-origin deployment (page and proxy on two origins)', () => {
  it('credentials="include": the session cookie crosses, CORS grants the shop, a pay-out runs to Approved', async () => {
    const context = await loggedIn();
    try {
      proxyRequests.length = 0;
      const tab = await open(context, '/include');
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.getByLabel('First name').fill('Grace');
      await tab.getByLabel('Last name').fill('Hopper');
      assert.equal(await tab.getByLabel('Email').inputValue(), '', 'the profile email is the proxy’s, never prefilled from the cookie');
      await tab.getByLabel('Email').fill('grace@example.com');
      await tab.getByLabel('Phone number').fill('4915112345678');
      await tab.getByLabel('Amount').fill('42.00');
      await tab.getByRole('button', { name: /^Withdraw/ }).click();
      await tab.locator('mozarto-cashier [data-state="done"]').waitFor({ timeout: 15_000 });
      assert.match(await tab.locator('mozarto-cashier [part~="message"]').innerText(), /approved/i);
      assert.deepEqual(errors, []);

      const browserCalls = proxyRequests.filter((r) => !r.path.includes('/webhooks/'));
      assert.ok(
        browserCalls.some((r) => r.method === 'OPTIONS' && r.path === '/api/cashier/transactions'),
        'the POST was preflighted',
      );
      for (const r of browserCalls) assert.equal(r.origin, shop, `${r.method} ${r.path} comes from the shop's origin`);
      for (const r of browserCalls.filter((r) => r.method !== 'OPTIONS')) assert.ok(r.cookie, `${r.method} ${r.path} carried the session cookie`);
      assert.ok(
        browserCalls.some((r) => r.method === 'POST'),
        'the transaction was created',
      );
    } finally {
      await context.close();
    }
  });

  it('without credentials="include" the cookie stays home: the proxy answers 401 and the widget says so', async () => {
    const context = await loggedIn();
    try {
      proxyRequests.length = 0;
      const tab = await open(context, '/default');
      await tab.getByLabel('First name').fill('Grace');
      await tab.getByLabel('Last name').fill('Hopper');
      await tab.getByLabel('Email').fill('grace@example.com');
      await tab.getByLabel('Phone number').fill('4915112345678');
      await tab.getByLabel('Amount').fill('42.00');
      await tab.getByRole('button', { name: /^Withdraw/ }).click();
      await tab.locator('mozarto-cashier [part~="form-error"]').waitFor({ timeout: 10_000 });
      const post = proxyRequests.find((r) => r.method === 'POST');
      assert.equal(post?.cookie, false, 'a same-origin fetch leaves the cookie out');
    } finally {
      await context.close();
    }
  });

  it('the same page on an origin the proxy does not list gets no grant: the widget shows an error', async () => {
    const context = await loggedIn();
    try {
      proxyRequests.length = 0;
      // The shop's server also answers as shop.localhost: another origin, not in allowedOrigins.
      const other = shop.replace('www.', '');
      const tab = await open(context, '/include', other);
      await tab.locator('mozarto-cashier [data-state="error"]').waitFor({ timeout: 10_000 });
      assert.ok(proxyRequests.length > 0 && proxyRequests.every((r) => r.origin === other));
      assert.equal(
        proxyRequests.some((r) => r.method === 'POST'),
        false,
      );
    } finally {
      await context.close();
    }
  });
});
