/**
 * The conformance suite every TransactionStore must pass (`mozarto-cashier/proxy/testing`): the
 * SQLite, Postgres and in-memory stores run it, and so should a merchant's own store. It checks
 * the rules the proxy rests on — a final status never reverts, the first upstream id stays, an
 * Idempotency-Key is reserved once, an outcome hook is claimed once — and the races between two
 * instances sharing one store (the factory's `a` and `b`): two reserving one key, two webhooks
 * advancing one transaction, two claiming one outcome hook.
 *
 * ```ts
 * import { describeStoreConformance } from 'mozarto-cashier/proxy/testing';
 * describeStoreConformance('my store', async () => {
 *   const a = await openMyStore(url), b = await openMyStore(url);
 *   return { a, b, close: async () => { await a.close(); await b.close(); } };
 * });
 * ```
 *
 * Every case uses fresh random ids and user ids, so the suite may share one database with other
 * data. Cases are plain functions (`conformanceCases`) for other test runners; the `describe…`
 * helper registers them with `node:test`.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NewTransaction, TransactionStore } from './store.js';

/** Two handles on one shared store (for an in-process store, the same object twice). */
export interface ConformancePair {
  readonly a: TransactionStore;
  readonly b: TransactionStore;
  close(): Promise<void> | void;
}

export interface ConformanceCase {
  readonly name: string;
  run(pair: ConformancePair): Promise<void>;
}

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';
const T2 = '2026-01-01T00:02:00.000Z';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const newId = () => `tx_${hex(12)}`;
const newUser = () => `conf-${hex(6)}`;

function newTx(overrides: Partial<NewTransaction> = {}): NewTransaction {
  return { id: newId(), userId: newUser(), pspType: 'PAYONE', flow: 'payin', amount: '10.00', currency: 'EUR', createdAt: T0, ...overrides };
}

