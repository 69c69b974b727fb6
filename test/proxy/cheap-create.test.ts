/**
 * Issue 17, "cheap per payment": what a create and a status poll cost the store, counted on the
 * store interface (the bench has the times). A create makes two durable writes — the insert
 * before Mozarto is called and the Idempotency-Key's completion after — the upstream answer
 * riding on the second (`durable: false`, store.ts WriteOptions); a poll of a settled
 * transaction reads the store once, then answers from memory; a JSON answer is written whole.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCashierProxy, createMemoryStore, type TransactionStore } from '../../src/proxy/index.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { COMPANY_TOKEN, USER_TOKEN_SECRET, WEBHOOK_SECRET, call, newKey, payoneRequest, startProxy, tempDir, userFromHeader } from './helpers.js';

/** Wraps a store and counts the calls by method; durable writes are those not marked `durable: false`. */
function counting(store: TransactionStore) {
  const calls: string[] = [];
  const wrapped = new Proxy(store, {
    get(target, prop: string) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const options = prop === 'updateTransaction' ? (args[2] as { durable?: boolean } | undefined) : undefined;
        calls.push(options?.durable === false ? `${prop}(relaxed)` : prop);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: wrapped, calls };
}

const DURABLE_WRITES = new Set([
  'insertTransaction',
  'updateTransaction',
  'completeIdempotencyKey',
  'releaseIdempotencyKey',
  'addWebhookEvent',
  'linkWebhookEvents',
  'claimOutcomeNotification',
  'completeOutcomeNotification',
]);

describe('a create costs two durable writes; a settled poll one read', () => {
  let sandbox: StartedSandbox;
  const dir = tempDir();
  before(async () => {
    sandbox = await startSandbox({ port: 0, companyToken: COMPANY_TOKEN, webhookSecret: WEBHOOK_SECRET });
  });
  after(async () => {
    await sandbox?.close();
    dir.remove();
  });

  /** An in-process proxy on `store`, in front of the sandbox. */
  const proxyOn = (store: TransactionStore) =>
    createCashierProxy({
      upstreamUrl: sandbox.url,
      companyToken: COMPANY_TOKEN,
      userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      getUser: userFromHeader,
      store,
      logger: { log() {} },
    });

  it('creates with exactly two durable writes: the insert before the call, the key after', async () => {
    const { store, calls } = counting(createMemoryStore());
    const proxy = proxyOn(store);
    const res = await proxy.handle(
      new Request('http://shop.example/api/cashier/transactions', {
        method: 'POST',
        headers: { 'x-test-user': 'alice', 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify(payoneRequest()),
      }),
    );
    assert.equal(res.status, 201, await res.clone().text());
    const durable = calls.filter((c) => DURABLE_WRITES.has(c));
    assert.deepEqual(durable, ['insertTransaction', 'completeIdempotencyKey'], calls.join(', '));
    assert.ok(calls.includes('updateTransaction(relaxed)'), 'the upstream answer is stored, riding on the completion');
    assert.ok(calls.indexOf('updateTransaction(relaxed)') < calls.indexOf('completeIdempotencyKey'));
    await proxy.close();
  });

  it('reads a settled transaction from the store once, however often it is polled', async () => {
    const { store, calls } = counting(createMemoryStore());
    const proxy = proxyOn(store);
    const tx = await store.insertTransaction({
      id: 'tx_0123456789abcdef01234567',
      userId: 'user-alice',
      pspType: 'PAYONE',
      flow: 'payin',
      amount: '10.00',
      currency: 'EUR',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    const poll = async (user = 'alice') => {
      const res = await proxy.handle(new Request(`http://shop.example/api/cashier/transactions/${tx.id}`, { headers: { 'x-test-user': user } }));
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    assert.equal((await poll()).body.status, 'pending');
    assert.equal((await poll()).body.status, 'pending');
    const pendingReads = calls.filter((c) => c === 'getTransaction').length;
    assert.equal(pendingReads, 2, 'a pending transaction is read every time (it may change)');
    await store.updateTransaction(tx.id, { status: 'approved', upstreamId: 'up-1', message: 'Paid', updatedAt: '2026-01-01T00:01:00.000Z' });
    const first = await poll();
    for (let i = 0; i < 5; i++) assert.deepEqual(await poll(), first);
    assert.equal(first.body.status, 'approved');
    assert.equal(calls.filter((c) => c === 'getTransaction').length, pendingReads + 1, 'approved: read once, then from memory');
    assert.equal((await poll('bob')).status, 404, 'the cache keeps the owner check');
    // A duplicate final webhook changes nothing, updatedAt included: the cached answer stays exact.
    await store.updateTransaction(tx.id, { status: 'approved', message: 'Again', updatedAt: '2026-01-02T00:00:00.000Z' });
    assert.equal((await store.getTransaction(tx.id))?.updatedAt, first.body.updatedAt);
    await proxy.close();
  });

  it('writes a JSON answer whole, with its Content-Length', async () => {
    const proxy = await startProxy(`${dir.path}/length.db`, { upstreamUrl: sandbox.url });
    try {
      const res = await fetch(`${proxy.api}/config`, { headers: { 'x-test-user': 'alice' } });
      const text = await res.text();
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-length'), String(Buffer.byteLength(text)));
      assert.equal(res.headers.get('transfer-encoding'), null);
      void call;
    } finally {
      await proxy.close();
    }
  });
});
