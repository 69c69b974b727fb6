/**
 * Issue 23 item 5: the merchant's books, kept by a backend in another language. For each example
 * (examples/php-merchant, examples/python-merchant) as a real process: the built standalone proxy
 * (`dist/proxy/server.js`, what `npx mozarto-cashier-proxy` runs) with its embedded sandbox as
 * Mozarto, authorizing over HTTP at the site and sending its signed events through a relay that
 * doubles some of them (merchant-run.ts, merchant-support.ts; the plan in merchant-plan.ts). Driven as the widget drives it: the session token
 * the site minted at login (as a cookie or as Bearer), the site's Origin, an Idempotency-Key.
 *
 *   - 30 seeded random deposits and withdrawals over every outcome the sandbox produces (hosted
 *     page approve / decline / cancel, Flexepin's answer, pay-outs approved / declined / failed /
 *     rejected, the approval queue, a pay-out that never settles until the back office does,
 *     Mozarto's 500 (unknown until its webhook) and PSP_UNAVAILABLE, a refused pay-out), with
 *     pay-in and pay-out fees;
 *   - the site and its events endpoint down for 10 s in the middle, events in flight;
 *   - duplicate deliveries: every third one doubled at once by the relay, then every event
 *     re-posted with its original headers;
 * then: every balance equals what the sandbox approved (deposits credit `amount`, pay-outs debit
 * `amount`), no hold is left, no event was applied twice. And 10 concurrent pay-outs of 100.00
 * against 150.00: at most one reaches Mozarto.
 *
 * `MERCHANT_LEDGER_SEED` changes the seed; `MERCHANT_LEDGER_PROXY=source` runs the proxy from
 * src/ (tsx) instead of dist/.
 */
