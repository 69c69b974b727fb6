/**
 * Issue 17: one suite for every store. The exported conformance suite
 * (`mozarto-cashier/proxy/testing`) against the in-memory store, the SQLite file (two
 * connections on one file), and PostgreSQL (two stores on one throw-away cluster, which the
 * suite starts and which must start: no PostgreSQL is a failure, not a skip).
 */
import { after } from 'node:test';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/proxy/index.js';
import { openPostgresStore } from '../../src/proxy/store/postgres-store.js';
import { createMemoryStore, describeStoreConformance } from '../../src/proxy/testing.js';
import { startPostgres } from '../../scripts/pg-cluster.mjs';
import { tempDir } from './helpers.js';

const dir = tempDir();
after(() => dir.remove());

describeStoreConformance('in-memory', () => {
  const store = createMemoryStore();
  return { a: store, b: store, close: () => store.close() };
});

describeStoreConformance('SQLite (two connections on one file)', () => {
  const path = join(dir.path, 'conformance.db');
  const a = openSqliteStore(path);
  const b = openSqliteStore(path);
  return {
    a,
    b,
    // Two stores, two worker threads: both ended before the next test opens the file again.
    close: async () => {
      await Promise.all([a.close(), b.close()]);
    },
  };
});

describeStoreConformance('PostgreSQL (two stores on one throw-away cluster)', async () => {
  const cluster = await startPostgres();
  try {
    // Opened at once: the migrations must serialize on their advisory lock.
    const [a, b] = await Promise.all([openPostgresStore(cluster.url, { schema: 'conformance' }), openPostgresStore(cluster.url, { schema: 'conformance' })]);
    return {
      a,
      b,
      async close() {
        await a.close();
        await b.close();
        cluster.stop();
      },
    };
  } catch (error) {
    cluster.stop();
    throw error;
  }
});
