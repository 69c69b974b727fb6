/**
 * Issue 23 rules 1 and 2, the standalone server as a merchant in another language runs it: two
 * instances (src/standalone/server.ts as child processes) on one PostgreSQL (scripts/pg-cluster.mjs),
 * the sandbox, the merchant's authorize endpoint and its events endpoint (real HTTP servers,
 * merchant-endpoint.ts, verifying with `standardwebhooks`). The events endpoint goes down for 10 s
 * while pay-outs settle, then comes back:
 *
 * - every event arrives within a minute of its return, each acknowledged exactly once, with the
 *   same `webhook-id` on each of its attempts;
 * - every attempt is recorded (`event_attempts`), numbered 1…n with no number twice: one
 *   delivering instance per attempt, though both instances deliver from the one outbox
 *   (`FOR UPDATE SKIP LOCKED`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { startPostgres, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
import { EVENTS_SECRET, startMerchantEndpoint, type MerchantEndpoint } from '../proxy/merchant-endpoint.js';
import { eventually, newKey, payoneRequest } from '../proxy/helpers.js';
import { spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';

const TERMINAL = ['transaction.approved', 'transaction.declined', 'transaction.failed', 'transaction.rejected'];
/** Pay-outs the sandbox settles by their cents: approved, declined (.13), failed (.14), rejected (.15). */
const AMOUNTS = ['10.00', '20.13', '30.14', '40.15', '50.00', '60.00'];

describe('the standalone server’s events on PostgreSQL, two instances, the merchant’s endpoint down for 10 s', () => {
  let cluster: PostgresCluster;
  let sandbox: StartedSandbox;
  let authorize: MerchantEndpoint;
  let events: MerchantEndpoint;
  let instances: Standalone[] = [];
  let sql: postgres.Sql;

  before(async () => {
    cluster = await startPostgres();
    // The proxy's tables live in their own Postgres schema (postgres-store.ts).
    sql = postgres(cluster.url, { max: 2, onnotice: () => {}, connection: { search_path: 'mozarto_cashier' } });
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 300 });
    authorize = await startMerchantEndpoint();
    authorize.reply = () => ({ status: 200, body: '{"decision":"allow"}' });
    events = await startMerchantEndpoint();
    const env = {
      CASHIER_DATABASE_URL: cluster.url,
      CASHIER_EVENTS_URL: events.url,
      CASHIER_EVENTS_SECRET: EVENTS_SECRET,
      CASHIER_AUTHORIZE_URL: authorize.authorizeUrl,
      // The secure default: asked before every pay-out, not waved through.
      CASHIER_PAYOUTS_UNCHECKED: '0',
      CASHIER_RATE_LIMIT_PER_USER: '1000',
    };
    instances = [await spawnStandalone(sandbox.url, env), await spawnStandalone(sandbox.url, env)];
    sandbox.sandbox.configure({ webhookUrl: `${instances[0]!.api}/webhooks/mozarto` });
  });

  after(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await sql?.end();
    await events?.close();
    await authorize?.close();
    await sandbox?.close();
    cluster?.stop();
  });

  it('loses no event: all arrive within a minute of the return, once each, every attempt recorded by one instance', async () => {
    const auth = await standaloneSession('books-player', { email: 'books@example.com' });
    await events.down();
    const downAt = Date.now();
    const ids: string[] = [];
    for (const [i, amount] of AMOUNTS.entries()) {
      const res = await fetch(`${instances[i % 2]!.api}/transactions`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify(payoneRequest({ type: 'payout', amount })),
      });
      const body = (await res.json()) as { transactionId: string };
      assert.equal(res.status, 201, JSON.stringify(body));
      ids.push(body.transactionId);
    }
    assert.equal(authorize.received.length, AMOUNTS.length, 'each pay-out asked for first');
    // Every pay-out settles while the endpoint is down: its terminal event waits in the outbox.
    await eventually(
      async () => {
        const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM transactions WHERE id = ANY(${ids}) AND status <> 'pending'`;
        return row!.n === ids.length ? true : undefined;
      },
      15_000,
      'every pay-out settled',
    );
    await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - downAt))));
    await events.up();
    const upAt = Date.now();

    await eventually(
      async () => {
        const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM event_outbox WHERE delivered_at IS NULL`;
        return row!.n === 0 ? true : undefined;
      },
      60_000,
      'every event delivered within a minute of the return',
    );
    const tookMs = Date.now() - upAt;
    assert.ok(tookMs < 60_000);

    const outbox = await sql<{ event_id: string; transaction_id: string; type: string; attempts: number }[]>`
      SELECT event_id, transaction_id, type, attempts FROM event_outbox WHERE transaction_id = ANY(${ids}) ORDER BY seq`;
    // created + one terminal event per pay-out.
    assert.equal(outbox.length, ids.length * 2, JSON.stringify(outbox));
    for (const id of ids) {
      const types = outbox.filter((e) => e.transaction_id === id).map((e) => e.type);
      assert.equal(types[0], 'transaction.created');
      assert.equal(types.filter((t) => TERMINAL.includes(t)).length, 1, `one terminal event for ${id}: ${types.join(', ')}`);
    }
    assert.ok(
      outbox.some((e) => e.attempts > 1),
      'the outage cost attempts',
    );

    const attempts = await sql<{ event_id: string; attempt: number; status_code: number | null; instance: string }[]>`
      SELECT event_id, attempt, status_code, instance FROM event_attempts WHERE event_id = ANY(${outbox.map((e) => e.event_id)}) ORDER BY id`;
    for (const event of outbox) {
      const mine = attempts.filter((a) => a.event_id === event.event_id);
      assert.deepEqual(
        mine.map((a) => a.attempt).sort((x, y) => x - y),
        Array.from({ length: event.attempts }, (_, k) => k + 1),
        `every attempt of ${event.event_id} recorded once, by one instance`,
      );
      assert.equal(mine.filter((a) => a.status_code === 200).length, 1, 'acknowledged once');
      const received = events.received.filter((r) => r.headers['webhook-id'] === event.event_id);
      assert.equal(received.length, mine.filter((a) => a.status_code !== null).length, 'each request the endpoint got is a recorded attempt');
      assert.ok(
        received.every((r) => r.verified && r.body === received[0]!.body),
        'the same signed body on every attempt',
      );
    }
    const acked = events.acknowledged().map((r) => String(r.headers['webhook-id']));
    assert.equal(new Set(acked).size, acked.length, 'no event acknowledged twice');
    console.log(
      `merchant-backend: ${outbox.length} events delivered ${tookMs} ms after the endpoint came back; ${attempts.length} attempts by ${new Set(attempts.map((a) => a.instance)).size} instance(s)`,
    );
  });
});