import { after, before, describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../proxy/helpers.js';
import { M, OPERATIONS, plan, seededRandom, type Kind } from './merchant-plan.js';
import { expectedBalances, FEE, hundredths, Run, sorted, type Player } from './merchant-run.js';
import { LANGUAGES } from './merchant-support.js';

const SEED = Number(process.env.MERCHANT_LEDGER_SEED ?? 23);
const OUTAGE_MS = 10_000;

for (const language of LANGUAGES) {
  describe(`the ${language.name} merchant's books beside the standalone proxy`, () => {
    const run = new Run(language);
    let started = 0;
    before(() => {
      started = Date.now();
      return run.start();
    });
    after(() => run.close());

    it(`${OPERATIONS} seeded deposits and withdrawals over every outcome, the site down ${OUTAGE_MS / 1000} s, duplicates: every balance is what the sandbox approved`, async (t) => {
      const players = [
        await run.login(`${language.name}-ana`, true),
        await run.login(`${language.name}-ben`, false),
        await run.login(`${language.name}-cy`, false),
      ];
      const later: { id: string; kind: Kind }[] = [];
      let retried = 0;
      const operations = plan(seededRandom(SEED));
      assert.equal(operations.length, OPERATIONS);

      for (const [index, op] of operations.entries()) {
        if (index === Math.floor(OPERATIONS / 2)) await outage(t, run, players);
        const player = players[op.player]!;
        const { status, body, key } = await run.create(player, op.method, op.amount);
        const context = `${op.kind} ${op.method.pspType} ${op.amount} ${op.method.currency}: ${status} ${JSON.stringify(body)}`;
        switch (op.kind) {
          case 'deposit-approve':
          case 'deposit-decline':
          case 'deposit-cancel':
            assert.equal(status, 201, context);
            await run.decide(body.redirectUrl, op.kind === 'deposit-approve' ? 'approve' : op.kind === 'deposit-decline' ? 'decline' : 'cancel');
            break;
          case 'deposit-voucher':
            assert.equal(body.status, 'approved', context);
            break;
          case 'deposit-voucher-refused':
            assert.equal(body.error?.code, 'declined', context);
            break;
          case 'deposit-unavailable':
          case 'payout-unavailable':
            assert.equal(body.error?.code, 'psp_unavailable', context);
            break;
          case 'deposit-500':
          case 'payout-500':
            assert.equal(status, 202, context);
            assert.equal(body.status, 'unknown', context);
            later.push({ id: body.transactionId, kind: op.kind });
            break;
          case 'payout-too-much':
            assert.equal(status, 422, context);
            assert.equal(body.error?.refusal?.reason, 'insufficient_balance', context);
            break;
          default:
            // A pay-out: authorized and held, or refused if the player's other pay-outs hold the balance.
            if (status === 422) {
              assert.equal(body.error?.refusal?.reason, 'insufficient_balance', context);
              break;
            }
            assert.equal(status, 201, context);
            if (op.kind.startsWith('payout-queue') || op.kind === 'payout-never-settles') later.push({ id: body.transactionId, kind: op.kind });
            // The widget's retry (same Idempotency-Key): the same transaction, held once, paid once.
            retried++;
            assert.equal((await run.create(player, op.method, op.amount, key)).body.transactionId, body.transactionId, context);
        }
      }

      // The back office finishes what waits for it; Mozarto's webhook settles the unknown ones.
      const random = seededRandom(SEED + 1);
      for (const { id, kind } of later) {
        if (kind === 'payout-queue-approve' || kind === 'payout-queue-reject') await run.backOffice(id, kind === 'payout-queue-approve' ? 'approve' : 'reject');
        else await run.backOffice(id, 'settle', random() < 0.5 ? 'Approved' : kind === 'deposit-500' ? 'Declined' : 'Rejected');
      }

      // Every transaction final at the proxy, then every event applied at the site.
      await eventually(
        async () => {
          for (const id of run.created.keys()) if (!['approved', 'declined', 'failed', 'rejected'].includes(await run.status(id))) return undefined;
          return true;
        },
        60_000,
        'every transaction to be final at the proxy',
      );
      const ids = new Set(players.map((p) => p.id));
      const settledBooks = await eventually(
        async () => {
          const books = run.books();
          const expected = expectedBalances(await run.sandbox(), ids);
          return books.held.length === 0 && JSON.stringify(sorted(books.balances)) === JSON.stringify(sorted(expected)) ? books : undefined;
        },
        90_000,
        'the books to match the sandbox',
      ).catch(async (error: Error) => {
        const books = run.books();
        assert.deepEqual(sorted(books.balances), sorted(expectedBalances(await run.sandbox(), ids)), `${error.message}; held: ${JSON.stringify(books.held)}`);
        throw error;
      });

      // Every transaction the sandbox approved moved its amount once; nothing else moved.
      const approved = (await run.sandbox()).filter((tx) => ids.has(tx.userId) && tx.transaction_status === 'Approved');
      const moved = new Map(settledBooks.movements.map((m) => [m.transaction_id, m.amount]));
      assert.deepEqual(
        new Map(approved.map((tx) => [tx.merchantReference, tx.type === 'PAYIN' ? hundredths(tx.amount) - FEE.payin : -(hundredths(tx.amount) + FEE.payout)])),
        moved,
      );

      // Duplicates: the relay's doubles raced the originals; now every event again, as first delivered.
      const firstDelivery = new Map(run.relay.deliveries.map((d) => [d.headers['webhook-id'], d]));
      let reposted = 0;
      for (const delivery of firstDelivery.values()) {
        const res = await fetch(`${run.site.url}/events`, { method: 'POST', headers: delivery.headers, body: delivery.body });
        assert.equal(res.status, 200, `re-posting ${delivery.headers['webhook-id']}: ${await res.clone().text()}`);
        assert.equal(((await res.json()) as { duplicate: boolean }).duplicate, true);
        reposted++;
      }
      const after = run.books();
      assert.deepEqual(sorted(after.balances), sorted(settledBooks.balances), 'the re-posted events moved nothing');
      assert.equal(after.movements.length, settledBooks.movements.length);

      // No event applied twice: across retries, doubles and re-posts, each id was applied (answered
      // "not a duplicate") at most once, and every id the proxy sent is in the books.
      const appliedAnswers = new Map<string, number>();
      for (const d of run.relay.deliveries) {
        const first = d.answers.filter((a) => a.status === 200 && a.duplicate === false).length;
        appliedAnswers.set(d.headers['webhook-id'], (appliedAnswers.get(d.headers['webhook-id']) ?? 0) + first);
      }
      assert.deepEqual(
        [...appliedAnswers].filter(([, n]) => n > 1),
        [],
      );
      assert.deepEqual(
        [...firstDelivery.keys()].filter((id) => !after.appliedEvents.includes(id)),
        [],
      );
      const copies = run.relay.deliveries.reduce((n, d) => n + d.answers.length, 0) + reposted;

      // Every outcome was produced.
      const outcomes = new Set(
        (await run.sandbox()).filter((tx) => ids.has(tx.userId)).map((tx) => `${tx.type.toLowerCase()} ${tx.transaction_status.toLowerCase()}`),
      );
      for (const outcome of ['payin approved', 'payin declined', 'payin failed', 'payout approved', 'payout declined', 'payout failed', 'payout rejected']) {
        assert.ok(outcomes.has(outcome), `the run produced ${outcome}; it produced ${[...outcomes].join(', ')}`);
      }

      t.diagnostic(
        `${language.name}: seed ${SEED}, ${run.created.size} transactions created, ${approved.length} approved; balances ${JSON.stringify(
          Object.fromEntries(sorted(after.balances).map(([k, v]) => [k, (v / 100).toFixed(2)])),
        )} equal the sandbox's; 0 holds left; ${firstDelivery.size} events, ${copies} deliveries to the site (${run.relay.doubled()} doubled at once, ${reposted} re-posted); ${retried} pay-outs retried with their Idempotency-Key, ${copies - firstDelivery.size} duplicates acknowledged and ignored`,
      );
    });

    it('10 concurrent pay-outs of 100.00 against a balance of 150.00: at most one reaches Mozarto', async (t) => {
      const player = await run.login(`${language.name}-dee`, false);
      const deposit = await run.create(player, M.payoneIn, '150.00');
      assert.equal(deposit.status, 201, JSON.stringify(deposit.body));
      await run.decide(deposit.body.redirectUrl, 'approve');
      await eventually(() => (run.books().balances.get(`${player.id} CAD`) === 15000 ? true : undefined), 30_000, 'the deposit of 150.00 credited');

      const answers = await Promise.all(Array.from({ length: 10 }, () => run.create(player, M.payoneOut, '100.00')));
      const through = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 422 && a.body.error?.refusal?.reason === 'insufficient_balance');
      assert.equal(through.length + refused.length, 10, JSON.stringify(answers.map((a) => [a.status, a.body.error?.code])));
      assert.ok(through.length <= 1, `${through.length} went through`);
      const atSandbox = (await run.sandbox()).filter((tx) => tx.userId === player.id && tx.type === 'PAYOUT');
      assert.equal(atSandbox.length, through.length, 'the sandbox counts the same pay-outs');

      await eventually(
        async () => {
          const books = run.books();
          const sandbox = (await run.sandbox()).filter((tx) => tx.userId === player.id && tx.type === 'PAYOUT');
          const paid = sandbox.filter((tx) => tx.transaction_status === 'Approved').length;
          return sandbox.every((tx) => tx.transaction_status !== 'Pending') &&
            books.held.every((h) => h.player !== player.id) &&
            books.balances.get(`${player.id} CAD`) === 15000 - 10000 * paid
            ? true
            : undefined;
        },
        30_000,
        'the pay-out captured and its hold gone',
      );
      t.diagnostic(
        `${language.name}: 10 concurrent pay-outs of 100.00 against 150.00: ${through.length} through, ${refused.length} refused insufficient_balance, ${atSandbox.length} at the sandbox; balance ${(run.books().balances.get(`${player.id} CAD`)! / 100).toFixed(2)}`,
      );
      t.diagnostic(`${language.name}: the run took ${Math.round((Date.now() - started) / 1000)} s from the first process started`);
    });
  });
}

