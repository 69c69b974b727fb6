/**
 * Issue 28 on a throw-away PostgreSQL cluster (scripts/pg-cluster.mjs): what hostile input and a
 * neighbour on the same database server can still do to a proxy on the Postgres store.
 *
 * - A NUL, which Postgres refuses in text, in the history cursor or in a webhook's identifiers is
 *   a 400 naming what is wrong, never a 500 (a 500 to a webhook is retried forever).
 * - A second login role with no rights on the cashier's schema (a neighbour: another service on
 *   the same database) reads no player's data, neither from the tables nor from the LISTEN/NOTIFY
 *   channel, which carries ids only; its own NOTIFY cannot show a player a status the store does
 *   not have. `REVOKE CONNECT … FROM PUBLIC` keeps it out altogether, and the cashier's own role
 *   needs nothing but CONNECT and the schema made for it (README "Nothing sensitive kept").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { startPostgres, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
import { createCashierProxy, toNodeListener, type StoredTransaction } from '../../src/proxy/index.js';
import { TRANSACTION_ID } from '../../src/proxy/ids.js';
import { openPostgresStore, type PostgresStore } from '../../src/proxy/store/postgres-store.js';
import {
  ALICE,
  call,
  captureLogger,
  COMPANY_TOKEN,
  eventually,
  newKey,
  payoneRequest,
  payoneSuccess,
  startFakeUpstream,
  userFromHeader,
  USER_TOKEN_SECRET,
  WEBHOOK_SECRET,
  type FakeUpstream,
} from './helpers.js';

const SCHEMA = 'neighbour_test';
const hook = { authorization: `Bearer ${WEBHOOK_SECRET}` };

let cluster: PostgresCluster;
let store: PostgresStore;
let upstream: FakeUpstream;
let server: Server;
let api: string;
let proxy: ReturnType<typeof createCashierProxy>;
const logger = captureLogger();

before(async () => {
  cluster = await startPostgres();
  store = await openPostgresStore(cluster.url, { schema: SCHEMA });
  upstream = await startFakeUpstream();
  proxy = createCashierProxy({
    upstreamUrl: upstream.url,
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: userFromHeader,
    store,
    logger,
  });
  server = createServer(toNodeListener((request, info) => proxy.handle(request, info)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cashier`;
});
after(async () => {
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
  await proxy?.close();
  await store?.close();
  await upstream?.close();
  cluster?.stop();
});

describe('hostile input on the Postgres store (issue 28)', () => {
  it('a NUL in the history cursor is a 400 naming the cursor, not a 500', async () => {
    const created = await call(`${api}/transactions`, { body: payoneRequest(), key: newKey() });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    for (const position of [
      ['2026-01-01T00:00:00.000Z\u0000', created.body.transactionId],
      ['2026-01-01T00:00:00.000Z', `${created.body.transactionId}\u0000`],
    ]) {
      const cursor = Buffer.from(JSON.stringify(position)).toString('base64url');
      const res = await call(`${api}/transactions?cursor=${cursor}`);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.field, 'cursor');
      assert.match(res.body.error.message, /cursor is not one this endpoint gave/);
    }
    assert.ok(!logger.entries.some((e) => e.level === 'error'), logger.text());
  });

  it('a NUL in a signed webhook’s transaction_id or merchantReference is a 400 naming it, and nothing is stored', async () => {
    const created = await call(`${api}/transactions`, { body: payoneRequest(), key: newKey() });
    const id = created.body.transactionId as string;
    for (const [field, body] of [
      ['transaction_id', { transaction_id: 'up\u0000-1', merchantReference: id, transaction_status: 'Approved' }],
      ['merchantReference', { merchantReference: `${id}\u0000`, transaction_status: 'Approved' }],
    ] as const) {
      const res = await call(`${api}/webhooks/mozarto`, { user: null, headers: hook, body });
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field);
      assert.match(res.body.error.message, /control character/);
    }
    assert.deepEqual(await store.listWebhookEvents(id), []);
    assert.equal((await store.getTransaction(id))?.status, 'pending');
    assert.ok(!logger.entries.some((e) => e.level === 'error'), logger.text());
  });
});

/** A proxy on `store`, served over HTTP; `close()` stops the server and the proxy (not the store). */
async function serve(store: PostgresStore): Promise<{ api: string; close(): Promise<void> }> {
  const cashier = createCashierProxy({
    upstreamUrl: upstream.url,
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: userFromHeader,
    store,
    logger: captureLogger(),
  });
  const http = createServer(toNodeListener((request, info) => cashier.handle(request, info)));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    api: `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/cashier`,
    async close() {
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
      await cashier.close();
    },
  };
}

/** The statuses an event stream sends, until a final one closes it. */
async function statusesUntilFinal(body: ReadableStream<Uint8Array>, seen: string[]): Promise<string[]> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .find((line) => line.startsWith('data: '));
      buffer = buffer.slice(end + 2);
      if (!data) continue;
      const status = (JSON.parse(data.slice(6)) as { status: string }).status;
      seen.push(status);
      if (['approved', 'declined', 'failed', 'rejected', 'review'].includes(status)) return seen;
    }
  }
  return seen;
}

