/**
 * Issue 23 rule 1, events to the merchant's backend (docs/adr/0018): every status change is an
 * event written with it, signed per Standard Webhooks (verified here with the `standardwebhooks`
 * package, as a Node merchant would), delivered at least once and in order per transaction,
 * retried with the same id and body while the endpoint fails, times out or is gone, every
 * attempt recorded, and never in the way of the requests. Against a real HTTP endpoint
 * (merchant-endpoint.ts) and a scripted Mozarto; the standalone server over a real outage is
 * test/standalone/merchant-backend.test.ts.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createCashierProxy, createMemoryStore, openSqliteStore, ProxyConfigError, type ProxyOptions, type StoredTransaction } from '../../src/proxy/index.js';
import { retryDelayMs } from '../../src/proxy/merchant/delivery.js';
import { EVENTS_SECRET, startMerchantEndpoint, type MerchantEndpoint } from './merchant-endpoint.js';
import {
  COMPANY_TOKEN,
  USER_TOKEN_SECRET,
  WEBHOOK_SECRET,
  call,
  eventually,
  newKey,
  payoneRequest,
  startFakeUpstream,
  startProxy,
  tempDir,
  userFromHeader,
  type FakeUpstream,
  type StartedProxy,
} from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
let endpoint: MerchantEndpoint;
let proxy: StartedProxy | undefined;
let n = 0;

before(async () => {
  upstream = await startFakeUpstream();
  upstream.reply = () => ({
    status: 200,
    body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: `ev-${++n}`, transaction_status: 'Pending' } }),
  });
  endpoint = await startMerchantEndpoint();
});
after(async () => {
  await endpoint.close();
  await upstream.close();
  dir.remove();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  endpoint.reply = () => ({ status: 200 });
  await endpoint.up();
});

async function withEvents(events: ProxyOptions['events'] = {}, extra: Partial<ProxyOptions> = {}): Promise<StartedProxy> {
  proxy = await startProxy(join(dir.path, `events-${++n}.db`), {
    upstreamUrl: upstream.url,
    events: { urls: [endpoint.url], secret: EVENTS_SECRET, ...events },
    ...extra,
  });
  return proxy;
}

/** A 100.00 EUR Payone pay-out with a 2.00 fee, created; Mozarto's id is `ev-<n>`. */
async function payout(p: StartedProxy): Promise<{ id: string; upstreamId: string }> {
  const res = await call(`${p.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '100.00' }), key: newKey() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.transactionId, upstreamId: `ev-${n}` };
}

/** Mozarto's webhook for the transaction, with the amount it was asked to move. */
const settle = async (p: StartedProxy, tx: { id: string; upstreamId: string }, status = 'Approved') => {
  const { total } = (await p.store.getTransaction(tx.id))!;
  const body = { transaction_id: tx.upstreamId, merchantReference: tx.id, user_id: 'user-alice', transaction_status: status, status: 'x', amount: total };
  const res = await call(`${p.api}/webhooks/mozarto`, { user: null, body, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } });
  assert.equal(res.status, 200);
};

const eventsOf = (id: string) => endpoint.received.filter((r) => r.json?.data?.transactionId === id);

describe('events to the merchant’s backend', () => {
  it('signed per Standard Webhooks, in order, each figure of the transaction, the same event id on every endpoint', async () => {
    const p = await withEvents({}, { fees: { methods: { PAYONE: { fixed: '2.00' } } } });
    const tx = await payout(p);
    await settle(p, tx);
    const got = await eventually(() => {
      const seen = eventsOf(tx.id).filter((r) => r.status === 200);
      return seen.length === 2 ? seen : undefined;
    });
    assert.deepEqual(
      got.map((r) => [r.json.type, r.verified, r.headers['content-type']]),
      [
        ['transaction.created', true, 'application/json'],
        ['transaction.approved', true, 'application/json'],
      ],
    );
    const [created, approved] = got;
    assert.match(String(approved!.headers['webhook-id']), /^evt_[0-9a-f]{24}$/);
    assert.notEqual(created!.headers['webhook-id'], approved!.headers['webhook-id']);
    assert.ok(Math.abs(Number(approved!.headers['webhook-timestamp']) - Date.now() / 1000) < 60, 'the attempt’s own time, in Unix seconds');
    const { data, timestamp } = approved!.json;
    assert.deepEqual(
      { ...data, createdAt: typeof data.createdAt, updatedAt: typeof data.updatedAt },
      {
        transactionId: tx.id,
        userId: 'user-alice',
        flow: 'payout',
        pspType: 'PAYONE',
        amount: '100.00',
        fee: '2.00',
        total: '98.00',
        currency: 'EUR',
        status: 'approved',
        upstreamId: tx.upstreamId,
        merchantReference: tx.id,
        createdAt: 'string',
        updatedAt: 'string',
      },
    );
    assert.equal(timestamp, data.updatedAt);
    assert.equal(created!.json.data.status, 'pending');
    // Every attempt is recorded, with its answer and its time.
    const [row] = (await p.store.listEvents(tx.id)).filter((e) => e.type === 'transaction.approved');
    assert.ok(row!.deliveredAt);
    const attempts = await p.store.listEventAttempts(row!.eventId);
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.statusCode, a.error, a.endpoint]),
      [[1, 200, null, endpoint.url]],
    );
    assert.ok(attempts[0]!.durationMs >= 0 && /^inst_[0-9a-f]{12}$/.test(attempts[0]!.instance));
  });

  it('retries what is not a 2xx with the same id and body, and sends the next event of the transaction only after', async () => {
    const p = await withEvents();
    let refusals = 2;
    endpoint.reply = (r) => (r.json?.type === 'transaction.created' && refusals-- > 0 ? { status: 503, body: 'busy' } : { status: 204 });
    const tx = await payout(p);
    await settle(p, tx, 'Declined');
    const got = await eventually(() => (eventsOf(tx.id).filter((r) => r.status === 204).length === 2 ? eventsOf(tx.id) : undefined), 15_000);
    assert.deepEqual(
      got.map((r) => [r.json.type, r.status]),
      [
        ['transaction.created', 503],
        ['transaction.created', 503],
        ['transaction.created', 204],
        ['transaction.declined', 204],
      ],
      'the declined event waited for the created one',
    );
    assert.equal(new Set(got.slice(0, 3).map((r) => r.headers['webhook-id'])).size, 1, 'one event id across its retries');
    assert.equal(new Set(got.slice(0, 3).map((r) => r.body)).size, 1, 'one body across its retries');
    assert.ok(got.every((r) => r.verified));
    const [row] = await p.store.listEvents(tx.id);
    const attempts = await p.store.listEventAttempts(row!.eventId);
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.statusCode, a.error]),
      [
        [1, 503, 'HTTP 503: busy'],
        [2, 503, 'HTTP 503: busy'],
        [3, 204, null],
      ],
    );
    assert.deepEqual([row!.attempts, row!.lastStatusCode, row!.lastError], [3, 204, null]);
  });

  it('an endpoint that does not answer costs an attempt its timeout, never a request, and gets the event when it answers again', async () => {
    const p = await withEvents({ timeoutMs: 1000 });
    let hanging = true;
    endpoint.reply = () => (hanging ? 'hang' : { status: 200 });
    const tx = await payout(p);
    await eventually(() => (eventsOf(tx.id).length > 0 ? true : undefined));
    // The proxy answers while the endpoint holds the attempt.
    const status = await call(`${p.api}/transactions/${tx.id}`);
    assert.equal(status.status, 200);
    const [row] = await p.store.listEvents(tx.id);
    const first = await eventually(async () => (await p.store.listEventAttempts(row!.eventId))[0], 5000);
    assert.deepEqual([first.statusCode, first.error], [null, 'no answer within 1000 ms']);
    hanging = false;
    await eventually(async () => ((await p.store.listEvents(tx.id))[0]!.deliveredAt ? true : undefined), 10_000);
    assert.equal(new Set(eventsOf(tx.id).map((r) => r.headers['webhook-id'])).size, 1);
  });

  it('close() cuts an attempt in flight short and records it; the event is due at once, and the next proxy on the store delivers it', async () => {
    const path = join(dir.path, 'close.db');
    const p = (proxy = await startProxy(path, { upstreamUrl: upstream.url, events: { urls: [endpoint.url], secret: EVENTS_SECRET } }));
    endpoint.reply = () => 'hang';
    const tx = await payout(p);
    await eventually(() => (eventsOf(tx.id).length > 0 ? true : undefined));
    const started = Date.now();
    await p.close();
    proxy = undefined;
    assert.ok(Date.now() - started < 5000, 'close() did not wait for the endpoint');
    const store = openSqliteStore(path);
    try {
      const [row] = await store.listEvents(tx.id);
      const [attempt] = await store.listEventAttempts(row!.eventId);
      assert.deepEqual([attempt!.error, row!.deliveredAt, row!.nextAttemptAt <= new Date().toISOString()], ['cut short: the proxy was stopping', null, true]);
      endpoint.reply = () => ({ status: 200 });
      const next = createCashierProxy({
        upstreamUrl: upstream.url,
        companyToken: COMPANY_TOKEN,
        userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
        webhookSecret: WEBHOOK_SECRET,
        getUser: userFromHeader,
        store,
        logger: { log: () => {} },
        events: { urls: [endpoint.url], secret: EVENTS_SECRET },
      });
      await eventually(async () => ((await store.listEvents(tx.id))[0]!.deliveredAt ? true : undefined), 5000);
      await next.close();
      assert.equal(new Set(eventsOf(tx.id).map((r) => r.headers['webhook-id'])).size, 1, 'the same event, again');
    } finally {
      await store.close();
    }
  });

  it('each endpoint gets every event; one that is down holds back only its own deliveries', async () => {
    const other = await startMerchantEndpoint();
    try {
      await other.down();
      const p = await withEvents({ urls: [endpoint.url, other.url] });
      const tx = await payout(p);
      await settle(p, tx);
      await eventually(() => (eventsOf(tx.id).filter((r) => r.status === 200).length === 2 ? true : undefined), 5000);
      await other.up();
      await eventually(() => (other.acknowledged().length === 2 ? true : undefined), 15_000);
      assert.deepEqual(
        other.acknowledged().map((r) => r.json.type),
        ['transaction.created', 'transaction.approved'],
      );
      assert.deepEqual(
        other.acknowledged().map((r) => r.headers['webhook-id']),
        eventsOf(tx.id).map((r) => r.headers['webhook-id']),
        'the same event ids on both endpoints',
      );
    } finally {
      await other.close();
    }
  });

  it('keeps onOutcome for in-process merchants beside the events', async () => {
    const heard: StoredTransaction[] = [];
    const p = await withEvents({}, { onOutcome: (tx) => void heard.push(tx), outcomeRetryMs: 50 });
    const tx = await payout(p);
    await settle(p, tx, 'Rejected');
    await eventually(() => (heard.length === 1 && eventsOf(tx.id).filter((r) => r.status === 200).length === 2 ? true : undefined));
    assert.equal(heard[0]!.status, 'rejected');
  });

  it('gives an event up after events.retryForMs, and only then', async () => {
    let clock = Date.parse('2026-12-06T10:00:00.000Z');
    const p = await withEvents({ retryForMs: 3 * 86_400_000 }, { now: () => new Date(clock) });
    endpoint.reply = () => ({ status: 500 });
    const tx = await payout(p);
    const row = async () => (await p.store.listEvents(tx.id))[0]!;
    await eventually(async () => ((await row()).attempts >= 1 ? true : undefined));
    clock += 2 * 86_400_000 + 3_600_000; // two days and an hour on: still retried
    await eventually(async () => ((await row()).attempts >= 2 ? true : undefined), 5000);
    assert.equal((await row()).abandonedAt, null);
    clock += 86_400_000; // past three days
    await eventually(async () => ((await row()).abandonedAt ? true : undefined), 5000);
    const attempts = await p.store.listEventAttempts((await row()).eventId);
    assert.ok(attempts.every((a) => a.statusCode === 500));
  });
});

describe('the retry schedule', () => {
  it('starts within a second and doubles to an hour, with jitter in the upper half', () => {
    const low = (failed: number) => retryDelayMs(failed, () => 0);
    const high = (failed: number) => retryDelayMs(failed, () => 1);
    assert.deepEqual([1, 2, 3, 4, 5].map(low), [500, 1000, 2000, 4000, 8000]);
    assert.deepEqual([1, 2, 3, 4, 5].map(high), [1000, 2000, 4000, 8000, 16_000]);
    assert.equal(high(40), 3_600_000);
    // An endpoint back after 10 s: the attempts at most 1, 2, 4, 8 s apart reach past it within 16 s,
    // and the next comes at most 16 s later: the event is in within a minute.
    const latest = [1, 2, 3, 4].reduce((sum, failed) => sum + high(failed), 0);
    assert.ok(latest >= 10_000 && latest + high(5) < 60_000, String(latest));
    // Three days of retries at most an hour apart: dozens of attempts, never a silent stop.
    let elapsed = 0;
    let attempts = 1;
    while (elapsed < 3 * 86_400_000) elapsed += high(attempts++);
    assert.ok(attempts > 70, String(attempts));
  });
});

describe('the events options', () => {
  const base = {
    upstreamUrl: 'https://backend.stg-app.mozarto.io',
    companyToken: 'company-jwt',
    userContext: { mode: 'token', secret: 's' },
    webhookSecret: WEBHOOK_SECRET,
    getUser: () => null,
    logger: { log: () => {} },
  } as const;
  const problems = async (events: unknown, extra: Record<string, unknown> = {}) => {
    try {
      await createCashierProxy({ ...base, store: createMemoryStore(), events, ...extra } as unknown as ProxyOptions).close();
      return [];
    } catch (error) {
      assert.ok(error instanceof ProxyConfigError, String(error));
      return error.problems.map((p) => `${p.path}: ${p.message}`);
    }
  };

  for (const [events, expected] of [
    [{ urls: ['https://wallet.example/events'] }, /events\.secret: \{events\.secret\} is required with \{events\.urls\}/],
    [{ urls: ['https://wallet.example/events'], secret: 'not-a-secret' }, /\{events\.secret\} must be a Standard Webhooks secret: whsec_/],
    [{ urls: ['https://wallet.example/events'], secret: 'whsec_c2hvcnQ=' }, /decodes to 5 bytes/],
    [
      { urls: ['http://wallet.example/events'], secret: EVENTS_SECRET },
      /must be https \(plain http only for a loopback host, or with \{allowHttpBackend\}: true\)/,
    ],
    [{ urls: ['https://user:pw@wallet.example/events'], secret: EVENTS_SECRET }, /no credentials or fragment/],
    [{ urls: ['wallet'], secret: EVENTS_SECRET }, /\{events\.urls\} is not a URL/],
    [{ urls: ['https://wallet.example/e'], secret: EVENTS_SECRET, timeoutMs: 10 }, /\{events\.timeoutMs\} must be a whole number from 1000 to 60000/],
  ] as const) {
    it(`refuses ${JSON.stringify(events)} at start-up`, async () => {
      const found = await problems(events);
      assert.ok(
        found.some((p) => expected.test(p)),
        found.join('\n'),
      );
    });
  }

  it('accepts plain http on a loopback host, and elsewhere with allowHttpBackend, which warns at every start', async () => {
    assert.deepEqual(await problems({ urls: ['http://127.0.0.1:9/events'], secret: EVENTS_SECRET }), []);
    const entries: { msg: string }[] = [];
    const store = createMemoryStore();
    const p = createCashierProxy({
      ...base,
      store,
      events: { urls: ['http://wallet.internal/events'], secret: EVENTS_SECRET },
      allowHttpBackend: true,
      logger: { log: (e: { msg: string }) => void entries.push(e) },
    } as unknown as ProxyOptions);
    await p.close();
    assert.ok(entries.some((e) => /allowHttpBackend/.test(e.msg)));
  });
});
