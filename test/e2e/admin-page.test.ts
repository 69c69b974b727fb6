/**
 * Issue 26's proof in Chromium: the operator page (/admin on the real standalone server's admin
 * listener, its script built to dist/admin/admin.js) against the real sandbox. An operator signs
 * in, finds a transaction in review in the needs-attention queue, reads its timeline and resolves
 * it with a reason and a confirmation — keyboard only — and the page is axe-clean at each step.
 * The merchant's events endpoint (a real HTTP server checking each signature with the
 * `standardwebhooks` package, as a merchant's backend does) receives `transaction.resolved`; the
 * operator then re-delivers that event from the timeline, and the endpoint receives it again.
 * Also: nothing of the page is in the widget's bundles.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { eventually, newKey, payoneRequest } from '../proxy/helpers.js';
import { EVENTS_SECRET, startMerchantEndpoint, type MerchantEndpoint } from '../proxy/merchant-endpoint.js';
import { adminUrlOf, spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';
import { launchChromium, ROOT, tempDir } from './support.js';

const TOKEN = 'e2e-resolve-token-0123456789abcdef0123456789';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const run = (
      globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }
    ).axe;
    return run.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

/** What has focus, through shadow roots: `tag#id` or its text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${(el.textContent ?? '').trim().slice(0, 60)}` : 'none';
  });

/** Presses Tab until `match` has focus (at most `max` times): the operator's own way through the page. */
async function tabTo(page: Page, match: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match.test(await focused(page))) return;
  }
  assert.fail(`Tab never reached ${match} (now: ${await focused(page)})`);
}

