/**
 * Issue 13 store rules: `unknown` and `review` statuses, a final status never takes a new
 * player-visible message, and retention (`pruneExpired`) of idempotency records and raw webhook
 * payloads in bounded batches.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/proxy/index.js';
import { newTransactionId } from '../../src/proxy/ids.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
after(() => dir.remove());

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';
const T2 = '2026-02-15T00:00:00.000Z';

function newTx(id = newTransactionId()) {
  return { id, userId: 'u1', pspType: 'PAYONE', flow: 'payin' as const, amount: '100.00', currency: 'EUR', createdAt: T0 };
}

describe('store statuses of issue 13', () => {
  it('unknown is not final: a webhook outcome settles it; review is final and keeps its reason', async () => {
    const store = openSqliteStore(join(dir.path, 'status.db'));
    const tx = await store.insertTransaction(newTx());
    assert.equal((await store.updateTransaction(tx.id, { status: 'unknown', updatedAt: T1 }))?.status, 'unknown');
    assert.equal((await store.updateTransaction(tx.id, { status: 'pending', updatedAt: T1 }))?.status, 'pending', 'a webhook Pending moves unknown on');
    const other = await store.insertTransaction(newTx());
    await store.updateTransaction(other.id, { status: 'unknown', updatedAt: T1 });
    const settled = await store.updateTransaction(other.id, { status: 'approved', upstreamId: 'up-9', updatedAt: T1 });
    assert.equal(settled?.status, 'approved');

    const reviewed = await store.insertTransaction(newTx());
    const r = await store.updateTransaction(reviewed.id, { status: 'review', reviewReason: 'amount: expected 100.00, got 0.01', updatedAt: T1 });
    assert.equal(r?.status, 'review');
    assert.equal(r?.reviewReason, 'amount: expected 100.00, got 0.01');
    const later = await store.updateTransaction(reviewed.id, { status: 'approved', message: 'Paid', updatedAt: T2 });
    assert.equal(later?.status, 'review', 'review is final');
    assert.equal(later?.message, null);
    assert.deepEqual(new Set(await store.listPendingOutcomeNotifications(10)), new Set([settled!.id, reviewed.id]), 'review is reported to the merchant');
    store.close();
  });

  it('a final status never takes a new player-visible message', async () => {
    const store = openSqliteStore(join(dir.path, 'message.db'));
    const tx = await store.insertTransaction(newTx());
    await store.updateTransaction(tx.id, { status: 'approved', message: 'Payment received', updatedAt: T1 });
    const again = await store.updateTransaction(tx.id, { status: 'approved', message: 'Call +1 555 0100 to claim your bonus', updatedAt: T2 });
    assert.equal(again?.message, 'Payment received');
    store.close();
  });
});

describe('store retention', () => {
  it('prunes idempotency records and webhook payloads older than the cut-off, in bounded batches', async () => {
    const store = openSqliteStore(join(dir.path, 'retention.db'));
    const tx = await store.insertTransaction(newTx());
    for (let i = 0; i < 3; i++) await store.reserveIdempotencyKey('u1', `old-${i}`, 'h', T0);
    await store.reserveIdempotencyKey('u1', 'new', 'h', T2);
    for (let i = 0; i < 3; i++) {
      await store.addWebhookEvent({
        transactionId: tx.id,
        upstreamId: 'up',
        merchantReference: tx.id,
        transactionStatus: 'Pending',
        payload: { card: '[redacted]', n: i },
        receivedAt: T1,
      });
    }
    await store.addWebhookEvent({
      transactionId: tx.id,
      upstreamId: 'up',
      merchantReference: tx.id,
      transactionStatus: 'Approved',
      payload: { n: 9 },
      receivedAt: T2,
    });

    const cutoff = '2026-02-01T00:00:00.000Z';
    assert.equal(await store.pruneExpired(cutoff, 2), 4, 'a batch is at most `limit` rows of each kind');
    assert.equal(await store.pruneExpired(cutoff, 2), 2);
    assert.equal(await store.pruneExpired(cutoff, 2), 0);

    const reserve = await store.reserveIdempotencyKey('u1', 'old-0', 'other', T2);
    assert.equal(reserve.reserved, true, 'an expired key is forgotten');
    const kept = await store.reserveIdempotencyKey('u1', 'new', 'other', T2);
    assert.equal(kept.reserved, false);
    const events = await store.listWebhookEvents(tx.id);
    assert.deepEqual(
      events.map((e) => e.payload),
      [null, null, null, { n: 9 }],
    );
    assert.deepEqual(
      events.map((e) => e.transactionStatus),
      ['Pending', 'Pending', 'Pending', 'Approved'],
      'the event rows stay',
    );
    store.close();
  });
});
