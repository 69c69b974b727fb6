/**
 * The proxy against the real sandbox over HTTP, as it runs against Mozarto: pay-in through the
 * hosted page, pay-outs settled by webhook, the store surviving a restart, and Mozarto's refusals.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { COMPANY_TOKEN, WEBHOOK_SECRET, call, eventually, newKey, payoneRequest, startProxy, tempDir, type StartedProxy } from './helpers.js';

const dir = tempDir();
const DB = join(dir.path, 'data', 'cashier.db');
let sandbox: StartedSandbox;
let proxy: StartedProxy;

async function restartProxy(overrides: Partial<Parameters<typeof startProxy>[1]> = {}): Promise<void> {
  await proxy?.close();
  proxy = await startProxy(DB, { upstreamUrl: sandbox.url, ...overrides });
  sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
}

before(async () => {
  sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 50, companyToken: COMPANY_TOKEN, siteUrl: 'http://localhost/return' });
  await restartProxy();
});

after(async () => {
  await proxy?.close();
  await sandbox?.close();
  dir.remove();
});

const create = (body: unknown, user: 'alice' | 'bob' = 'alice') => call(`${proxy.api}/transactions`, { body, key: newKey(), user });
const status = (id: string, user: 'alice' | 'bob' = 'alice') => call(`${proxy.api}/transactions/${id}`, { user });

/** Waits until the proxy reports `expected` for the transaction. */
function settlesTo(id: string, expected: string) {
  return eventually(
    async () => {
      const res = await status(id);
      return res.body?.status === expected ? res.body : undefined;
    },
    5000,
    `${id} to become ${expected}`,
  );
}

