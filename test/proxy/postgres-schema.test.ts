/**
 * The Postgres store's migrations (postgres-schema.ts) on a throw-away cluster: every version is
 * recorded once, and the players' history is read through its index, newest first.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { startPostgres } from '../../scripts/pg-cluster.mjs';
import { MIGRATIONS } from '../../src/proxy/store/postgres-schema.js';
import { openPostgresStore, type PostgresStore } from '../../src/proxy/store/postgres-store.js';

describe('the Postgres schema', () => {
  let cluster: Awaited<ReturnType<typeof startPostgres>>;
  let store: PostgresStore;
  let sql: postgres.Sql;
  before(async () => {
    cluster = await startPostgres();
    store = await openPostgresStore(cluster.url, { schema: 'schema_test' });
    sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
  });
  after(async () => {
    await sql?.end({ timeout: 1 });
    await store?.close();
    cluster?.stop();
  });

  it('records every migration once, in order', async () => {
    const rows = await sql<{ version: number }[]>`SELECT version FROM schema_test.schema_migrations ORDER BY version`;
    assert.deepEqual(
      rows.map((r) => Number(r.version)),
      MIGRATIONS.map((m) => m.version),
    );
  });

  it("reads a player's history through the (user_id, created_at, id) index, newest first", async () => {
    const indexes = await sql<{ indexname: string }[]>`SELECT indexname FROM pg_indexes WHERE schemaname = 'schema_test' AND tablename = 'transactions'`;
    const names = indexes.map((r) => r.indexname);
    assert.ok(names.includes('transactions_user_history'), names.join(', '));
    assert.ok(!names.includes('transactions_user_id'), 'the single-column index it covers is gone');
    const plan = await sql.begin(async (tx) => {
      // A tiny table is cheaper to scan: make the planner show whether the index serves the order.
      await tx`SET LOCAL enable_seqscan = off`;
      await tx`SET LOCAL enable_sort = off`;
      return tx.unsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT * FROM schema_test.transactions WHERE user_id = 'u1' ORDER BY created_at DESC, id DESC LIMIT 20`,
      );
    });
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(text, /Index Scan Backward using transactions_user_history/, text);
    assert.doesNotMatch(text, /Sort/, text);
  });
});