const transactionCases: readonly ConformanceCase[] = [
  {
    name: 'lists one player’s transactions newest first, paged after a position, never another player’s',
    async run({ a, b }) {
      const user = newUser();
      const at = ['2026-01-01T00:00:00.000Z', '2026-01-01T00:05:00.000Z', '2026-01-01T00:05:00.000Z', '2026-01-01T00:09:00.000Z'];
      const mine = at.map((createdAt) => newTx({ userId: user, createdAt }));
      for (const tx of mine) await a.insertTransaction(tx);
      await a.insertTransaction(newTx({ createdAt: '2026-01-01T00:07:00.000Z' })); // someone else's
      // Newest first; the two of one instant by id, descending.
      const sameInstant = [mine[1]!, mine[2]!].sort((x, y) => (x.id < y.id ? 1 : -1)).map((t) => t.id);
      const expected = [mine[3]!.id, ...sameInstant, mine[0]!.id];
      assert.deepEqual(
        (await b.listTransactionsByUser(user, 10)).map((t) => t.id),
        expected,
      );
      const first = await a.listTransactionsByUser(user, 2);
      assert.deepEqual(
        first.map((t) => t.id),
        expected.slice(0, 2),
      );
      const last = first[first.length - 1]!;
      const rest = await b.listTransactionsByUser(user, 10, { createdAt: last.createdAt, id: last.id });
      assert.deepEqual(
        rest.map((t) => t.id),
        expected.slice(2),
        'after the position, through a tie of createdAt',
      );
      assert.equal(rest[0]!.status, 'pending');
      assert.deepEqual(await a.listTransactionsByUser(newUser(), 10), [], 'nobody else’s');
    },
  },
  {
    name: 'stores a new transaction as pending and reads it back as written',
    async run({ a, b }) {
      const tx = newTx({ flow: 'payout', amount: '12.34', fee: '0.50', total: '11.84', currency: 'CAD' });
      const stored = await a.insertTransaction(tx);
      const expected = { ...tx, status: 'pending', upstreamId: null, outcome: null, redirectUrl: null, message: null, errorCode: null, updatedAt: T0 };
      assert.deepEqual(stored, expected);
      assert.deepEqual(await b.getTransaction(tx.id), expected, 'the other instance reads the same record');
      assert.equal(await a.getTransaction(newId()), null);
      await assert.rejects(a.insertTransaction(tx), 'a second insert with the same id is refused');
      const free = newTx({ amount: '7.00' });
      assert.deepEqual(
        [(await a.insertTransaction(free)).fee, (await b.getTransaction(free.id))?.total],
        ['0.00', '7.00'],
        'without a fee: fee 0.00, total = amount',
      );
    },
  },
  {
    name: 'advances the status and never moves a final one back; a message stays with the status that won',
    async run({ a }) {
      const tx = await a.insertTransaction(newTx());
      const awaiting = await a.updateTransaction(tx.id, { status: 'awaiting_approval', updatedAt: T1 });
      assert.equal(awaiting?.status, 'awaiting_approval');
      assert.equal(
        (await a.updateTransaction(tx.id, { status: 'pending', updatedAt: T1 }))?.status,
        'awaiting_approval',
        'Pending does not undo awaiting approval',
      );
      const approved = await a.updateTransaction(tx.id, { status: 'approved', message: 'yes', updatedAt: T2 });
      assert.equal(approved?.status, 'approved');
      assert.equal(approved?.updatedAt, T2);
      const late = await a.updateTransaction(tx.id, { status: 'declined', message: 'late', updatedAt: T2 });
      assert.equal(late?.status, 'approved');
      assert.equal(late?.message, 'yes', 'the losing status brings no message');
      assert.equal((await a.getTransaction(tx.id))?.status, 'approved');
      assert.equal(await a.updateTransaction(newId(), { status: 'approved', updatedAt: T1 }), null, 'an unknown id is null');
    },
  },
  {
    name: 'keeps the first upstream id, finds by it, and keeps fields a patch leaves out',
    async run({ a, b }) {
      const tx = await a.insertTransaction(newTx());
      const upstream = `up-${hex(8)}`;
      await a.updateTransaction(tx.id, { upstreamId: upstream, outcome: 'redirect', redirectUrl: 'https://hpp.example/1', updatedAt: T1 });
      const second = await a.updateTransaction(tx.id, { upstreamId: 'other', message: 'm', updatedAt: T2 });
      assert.equal(second?.upstreamId, upstream);
      assert.equal(second?.outcome, 'redirect');
      assert.equal(second?.redirectUrl, 'https://hpp.example/1');
      assert.equal(second?.message, 'm');
      assert.equal((await b.findByUpstreamId(upstream))?.id, tx.id);
      assert.equal(await b.findByUpstreamId(`up-${hex(8)}`), null);
    },
  },
  {
    name: 'believes an upstream outcome after our own failure only when it brings the upstream id',
    async run({ a }) {
      const tx = await a.insertTransaction(newTx());
      const failed = await a.updateTransaction(tx.id, { status: 'failed', errorCode: 'upstream_timeout', updatedAt: T1 });
      assert.equal(failed?.status, 'failed');
      assert.equal((await a.updateTransaction(tx.id, { status: 'approved', updatedAt: T1 }))?.status, 'failed', 'no upstream id: still ours');
      const believed = await a.updateTransaction(tx.id, { status: 'approved', upstreamId: `up-${hex(8)}`, updatedAt: T2 });
      assert.equal(believed?.status, 'approved');
      assert.equal(believed?.errorCode, 'upstream_timeout');
    },
  },
  {
    name: 'reserves an Idempotency-Key once per user, replays its answer, forgets it on release',
    async run({ a, b }) {
      const user = newUser();
      const key = `k-${hex(6)}`;
      assert.deepEqual(await a.reserveIdempotencyKey(user, key, 'h1', T0), { reserved: true });
      const running = await b.reserveIdempotencyKey(user, key, 'h1', T1);
      assert.equal(running.reserved, false);
      assert.deepEqual(!running.reserved && running.existing, { userId: user, key, bodyHash: 'h1', statusCode: null, response: null, createdAt: T0 });
      assert.deepEqual(await a.reserveIdempotencyKey(newUser(), key, 'h2', T0), { reserved: true }, 'keys are per user');
      const answer = { transactionId: newId(), status: 'pending', nested: { list: [1, 'two', null] } };
      await a.completeIdempotencyKey(user, key, 201, answer);
      const done = await b.reserveIdempotencyKey(user, key, 'h1', T2);
      assert.equal(done.reserved, false);
      assert.equal(!done.reserved && done.existing.statusCode, 201);
      assert.deepEqual(!done.reserved && done.existing.response, answer);
      await b.releaseIdempotencyKey(user, key);
      assert.deepEqual(await a.reserveIdempotencyKey(user, key, 'h3', T2), { reserved: true }, 'released: the key is free again');
    },
  },
  {
    name: 'keeps a create’s Idempotency-Key with its transaction; releases a stranded reservation only as it was',
    async run({ a, b }) {
      const user = newUser();
      const key = `key-${hex(6)}`;
      assert.equal(await a.findByIdempotencyKey(user, key), null);
      const first = await a.insertTransaction(newTx({ userId: user, idempotencyKey: key, createdAt: T0 }));
      assert.equal('idempotencyKey' in first, false, 'the key is not part of the record');
      const second = await a.insertTransaction(newTx({ userId: user, idempotencyKey: key, createdAt: T1 }));
      await a.insertTransaction(newTx({ userId: user, idempotencyKey: `key-${hex(6)}`, createdAt: T2 }));
      assert.equal((await b.findByIdempotencyKey(user, key))?.id, second.id, 'the newest under that key');
      assert.equal(await b.findByIdempotencyKey(newUser(), key), null, 'never another player’s');
      assert.notEqual(first.id, second.id);

      assert.equal((await a.reserveIdempotencyKey(user, 'stranded', 'h', T0)).reserved, true);
      await b.releaseIdempotencyKey(user, 'stranded', T1);
      assert.equal((await a.reserveIdempotencyKey(user, 'stranded', 'h', T2)).reserved, false, 'another reservation time: kept');
      await b.releaseIdempotencyKey(user, 'stranded', T0);
      assert.equal((await a.reserveIdempotencyKey(user, 'stranded', 'h', T2)).reserved, true, 'the stranded one: released');
      await a.completeIdempotencyKey(user, 'stranded', 201, { ok: true });
      await b.releaseIdempotencyKey(user, 'stranded', T2);
      const kept = await a.reserveIdempotencyKey(user, 'stranded', 'h', T2);
      assert.equal(kept.reserved ? null : kept.existing.statusCode, 201, 'a completed one is never released as stranded');
    },
  },
  {
    name: 'lists the transactions whose create never wrote its answer, oldest first',
    async run({ a, b }) {
      // Older than every other case's rows, so a shared database's other rows come after them.
      const early = ['2020-01-01T00:00:00.000Z', '2020-01-01T00:00:01.000Z', '2020-01-01T00:00:02.000Z'];
      const [stranded, answered, unknown] = await Promise.all(early.map((createdAt) => a.insertTransaction(newTx({ createdAt }))));
      await a.updateTransaction(answered!.id, { status: 'pending', outcome: 'redirect', upstreamId: `up-${hex(8)}`, updatedAt: T1 });
      await a.updateTransaction(unknown!.id, { status: 'unknown', outcome: 'await', updatedAt: T1 });
      const late = await a.insertTransaction(newTx({ createdAt: '2020-01-01T00:00:03.000Z' }));
      const listed = await b.listUnansweredTransactions('2020-01-01T00:00:03.000Z', 1000);
      assert.equal(listed[0], stranded!.id, 'oldest first');
      for (const id of [answered!.id, unknown!.id, late.id]) assert.ok(!listed.includes(id), id);
      assert.deepEqual(await b.listUnansweredTransactions('2020-01-01T00:00:00.000Z', 1000), [], 'created before the cut-off only');
      // The sweep's move applies only while nothing answered: an answer that landed meanwhile stays.
      const sweep = { status: 'unknown', outcome: 'await', errorCode: 'interrupted', updatedAt: T2, whileUnanswered: true } as const;
      assert.equal((await b.updateTransaction(answered!.id, sweep))?.status, 'pending');
      assert.equal((await b.updateTransaction(answered!.id, sweep))?.outcome, 'redirect');
      const moved = await b.updateTransaction(stranded!.id, sweep);
      assert.equal(moved?.status, 'unknown');
      assert.ok(!(await a.listUnansweredTransactions('2020-01-01T00:00:03.000Z', 1000)).includes(stranded!.id));
    },
  },
  {
    name: 'keeps webhook events in arrival order, unmatched ones until linked',
    async run({ a, b }) {
      const tx = await a.insertTransaction(newTx());
      const upstream = `up-${hex(8)}`;
      const payload = { transaction_id: upstream, amount: 10, nested: { ok: true } };
      await a.addWebhookEvent({ transactionId: null, upstreamId: upstream, merchantReference: null, transactionStatus: 'Pending', payload, receivedAt: T0 });
      await b.addWebhookEvent({
        transactionId: null,
        upstreamId: upstream,
        merchantReference: tx.id,
        transactionStatus: 'Approved',
        payload: null,
        receivedAt: T1,
      });
      await a.addWebhookEvent({
        transactionId: tx.id,
        upstreamId: `up-${hex(8)}`,
        merchantReference: tx.id,
        transactionStatus: 'Declined',
        payload: {},
        receivedAt: T2,
      });
      const unmatched = await b.listUnmatchedWebhookEvents(upstream);
      assert.deepEqual(
        unmatched.map((e) => [e.transactionStatus, e.receivedAt, e.merchantReference]),
        [
          ['Pending', T0, null],
          ['Approved', T1, tx.id],
        ],
      );
      assert.deepEqual(unmatched[0]!.payload, payload);
      assert.equal(unmatched[1]!.payload, null);
      assert.ok(unmatched[0]!.id < unmatched[1]!.id, 'ids grow in arrival order');
      await a.linkWebhookEvents(upstream, tx.id);
      assert.deepEqual(await b.listUnmatchedWebhookEvents(upstream), []);
      assert.deepEqual(
        (await b.listWebhookEvents(tx.id)).map((e) => e.transactionStatus),
        ['Pending', 'Approved', 'Declined'],
      );
    },
  },
  {
    name: 'claims an outcome notification only for a reportable outcome, once, until released or stale',
    async run({ a, b }) {
      const tx = await a.insertTransaction(newTx());
      assert.equal(await a.claimOutcomeNotification(tx.id, T1, T0), null, 'pending: nothing to report');
      await a.updateTransaction(tx.id, { status: 'approved', upstreamId: `up-${hex(8)}`, updatedAt: T1 });
      assert.ok((await a.listPendingOutcomeNotifications(1000)).includes(tx.id));
      const claimed = await a.claimOutcomeNotification(tx.id, T1, T0);
      assert.equal(claimed?.id, tx.id);
      assert.equal(claimed?.status, 'approved');
      assert.equal(await b.claimOutcomeNotification(tx.id, T1, T0), null, 'held by a fresh claim');
      assert.equal((await b.claimOutcomeNotification(tx.id, T2, T2))?.id, tx.id, 'a claim older than staleBefore is taken over');
      await b.releaseOutcomeNotification(tx.id);
      assert.equal((await a.claimOutcomeNotification(tx.id, T2, T0))?.id, tx.id, 'released: claimable again');
      await a.completeOutcomeNotification(tx.id, T2);
      assert.equal((await b.getTransaction(tx.id))?.outcomeNotifiedAt, T2);
      assert.equal(await b.claimOutcomeNotification(tx.id, T2, '9999'), null, 'done: never again');
      await b.releaseOutcomeNotification(tx.id);
      assert.equal(await b.claimOutcomeNotification(tx.id, T2, '9999'), null, 'a release after completion changes nothing');
      assert.ok(!(await a.listPendingOutcomeNotifications(1000)).includes(tx.id));
      assert.equal(await a.claimOutcomeNotification(newId(), T1, T0), null);
    },
  },
  {
    name: 'reports our own failure too (what the merchant held is released), and again when Mozarto contradicts it',
    async run({ a, b }) {
      const tx = await a.insertTransaction(newTx());
      await a.updateTransaction(tx.id, { status: 'failed', errorCode: 'upstream_error', updatedAt: T1 });
      assert.ok((await a.listPendingOutcomeNotifications(1000)).includes(tx.id), 'a failure before Mozarto is an outcome');
      assert.equal((await a.claimOutcomeNotification(tx.id, T1, T0))?.status, 'failed');
      await a.completeOutcomeNotification(tx.id, T1);
      const declined = await a.insertTransaction(newTx());
      await a.updateTransaction(declined.id, { status: 'declined', errorCode: 'refused', updatedAt: T1 });
      assert.ok((await a.listPendingOutcomeNotifications(1000)).includes(declined.id), 'a refusal is an outcome');
      // Mozarto's webhook brings its id and an outcome after all: told once more, with that status.
      const believed = await b.updateTransaction(tx.id, { status: 'approved', upstreamId: `up-${hex(8)}`, updatedAt: T2 });
      assert.equal(believed?.status, 'approved');
      assert.equal(believed?.outcomeNotifiedAt, undefined, 'the record of the failure’s report is cleared');
      assert.equal((await b.claimOutcomeNotification(tx.id, T2, T0))?.status, 'approved');
      await b.completeOutcomeNotification(tx.id, T2);
      assert.equal((await a.updateTransaction(tx.id, { status: 'declined', upstreamId: 'other', updatedAt: T2 }))?.outcomeNotifiedAt, T2, 'final: no more');
    },
  },
  {
    name: 'unknown is not final; review is final, keeps its reason and is reported; a final status keeps its message',
    async run({ a, b }) {
      const unknown = await a.insertTransaction(newTx());
      assert.equal((await a.updateTransaction(unknown.id, { status: 'unknown', updatedAt: T1 }))?.status, 'unknown');
      assert.equal(
        (await b.updateTransaction(unknown.id, { status: 'approved', upstreamId: `up-${hex(8)}`, updatedAt: T2 }))?.status,
        'approved',
        'a webhook outcome settles unknown',
      );
      const reviewed = await a.insertTransaction(newTx());
      const reason = 'amount: expected 10.00, got 0.01';
      const r = await a.updateTransaction(reviewed.id, { status: 'review', reviewReason: reason, upstreamId: `up-${hex(8)}`, updatedAt: T1 });
      assert.equal(r?.status, 'review');
      assert.equal(r?.reviewReason, reason);
      const later = await b.updateTransaction(reviewed.id, { status: 'approved', message: 'Paid', reviewReason: 'other', updatedAt: T2 });
      assert.equal(later?.status, 'review', 'review is final');
      assert.equal(later?.reviewReason, reason);
      assert.equal(later?.message, null);
      assert.equal((await b.getTransaction(reviewed.id))?.reviewReason, reason);
      assert.ok((await a.listPendingOutcomeNotifications(1000)).includes(reviewed.id), 'review is reported to the merchant');
      const final = await a.insertTransaction(newTx());
      await a.updateTransaction(final.id, { status: 'approved', message: 'Payment received', updatedAt: T1 });
      assert.equal(
        (await b.updateTransaction(final.id, { status: 'approved', message: 'Call us to claim a bonus', updatedAt: T2 }))?.message,
        'Payment received',
      );
    },
  },
  {
    name: 'prunes idempotency records and webhook payloads older than the cut-off, in bounded batches',
    async run({ a, b }) {
      // Dates far before every other case's, so a shared database loses nothing else.
      const OLD = '2000-01-01T00:00:00.000Z';
      const CUT = '2000-06-01T00:00:00.000Z';
      const user = newUser();
      for (let i = 0; i < 3; i++) await a.reserveIdempotencyKey(user, `old-${i}`, 'h', OLD);
      await a.reserveIdempotencyKey(user, 'young', 'h', '2000-12-01T00:00:00.000Z');
      const tx = await a.insertTransaction(newTx());
      await a.addWebhookEvent({
        transactionId: tx.id,
        upstreamId: null,
        merchantReference: tx.id,
        transactionStatus: 'Approved',
        payload: { secretish: 1 },
        receivedAt: OLD,
      });
      await a.addWebhookEvent({
        transactionId: tx.id,
        upstreamId: null,
        merchantReference: tx.id,
        transactionStatus: 'Declined',
        payload: { kept: 1 },
        receivedAt: T0,
      });
      assert.equal(await b.pruneExpired(CUT, 2), 3, 'two keys and the one old payload');
      assert.equal(await b.pruneExpired(CUT, 2), 1, 'the last old key');
      assert.equal(await b.pruneExpired(CUT, 2), 0, 'nothing left');
      assert.equal((await a.reserveIdempotencyKey(user, 'old-0', 'h', T0)).reserved, true, 'a pruned key is free');
      assert.equal((await a.reserveIdempotencyKey(user, 'young', 'h', T0)).reserved, false, 'a younger key stays');
      const events = await a.listWebhookEvents(tx.id);
      assert.deepEqual(
        events.map((e) => [e.transactionStatus, e.payload]),
        [
          ['Approved', null],
          ['Declined', { kept: 1 }],
        ],
        'the event stays, its old payload is emptied',
      );
    },
  },
  {
    name: 'race: two instances reserving one key at once — exactly one wins, every time',
    async run({ a, b }) {
      for (let round = 0; round < 20; round++) {
        const user = newUser();
        const key = `race-${hex(6)}`;
        const results = await Promise.all([a, b, a, b].map((s, i) => s.reserveIdempotencyKey(user, key, 'h', `2026-01-01T00:00:0${i}.000Z`)));
        assert.equal(results.filter((r) => r.reserved).length, 1, `round ${round}: ${JSON.stringify(results)}`);
        for (const r of results) if (!r.reserved) assert.equal(r.existing.bodyHash, 'h');
      }
    },
  },
  {
    name: 'race: two webhooks advancing one transaction at once — one final status, no lost field',
    async run({ a, b }) {
      for (let round = 0; round < 20; round++) {
        const tx = await a.insertTransaction(newTx());
        const upstream = `up-${hex(8)}`;
        const [x, y, z] = await Promise.all([
          a.updateTransaction(tx.id, { status: 'approved', message: 'approved-msg', updatedAt: T1 }),
          b.updateTransaction(tx.id, { status: 'declined', message: 'declined-msg', updatedAt: T1 }),
          a.updateTransaction(tx.id, { upstreamId: upstream, outcome: 'await', updatedAt: T1 }),
        ]);
        const final = (await b.getTransaction(tx.id))!;
        assert.ok(final.status === 'approved' || final.status === 'declined', `round ${round}: ${final.status}`);
        assert.equal(final.message, `${final.status}-msg`, `round ${round}: the message of the status that won`);
        assert.equal(final.upstreamId, upstream, `round ${round}: the concurrent upstream id was not lost`);
        assert.equal(final.outcome, 'await');
        // Whoever lost saw the winner: no instance was told a status that did not stick.
        for (const seen of [x, y]) assert.ok(seen!.status === final.status || seen!.status === 'pending', `round ${round}: ${seen!.status} vs ${final.status}`);
        void z;
      }
    },
  },
  {
    name: 'searches by status, user, provider, flow, amount and creation time, newest first, paged after a position',
    async run({ a, b }) {
      // A provider name of its own keeps other cases' (and other suites') rows out of a shared store.
      const psp = `CONF_${hex(4).toUpperCase()}`;
      const user = newUser();
      const rows = [
        newTx({ pspType: psp, userId: user, amount: '5.00', createdAt: '2026-02-01T00:00:00.000Z' }),
        newTx({ pspType: psp, userId: user, amount: '50.00', flow: 'payout', createdAt: '2026-02-02T00:00:00.000Z' }),
        newTx({ pspType: psp, amount: '100.00', createdAt: '2026-02-03T00:00:00.000Z' }),
        newTx({ pspType: psp, amount: '9.99', createdAt: '2026-02-03T00:00:00.000Z' }),
      ];
      for (const tx of rows) await a.insertTransaction(tx);
      await a.updateTransaction(rows[1]!.id, { status: 'approved', updatedAt: T1 });
      const ids = async (query: Omit<Parameters<TransactionStore['searchTransactions']>[0], 'limit'>, limit = 50) =>
        (await b.searchTransactions({ pspType: psp, limit, ...query })).map((t) => t.id);
      const sameInstant = [rows[2]!, rows[3]!].sort((x, y) => (x.id < y.id ? 1 : -1)).map((t) => t.id);
      assert.deepEqual(await ids({}), [...sameInstant, rows[1]!.id, rows[0]!.id], 'newest first, a tie by id');
      assert.deepEqual(await ids({ statuses: ['approved'] }), [rows[1]!.id]);
      assert.deepEqual(await ids({ statuses: ['pending', 'review'] }), [...sameInstant, rows[0]!.id]);
      assert.deepEqual(await ids({ userId: user }), [rows[1]!.id, rows[0]!.id]);
      assert.deepEqual(await ids({ flow: 'payout' }), [rows[1]!.id]);
      assert.deepEqual(await ids({ minAmount: '9.99', maxAmount: '50' }), [rows[3]!.id, rows[1]!.id], 'amounts compare as numbers, not text');
      assert.deepEqual(await ids({ minAmount: '10' }), [rows[2]!.id, rows[1]!.id], '100.00 is above 10, 9.99 is not');
      assert.deepEqual(
        await ids({ createdFrom: '2026-02-02T00:00:00.000Z', createdBefore: '2026-02-03T00:00:00.000Z' }),
        [rows[1]!.id],
        'from inclusive, before exclusive',
      );
      const first = await b.searchTransactions({ pspType: psp, limit: 1 });
      assert.deepEqual(
        await ids({ after: { createdAt: first[0]!.createdAt, id: first[0]!.id } }, 2),
        [sameInstant[1]!, rows[1]!.id],
        'after a position, through a tie',
      );
    },
  },
  {
    name: 'an operator’s resolution moves a review or unknown transaction once, with its audit entry, and reopens the outcome hook',
    async run({ a, b }) {
      const tx = await a.insertTransaction(newTx());
      await a.updateTransaction(tx.id, { status: 'review', reviewReason: 'amount: expected 10.00, got 0.01', upstreamId: `up-${hex(8)}`, updatedAt: T1 });
      await a.completeOutcomeNotification(tx.id, T1);
      assert.equal((await a.updateTransaction(tx.id, { status: 'approved', updatedAt: T2 }))?.status, 'review', 'a webhook cannot move review');
      const audit = { actor: 'ops-alice', reason: 'Checked in the back office: paid 10.00', at: T2 };
      const stale = await b.updateTransaction(tx.id, { status: 'declined', resolution: { from: 'unknown' }, updatedAt: T2 }, { audit });
      assert.equal(stale?.status, 'review', 'a resolution for a status it no longer has changes nothing');
      const resolved = await b.updateTransaction(tx.id, { status: 'approved', resolution: { from: 'review' }, updatedAt: T2 }, { audit });
      assert.equal(resolved?.status, 'approved');
      assert.equal(resolved?.reviewReason, 'amount: expected 10.00, got 0.01', 'the review reason stays as history');
      assert.equal(resolved?.outcomeNotifiedAt, undefined);
      const again = await a.updateTransaction(tx.id, { status: 'declined', resolution: { from: 'review' }, updatedAt: T2 }, { audit });
      assert.equal(again?.status, 'approved', 'a second resolution of the same state changes nothing');
      const entries = await a.listAuditEntries(tx.id);
      assert.equal(entries.length, 1, 'one entry: the one that changed something');
      assert.deepEqual(
        { ...entries[0]!, id: 0 },
        { id: 0, transactionId: tx.id, action: 'resolve', actor: 'ops-alice', reason: audit.reason, before: 'review', after: 'approved', at: T2 },
      );
      assert.ok(await a.claimOutcomeNotification(tx.id, T2, T1), 'the merchant’s hook runs again for the resolved status');
      assert.ok((await b.listPendingOutcomeNotifications(100_000)).includes(tx.id));
      const unknown = await a.insertTransaction(newTx());
      await a.updateTransaction(unknown.id, { status: 'unknown', updatedAt: T1 });
      const settled = await a.updateTransaction(unknown.id, { status: 'failed', resolution: { from: 'unknown' }, updatedAt: T2 }, { audit });
      assert.equal(settled?.status, 'failed');
      const refused = await a.updateTransaction(unknown.id, { status: 'review', resolution: { from: 'failed' }, updatedAt: T2 }, { audit });
      assert.equal(refused?.status, 'failed', 'review is no resolution');
      await assert.rejects(
        a.updateTransaction((await a.insertTransaction(newTx())).id, { status: 'failed', resolution: { from: 'pending' }, updatedAt: T2 }),
        /audit/,
        'a resolution without its audit entry is refused',
      );
    },
  },
  {
    name: 'counts the needs-attention queue: review, unknown, and waits older than the cut-off, with the oldest',
    async run({ a, b }) {
      const before = await b.countAttention('2000-01-01T00:00:00.000Z');
      const count = (list: Awaited<ReturnType<TransactionStore['countAttention']>>, status: string) => list.find((c) => c.status === status)?.count ?? 0;
      const review = await a.insertTransaction(newTx({ createdAt: '1999-06-01T00:00:00.000Z' }));
      await a.updateTransaction(review.id, { status: 'review', updatedAt: T1 });
      await a.insertTransaction(newTx({ createdAt: '1999-01-01T00:00:00.000Z' })); // stranded pending
      await a.insertTransaction(newTx({ createdAt: '2001-01-01T00:00:00.000Z' })); // a young wait
      const after = await b.countAttention('2000-01-01T00:00:00.000Z');
      assert.equal(count(after, 'review') - count(before, 'review'), 1);
      assert.equal(count(after, 'pending') - count(before, 'pending'), 1, 'only the pending one older than the cut-off');
      assert.equal(after.find((c) => c.status === 'pending')!.oldestCreatedAt <= '1999-01-01T00:00:00.000Z', true);
      assert.equal(
        after.some((c) => c.status === 'approved'),
        false,
      );
    },
  },
  {
    name: 'race: two instances claiming one outcome hook at once — exactly one runs it',
    async run({ a, b }) {
      for (let round = 0; round < 20; round++) {
        const tx = await a.insertTransaction(newTx());
        await a.updateTransaction(tx.id, { status: 'approved', upstreamId: `up-${hex(8)}`, updatedAt: T1 });
        const claims = await Promise.all([a, b, a, b].map((s) => s.claimOutcomeNotification(tx.id, T1, T0)));
        assert.equal(claims.filter((c) => c !== null).length, 1, `round ${round}`);
      }
    },
  },
];

