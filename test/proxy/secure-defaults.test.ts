/**
 * Issue 13, rule 1 "Secure by default": what a merchant gets by leaving options out.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createCashierProxy, openSqliteStore } from '../../src/proxy/index.js';
import { ALICE, WEBHOOK_SECRET, call, captureLogger, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, type FakeUpstream } from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  dir.remove();
});

describe('secure defaults (issue 13 rule 1)', () => {
  it('refuses to start without webhookSecret unless acceptUnsignedWebhooks says so, and then warns', () => {
    const store = openSqliteStore(join(dir.path, 'start.db'));
    const base = { upstreamUrl: upstream.url, companyToken: 't', userContext: { mode: 'token' as const, secret: 's' }, getUser: () => ALICE, store };
    assert.throws(() => createCashierProxy({ ...base, logger: captureLogger() }), /webhookSecret is required.*acceptUnsignedWebhooks/);
    const logger = captureLogger();
    assert.doesNotThrow(() => createCashierProxy({ ...base, acceptUnsignedWebhooks: true, logger }));
    const warning = logger.entries.find((e) => e.level === 'warn' && /acceptUnsignedWebhooks/.test(e.msg));
    assert.ok(warning, 'a warning at start names the option');
    const quiet = captureLogger();
    // The secure configuration asks the merchant before a pay-out (issue 23 rule 2).
    createCashierProxy({ ...base, webhookSecret: WEBHOOK_SECRET, redirectHosts: { '*': ['pay.example'] }, authorize: () => ({ ok: true }), logger: quiet });
    assert.deepEqual(
      quiet.entries.filter((e) => e.level === 'warn').map((e) => e.msg),
      [],
      'the secure configuration warns about nothing',
    );
    store.close();
  });

  it('the webhook route takes only application/json, even with the right secret', async () => {
    const proxy = await startProxy(join(dir.path, 'ct.db'), { upstreamUrl: upstream.url });
    try {
      upstream.reply = () => ({
        status: 200,
        body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'up-ct', transaction_status: 'Pending' } }),
      });
      const created = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.transactionId as string;
      const payload = JSON.stringify({ transaction_id: 'up-ct', merchantReference: id, transaction_status: 'Approved', amount: '10.00', user_id: ALICE.id });
      const plain = await call(`${proxy.api}/webhooks/mozarto`, {
        user: null,
        raw: payload,
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${WEBHOOK_SECRET}` },
      });
      assert.equal(plain.status, 415, JSON.stringify(plain.body));
      assert.equal((await proxy.store.getTransaction(id))?.status, 'pending', 'a text/plain webhook changes nothing');
    } finally {
      await proxy.close();
    }
  });

  it('an unsigned text/plain webhook from a cross-site page cannot approve a deposit with acceptUnsignedWebhooks either', async () => {
    const proxy = await startProxy(join(dir.path, 'unsigned.db'), { upstreamUrl: upstream.url, webhookSecret: undefined, acceptUnsignedWebhooks: true });
    try {
      upstream.reply = () => ({
        status: 200,
        body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'up-u', transaction_status: 'Pending' } }),
      });
      const created = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      const id = created.body.transactionId as string;
      const res = await call(`${proxy.api}/webhooks/mozarto`, {
        user: null,
        raw: JSON.stringify({ transaction_id: 'up-u', merchantReference: id, transaction_status: 'Approved' }),
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      });
      assert.equal(res.status, 415);
      assert.equal((await proxy.store.getTransaction(id))?.status, 'pending');
    } finally {
      await proxy.close();
    }
  });

  it('with no allowedOrigins only the request’s own origin may call the browser routes', async () => {
    const proxy = await startProxy(join(dir.path, 'origin.db'), { upstreamUrl: upstream.url });
    try {
      const own = new URL(proxy.url).origin;
      const same = await call(`${proxy.api}/config`, { headers: { origin: own } });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      assert.equal(same.headers.get('access-control-allow-origin'), null, 'same origin needs no CORS grant');
      const other = await call(`${proxy.api}/config`, { headers: { origin: 'https://evil.example' } });
      assert.equal(other.status, 403);
      assert.equal(other.body.error.code, 'forbidden_origin');
      const otherPort = await call(`${proxy.api}/transactions`, { body: payoneRequest(), key: newKey(), headers: { origin: own.replace(/:\d+$/, ':1') } });
      assert.equal(otherPort.status, 403, 'another port is another origin');
      const otherScheme = await call(`${proxy.api}/config`, { headers: { origin: own.replace('http:', 'https:') } });
      assert.equal(otherScheme.status, 403, 'another scheme is another origin');
      const noOrigin = await call(`${proxy.api}/config`);
      assert.equal(noOrigin.status, 200, 'no Origin header (same-origin GET, server-side caller) passes');
    } finally {
      await proxy.close();
    }
  });

  it('allowAnyOrigin is the named way to let every origin in, and it warns', async () => {
    const proxy = await startProxy(join(dir.path, 'any.db'), { upstreamUrl: upstream.url, allowAnyOrigin: true });
    try {
      const res = await call(`${proxy.api}/config`, { headers: { origin: 'https://anywhere.example' } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://anywhere.example');
      assert.ok(proxy.logger.entries.some((e) => e.level === 'warn' && /allowAnyOrigin/.test(e.msg)));
    } finally {
      await proxy.close();
    }
  });
});
