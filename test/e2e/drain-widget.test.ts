/**
 * Issue 24, the real widget through a deploy: the script-tag bundle (dist/) in Chromium on a
 * shop's page, the standalone proxy beside it, Mozarto (the sandbox) answering the pay-out late.
 * The proxy gets SIGTERM while the create is at Mozarto, and its process manager starts it again
 * once it has exited. The player does what a player does — whenever the widget offers to try
 * again, they do. Counted at Mozarto: one pay-out, and the widget ends on Approved.
 *
 * On the code before issue 24 the signal cut the create: the widget showed a network error, the
 * player's retry met a 409 "in progress", the widget dropped its Idempotency-Key, and the next
 * click paid a second time.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { eventually } from '../proxy/helpers.js';
import { spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

const BUNDLE = join(ROOT, 'dist/mozarto-cashier.iife.js');

describe('the widget through a proxy SIGTERMed mid-create (Chromium)', () => {
  const data = tempDir('cashier-drain-widget-');
  let sandbox: StartedSandbox;
  let shopServer: Server;
  let shop: string;
  let browser: Browser;
  const proxies: Standalone[] = [];

  before(async () => {
    assert.ok(existsSync(BUNDLE), 'run `npm run build` first: dist/mozarto-cashier.iife.js is missing');
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 4000 });
    const shopPort = await freePort();
    shop = `http://127.0.0.1:${shopPort}`;
    browser = await launchChromium();
    shopServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', shop).pathname;
      // The script and what it loads beside it on demand (parts/result.js once the form is left,
      // locales/), as a merchant serves dist/.
      if (path === '/mozarto-cashier.iife.js' || /^\/(parts|locales)\/[\w-]+\.js$/.test(path)) {
        res.setHeader('content-type', 'text/javascript');
        return res.end(readFileSync(join(ROOT, 'dist', path)));
      }
      if (path === '/login') {
        // The merchant's login; a cookie is the host's, whatever the port, so it reaches the proxy.
        void standaloneSession('deploy-player', {}, 600).then((bearer) => {
          res.writeHead(303, { 'set-cookie': `cashier_session=${bearer.slice('Bearer '.length)}; Path=/; HttpOnly; SameSite=Lax`, location: '/' }).end();
        });
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>shop</title></head><body>
<script src="/mozarto-cashier.iife.js"></script>
<mozarto-cashier endpoint="${proxyApi}" credentials="include" psp="PAYONE" type="payout" currency="EUR"></mozarto-cashier>
</body></html>`);
    });
    await new Promise<void>((resolve) => shopServer.listen(shopPort, '127.0.0.1', resolve));
  });
  after(async () => {
    await browser?.close();
    await Promise.all(proxies.map((p) => p.kill()));
    await new Promise((r) => shopServer?.close(r));
    await sandbox?.close();
    data.remove();
  });

  let proxyApi = '';
  const startProxy = async (port?: string) => {
    const proxy = await spawnStandalone(sandbox.url, {
      CASHIER_DB: join(data.path, 'cashier.db'),
      CASHIER_ALLOWED_ORIGINS: shop,
      CASHIER_DRAIN_DELAY_MS: '500',
      CASHIER_RATE_LIMIT: 'off',
      ...(port ? { PORT: port } : {}),
    });
    proxies.push(proxy);
    proxyApi = proxy.api;
    sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
    return proxy;
  };

  it('one pay-out at Mozarto, and the widget ends on Approved', async () => {
    const first = await startProxy();
    const port = new URL(first.url).port;
    const context = await browser.newContext();
    try {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      await tab.goto(`${shop}/login`);
      await tab.getByLabel('First name').fill('Grace');
      await tab.getByLabel('Last name').fill('Hopper');
      await tab.getByLabel('Email').fill('grace@example.com');
      await tab.getByLabel('Phone number').fill('4915112345678');
      await tab.getByLabel('Amount').fill('100.00');
      await fetch(`${sandbox.url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault: 'late-answer', ms: 3000 }),
      });
      await tab.getByRole('button', { name: /^Withdraw/ }).click();
      await eventually(() => (sandbox.sandbox.transactions().length === 1 ? true : undefined), 10_000, 'Mozarto to have the pay-out');

      // The deploy: SIGTERM while Mozarto holds the create; the process manager restarts it.
      const exited = first.stop();
      const restarted = exited.then(() => startProxy(port));

      // The player: whenever the widget offers to try again, they do.
      const widget = tab.locator('mozarto-cashier');
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const state = await widget.locator('[data-state]').first().getAttribute('data-state');
        if (state === 'done') break;
        const again = widget.getByRole('button', { name: /^(Try again|Withdraw)/ });
        if ((state === 'error' || state === 'editing') && (await again.count()) > 0 && (await again.first().isEnabled())) await again.first().click();
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(await exited, 0, 'the proxy drained and exited 0');
      await restarted;
      await widget.locator('[data-state="done"]').waitFor({ timeout: 15_000 });
      assert.match(await widget.locator('[part~="message"]').innerText(), /approved/i);
      const payouts = sandbox.sandbox.transactions().filter((t) => t.type === 'PAYOUT' && t.amount === 100);
      assert.equal(payouts.length, 1, `pay-outs at Mozarto: ${payouts.length}`);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
