/**
 * `proxy.readiness()` and `proxy.drain()` as a library user calls them (src/proxy/readiness.ts,
 * drain.ts): ready with a working store; not ready while the store fails a read or a shared
 * notifier says it is not connected; a drain makes it not ready at once, ends the open event
 * streams with a reconnect hint (no event), answers a stream opened afterwards with the hint
 * alone, and waits for a create in flight.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCashierProxy, createMemoryStore, InProcessNotifier, type TransactionNotifier, type TransactionStore } from '../../src/proxy/index.js';
import {
  ALICE,
  COMPANY_TOKEN,
  USER_TOKEN_SECRET,
  WEBHOOK_SECRET,
  newKey,
  payoneRequest,
  payoneSuccess,
  startFakeUpstream,
  type FakeUpstream,
} from './helpers.js';

let upstream: FakeUpstream;
before(async () => {
  upstream = await startFakeUpstream();
});
after(() => upstream.close());

function proxyOn(store: TransactionStore, notifier: TransactionNotifier = new InProcessNotifier()) {
  return createCashierProxy({
    upstreamUrl: upstream.url,
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: () => ALICE,
    store,
    notifier,
    logger: { log: () => {} },
    rateLimit: false,
  });
}

const create = (proxy: ReturnType<typeof proxyOn>, key = newKey()) =>
  proxy.handle(
    new Request('http://127.0.0.1/api/cashier/transactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(payoneRequest()),
    }),
  );

describe('readiness', () => {
  it('is ready on a working store and in-process notifier', async () => {
    const proxy = proxyOn(createMemoryStore());
    assert.deepEqual(await proxy.readiness(), { ready: true, draining: false, store: 'ok', notifier: 'ok' });
    await proxy.close();
  });

  it('is not ready while the store fails a read, and ready again once it answers', async () => {
    const store = createMemoryStore();
    let failing = true;
    const flaky: TransactionStore = Object.create(store) as TransactionStore;
    flaky.getTransaction = (id) => (failing ? Promise.reject(new Error('connection refused')) : store.getTransaction(id));
    const proxy = proxyOn(flaky);
    assert.deepEqual(await proxy.readiness(), { ready: false, draining: false, store: 'failing', notifier: 'ok' });
    failing = false;
    await new Promise((r) => setTimeout(r, 600)); // past the moment one probe's answer is reused
    assert.equal((await proxy.readiness()).ready, true);
    await proxy.close();
  });

  it('is not ready while a shared notifier is not connected', async () => {
    const local = new InProcessNotifier();
    const notifier: TransactionNotifier = { publish: (tx) => local.publish(tx), subscribe: (id, l) => local.subscribe(id, l), connected: false };
    const proxy = proxyOn(createMemoryStore(), notifier);
    assert.deepEqual(await proxy.readiness(), { ready: false, draining: false, store: 'ok', notifier: 'lost' });
    await proxy.close();
  });
});

describe('drain', () => {
  it('not ready at once; streams end with a reconnect hint; a create in flight is waited for', async () => {
    const proxy = proxyOn(createMemoryStore());
    upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: `up-${newKey()}` }) });
    const first = (await (await create(proxy)).json()) as { transactionId: string };
    const stream = await proxy.handle(
      new Request(`http://127.0.0.1/api/cashier/transactions/${first.transactionId}/events`, { headers: { accept: 'text/event-stream' } }),
    );
    const text = stream.text();
    upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: `up-${newKey()}` }), delayMs: 300 });
    const inFlight = create(proxy);
    await new Promise((r) => setTimeout(r, 50));
    let drained = false;
    const draining = proxy.drain().then((ok) => (drained = ok));
    assert.equal((await proxy.readiness()).draining, true);
    assert.equal((await proxy.readiness()).ready, false);
    assert.match(await text, /^event: status\n[^]*\n\nretry: 1000\n\n$/);
    assert.equal(drained, false, 'still waiting for the create');
    assert.equal((await inFlight).status, 201);
    assert.equal(await draining, true);
    const late = await proxy.handle(
      new Request(`http://127.0.0.1/api/cashier/transactions/${first.transactionId}/events`, { headers: { accept: 'text/event-stream' } }),
    );
    assert.equal(await late.text(), 'retry: 1000\n\n', 'a stream opened while draining gets the hint alone');
    await proxy.close();
  });
});
