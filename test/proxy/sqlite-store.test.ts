import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { advanceStatus, openSqliteStore } from '../../src/proxy/index.js';
import { newTransactionId, TRANSACTION_ID } from '../../src/proxy/ids.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
after(() => dir.remove());

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';

function newTx(id = newTransactionId(), userId = 'u1') {
  return { id, userId, pspType: 'PAYONE', flow: 'payin' as const, amount: '10.00', currency: 'EUR', createdAt: T0 };
}

describe('openSqliteStore', () => {
  it('creates the parent directory and keeps data across close and reopen', async () => {
    const path = join(dir.path, 'nested', 'deeper', 'cashier.db');
    const first = openSqliteStore(path);
    const tx = await first.insertTransaction(newTx());
    await first.updateTransaction(tx.id, {
      status: 'approved',
      upstreamId: 'up-1',
      outcome: 'redirect',
      redirectUrl: 'https://hpp/1',
      message: 'ok',
      updatedAt: T1,
    });
    await first.reserveIdempotencyKey('u1', 'k1', 'hash', T0);
    await first.completeIdempotencyKey('u1', 'k1', 201, { transactionId: tx.id });
    await first.addWebhookEvent({
      transactionId: tx.id,
      upstreamId: 'up-1',
      merchantReference: tx.id,
      transactionStatus: 'Approved',
      payload: { a: 1 },
      receivedAt: T1,
    });
    first.close();
    first.close(); // idempotent
    assert.equal(existsSync(path), true);

    const second = openSqliteStore(path);
    const again = await second.getTransaction(tx.id);
    assert.deepEqual(again, {
      id: tx.id,
      userId: 'u1',
      pspType: 'PAYONE',
      flow: 'payin',
      amount: '10.00',
      fee: '0.00',
      total: '10.00',
      currency: 'EUR',
      status: 'approved',
      upstreamId: 'up-1',
      outcome: 'redirect',
      redirectUrl: 'https://hpp/1',
      message: 'ok',
      errorCode: null,
      createdAt: T0,
      updatedAt: T1,
    });
    assert.equal((await second.findByUpstreamId('up-1'))?.id, tx.id);
    const claim = await second.reserveIdempotencyKey('u1', 'k1', 'hash', T1);
    assert.equal(claim.reserved, false);
    assert.deepEqual(!claim.reserved && claim.existing.response, { transactionId: tx.id });
    assert.equal(!claim.reserved && claim.existing.statusCode, 201);
    const events = await second.listWebhookEvents(tx.id);
    assert.equal(events.length, 1);
    assert.deepEqual(events[0]!.payload, { a: 1 });
    second.close();
  });

  it('creates the file, its write-ahead log and shared-memory index owner-only (0600), and tightens an older file (issue 28)', async () => {
    const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
    const umask = process.umask(0o022); // the common default, which leaves files readable by all
    try {
      const path = join(dir.path, 'private', 'cashier.db');
      const store = openSqliteStore(path);
      await store.insertTransaction(newTx()); // a write: the -wal and -shm files exist from here
      assert.ok(existsSync(`${path}-wal`) && existsSync(`${path}-shm`));
      assert.deepEqual([path, `${path}-wal`, `${path}-shm`].map(mode), ['600', '600', '600']);
      assert.equal(mode(join(dir.path, 'private')), '700', 'the folder it made');
      await store.close();

      const older = join(dir.path, 'older');
      mkdirSync(older);
      const oldPath = join(older, 'cashier.db');
      for (const file of [oldPath, `${oldPath}-wal`]) {
        writeFileSync(file, '');
        chmodSync(file, 0o644);
      }
      const reopened = openSqliteStore(oldPath);
      await reopened.insertTransaction(newTx());
      assert.deepEqual([oldPath, `${oldPath}-wal`, `${oldPath}-shm`].map(mode), ['600', '600', '600']);
      await reopened.close();
    } finally {
      process.umask(umask);
    }
  });

  it('starts a transaction pending and never moves a final status back', async () => {
    const store = openSqliteStore(join(dir.path, 'status.db'));
    const tx = await store.insertTransaction(newTx());
    assert.equal(tx.status, 'pending');
    assert.equal((await store.updateTransaction(tx.id, { status: 'approved', message: 'yes', updatedAt: T1 }))?.status, 'approved');
    const after = await store.updateTransaction(tx.id, { status: 'pending', message: 'late', updatedAt: T1 });
    assert.equal(after?.status, 'approved');
    assert.equal(after?.message, 'yes', 'a message that lost keeps the winner’s');
    assert.equal((await store.updateTransaction(tx.id, { status: 'declined', updatedAt: T1 }))?.status, 'approved');
    assert.equal(await store.updateTransaction('tx_unknown', { status: 'approved', updatedAt: T1 }), null);
    store.close();
  });

  it('keeps the first upstream id', async () => {
    const store = openSqliteStore(join(dir.path, 'upstream.db'));
    const tx = await store.insertTransaction(newTx());
    await store.updateTransaction(tx.id, { upstreamId: 'a', updatedAt: T1 });
    assert.equal((await store.updateTransaction(tx.id, { upstreamId: 'b', updatedAt: T1 }))?.upstreamId, 'a');
    store.close();
  });

  it('claims an idempotency key once, releases and completes it', async () => {
    const store = openSqliteStore(join(dir.path, 'keys.db'));
    assert.deepEqual(await store.reserveIdempotencyKey('u1', 'k', 'h1', T0), { reserved: true });
    const second = await store.reserveIdempotencyKey('u1', 'k', 'h2', T1);
    assert.equal(second.reserved, false);
    assert.equal(!second.reserved && second.existing.bodyHash, 'h1');
    assert.equal(!second.reserved && second.existing.statusCode, null);
    // keys are per user
    assert.deepEqual(await store.reserveIdempotencyKey('u2', 'k', 'h1', T0), { reserved: true });
    await store.releaseIdempotencyKey('u1', 'k');
    assert.deepEqual(await store.reserveIdempotencyKey('u1', 'k', 'h3', T1), { reserved: true });
    store.close();
  });

  it('keeps unmatched webhook events and links them later', async () => {
    const store = openSqliteStore(join(dir.path, 'events.db'));
    await store.addWebhookEvent({
      transactionId: null,
      upstreamId: 'early',
      merchantReference: null,
      transactionStatus: 'Approved',
      payload: {},
      receivedAt: T0,
    });
    assert.equal((await store.listUnmatchedWebhookEvents('early')).length, 1);
    const tx = await store.insertTransaction(newTx());
    await store.linkWebhookEvents('early', tx.id);
    assert.equal((await store.listUnmatchedWebhookEvents('early')).length, 0);
    assert.equal((await store.listWebhookEvents(tx.id)).length, 1);
    store.close();
  });
});

