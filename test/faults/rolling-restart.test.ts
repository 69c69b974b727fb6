/**
 * Issue 24, a rolling deploy: two standalone instances on one PostgreSQL behind a balancer that
 * follows `/readyz`, Mozarto (the sandbox) answering every create late (`late-answer`), players
 * paying out without pause as the widget does. Each instance in turn is stopped with SIGTERM and
 * started again. Counted at Mozarto: no attempt paid twice; every create answered with its
 * transaction; every event stream followed to its final status — a drained stream ends with a
 * reconnect hint and is picked up by the other instance, none is cut; both exit 0.
 *
 * Before it, with the same stack: one Idempotency-Key sent to both instances at once while Mozarto
 * answers late — one payment, and both get its transaction.
 *
 * On the code before issue 24, SIGTERM cut every connection at once: creates in flight were 502s,
 * their retries a 409 "in progress" until the 90 s stale limit, and streams were cut.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newKey } from '../proxy/helpers.js';
import {
  armLateAnswers,
  createLikeTheWidget,
  followLikeTheWidget,
  paymentsAtMozarto,
  sessionFor,
  sleep,
  startStack,
  type Attempt,
  type Stack,
} from './stack.js';

const PLAYERS = 6;

describe('a rolling restart of both instances under load', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      env: { CASHIER_DRAIN_DELAY_MS: '1000', MOZARTO_TIMEOUT_MS: '5000' },
      sandbox: { payoutSettleMs: 4000 },
    });
  });
  after(() => stack?.close());

  it('the same key at both instances at once while Mozarto answers late: one payment, one transaction for both', async () => {
    await armLateAnswers(stack.sandbox, 2000, 1);
    const user = 'racing-player';
    const auth = await sessionFor(user);
    const key = newKey();
    const before = stack.sandbox.sandbox.transactions().length;
    // The widget's retry after a network error reaches the other instance while the first still
    // waits on Mozarto: "in progress" (retryable), then the first one's answer.
    const [first, second] = await Promise.all(
      stack.instances.map((instance, i) => sleep(300 * i).then(() => createLikeTheWidget(instance.api, auth, user, '77.00', 20_000, key))),
    );
    assert.ok(first!.transactionId, `first: ${first!.refusal ?? first!.tries.join(',')}`);
    assert.equal(second!.transactionId, first!.transactionId, `second: ${second!.refusal ?? second!.tries.join(',')}`);
    assert.ok(second!.tries.includes(409), `the second waited while the first was at Mozarto: ${second!.tries.join(',')}`);
    assert.equal(stack.sandbox.sandbox.transactions().length - before, 1, 'one payment at Mozarto');
  });

  it('0 double pay-outs at Mozarto, 0 creates without an answer, every stream ends on its final status', async (t) => {
    await armLateAnswers(stack.sandbox, 1200);
    const attempts: Attempt[] = [];
    let running = true;
    const player = async (p: number) => {
      const user = `rolling-${p}`;
      const auth = await sessionFor(user);
      for (let n = 0; running; n++) {
        const attempt = await createLikeTheWidget(stack.api, auth, user, `${10 + n}.00`, 40_000);
        attempts.push(attempt);
        if (attempt.transactionId) await followLikeTheWidget(stack.api, auth, attempt, 40_000);
      }
    };
    const players = Array.from({ length: PLAYERS }, (_, p) => player(p));
    try {
      await sleep(1500);
      await stack.restart(0);
      await sleep(500);
      await stack.restart(1);
      await sleep(1500);
    } finally {
      running = false; // a failure stops the players too
    }
    await Promise.all(players);

    const unanswered = attempts.filter((a) => !a.transactionId);
    assert.deepEqual(
      unanswered.map((a) => `${a.user} ${a.amount}: ${a.refusal ?? a.tries.join(',')}`),
      [],
      'every create got its transaction',
    );
    const counts = paymentsAtMozarto(stack.sandbox);
    const twice = [...counts].filter(([, n]) => n > 1);
    assert.deepEqual(twice, [], 'no attempt paid twice at Mozarto');
    for (const a of attempts) assert.equal(counts.get(`${a.user} ${a.amount}`), 1, `${a.user} ${a.amount} paid once`);
    assert.deepEqual(
      attempts.filter((a) => a.final !== 'approved').map((a) => `${a.transactionId}: ${a.final ?? 'no final status'}`),
      [],
      'every stream followed to its final status',
    );
    const cut = attempts.reduce((n, a) => n + a.cut, 0);
    assert.equal(cut, 0, 'no event stream was cut');
    const reconnected = attempts.filter((a) => a.streams > 1).length;
    assert.ok(reconnected > 0, 'streams were open on a draining instance, ended with the hint, and picked up elsewhere');
    assert.deepEqual(stack.exits, [0, 0], 'both instances exit 0');
    // SIGTERM mid-create: answers Mozarto gave a stopping instance after its signal, each answered to its player.
    const answeredWhileDraining = stack.stoppedOutputs.flatMap((out) => {
      const lines = out.split('\n');
      const signalled = lines.findIndex((l) => l.includes('"msg":"draining'));
      return signalled < 0 ? [] : lines.slice(signalled).filter((l) => l.includes('"msg":"upstream accepted"'));
    });
    assert.ok(answeredWhileDraining.length > 0, 'creates were at Mozarto when an instance got SIGTERM, and finished');
    const retried = attempts.filter((a) => a.tries.length > 1).length;
    t.diagnostic(
      `${attempts.length} pay-outs by ${PLAYERS} players; ${answeredWhileDraining.length} creates at Mozarto at SIGTERM finished during the drain; ${retried} creates retried with their key; ${reconnected} streams reconnected after a drain`,
    );
  });
});