/**
 * The site and its events endpoint down for `OUTAGE_MS`: pay-outs and a deposit are in flight and
 * settle meanwhile (their events wait at the proxy), and a pay-out tried meanwhile is refused
 * before Mozarto hears of it, since nobody can authorize it.
 */
async function outage(t: TestContext, run: Run, players: readonly Player[]): Promise<void> {
  const [ana, ben] = players as [Player, Player];
  const payout = await run.create(ben, M.payoneOut, '5.00');
  assert.equal(payout.status, 201, JSON.stringify(payout.body));
  const deposit = await run.create(ana, M.payoneIn, '25.00');
  assert.equal(deposit.status, 201, JSON.stringify(deposit.body));
  const down = Date.now();
  await run.site.stop();
  await run.relay.stop();
  await run.decide(deposit.body.redirectUrl, 'approve');
  const atSandbox = (await run.sandbox()).length;
  // Fails closed: an error the player can read (4xx, or 503 to try again later), no transaction.
  const refused = await run.create(ana, M.payoneOut, '5.00');
  assert.ok(
    (refused.status >= 400 && refused.status < 500) || refused.status === 503,
    `refused while the site is down: ${refused.status} ${JSON.stringify(refused.body)}`,
  );
  assert.equal(typeof refused.body.error?.message, 'string');
  assert.equal(refused.body.transactionId, undefined);
  assert.equal((await run.sandbox()).length, atSandbox, 'nothing reached Mozarto while nobody could authorize');
  await eventually(async () => ((await run.status(payout.body.transactionId)) === 'approved' ? true : undefined), 10_000, 'the pay-out to settle');
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, down + OUTAGE_MS - Date.now())));
  run.site = await run.startSite();
  await run.relay.start();
  t.diagnostic(
    `${run.language.name}: the site was down ${((Date.now() - down) / 1000).toFixed(1)} s; a pay-out meanwhile: ${refused.status} ${refused.body.error?.code}`,
  );
}