describe('an SQLite file from an earlier release', () => {
  it('schema 3 → 4: its transactions read with no fee (fee 0.00, total = amount), and new ones keep their three figures', async () => {
    const path = join(dir.path, 'schema-3.db');
    const Sqlite = (await import('better-sqlite3')).default;
    const old = new Sqlite(path);
    // The transactions table as schema 3 wrote it (sqlite-schema.ts before the fee and total).
    old.exec(`CREATE TABLE transactions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, psp_type TEXT NOT NULL, flow TEXT NOT NULL,
      amount TEXT NOT NULL, currency TEXT NOT NULL, status TEXT NOT NULL, upstream_id TEXT, outcome TEXT, redirect_url TEXT,
      message TEXT, error_code TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, outcome_claimed_at TEXT,
      outcome_notified_at TEXT, review_reason TEXT)`);
    const id = newTransactionId();
    old
      .prepare(
        `INSERT INTO transactions (id, user_id, psp_type, flow, amount, currency, status, created_at, updated_at) VALUES (?, 'u1', 'PAYONE', 'payin', '25.00', 'EUR', 'approved', ?, ?)`,
      )
      .run(id, T0, T0);
    old.pragma('user_version = 3');
    old.close();
    const store = openSqliteStore(path);
    try {
      const before = (await store.getTransaction(id))!;
      assert.deepEqual([before.amount, before.fee, before.total], ['25.00', '0.00', '25.00']);
      const fresh = await store.insertTransaction({ ...newTx(), amount: '100.00', fee: '2.00', total: '102.00' });
      assert.deepEqual([fresh.amount, fresh.fee, fresh.total], ['100.00', '2.00', '102.00']);
    } finally {
      await store.close();
    }
  });
});

describe('advanceStatus', () => {
  const row = (status: 'pending' | 'failed' | 'approved', errorCode: string | null = null, upstreamId: string | null = null) => ({
    status,
    errorCode,
    upstreamId,
  });
  it('follows nextStatus', () => {
    assert.equal(advanceStatus(row('pending'), 'approved', false), 'approved');
    assert.equal(advanceStatus(row('approved'), 'declined', true), 'approved');
  });
  it('believes the upstream over our own failure when the upstream id first arrives', () => {
    assert.equal(advanceStatus(row('failed', 'upstream_timeout'), 'approved', true), 'approved');
    assert.equal(advanceStatus(row('failed', 'upstream_timeout'), 'approved', false), 'failed');
    assert.equal(advanceStatus(row('failed', 'upstream_timeout', 'up'), 'approved', true), 'failed');
  });
});

describe('ids', () => {
  it('are tx_ + 24 hex and distinct', () => {
    const a = newTransactionId();
    assert.match(a, TRANSACTION_ID);
    assert.notEqual(a, newTransactionId());
  });
});