describe('the operator page in Chromium (issue 26)', () => {
  const dir = tempDir('cashier-admin-e2e-');
  let sandbox: StartedSandbox;
  let server: Standalone;
  let admin: string;
  let browser: Browser;
  let merchant: MerchantEndpoint;

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist/admin/admin.js')), 'run `npm run build` first: dist/admin/admin.js is missing');
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET });
    merchant = await startMerchantEndpoint();
    server = await spawnStandalone(sandbox.url, {
      CASHIER_EVENTS_URL: merchant.url,
      CASHIER_EVENTS_SECRET: EVENTS_SECRET,
      CASHIER_DB: join(dir.path, 'admin.db'),
      CASHIER_ADMIN_PORT: '0',
      CASHIER_ADMIN_TOKENS: `olivia:resolve:${TOKEN}`,
    });
    admin = await adminUrlOf(server);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await sandbox?.close();
    await merchant?.close();
    dir.remove();
  });

  it('keeps the page out of the widget’s bundles', () => {
    const page = readFileSync(join(ROOT, 'dist/admin/admin.js'), 'utf8');
    assert.match(page, /cashier-admin/);
    const widget = ['mozarto-cashier.js', 'define.js', 'mozarto-cashier.iife.js', ...readdirSync(join(ROOT, 'dist/chunks')).map((f) => `chunks/${f}`)].filter(
      (f) => f.endsWith('.js'),
    );
    for (const file of widget) {
      const text = readFileSync(join(ROOT, 'dist', file), 'utf8');
      for (const marker of ['cashier-admin', 'Cashier operations', '/admin/api']) assert.ok(!text.includes(marker), `${file} contains ${marker}`);
    }
  });

  it('runs under its own Content-Security-Policy', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(`${admin}/admin`);
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
    await page.locator('cashier-admin #token').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  it('an operator finds the review transaction and resolves it, the merchant’s endpoint receives transaction.resolved, and the operator re-delivers it — keyboard only, axe-clean', async () => {
    const session = await standaloneSession('player-e2e-ops');
    const created = await fetch(`${server.api}/transactions`, {
      method: 'POST',
      headers: { authorization: session, 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify(payoneRequest({ amount: '25.00' })),
    });
    const { transactionId } = (await created.json()) as { transactionId: string };
    const hook = await fetch(`${server.api}/webhooks/mozarto`, {
      method: 'POST',
      headers: { authorization: `Bearer ${STANDALONE_WEBHOOK_SECRET}`, 'content-type': 'application/json' },
      body: JSON.stringify({ merchantReference: transactionId, transaction_status: 'Approved', amount: '2.50', currency: 'EUR', user_id: 'player-e2e-ops' }),
    });
    assert.equal(hook.status, 200);

    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${admin}/admin`);
    await page.waitForFunction(() => document.querySelector('cashier-admin')?.shadowRoot?.querySelector('#token') !== null);
    await eventually(async () => (/input#token/.test(await focused(page)) ? true : undefined), 5000, 'the token field to have focus');
    assert.deepEqual(await axeViolations(page), [], 'the sign-in is axe-clean');

    await page.keyboard.type('not-a-token');
    await page.keyboard.press('Enter');
    await page.locator('cashier-admin #token-error').waitFor();
    assert.match(await page.locator('cashier-admin #token-error').innerText(), /not an admin token/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(TOKEN);
    await page.keyboard.press('Enter');
    await eventually(async () => (/h2#queue-heading/.test(await focused(page)) ? true : undefined), 5000, 'the queue to have focus');
    assert.deepEqual(await axeViolations(page), [], 'the queue is axe-clean');

    await tabTo(page, new RegExp(`button ${transactionId}`));
    await page.keyboard.press('Enter');
    await eventually(async () => (/h2#detail-heading/.test(await focused(page)) ? true : undefined), 5000, 'the transaction to open');
    const detail = await page.locator('cashier-admin section[aria-labelledby="detail-heading"]').innerText();
    assert.match(detail, /review/);
    assert.match(detail, /amount: expected 25\.00/);
    assert.match(detail, /Webhook received/);
    assert.deepEqual(await axeViolations(page), [], 'the timeline and the resolve form are axe-clean');

    await tabTo(page, /select#resolve-status/);
    // approved is the first option; the operator keeps it.
    await tabTo(page, /textarea#resolve-reason/);
    await page.keyboard.type('Back office shows 25.00 EUR paid: the PSP misreported the amount');
    await tabTo(page, /button Resolve…/);
    await page.keyboard.press('Enter');
    await page.locator('cashier-admin dialog[open]').waitFor();
    assert.match(await page.locator('cashier-admin dialog').innerText(), new RegExp(`Resolve ${transactionId}\\?[\\s\\S]*From review to approved`));
    assert.deepEqual(await axeViolations(page), [], 'the confirmation is axe-clean');
    await tabTo(page, /button Confirm resolve/, 5);
    await page.keyboard.press('Enter');
    await page.locator('cashier-admin [role="status"]').filter({ hasText: 'resolved' }).waitFor();
    assert.match(await page.locator('cashier-admin [role="status"]').innerText(), new RegExp(`${transactionId} resolved: review to approved`));
    assert.match(await page.locator('cashier-admin section[aria-labelledby="detail-heading"]').innerText(), /Resolved by an operator[\s\S]*actor: olivia/);
    assert.match(await page.locator('cashier-admin section[aria-labelledby="queue-heading"]').innerText(), /Nothing needs attention/);

    // The merchant's endpoint receives the resolution, signed: verified with standardwebhooks.
    const resolvedAt = (r: (typeof merchant.received)[number]) => r.json?.type === 'transaction.resolved' && r.json?.data?.transactionId === transactionId;
    const resolved = await eventually(() => merchant.acknowledged().find(resolvedAt), 10_000, 'transaction.resolved at the merchant’s endpoint');
    assert.equal(resolved.verified, true, 'the signature verifies with the events secret');
    assert.equal(resolved.json.data.status, 'approved');
    assert.equal(resolved.json.data.reason, 'Back office shows 25.00 EUR paid: the PSP misreported the amount');
    const eventId = String(resolved.headers['webhook-id']);

    // The operator sends it again from the timeline: a reason, a confirmation, keyboard only.
    await tabTo(page, new RegExp(`button#redeliver-${eventId}`));
    await page.keyboard.press('Enter');
    await page.locator('cashier-admin dialog[open]').waitFor();
    assert.match(await page.locator('cashier-admin dialog').innerText(), /Re-deliver transaction\.resolved\?/);
    await eventually(async () => (/textarea#redeliver-reason/.test(await focused(page)) ? true : undefined), 5000, 'the reason to have focus');
    assert.deepEqual(await axeViolations(page), [], 'the re-delivery confirmation is axe-clean');
    await page.keyboard.type('The wallet lost it restoring a backup');
    await tabTo(page, /button Confirm re-delivery/, 5);
    await page.keyboard.press('Enter');
    await page.locator('cashier-admin [role="status"]').filter({ hasText: 'due again' }).waitFor();
    await eventually(() => (merchant.acknowledged().filter(resolvedAt).length === 2 ? true : undefined), 10_000, 'the event a second time');
    const again = merchant.acknowledged().filter(resolvedAt)[1]!;
    assert.equal(again.verified, true);
    assert.equal(again.headers['webhook-id'], eventId, 'the same event id: the merchant dedupes on it');
    assert.equal(again.body, resolved.body);
    await tabTo(page, /button#reload-detail/);
    await page.keyboard.press('Enter');
    await eventually(
      async () => {
        const text = await page.locator('cashier-admin section[aria-labelledby="detail-heading"]').innerText();
        return /Re-delivery asked by an operator[\s\S]*actor: olivia/.test(text) &&
          (text.match(new RegExp(`Delivery attempt.*eventId: ${eventId}`, 'g')) ?? []).length === 2
          ? true
          : undefined;
      },
      5000,
      'the re-delivery and both attempts in the timeline',
    );
    assert.deepEqual(await axeViolations(page), [], 'the timeline with its events is axe-clean');
    assert.deepEqual(errors, []);
    await context.close();

    // What the player now reads.
    const status = (await (await fetch(`${server.api}/transactions/${transactionId}`, { headers: { authorization: session } })).json()) as { status: string };
    assert.equal(status.status, 'approved');
  });
  it('from the queue’s events failing delivery to a re-delivered event, keyboard only and axe-clean', async () => {
    // The merchant's wallet refuses this transaction's events (31.00) until it is fixed.
    let refusing = true;
    merchant.reply = (r) => (refusing && r.json?.data?.amount === '31.00' ? { status: 503, body: 'wallet down' } : { status: 200 });
    try {
      const session = await standaloneSession('player-e2e-ops-2');
      const created = await fetch(`${server.api}/transactions`, {
        method: 'POST',
        headers: { authorization: session, 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify(payoneRequest({ amount: '31.00' })),
      });
      const { transactionId } = (await created.json()) as { transactionId: string };
      const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
      const failing = await eventually(
        async () => {
          const queue = (await (await fetch(`${admin}/admin/api/attention`, auth)).json()) as { failingEvents: { transactionId: string; eventId: string }[] };
          return queue.failingEvents.find((e) => e.transactionId === transactionId);
        },
        10_000,
        'the event failing delivery',
      );

      const context = await browser.newContext({ bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${admin}/admin`);
      await eventually(async () => (/input#token/.test(await focused(page)) ? true : undefined), 5000, 'the token field to have focus');
      await page.keyboard.type(TOKEN);
      await page.keyboard.press('Enter');
      await eventually(async () => (/h2#queue-heading/.test(await focused(page)) ? true : undefined), 5000, 'the queue to have focus');
      const queue = await page.locator('cashier-admin section[aria-labelledby="queue-heading"]').innerText();
      assert.match(queue, /1 event failing delivery/);
      assert.match(queue, new RegExp(`${transactionId}\\s+transaction\\.created\\s+failing`));
      assert.deepEqual(await axeViolations(page), [], 'the queue with its failing events is axe-clean');

      await tabTo(page, new RegExp(`button ${transactionId}`));
      await page.keyboard.press('Enter');
      await eventually(async () => (/h2#detail-heading/.test(await focused(page)) ? true : undefined), 5000, 'the transaction to open');
      assert.match(await page.locator('cashier-admin section[aria-labelledby="detail-heading"]').innerText(), /state: failing[\s\S]*statusCode: 503/);
      await tabTo(page, new RegExp(`button#redeliver-${failing.eventId}`));
      await page.keyboard.press('Enter');
      await eventually(async () => (/textarea#redeliver-reason/.test(await focused(page)) ? true : undefined), 5000, 'the reason to have focus');
      await page.keyboard.type('The wallet is back up');
      await tabTo(page, /button Confirm re-delivery/, 5);
      // The wallet is fixed as the operator confirms (a retry of its own may still beat the re-delivery).
      refusing = false;
      await page.keyboard.press('Enter');
      await page.locator('cashier-admin [role="status"]').filter({ hasText: 'due again' }).waitFor();
      const delivered = await eventually(
        () => merchant.acknowledged().find((r) => r.headers['webhook-id'] === failing.eventId),
        10_000,
        'the event acknowledged by the merchant',
      );
      assert.equal(delivered.verified, true);
      await tabTo(page, /button#reload-detail/);
      await page.keyboard.press('Enter');
      await eventually(
        async () => {
          const text = await page.locator('cashier-admin section[aria-labelledby="detail-heading"]').innerText();
          return /Re-delivery asked by an operator[\s\S]*actor: olivia/.test(text) && /state: delivered/.test(text) ? true : undefined;
        },
        5000,
        'the re-delivery and the delivered event in the timeline',
      );
      assert.deepEqual(await axeViolations(page), [], 'the timeline is axe-clean');
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      merchant.reply = () => ({ status: 200 });
    }
  });
});