/** Endpoints of the merchant's events only this case claims from (the suite may share a database). */
const newEndpoints = (n = 1) => Array.from({ length: n }, (_, i) => `https://merchant-${hex(4)}.example/events/${i}`);
const outbox = (endpoints: readonly string[], extra: { reason?: string } = {}) => ({ outbox: { endpoints, eventId: `evt_${hex(12)}`, ...extra } });
const FAR = '2026-01-02T00:00:00.000Z';

/** The merchant's events (docs/adr/0018-events-to-the-merchant.md): the outbox written with the change, claimed once, recorded. */
const outboxCases: readonly ConformanceCase[] = [
  {
    name: 'outbox: an operator’s resolution adds transaction.resolved with its audit row; one the store did not apply adds nothing',
    async run({ a, b }) {
      const endpoints = newEndpoints();
      const tx = await a.insertTransaction(newTx());
      await a.updateTransaction(tx.id, { status: 'review', reviewReason: 'amount: expected 10.00, got 0.01', upstreamId: `up-${hex(8)}`, updatedAt: T1 });
      const audit = { actor: 'ops-alice', reason: 'Checked in the back office: paid 10.00', at: T2 };
      const resolving = (from: 'review' | 'unknown', status: 'approved' | 'declined') =>
        b.updateTransaction(
          tx.id,
          { status, resolution: { from }, updatedAt: T2 },
          { audit, outbox: { endpoints, eventId: `evt_${hex(12)}`, reason: audit.reason, resolved: true } },
        );
      assert.equal((await resolving('unknown', 'declined'))?.status, 'review', 'a stale resolution changes nothing');
      assert.deepEqual(await a.listEvents(tx.id), [], 'and writes no event');
      assert.equal((await resolving('review', 'approved'))?.status, 'approved');
      assert.equal((await resolving('review', 'declined'))?.status, 'approved', 'once');
      const events = await a.listEvents(tx.id);
      assert.deepEqual(
        events.map((e) => [e.type, e.endpoint]),
        [['transaction.resolved', endpoints[0]]],
      );
      const sent = JSON.parse(events[0]!.payload) as { data: { status: string; reason?: string } };
      assert.equal(sent.data.status, 'approved');
      assert.equal(sent.data.reason, audit.reason);
      assert.equal((await a.listAuditEntries(tx.id)).length, 1);
      const backlog = await b.outboxBacklog();
      assert.ok(backlog.count >= 1, 'the undelivered event is in the backlog');
      assert.ok(backlog.oldestCreatedAt !== null && backlog.oldestCreatedAt <= events[0]!.createdAt);
    },
  },
  {
    name: 'outbox: a write adds its event with the change, once per endpoint; no event without a status change or without endpoints',
    async run({ a, b }) {
      const endpoints = newEndpoints(2);
      const tx = newTx({ flow: 'payout', amount: '100.00', fee: '2.00', total: '98.00' });
      const created = outbox(endpoints);
      await a.insertTransaction(tx, created);
      await a.updateTransaction(tx.id, { upstreamId: `up-${hex(8)}`, outcome: 'await', updatedAt: T1 }, outbox(endpoints));
      await a.updateTransaction(tx.id, { status: 'awaiting_approval', updatedAt: T1 }, { durable: false });
      const approved = outbox(endpoints);
      await b.updateTransaction(tx.id, { status: 'approved', updatedAt: T2 }, { durable: false, ...approved });
      await b.updateTransaction(tx.id, { status: 'approved', updatedAt: T2 }, outbox(endpoints));
      const events = await b.listEvents(tx.id);
      assert.deepEqual(
        events.map((e) => [e.eventId, e.endpoint, e.type]),
        [
          [created.outbox.eventId, endpoints[0], 'transaction.created'],
          [created.outbox.eventId, endpoints[1], 'transaction.created'],
          [approved.outbox.eventId, endpoints[0], 'transaction.approved'],
          [approved.outbox.eventId, endpoints[1], 'transaction.approved'],
        ],
        'the upstream id alone, a change without an outbox and a duplicate tell the merchant nothing',
      );
      assert.ok(events[0]!.seq < events[2]!.seq);
      const last = events[2]!;
      assert.deepEqual(
        [last.attempts, last.nextAttemptAt, last.deliveredAt, last.abandonedAt, last.lastStatusCode, last.lastError, last.createdAt],
        [0, T2, null, null, null, null, T2],
      );
      const payload = JSON.parse(last.payload) as { type: string; timestamp: string; data: Record<string, unknown> };
      assert.equal(payload.type, 'transaction.approved');
      assert.equal(payload.timestamp, T2);
      assert.deepEqual(
        { ...payload.data, upstreamId: typeof payload.data.upstreamId },
        {
          transactionId: tx.id,
          userId: tx.userId,
          flow: 'payout',
          pspType: 'PAYONE',
          amount: '100.00',
          fee: '2.00',
          total: '98.00',
          currency: 'EUR',
          status: 'approved',
          upstreamId: 'string',
          merchantReference: tx.id,
          createdAt: T0,
          updatedAt: T2,
        },
      );
      const failed = await a.insertTransaction(newTx());
      await a.updateTransaction(failed.id, { status: 'failed', errorCode: 'upstream_error', updatedAt: T1 }, outbox(endpoints, { reason: 'no connection' }));
      const [event] = await a.listEvents(failed.id);
      assert.deepEqual(JSON.parse(event!.payload).data.reason, 'no connection', 'a failure before Mozarto says why');
      assert.equal(JSON.parse(event!.payload).data.upstreamId, null);
    },
  },
  {
    name: 'outbox: claims an event once, only the oldest pending of its transaction, leased until the claim runs out',
    async run({ a, b }) {
      const [endpoint] = newEndpoints();
      const tx = await a.insertTransaction(newTx(), outbox([endpoint!]));
      await a.updateTransaction(tx.id, { status: 'approved', updatedAt: T1 }, outbox([endpoint!]));
      const claim = (s: TransactionStore, now: string, name: string) => s.claimEvents({ endpoints: [endpoint!], now, until: T2, claim: name, limit: 10 });
      const first = await claim(a, T1, 'a-1');
      assert.deepEqual(
        first.map((e) => [e.type, e.claim, e.attempt]),
        [['transaction.created', 'a-1', 1]],
        'the approval waits behind the creation',
      );
      assert.deepEqual(await claim(b, T1, 'b-1'), [], 'leased, and the next one waits for it');
      assert.deepEqual(await b.claimEvents({ endpoints: ['https://other.example/'], now: FAR, until: FAR, claim: 'x', limit: 10 }), [], 'another endpoint’s');
      const taken = await claim(b, T2, 'b-2');
      assert.deepEqual(
        taken.map((e) => [e.seq, e.claim]),
        [[first[0]!.seq, 'b-2']],
        'a lease that ran out is taken over',
      );
      await a.recordEventAttempt({
        seq: first[0]!.seq,
        claim: 'a-1',
        attempt: 1,
        startedAt: T1,
        durationMs: 5,
        statusCode: 200,
        error: null,
        instance: 'a',
        deliveredAt: T1,
      });
      const [stale] = await a.listEvents(tx.id);
      assert.equal(stale!.deliveredAt, null, 'a stale claim records its attempt and changes nothing else');
      assert.equal(stale!.attempts, 1);
      await b.recordEventAttempt({
        seq: taken[0]!.seq,
        claim: 'b-2',
        attempt: 1,
        startedAt: T2,
        durationMs: 7,
        statusCode: 204,
        error: null,
        instance: 'b',
        deliveredAt: T2,
      });
      const next = await claim(a, T2, 'a-2');
      assert.deepEqual(
        next.map((e) => e.type),
        ['transaction.approved'],
        'delivered: the next event of the transaction is due',
      );
      assert.deepEqual(
        (await b.listEventAttempts(first[0]!.eventId)).map((x) => [x.attempt, x.statusCode, x.instance, x.durationMs]),
        [
          [1, 200, 'a', 5],
          [1, 204, 'b', 7],
        ],
      );
      assert.equal((await a.listEvents(tx.id))[0]!.deliveredAt, T2);
    },
  },
  {
    name: 'outbox: every attempt recorded; a retry is due at its time; an abandoned event no longer holds its transaction’s queue',
    async run({ a, b }) {
      const [endpoint] = newEndpoints();
      const tx = await a.insertTransaction(newTx(), outbox([endpoint!]));
      await a.updateTransaction(tx.id, { status: 'declined', updatedAt: T0 }, outbox([endpoint!]));
      const claim = (now: string) => b.claimEvents({ endpoints: [endpoint!], now, until: now, claim: `c-${now}`, limit: 10 });
      const [created] = await claim(T0);
      await a.recordEventAttempt({
        seq: created!.seq,
        claim: created!.claim,
        attempt: 1,
        startedAt: T0,
        durationMs: 10_000,
        statusCode: null,
        error: 'no answer within 10000 ms',
        instance: 'a',
        retryAt: T2,
      });
      const [waiting] = await a.listEvents(tx.id);
      assert.deepEqual([waiting!.attempts, waiting!.nextAttemptAt, waiting!.lastError, waiting!.lastStatusCode], [1, T2, 'no answer within 10000 ms', null]);
      assert.deepEqual(await claim(T1), [], 'not due before its retry');
      const [again] = await claim(T2);
      assert.deepEqual([again!.seq, again!.attempt], [created!.seq, 2]);
      await b.recordEventAttempt({
        seq: again!.seq,
        claim: again!.claim,
        attempt: 2,
        startedAt: T2,
        durationMs: 3,
        statusCode: 500,
        error: 'HTTP 500',
        instance: 'b',
        abandonedAt: T2,
      });
      const [abandoned, declined] = await b.listEvents(tx.id);
      assert.deepEqual([abandoned!.abandonedAt, abandoned!.deliveredAt, abandoned!.lastStatusCode], [T2, null, 500]);
      assert.deepEqual(
        (await claim(FAR)).map((e) => e.seq),
        [declined!.seq],
        'abandoned: never claimed again, and the next event goes',
      );
      assert.deepEqual(
        (await a.listEventAttempts(created!.eventId)).map((x) => [x.attempt, x.statusCode, x.error]),
        [
          [1, null, 'no answer within 10000 ms'],
          [2, 500, 'HTTP 500'],
        ],
      );
    },
  },
  {
    name: 'outbox: an operator’s re-delivery puts a delivered, failing or abandoned event back at once, with its audit row; failing ones are listed',
    async run({ a, b }) {
      const [endpoint] = newEndpoints();
      const tx = await a.insertTransaction(newTx(), outbox([endpoint!]));
      await a.updateTransaction(tx.id, { status: 'approved', updatedAt: T0 }, outbox([endpoint!]));
      const claim = (now: string) => b.claimEvents({ endpoints: [endpoint!], now, until: FAR, claim: `c-${hex(4)}`, limit: 10 });
      const failing = async () => (await b.listFailingEvents(100_000)).filter((e) => e.endpoint === endpoint).map((e) => e.type);
      const attempt = { durationMs: 5, instance: 'a' };
      const [created] = await claim(T0);
      await a.recordEventAttempt({
        ...attempt,
        seq: created!.seq,
        claim: created!.claim,
        attempt: 1,
        startedAt: T0,
        statusCode: 200,
        error: null,
        deliveredAt: T0,
      });
      const [approved] = await claim(T0);
      await a.recordEventAttempt({
        ...attempt,
        seq: approved!.seq,
        claim: approved!.claim,
        attempt: 1,
        startedAt: T0,
        statusCode: 503,
        error: 'HTTP 503',
        retryAt: T1,
      });
      assert.deepEqual(await failing(), ['transaction.approved'], 'failing: not delivered after a failed attempt');
      const [retried] = await claim(T1);
      await b.recordEventAttempt({
        ...attempt,
        seq: retried!.seq,
        claim: retried!.claim,
        attempt: 2,
        startedAt: T1,
        statusCode: 503,
        error: 'HTTP 503',
        abandonedAt: T1,
      });
      assert.deepEqual(await failing(), ['transaction.approved'], 'abandoned: still listed');
      assert.deepEqual(await claim(FAR), [], 'nothing due');

      const who = { actor: 'ops-bob', reason: 'The endpoint is fixed', at: T2 };
      assert.deepEqual(await b.redeliverEvent({ ...who, eventId: `evt_${hex(12)}` }), [], 'no such event: nothing written');
      const before = await b.redeliverEvent({ ...who, eventId: approved!.eventId });
      assert.deepEqual(
        before.map((e) => [e.seq, e.abandonedAt]),
        [[approved!.seq, T1]],
        'the rows as they stood',
      );
      const back = (await a.listEvents(tx.id))[1]!;
      assert.deepEqual([back.abandonedAt, back.deliveredAt, back.nextAttemptAt, back.attempts], [null, null, T2, 2], 'due at once, its attempts kept');
      const [again] = await claim(T2);
      assert.deepEqual([again?.seq, again?.attempt], [approved!.seq, 3], 'claimed again, as the third attempt');
      await a.recordEventAttempt({
        ...attempt,
        seq: again!.seq,
        claim: again!.claim,
        attempt: 3,
        startedAt: T2,
        statusCode: 200,
        error: null,
        deliveredAt: T2,
      });
      assert.deepEqual(await failing(), [], 'delivered: no longer failing');
      assert.deepEqual(
        (await b.listEventAttempts(approved!.eventId)).map((x) => [x.attempt, x.statusCode]),
        [
          [1, 503],
          [2, 503],
          [3, 200],
        ],
      );

      // A delivered event is sent once more; a re-delivery while it is claimed drops that claim.
      await a.redeliverEvent({ ...who, eventId: created!.eventId });
      const [createdAgain] = await claim(T2);
      assert.equal(createdAgain?.seq, created!.seq);
      await b.redeliverEvent({ ...who, eventId: created!.eventId });
      await a.recordEventAttempt({
        ...attempt,
        seq: createdAgain!.seq,
        claim: createdAgain!.claim,
        attempt: 2,
        startedAt: T2,
        statusCode: 200,
        error: null,
        deliveredAt: T2,
      });
      assert.equal((await b.listEvents(tx.id))[0]!.deliveredAt, null, 'the dropped claim’s attempt is recorded and settles nothing');
      assert.equal((await claim(T2))[0]?.seq, created!.seq, 'due again');
      assert.deepEqual(
        (await a.listAuditEntries(tx.id)).map((e) => ({ ...e, id: 0 })),
        [
          { id: 0, transactionId: tx.id, action: 'redeliver', eventId: approved!.eventId, ...who, before: 'abandoned', after: 'due' },
          { id: 0, transactionId: tx.id, action: 'redeliver', eventId: created!.eventId, ...who, before: 'delivered', after: 'due' },
          { id: 0, transactionId: tx.id, action: 'redeliver', eventId: created!.eventId, ...who, before: 'waiting', after: 'due' },
        ],
      );
    },
  },
  {
    name: 'race: two instances claiming at once — every event to exactly one of them, every time',
    async run({ a, b }) {
      const [endpoint] = newEndpoints();
      for (let round = 0; round < 10; round++) {
        const ids: string[] = [];
        for (let i = 0; i < 6; i++) ids.push((await a.insertTransaction(newTx(), outbox([endpoint!]))).id);
        const at = `2026-01-01T00:00:${String(10 + round).padStart(2, '0')}.000Z`;
        const claims = await Promise.all(
          [a, b, a, b].map((s, i) => s.claimEvents({ endpoints: [endpoint!], now: at, until: '2099-01-01T00:00:00.000Z', claim: `r${round}-${i}`, limit: 4 })),
        );
        const seqs = claims.flat().map((e) => e.seq);
        assert.equal(new Set(seqs).size, seqs.length, `round ${round}: an event claimed twice: ${JSON.stringify(claims.map((c) => c.map((e) => e.seq)))}`);
        assert.equal(seqs.length, 6, `round ${round}: every due event claimed`);
      }
    },
  },
  {
    name: 'race: two webhooks moving one transaction at once — one event per status change, never one for a write that lost',
    async run({ a, b }) {
      const [endpoint] = newEndpoints();
      for (let round = 0; round < 10; round++) {
        const tx = await a.insertTransaction(newTx());
        await Promise.all([
          a.updateTransaction(tx.id, { status: 'approved', updatedAt: T1 }, outbox([endpoint!])),
          b.updateTransaction(tx.id, { status: 'declined', updatedAt: T1 }, outbox([endpoint!])),
          a.updateTransaction(tx.id, { status: 'approved', updatedAt: T1 }, outbox([endpoint!])),
        ]);
        const final = (await b.getTransaction(tx.id))!;
        assert.deepEqual(
          (await b.listEvents(tx.id)).map((e) => e.type),
          [`transaction.${final.status}`],
          `round ${round}`,
        );
      }
    },
  },
];

export const conformanceCases: readonly ConformanceCase[] = [...transactionCases, ...outboxCases];

/** Registers the suite with `node:test`: `open` is called once, its pair closed after the cases. */
export function describeStoreConformance(name: string, open: () => Promise<ConformancePair> | ConformancePair): void {
  describe(`TransactionStore conformance: ${name}`, () => {
    let pair: ConformancePair | undefined;
    before(async () => {
      pair = await open();
    });
    after(async () => {
      await pair?.close();
    });
    for (const c of conformanceCases) {
      it(c.name, async () => {
        assert.ok(pair, 'the store did not open');
        await c.run(pair);
      });
    }
  });
}