describe('Payone through the sandbox', () => {
  it('pay-in: 201 with the hosted page, Approve → webhook → approved', async () => {
    const res = await create(payoneRequest({ amount: '25.00' }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'redirect');
    assert.equal(res.body.status, 'pending');
    assert.ok(res.body.redirectUrl.startsWith(`${sandbox.url}/hpp/`), res.body.redirectUrl);

    const page = await fetch(res.body.redirectUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /25\.00/);

    const decision = await fetch(res.body.redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
      redirect: 'manual',
    });
    assert.ok(decision.status === 303 || decision.status === 200, String(decision.status));
    const body = await settlesTo(res.body.transactionId, 'approved');
    assert.equal(body.type, 'payin');
    assert.equal(body.amount, '25.00');
    assert.ok(body.message);
  });

  it('pay-in: Decline on the hosted page → declined', async () => {
    const res = await create(payoneRequest({ amount: '30.00', currency: 'CAD' }));
    assert.equal(res.status, 201);
    await fetch(res.body.redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=decline',
      redirect: 'manual',
    });
    await settlesTo(res.body.transactionId, 'declined');
  });

  it('pay-out: pending, then approved by webhook', async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '10.00' }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'await');
    assert.equal(res.body.redirectUrl, undefined);
    await settlesTo(res.body.transactionId, 'approved');
  });

  it('pay-out: declined by webhook (amount ending .13)', async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '10.13' }));
    assert.equal(res.status, 201);
    await settlesTo(res.body.transactionId, 'declined');
  });

  it('keeps a final status when the back office re-sends and settles again', async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '20.00' }));
    await settlesTo(res.body.transactionId, 'approved');
    const tx = await proxy.store.getTransaction(res.body.transactionId);
    const upstreamId = tx!.upstreamId!;
    // A duplicate delivery, then an out-of-order Declined.
    assert.equal((await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/webhook`, { method: 'POST' })).status, 200);
    const settle = await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/settle`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ transaction_status: 'Declined' }),
    });
    await settle.arrayBuffer();
    const events = await eventually(async () => {
      const list = await proxy.store.listWebhookEvents(res.body.transactionId);
      return list.length >= 2 ? list : undefined;
    });
    assert.ok(events.length >= 2);
    assert.equal((await status(res.body.transactionId)).body.status, 'approved');
  });

  it("does not show one user's transaction to another", async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '11.00' }));
    const other = await status(res.body.transactionId, 'bob');
    assert.equal(other.status, 404);
    assert.equal(other.body.error.code, 'not_found');
  });

  // Issue 13 rule 2: a 500 proves nothing, so the outcome is unknown (was: 502 upstream_error, retryable).
  it('sandbox 500 (amount .98) → 202 unknown, the key stays bound', async () => {
    const res = await create(payoneRequest({ amount: '5.98' }));
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.status, 'unknown');
    assert.equal(res.body.outcome, 'await');
  });

  it('sandbox PSP_UNAVAILABLE (amount .97) → psp_unavailable, retryable', async () => {
    const res = await create(payoneRequest({ amount: '5.97' }));
    assert.equal(res.status, 502);
    assert.equal(res.body.error.code, 'psp_unavailable');
    assert.equal(res.body.error.retryable, true);
  });

  it('a PSP the sandbox has not configured → psp_not_configured', async () => {
    sandbox.sandbox.configure({ enabledPsps: [] });
    try {
      const res = await create(payoneRequest());
      assert.equal(res.body.error?.code, 'psp_not_configured', JSON.stringify(res.body));
    } finally {
      sandbox.sandbox.configure({ enabledPsps: ['PAYONE'] });
    }
  });

  it('a wrong company token → upstream_unauthorized, not retryable', async () => {
    await restartProxy({ companyToken: 'wrong-company-token' });
    try {
      const res = await create(payoneRequest());
      assert.equal(res.status, 502);
      assert.equal(res.body.error.code, 'upstream_unauthorized');
      assert.equal(res.body.error.retryable, false);
      assert.match(res.body.error.message, /company token/);
    } finally {
      await restartProxy();
    }
  });

  it('a wrong webhook secret on the sandbox side changes nothing', async () => {
    sandbox.sandbox.configure({ webhookSecret: 'not-the-secret', webhookRetries: 0 });
    try {
      const res = await create(payoneRequest({ type: 'payout', amount: '12.00' }));
      assert.equal(res.status, 201);
      const upstreamId = (await proxy.store.getTransaction(res.body.transactionId))!.upstreamId!;
      const delivery = await eventually(() => sandbox.sandbox.webhookLog().find((d) => d.transactionId === upstreamId));
      assert.equal(delivery.httpStatus, 401);
      assert.equal((await status(res.body.transactionId)).body.status, 'pending');
    } finally {
      sandbox.sandbox.configure({ webhookSecret: WEBHOOK_SECRET, webhookRetries: 3 });
    }
  });
});

describe('restart', () => {
  it('reopening the same database file finds every transaction with its status', async () => {
    const approved = await create(payoneRequest({ type: 'payout', amount: '40.00' }));
    const declined = await create(payoneRequest({ type: 'payout', amount: '40.13' }));
    const waiting = await create(payoneRequest({ amount: '41.00' }));
    const key = newKey();
    const keyed = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '42.00' }), key });
    await settlesTo(approved.body.transactionId, 'approved');
    await settlesTo(declined.body.transactionId, 'declined');
    await settlesTo(keyed.body.transactionId, 'approved');
    const before = await status(waiting.body.transactionId);

    await restartProxy(); // closes the HTTP server and the store, opens both anew on the same file

    assert.equal((await status(approved.body.transactionId)).body.status, 'approved');
    assert.equal((await status(declined.body.transactionId)).body.status, 'declined');
    const after = await status(waiting.body.transactionId);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body, before.body);
    // The idempotency key survives too: a replay creates nothing new.
    const count = sandbox.sandbox.transactions().length;
    const replay = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '42.00' }), key });
    assert.deepEqual(replay.body, keyed.body);
    assert.equal(sandbox.sandbox.transactions().length, count);

    // And the pay-in still completes through the new proxy.
    await fetch(waiting.body.redirectUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'decision=approve',
      redirect: 'manual',
    });
    await settlesTo(waiting.body.transactionId, 'approved');
  });
});
