/**
 * Issue 24, the embedded database unavailable: the standalone server on its SQLite file (the
 * default), and another process — a backup tool, an operator's shell — holding the file's write
 * lock for 10 s while creates and webhooks are in flight. Every write waits out the busy timeout
 * and fails (reads go on: WAL). The scenario and its assertions: outage.ts.
 *
 * On the code before issue 24: a create whose answer could not be stored was a 500 retryable
 * after Mozarto had it, and webhooks were refused until the sandbox stopped retrying.
 */
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { tempDir } from '../proxy/helpers.js';
import { spawnStandalone, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';
import { payThroughOutage } from './outage.js';

describe('the SQLite file locked by another process for 10 s while creates and webhooks are in flight', () => {
  const dir = tempDir();
  const file = join(dir.path, 'cashier.db');
  let sandbox: StartedSandbox;
  let proxy: Standalone;
  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 2500 });
    proxy = await spawnStandalone(sandbox.url, {
      CASHIER_DB: file,
      CASHIER_RATE_LIMIT: 'off',
      CASHIER_DRAIN_DELAY_MS: '0',
      MOZARTO_TIMEOUT_MS: '4000',
      CASHIER_STALE_AFTER_MS: '20000',
    });
    sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
  });
  after(async () => {
    await proxy?.kill();
    await sandbox?.close();
    dir.remove();
  });

  it('0 double pay-outs, every create answered, 0 rows stranded, every webhook applied within seconds of the lock’s release', async (t) => {
    const locker = new Sqlite(file, { timeout: 5000 });
    const read = new Sqlite(file, { readonly: true });
    const rows = (where: string, ids: readonly string[] = []) =>
      read.prepare(`SELECT id, status FROM transactions WHERE ${where}`).all(...ids) as { id: string; status: string }[];
    try {
      await payThroughOutage(t, {
        api: proxy.api,
        sandbox,
        players: 4,
        outageMs: 10_000,
        refuses: false,
        logs: () => proxy.out(),
        down: () => void locker.exec('BEGIN EXCLUSIVE'),
        up: () => void locker.exec('COMMIT'),
        statuses: async (ids) => (ids.length ? rows(`id IN (${ids.map(() => '?').join(',')})`, ids) : []),
        unsettled: async () => rows(`status IN ('pending', 'awaiting_approval', 'unknown')`),
      });
    } finally {
      if (locker.inTransaction) locker.exec('COMMIT');
      locker.close();
      read.close();
    }
  });
});
