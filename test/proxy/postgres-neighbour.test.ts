/**
 * Issue 28 on a throw-away PostgreSQL cluster (scripts/pg-cluster.mjs): what hostile input and a
 * neighbour on the same database server can still do to a proxy on the Postgres store.
 *
 * - A NUL, which Postgres refuses in text, in the history cursor or in a webhook's identifiers is
 *   a 400 naming what is wrong, never a 500 (a 500 to a webhook is retried forever).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPostgres, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
import { createCashierProxy, toNodeListener } from '../../src/proxy/index.js';
import { openPostgresStore, type PostgresStore } from '../../src/proxy/store/postgres-store.js';
import {
  call,
  captureLogger,
  COMPANY_TOKEN,
  newKey,
  payoneRequest,
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
