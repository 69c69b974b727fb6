/**
 * Issue 24, drain: the standalone server stopped by SIGTERM the way a deploy stops it. `/readyz`
 * answers 503 at once while `/healthz` stays 200 and requests are still served; after the drain
 * delay the listener closes; a create already at Mozarto (the sandbox's `late-answer`) still gets
 * its answer; an open event stream ends with a reconnect hint; the process exits 0, and the
 * answer it gave is the one its key replays after a restart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { eventually, newKey, payoneRequest, tempDir } from '../proxy/helpers.js';
import { spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';

const DRAIN_DELAY_MS = 1500;
const LATE_MS = 3000;

describe('the standalone server drains on SIGTERM', () => {
  const dir = tempDir();
  let sandbox: StartedSandbox;
  let auth: Record<string, string>;
  const started: Standalone[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 60_000 });
    auth = { authorization: await standaloneSession('drain-player') };
  });
  after(async () => {
    await Promise.all(started.map((s) => s.kill()));
    await sandbox?.close();
    dir.remove();
  });

  const start = async () => {
    const s = await spawnStandalone(sandbox.url, {
      CASHIER_DB: join(dir.path, 'drain.db'),
      CASHIER_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
      MOZARTO_TIMEOUT_MS: '10000',
      CASHIER_RATE_LIMIT: 'off',
    });
    started.push(s);
    return s;
  };
  const create = async (api: string, key: string, amount: string) => {
    const res = await fetch(`${api}/transactions`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(payoneRequest({ type: 'payout', amount })),
    });
    return { status: res.status, connection: res.headers.get('connection'), body: (await res.json()) as Record<string, unknown> };
  };

  it('readiness 503 at once, liveness 200, in-flight create answered, streams told to reconnect, exit 0', async () => {
    const proxy = await start();
    assert.equal((await fetch(`${proxy.url}/readyz`)).status, 200);

    // An open event stream on a pay-out that settles long after the stop.
    const followed = await create(proxy.api, newKey(), '11.00');
    assert.equal(followed.status, 201, JSON.stringify(followed.body));
    const stream = await fetch(`${proxy.api}/transactions/${String(followed.body.transactionId)}/events`, {
      headers: { ...auth, accept: 'text/event-stream' },
    });
    const streamText = stream.text();

    // A create Mozarto has taken and answers late: in flight when the signal comes.
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'late-answer', ms: LATE_MS }),
    });
    const atMozarto = sandbox.sandbox.transactions().length;
    const lateKey = newKey();
    const late = create(proxy.api, lateKey, '12.00');
    await eventually(() => (sandbox.sandbox.transactions().length > atMozarto ? true : undefined), 5000, 'Mozarto to take the create');

    proxy.child.kill('SIGTERM');
    const notReady = await eventually(
      async () => {
        const res = await fetch(`${proxy.url}/readyz`);
        return res.status === 503 ? ((await res.json()) as Record<string, unknown>) : undefined;
      },
      1000,
      '/readyz to answer 503',
    );
    assert.equal(notReady.draining, true);
    assert.equal((await fetch(`${proxy.url}/healthz`)).status, 200, 'liveness stays 200');
    // Still serving during the delay (the balancer has not noticed yet), and telling it to move on.
    const during = await create(proxy.api, newKey(), '13.00');
    assert.equal(during.status, 201, JSON.stringify(during.body));
    assert.equal(during.connection, 'close');

    const answered = await late;
    assert.equal(answered.status, 201, `the create in flight is answered: ${JSON.stringify(answered.body)}`);
    assert.match(await streamText, /retry: \d+\n\n$/, 'the stream ends with a reconnect hint');
    assert.equal(await proxy.exited, 0);
    assert.match(proxy.out(), /"msg":"draining/);
    await assert.rejects(fetch(`${proxy.url}/healthz`), 'the listener is closed');

    // What it answered is what the key replays: one Mozarto transaction for it.
    const again = await start();
    const replay = await create(again.api, lateKey, '12.00');
    assert.equal(replay.status, 201);
    assert.equal(replay.body.transactionId, answered.body.transactionId);
    assert.equal(sandbox.sandbox.transactions().filter((t) => t.amount === 12).length, 1);
    assert.equal(await again.stop(), 0);
  });
});