describe('a database neighbour (issue 28)', () => {
  // A database of its own, as a deployment has: the cashier's role owns its schema and nothing else.
  const url = (role: string) => `postgres://${role}@127.0.0.1:${cluster.port}/cashier`;
  const CHANNEL = 'mozarto_cashier_transactions';
  let admin: postgres.Sql;
  let app: PostgresStore;
  let proxy: Awaited<ReturnType<typeof serve>>;
  let n = 0;
  const neighbours: postgres.Sql[] = [];
  const neighbour = () => {
    const sql = postgres(url('neighbour'), { max: 1, onnotice: () => {} });
    neighbours.push(sql);
    return sql;
  };

  before(async () => {
    const root = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      await root.unsafe('CREATE ROLE cashier LOGIN');
      await root.unsafe('CREATE ROLE neighbour LOGIN');
      await root.unsafe('CREATE DATABASE cashier');
    } finally {
      await root.end({ timeout: 1 });
    }
    admin = postgres(url('postgres'), { max: 1, onnotice: () => {} });
    await admin.unsafe('CREATE SCHEMA mozarto_cashier AUTHORIZATION cashier');
    app = await openPostgresStore(url('cashier'));
    proxy = await serve(app);
  });
  after(async () => {
    for (const sql of neighbours) await sql.end({ timeout: 1 }).catch(() => {});
    await proxy?.close();
    await app?.close();
    await admin?.end({ timeout: 1 });
  });

  /** A Payone pay-out of Alice's, pending upstream as `up-<n>`. */
  async function payout(): Promise<{ id: string; upstreamId: string }> {
    const upstreamId = `nb-${++n}`;
    upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: upstreamId }) });
    const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '42.00' }), key: newKey() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.transactionId as string, upstreamId };
  }
  const settle = (upstreamId: string, status: string) =>
    call(`${proxy.api}/webhooks/mozarto`, {
      user: null,
      headers: hook,
      body: { transaction_id: upstreamId, transaction_status: status, amount: '42.00', user_id: ALICE.id, status: 'raw' },
    });

  it('reads no player’s data: the tables are closed to it, and the channel carries ids only', async () => {
    const sql = neighbour();
    await assert.rejects(sql`SELECT * FROM mozarto_cashier.transactions`, /permission denied for schema mozarto_cashier/);
    const heard: string[] = [];
    await sql.listen(CHANNEL, (payload) => heard.push(payload));
    const { id, upstreamId } = await payout();
    assert.equal((await settle(upstreamId, 'Approved')).status, 200);
    assert.equal((await app.getTransaction(id))?.status, 'approved');
    await eventually(() => (heard.includes(id) ? true : undefined), 5000, 'the neighbour to hear the change');
    for (const payload of heard) {
      assert.match(payload, TRANSACTION_ID, 'an id, nothing else');
      assert.doesNotMatch(payload, /user-alice|42\.00|payonepayment|approved/);
    }
  });

  it('cannot push a status the store does not have into a player’s open event stream', async () => {
    const { id, upstreamId } = await payout();
    const stored = (await app.getTransaction(id))!;
    const stream = await fetch(`${proxy.api}/transactions/${id}/events`, { headers: { 'x-test-user': 'alice', accept: 'text/event-stream' } });
    assert.equal(stream.status, 200);
    const seen: string[] = [];
    const done = statusesUntilFinal(stream.body!, seen);
    await eventually(() => (seen.length ? true : undefined), 5000, 'the first event');
    // What the neighbour sends: the whole row, approved (what the old channel carried), the old
    // reference form, the bare id, and junk.
    const forged: StoredTransaction = { ...stored, status: 'approved', message: 'Paid, enjoy', updatedAt: new Date(Date.now() + 60_000).toISOString() };
    const sql = neighbour();
    for (const payload of [JSON.stringify(forged), JSON.stringify({ id, ref: true }), id, 'not json', '{"id":"tx_../../"}']) await sql.notify(CHANNEL, payload);
    assert.equal((await app.getTransaction(id))?.status, 'pending', 'the store says pending');
    // A real change after them closes the stream; nothing forged came before it.
    assert.equal((await settle(upstreamId, 'Declined')).status, 200);
    assert.deepEqual(await done, ['pending', 'declined'], 'the widget never saw approved');
  });

  it('is kept out by REVOKE CONNECT … FROM PUBLIC, and the cashier’s role needs only CONNECT and its schema', async () => {
    await admin.unsafe('REVOKE CONNECT, TEMPORARY ON DATABASE cashier FROM PUBLIC');
    await admin.unsafe('GRANT CONNECT ON DATABASE cashier TO cashier');
    await assert.rejects(neighbour()`SELECT 1`, /permission denied for database "cashier"/);
    // A fresh instance of the cashier: migrations and the LISTEN need nothing more.
    const again = await openPostgresStore(url('cashier'));
    const second = await serve(again);
    try {
      const res = await call(`${second.api}/transactions`, { body: payoneRequest(), key: newKey() });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    } finally {
      await second.close();
      await again.close();
    }
  });
});
