/**
 * Issue 24, a create never invites a second payment (src/proxy/routes/create-transaction.ts,
 * idempotency.ts, write-behind.ts, recovery-sweep.ts), with a store that fails on command and a
 * counting fake Mozarto:
 *
 * - the store fails after Mozarto took the request: the player still gets the transaction id and
 *   Mozarto's status (never a retryable error), the answer lands once the store is back, and the
 *   key replays it without a second call;
 * - the store fails before anything was sent: a retryable 503, and the key is free again;
 * - a reservation left by a request that died: with nothing stored under it, the next request
 *   with the key runs; with a transaction under it, the key answers that transaction as `unknown`
 *   and never calls Mozarto again;
 * - the recovery sweep moves a transaction whose answer was never stored to `unknown`, through
 *   the write path (an open event stream hears it).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createCashierProxy,
  createMemoryStore,
  type CashierProxy,
  type ProxyOptions,
  type StoredTransaction,
  type TransactionStore,
} from '../../src/proxy/index.js';
import {
  ALICE,
  COMPANY_TOKEN,
  USER_TOKEN_SECRET,
  WEBHOOK_SECRET,
  captureLogger,
  eventually,
  newKey,
  payoneRequest,
  payoneSuccess,
  startFakeUpstream,
  type FakeUpstream,
} from './helpers.js';
import { bodyHash, bodyHashKey } from '../../src/proxy/idempotency.js';

/** A memory store whose writes (or every call) fail while `failing` says so. */
function flakyStore() {
  const store = createMemoryStore();
  const state = { failing: 'none' as 'none' | 'writes' | 'all' };
  const WRITES = new Set(['insertTransaction', 'updateTransaction', 'completeIdempotencyKey', 'releaseIdempotencyKey', 'addWebhookEvent']);
  const flaky = new Proxy(store, {
    get(target, name: string) {
      const value = (target as unknown as Record<string, unknown>)[name];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (state.failing === 'all' || (state.failing === 'writes' && WRITES.has(name))) return Promise.reject(new Error('connection refused (test)'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as TransactionStore & { close(): void };
  return { store: flaky, raw: store, state };
}

let upstream: FakeUpstream;
let seq = 0;
before(async () => {
  upstream = await startFakeUpstream();
});
after(() => upstream.close());
beforeEach(() => {
  upstream.calls.length = 0;
  upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: `up-${++seq}`, status: 'PENDING' }) });
});

function proxyOn(store: TransactionStore, extra: Partial<ProxyOptions> = {}): CashierProxy & { logger: ReturnType<typeof captureLogger> } {
  const logger = captureLogger();
  const proxy = createCashierProxy({
    upstreamUrl: upstream.url,
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: () => ALICE,
    store,
    logger,
    rateLimit: false,
    upstreamTimeoutMs: 2000,
    ...extra,
  });
  return Object.assign(proxy, { logger });
}

async function create(proxy: CashierProxy, key: string, body = payoneRequest()) {
  const response = await proxy.handle(
    new Request('http://127.0.0.1/api/cashier/transactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', body: (await response.json()) as Record<string, any> };
}

describe('the store fails after Mozarto took the request', () => {
  it('answers the transaction id and Mozarto’s status, writes it when the store is back, replays it, one call', async () => {
    const { store, raw, state } = flakyStore();
    const proxy = proxyOn(store);
    const key = newKey();
    upstream.reply = () => {
      state.failing = 'writes'; // the database goes down while Mozarto answers
      return { status: 200, body: payoneSuccess({ transactionId: 'up-late', status: 'PENDING' }) };
    };
    const first = await create(proxy, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.status, 'pending');
    assert.match(first.body.transactionId, /^tx_/);
    assert.equal((await raw.getTransaction(first.body.transactionId))?.upstreamId, null, 'not stored yet');
    // Meanwhile a retry of the same attempt is told to wait, with the same key.
    const meanwhile = await create(proxy, key);
    assert.ok(meanwhile.status === 409 ? meanwhile.body.error.retryable === true : meanwhile.status === 201, JSON.stringify(meanwhile));

    state.failing = 'none';
    const stored = await eventually(async () => {
      const tx = await raw.getTransaction(first.body.transactionId);
      return tx?.upstreamId === 'up-late' ? tx : undefined;
    }, 5000);
    assert.equal(stored.outcome, 'redirect');
    const replay = await eventually(async () => {
      const again = await create(proxy, key);
      return again.status === 201 ? again : undefined;
    }, 5000);
    assert.equal(replay.replayed, true);
    assert.equal(replay.body.transactionId, first.body.transactionId);
    assert.equal(upstream.calls.length, 1, 'Mozarto was called once');
    assert.match(proxy.logger.text(), /kept store write landed/);
    await proxy.close();
  });

  it('a timeout while the store is down is still 202 unknown, never a retryable error', async () => {
    const { store, raw, state } = flakyStore();
    const proxy = proxyOn(store, { upstreamTimeoutMs: 300 });
    upstream.reply = () => {
      state.failing = 'writes';
      return { status: 200, body: payoneSuccess(), delayMs: 1000 };
    };
    const first = await create(proxy, newKey());
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.equal(first.body.status, 'unknown');
    state.failing = 'none';
    await eventually(async () => ((await raw.getTransaction(first.body.transactionId))?.status === 'unknown' ? true : undefined), 5000);
    await proxy.close();
  });
});

describe('the store fails before anything was sent', () => {
  it('is a retryable 503, Mozarto hears nothing, and the key runs again once the store is back', async () => {
    const { store, state } = flakyStore();
    const proxy = proxyOn(store);
    const key = newKey();
    const original = store.insertTransaction.bind(store);
    let failInsert = true;
    (store as { insertTransaction: TransactionStore['insertTransaction'] }).insertTransaction = (tx) => {
      if (!failInsert) return original(tx);
      state.failing = 'writes'; // and the release after it fails too
      return Promise.reject(new Error('connection refused (test)'));
    };
    const refused = await create(proxy, key);
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'internal');
    assert.equal(refused.body.error.retryable, true);
    assert.equal(upstream.calls.length, 0);
    failInsert = false;
    state.failing = 'none';
    const again = await eventually(async () => {
      const r = await create(proxy, key);
      return r.status === 201 ? r : undefined;
    }, 5000);
    assert.equal(again.replayed, false, 'it ran: the key was released, not stuck "in progress"');
    assert.equal(upstream.calls.length, 1);
    await proxy.close();
  });
});

describe('the store fails while the key is reserved', () => {
  it('is the same retryable 503, Mozarto hears nothing, and the key runs once the store is back', async () => {
    const { store, state } = flakyStore();
    const proxy = proxyOn(store);
    const key = newKey();
    state.failing = 'all';
    const refused = await create(proxy, key);
    assert.equal(refused.status, 503);
    assert.equal(refused.body.error.code, 'internal');
    assert.equal(refused.body.error.retryable, true);
    assert.match(refused.body.error.message, /nothing was sent/);
    assert.equal(upstream.calls.length, 0);
    state.failing = 'none';
    const again = await create(proxy, key);
    assert.equal(again.status, 201);
    assert.equal(upstream.calls.length, 1);
    await proxy.close();
  });
});

/** The body's hash as the guard stores it (the default key: derived from the company token). */
const hashOf = async (body: unknown) => bodyHash(body, await bodyHashKey(`company-token:${COMPANY_TOKEN}`));

describe('a reservation left by a request that died', () => {
  const STALE_MS = 7000;
  let clockSkew = 0;
  const now = () => new Date(Date.now() + clockSkew);
  beforeEach(() => (clockSkew = 0));

  it('with nothing stored under it: past the stale limit the key is taken over and runs', async () => {
    const raw = createMemoryStore();
    const proxy = proxyOn(raw, { staleAfterMs: STALE_MS, now });
    const body = payoneRequest();
    // What a process that died after reserving, before its insert, leaves: a bare reservation.
    const dead = newKey();
    await raw.reserveIdempotencyKey(ALICE.id, dead, await hashOf(body), now().toISOString());

    const fresh = await create(proxy, dead, body);
    assert.equal(fresh.status, 409, 'fresh: still in progress');
    assert.equal(fresh.body.error.retryable, true);
    clockSkew = STALE_MS + 1000;
    const taken = await create(proxy, dead, body);
    assert.equal(taken.status, 201, JSON.stringify(taken.body));
    assert.equal(taken.replayed, false);
    assert.equal(upstream.calls.length, 1, 'it ran once');
    await proxy.close();
  });

  it('with a transaction under it: the key answers that transaction as unknown and never calls Mozarto again', async () => {
    const raw = createMemoryStore();
    const proxy = proxyOn(raw, { staleAfterMs: STALE_MS, now });
    const body = payoneRequest({ amount: '55.00' });
    const hash = await hashOf(body);
    // A process that reserved, stored its transaction, sent it, and died.
    const key = newKey();
    const reservedAt = now().toISOString();
    await raw.reserveIdempotencyKey(ALICE.id, key, hash, reservedAt);
    const tx = await raw.insertTransaction({
      id: 'tx_0123456789abcdef01234567',
      userId: ALICE.id,
      pspType: 'PAYONE',
      flow: 'payin',
      amount: '55.00',
      currency: 'EUR',
      createdAt: reservedAt,
      idempotencyKey: key,
    });
    upstream.calls.length = 0;
    clockSkew = STALE_MS + 1000;
    const answer = await create(proxy, key, body);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, { transactionId: tx.id, status: 'unknown', outcome: 'await' });
    const again = await create(proxy, key, body);
    assert.equal(again.replayed, true);
    assert.equal(again.body.transactionId, tx.id);
    assert.equal(upstream.calls.length, 0, 'Mozarto is never called for it again');
    await proxy.close();
  });
});

