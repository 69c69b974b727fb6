/**
 * Issue 17: the embedded store survives `kill -9`. A standalone proxy on one SQLite file is
 * killed with SIGKILL while it is creating transactions, twenty times in a row; every restart on
 * the same file must answer at once and still have every transaction it had answered 201 for,
 * each with the status it answered and its Idempotency-Key replaying the same answer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/proxy/index.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { eventually, newKey, payoneRequest, tempDir } from './helpers.js';
import { spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET } from './standalone.js';

const KILLS = Number(process.env.CRASH_KILLS ?? 20);

interface Answered {
  readonly key: string;
  readonly id: string;
  readonly status: string;
  readonly body: string;
}

describe('crash safety of the embedded store (SIGKILL mid-writes)', () => {
  const dir = tempDir();
  const db = join(dir.path, 'crash.db');
  let sandbox: StartedSandbox;
  let auth: Record<string, string>;

  before(async () => {
    auth = {
      authorization: await standaloneSession('crash-player', { email: 'crash@example.com' }),
    };
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 60_000 });
  });
  after(async () => {
    await sandbox?.close();
    dir.remove();
  });

  it(`keeps every answered transaction across ${KILLS} kills in a row and serves at once after each`, async () => {
    const answered: Answered[] = [];
    for (let round = 0; round <= KILLS; round++) {
      const proxy = await spawnStandalone(sandbox.url, { CASHIER_DB: db, CASHIER_RATE_LIMIT: 'off' });
      try {
        // Serves at once: the very first request after the restart reads the file.
        const health = await fetch(`${proxy.url}/healthz`);
        assert.equal(health.status, 200, `round ${round}: healthz`);
        // Everything answered before any kill so far is there, as answered.
        for (const a of answered) {
          const res = await fetch(`${proxy.api}/transactions/${a.id}`, { headers: auth });
          assert.equal(res.status, 200, `round ${round}: ${a.id} (answered ${a.status}) is missing after the restart`);
          const body = (await res.json()) as { status: string };
          assert.equal(body.status, a.status, `round ${round}: ${a.id} status`);
        }
        // A sample of the keys replays the stored answer instead of paying again.
        for (const a of answered.filter((_, i) => i % 7 === round % 7)) {
          const res = await fetch(`${proxy.api}/transactions`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': a.key },
            body: a.body,
          });
          assert.equal(res.status, 201, `round ${round}: replay of ${a.key}`);
          assert.equal(res.headers.get('idempotent-replayed'), 'true');
          assert.equal(((await res.json()) as { transactionId: string }).transactionId, a.id);
        }
        if (round === KILLS) break;

        // Load: four concurrent writers; kill after a random moment, with requests in flight.
        let running = true;
        const writer = async () => {
          while (running) {
            const key = newKey();
            const body = JSON.stringify(payoneRequest({ amount: `${10 + (answered.length % 50)}.00` }));
            try {
              const res = await fetch(`${proxy.api}/transactions`, {
                method: 'POST',
                headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
                body,
              });
              const text = await res.text();
              if (res.status === 201) {
                const parsed = JSON.parse(text) as { transactionId: string; status: string };
                answered.push({ key, id: parsed.transactionId, status: parsed.status, body });
              }
            } catch {
              return; // the connection died with the process
            }
          }
        };
        const writers = [writer(), writer(), writer(), writer()];
        const before = answered.length;
        // Mid-load: after the first answers of this round, at a random moment.
        await eventually(() => (answered.length > before ? true : undefined), 20_000, `round ${round}: a first answer`);
        await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 200)));
        await proxy.kill();
        running = false;
        await Promise.all(writers);
        assert.ok(answered.length > before, `round ${round}: the proxy answered nothing before the kill:\n${proxy.out().slice(-2000)}`);
      } finally {
        await proxy.kill();
      }
    }
    // And the file itself, opened directly, holds each of them once.
    const store = openSqliteStore(db);
    try {
      for (const a of answered) assert.equal((await store.getTransaction(a.id))?.status, a.status);
    } finally {
      await store.close();
    }
    assert.ok(answered.length >= KILLS, `${answered.length} transactions answered over ${KILLS} kills`);
  });
});
