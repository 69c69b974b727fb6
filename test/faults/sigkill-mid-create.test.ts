/**
 * Issue 24, a process killed mid-create (SIGKILL: no drain): the standalone server on its SQLite
 * file has stored the transaction and Mozarto (the sandbox, answering late) has the pay-out when
 * the process dies. The player's widget retries with the same Idempotency-Key while the server is
 * down and after it is back. Past the stale limit the recovery sweep moves the stranded
 * transaction to `unknown`, the retry is answered with that transaction (`202 unknown`), and
 * Mozarto's webhook settles it: one pay-out at Mozarto, followed to its outcome.
 *
 * On the code before issue 24, the retry got 409 "in progress" for 90 s, then "outcome unknown,
 * use a new key" for ever, and the row stayed `pending`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { eventually, tempDir } from '../proxy/helpers.js';
import { spawnStandalone, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';
import { armLateAnswers, createLikeTheWidget, followLikeTheWidget, paymentsAtMozarto, sessionFor } from './stack.js';

describe('SIGKILL mid-create', () => {
  const dir = tempDir();
  let sandbox: StartedSandbox;
  const started: Standalone[] = [];
  before(async () => {
    // Mozarto settles the pay-out well after the stale limit: the sweep acts first.
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 14_000 });
  });
  after(async () => {
    await Promise.all(started.map((s) => s.kill()));
    await sandbox?.close();
    dir.remove();
  });

  it('the sweep moves the stranded transaction to unknown, the retried key answers it, one pay-out', async (t) => {
    const env = {
      CASHIER_DB: join(dir.path, 'killed.db'),
      MOZARTO_TIMEOUT_MS: '2000',
      CASHIER_STALE_AFTER_MS: '7000',
      CASHIER_RATE_LIMIT: 'off',
      CASHIER_DRAIN_DELAY_MS: '0',
    };
    const first = await spawnStandalone(sandbox.url, env);
    started.push(first);
    const port = new URL(first.url).port;
    sandbox.sandbox.configure({ webhookUrl: `${first.api}/webhooks/mozarto` });
    await armLateAnswers(sandbox, 5000, 1);
    const auth = await sessionFor('killed-player');
    const paying = createLikeTheWidget(first.api, auth, 'killed-player', '250.00', 40_000);
    await eventually(() => (sandbox.sandbox.transactions().length === 1 ? true : undefined), 5000, 'Mozarto to have the pay-out');
    await first.kill();
    const killedAt = Date.now();
    const second = await spawnStandalone(sandbox.url, { ...env, PORT: port });
    started.push(second);

    const attempt = await paying;
    const answeredMs = Date.now() - killedAt;
    assert.ok(attempt.transactionId, `the retried key got no transaction: ${attempt.refusal ?? attempt.tries.join(',')}`);
    assert.equal(attempt.transactionId, sandbox.sandbox.transactions()[0]!.merchantReference, 'the transaction Mozarto has');
    assert.equal(attempt.createdStatus, 'unknown');
    await eventually(() => (/recovery sweep: a create never stored its answer/.test(second.out()) ? true : undefined), 15_000, 'the sweep');
    await followLikeTheWidget(first.api, auth, attempt, 30_000);
    assert.equal(attempt.final, 'approved');
    assert.deepEqual([...paymentsAtMozarto(sandbox).values()], [1], 'one pay-out at Mozarto');
    t.diagnostic(`tries of the same key: ${attempt.tries.join(', ')}; answered ${answeredMs} ms after the kill`);
  });
});