describe('the recovery sweep', () => {
  it('moves a transaction whose answer was never stored to unknown past the stale limit; its stream hears it', async () => {
    const raw = createMemoryStore();
    let clockSkew = 0;
    const proxy = proxyOn(raw, { staleAfterMs: 7000, now: () => new Date(Date.now() + clockSkew) });
    const stranded: StoredTransaction = await raw.insertTransaction({
      id: 'tx_aaaaaaaaaaaaaaaaaaaaaaaa',
      userId: ALICE.id,
      pspType: 'PAYONE',
      flow: 'payout',
      amount: '250.00',
      currency: 'EUR',
      createdAt: new Date().toISOString(),
    });
    const stream = await proxy.handle(
      new Request(`http://127.0.0.1/api/cashier/transactions/${stranded.id}/events`, { headers: { accept: 'text/event-stream' } }),
    );
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    assert.match((await reader.read()).value!, /"status":"pending"/);
    // Not yet stale: the first sweep leaves it alone.
    await new Promise((r) => setTimeout(r, 1300));
    assert.equal((await raw.getTransaction(stranded.id))?.status, 'pending');
    clockSkew = 8000;
    const moved = await eventually(async () => {
      const tx = await raw.getTransaction(stranded.id);
      return tx?.status === 'unknown' ? tx : undefined;
    }, 10_000);
    assert.equal(moved.outcome, 'await');
    assert.equal(moved.errorCode, 'interrupted');
    assert.match((await reader.read()).value!, /"status":"unknown"/);
    assert.match(proxy.logger.text(), /recovery sweep/);
    await reader.cancel();
    await proxy.close();
  });
});
