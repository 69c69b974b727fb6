/**
 * One scenario, two databases (issue 24): players pay out as the widget does while Mozarto (the
 * sandbox) answers creates late and settles pay-outs by webhook a few seconds later — and the
 * database goes away for a while in the middle of it, with creates at Mozarto and webhooks on
 * their way. `database-outage` stops PostgreSQL under two instances; `sqlite-locked` has another
 * process hold the SQLite file's write lock under one.
 *
 * Then: no attempt paid twice (counted at Mozarto), every create answered with its transaction,
 * a create's answer that came back during the outage kept and written after it, every webhook
 * Mozarto delivered during it answered 200 (the journal, ADR 0020) and applied within seconds of
 * the database's return — the sandbox's own retries left as they are — and no row stranded.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { StartedSandbox } from '../../src/sandbox/index.js';
import { eventually } from '../proxy/helpers.js';
import { armLateAnswers, createLikeTheWidget, followLikeTheWidget, paymentsAtMozarto, sessionFor, sleep, type Attempt } from './stack.js';

export interface Outage {
  /** Where the players' requests go (a balancer, or the one instance). */
  readonly api: string;
  readonly sandbox: StartedSandbox;
  readonly players: number;
  readonly outageMs: number;
  /**
   * The database refuses while it is down (PostgreSQL stopped), so an answer that comes back then
   * is kept and written later (write-behind.ts). A locked SQLite file makes writes wait in line
   * for the lock instead; the answer is written when it goes.
   */
  readonly refuses: boolean;
  /** The instances' output. */
  logs(): string;
  /** Takes the database away / gives it back. */
  down(): void | Promise<void>;
  up(): void | Promise<void>;
  /** The stored status of each of these transactions (none while the database cannot answer). */
  statuses(ids: readonly string[]): Promise<{ id: string; status: string }[]>;
  /** Transactions not in a final status. */
  unsettled(): Promise<{ id: string; status: string }[]>;
}

export async function payThroughOutage(t: TestContext, o: Outage): Promise<void> {
  await armLateAnswers(o.sandbox, 1500);
  const attempts: Attempt[] = [];
  const following: Promise<void>[] = [];
  let running = true;
  // Each player pays out again without waiting for the last outcome, so creates meet the outage
  // at every step: before the insert, at Mozarto, and on the way back.
  const player = async (p: number) => {
    const user = `outage-${p}`;
    const auth = await sessionFor(user);
    for (let n = 0; running; n++) {
      const attempt = await createLikeTheWidget(o.api, auth, user, `${20 + n}.00`, 60_000);
      attempts.push(attempt);
      if (attempt.transactionId) following.push(followLikeTheWidget(o.api, auth, attempt, 60_000));
      await sleep(700);
    }
  };
  const players = Array.from({ length: o.players }, (_, p) => player(p));
  // A failure below stops the players too: each then ends within its attempt's deadline.
  let lagMs: number;
  let downAt: number;
  let upAt: number;
  try {
    // Down the moment Mozarto has taken a create it answers late: its answer comes back to a proxy
    // whose database is gone.
    await sleep(1800);
    const atMozarto = o.sandbox.sandbox.transactions().length;
    await eventually(() => (o.sandbox.sandbox.transactions().length > atMozarto ? true : undefined), 5000, 'a create at Mozarto');
    downAt = Date.now();
    await o.down();
    await sleep(o.outageMs);
    await o.up();
    upAt = Date.now();

    // Every pay-out Mozarto approved before the return is approved here, soon after it.
    const settledAtMozarto = () =>
      o.sandbox.sandbox
        .transactions()
        .filter((x) => x.transaction_status === 'Approved' && Date.parse(x.updatedAt) < upAt)
        .map((x) => x.merchantReference);
    const deadline = upAt + 10_000;
    for (;;) {
      const wanted = settledAtMozarto();
      const rows = await o.statuses(wanted).catch(() => []);
      if (wanted.length > 0 && rows.length === wanted.length && rows.every((r) => r.status === 'approved')) break;
      if (Date.now() > deadline)
        assert.fail(`not applied within 10 s of the return: ${wanted.filter((id) => !rows.some((r) => r.id === id && r.status === 'approved')).join(', ')}`);
      await sleep(100);
    }
    lagMs = Date.now() - upAt;

    await sleep(1500);
  } finally {
    running = false;
  }
  await Promise.all(players);
  await Promise.all(following);

  const keptAnswers = o
    .logs()
    .split('\n')
    .filter((l) => l.includes(`"what":"store Mozarto's answer"`) && l.includes('kept to retry')).length;
  if (o.refuses) assert.ok(keptAnswers > 0, "a create's answer came back while the database was down, and was kept");
  const delivered = o.sandbox.sandbox.webhookLog().filter((w) => Date.parse(w.at) >= downAt && Date.parse(w.at) < upAt);
  assert.ok(
    delivered.some((w) => w.ok),
    'webhooks were delivered (and answered 200) while the database was down',
  );
  assert.deepEqual(
    attempts.filter((a) => !a.transactionId).map((a) => `${a.user} ${a.amount}: ${a.refusal ?? a.tries.join(',')}`),
    [],
    'every create got its transaction',
  );
  const counts = paymentsAtMozarto(o.sandbox);
  assert.deepEqual(
    [...counts].filter(([, n]) => n > 1),
    [],
    'no attempt paid twice at Mozarto',
  );
  for (const a of attempts) assert.equal(counts.get(`${a.user} ${a.amount}`), 1, `${a.user} ${a.amount} paid once`);
  assert.deepEqual(
    attempts.filter((a) => a.final !== 'approved').map((a) => `${a.transactionId}: ${a.final ?? 'no final status'}`),
    [],
    'every pay-out followed to its final status',
  );
  assert.deepEqual(await o.unsettled(), [], 'no row left stranded');
  const during = attempts.filter((a) => a.tries.some((x) => x !== 201)).length;
  t.diagnostic(
    `${attempts.length} pay-outs; ${during} creates retried with their key across the outage; ${keptAnswers} answers kept while it was down; ${delivered.filter((w) => w.ok).length} webhooks answered 200 during it; all applied ${lagMs} ms after the database returned`,
  );
}
