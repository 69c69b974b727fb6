/**
 * The embedded TransactionStore: an SQLite file through better-sqlite3 (native SQLite, ADR 0009),
 * so a restart — or a `kill -9` in the middle of a write — loses nothing that was answered for
 * (docs/design.md, "The proxy").
 *
 * - Write-ahead log with `synchronous = FULL`: a commit is one append and one fsync of the log,
 *   and is durable when the call returns. A process killed mid-write leaves the log behind; the
 *   next open replays the committed part and drops the torn tail. SQLite's locks are POSIX
 *   advisory locks, which the kernel releases when a process dies, so no stale lock can block a
 *   restart (node-sqlite3-wasm's lock directory could, ADR 0009).
 * - `relaxedDurability: true` selects `synchronous = NORMAL`: still safe against a crashed
 *   process, but an OS crash or power cut may lose the last commits. It says so and logs a warning.
 * - The library is synchronous: each method runs to completion before any other JavaScript, and
 *   the read-modify-write ones run in BEGIN IMMEDIATE, so they stay atomic for a second process
 *   sharing the file (`busy_timeout` makes it wait for the lock instead of failing).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { optionalPeer } from '../optional-peer.js';
import { str, strOrNull, toEvent, toIdempotency, toTransaction } from './store-rows.js';
import {
  applyPatch,
  isReportableOutcome,
  type HistoryPosition,
  type NewTransaction,
  type ReserveResult,
  type StoredTransaction,
  type TransactionPatch,
  type TransactionStore,
  type WriteOptions,
  type WebhookEvent,
} from './store.js';

type Row = Record<string, unknown>;

export interface SqliteStoreOptions {
  /**
   * `synchronous = NORMAL` instead of FULL: fewer fsyncs, survives a crashed process but not an
   * OS crash or power cut (the last commits may be lost). Off by default; logs a warning.
   */
  readonly relaxedDurability?: boolean;
  /** How long a write waits for another process holding the file's write lock; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Where the relaxed-durability warning goes; default console.warn. */
  readonly warn?: (message: string) => void;
}

export type SqliteStore = TransactionStore & { close(): void };

/**
 * 1: first release; 2: outcome-hook bookkeeping (outcome_claimed_at, outcome_notified_at);
 * 3: review_reason (webhook mismatch) and the retention indexes.
 */
const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS transactions (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  psp_type      TEXT NOT NULL,
  flow          TEXT NOT NULL,
  amount        TEXT NOT NULL,
  currency      TEXT NOT NULL,
  status        TEXT NOT NULL,
  upstream_id   TEXT,
  outcome       TEXT,
  redirect_url  TEXT,
  message       TEXT,
  error_code    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  outcome_claimed_at   TEXT,
  outcome_notified_at  TEXT,
  review_reason        TEXT
);
CREATE INDEX IF NOT EXISTS transactions_upstream_id ON transactions (upstream_id);
CREATE INDEX IF NOT EXISTS transactions_user_id ON transactions (user_id);

CREATE TABLE IF NOT EXISTS idempotency_keys (
  user_id        TEXT NOT NULL,
  key            TEXT NOT NULL,
  body_hash      TEXT NOT NULL,
  status_code    INTEGER,
  response_json  TEXT,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE IF NOT EXISTS webhook_events (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id      TEXT REFERENCES transactions (id),
  upstream_id         TEXT,
  merchant_reference  TEXT,
  transaction_status  TEXT,
  payload_json        TEXT NOT NULL,
  received_at         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_events_transaction_id ON webhook_events (transaction_id);
CREATE INDEX IF NOT EXISTS webhook_events_upstream_id ON webhook_events (upstream_id);
`;

/** Created after the migrations: a version-1/2 file gets its missing columns first. */
const INDEXES = `
CREATE INDEX IF NOT EXISTS transactions_user_history ON transactions (user_id, created_at, id);
CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX IF NOT EXISTS webhook_events_received_at ON webhook_events (received_at);
`;

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const Sqlite = optionalPeer<typeof Database>('better-sqlite3', 'openSqliteStore');
  const db = new Sqlite(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.relaxedDurability ? 'NORMAL' : 'FULL'}`);
    if (options.relaxedDurability) {
      (options.warn ?? console.warn)(
        `mozarto-cashier: ${path} uses relaxedDurability (synchronous=NORMAL): an OS crash or power cut may lose the last transactions`,
      );
    }
    migrate(db, path);
  } catch (error) {
    db.close();
    throw error;
  }

  const q = {
    insertTx: db.prepare(
      `INSERT INTO transactions (id, user_id, psp_type, flow, amount, currency, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    getTx: db.prepare('SELECT * FROM transactions WHERE id = ?'),
    byUpstream: db.prepare('SELECT * FROM transactions WHERE upstream_id = ? ORDER BY created_at LIMIT 1'),
    updateTx: db.prepare(
      `UPDATE transactions SET status = ?, upstream_id = ?, outcome = ?, redirect_url = ?, message = ?,
         error_code = ?, review_reason = ?, updated_at = ? WHERE id = ?`,
    ),
    reserve: db.prepare('INSERT OR IGNORE INTO idempotency_keys (user_id, key, body_hash, created_at) VALUES (?, ?, ?, ?)'),
    getKey: db.prepare('SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?'),
    completeKey: db.prepare('UPDATE idempotency_keys SET status_code = ?, response_json = ? WHERE user_id = ? AND key = ?'),
    releaseKey: db.prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?'),
    addEvent: db.prepare(
      `INSERT INTO webhook_events (transaction_id, upstream_id, merchant_reference, transaction_status, payload_json, received_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    events: db.prepare('SELECT * FROM webhook_events WHERE transaction_id = ? ORDER BY id'),
    unmatched: db.prepare('SELECT * FROM webhook_events WHERE transaction_id IS NULL AND upstream_id = ? ORDER BY id'),
    link: db.prepare('UPDATE webhook_events SET transaction_id = ? WHERE transaction_id IS NULL AND upstream_id = ?'),
    claim: db.prepare('UPDATE transactions SET outcome_claimed_at = ? WHERE id = ?'),
    completeOutcome: db.prepare('UPDATE transactions SET outcome_notified_at = ? WHERE id = ? AND outcome_notified_at IS NULL'),
    releaseOutcome: db.prepare('UPDATE transactions SET outcome_claimed_at = NULL WHERE id = ? AND outcome_notified_at IS NULL'),
    pruneKeys: db.prepare('DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)'),
    prunePayloads: db.prepare(
      `UPDATE webhook_events SET payload_json = 'null'
         WHERE id IN (SELECT id FROM webhook_events WHERE received_at < ? AND payload_json != 'null' ORDER BY id LIMIT ?)`,
    ),
    // A player's history, newest first (the transactions_user_history index).
    history: db.prepare('SELECT * FROM transactions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?'),
    historyAfter: db.prepare(
      `SELECT * FROM transactions WHERE user_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    ),
    pending: db.prepare(
      `SELECT * FROM transactions WHERE outcome_notified_at IS NULL AND status IN ('approved', 'declined', 'failed', 'rejected', 'review')
         AND NOT (status = 'failed' AND error_code IS NOT NULL AND upstream_id IS NULL)
       ORDER BY updated_at LIMIT ?`,
    ),
  };

  const getTx = (id: string): StoredTransaction | null => {
    const row = q.getTx.get(id) as Row | undefined;
    return row ? toTransaction(row) : null;
  };

  const update = db.transaction((id: string, patch: TransactionPatch): StoredTransaction | null => {
    const current = getTx(id);
    if (!current) return null;
    const next = applyPatch(current, patch);
    q.updateTx.run(next.status, next.upstreamId, next.outcome, next.redirectUrl, next.message, next.errorCode, next.reviewReason ?? null, next.updatedAt, id);
    return next;
  });

  const claim = db.transaction((id: string, claimedAt: string, staleBefore: string): StoredTransaction | null => {
    const row = q.getTx.get(id) as Row | undefined;
    if (!row) return null;
    const tx = toTransaction(row);
    if (!isReportableOutcome(tx) || row.outcome_notified_at !== null) return null;
    const held = strOrNull(row.outcome_claimed_at);
    if (held !== null && held >= staleBefore) return null;
    q.claim.run(claimedAt, id);
    return tx;
  });

  /**
   * Runs a write whose commit need not be fsynced by itself (store.ts, WriteOptions; the
   * reservation): the durable commit that follows syncs the log, and this frame with it.
   */
  const durableByDefault = !options.relaxedDurability;
  const relaxed = <T>(fn: () => T): T => {
    if (!durableByDefault) return fn();
    db.pragma('synchronous = NORMAL');
    try {
      return fn();
    } finally {
      db.pragma('synchronous = FULL');
    }
  };

  /** Wraps the synchronous body so that an SQLite error becomes a rejected promise, not a throw. */
  const async = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    insertTransaction: (tx: NewTransaction) =>
      async(() => {
        q.insertTx.run(tx.id, tx.userId, tx.pspType, tx.flow, tx.amount, tx.currency, tx.createdAt, tx.createdAt);
        return getTx(tx.id)!;
      }),

    getTransaction: (id: string) => async(() => getTx(id)),

    listTransactionsByUser: (userId: string, limit: number, after?: HistoryPosition) =>
      async(() =>
        (after ? q.historyAfter.all(userId, after.createdAt, after.createdAt, after.id, limit) : q.history.all(userId, limit)).map((row) =>
          toTransaction(row as Row),
        ),
      ),

    findByUpstreamId: (upstreamId: string) =>
      async(() => {
        const row = q.byUpstream.get(upstreamId) as Row | undefined;
        return row ? toTransaction(row) : null;
      }),

    updateTransaction: (id: string, patch: TransactionPatch, write?: WriteOptions) =>
      async(() => (write?.durable === false ? relaxed(() => update.immediate(id, patch)) : update.immediate(id, patch))),

    reserveIdempotencyKey: (userId: string, key: string, bodyHash: string, createdAt: string) =>
      async((): ReserveResult => {
        if (relaxed(() => q.reserve.run(userId, key, bodyHash, createdAt).changes) === 1) return { reserved: true };
        return { reserved: false, existing: toIdempotency(q.getKey.get(userId, key) as Row) };
      }),

    completeIdempotencyKey: (userId: string, key: string, statusCode: number, response: unknown) =>
      async(() => {
        q.completeKey.run(statusCode, JSON.stringify(response), userId, key);
      }),

    releaseIdempotencyKey: (userId: string, key: string) =>
      async(() => {
        q.releaseKey.run(userId, key);
      }),

    addWebhookEvent: (event: WebhookEvent) =>
      async(() => {
        q.addEvent.run(
          event.transactionId,
          event.upstreamId,
          event.merchantReference,
          event.transactionStatus,
          JSON.stringify(event.payload ?? null),
          event.receivedAt,
        );
      }),

    listWebhookEvents: (transactionId: string) => async(() => (q.events.all(transactionId) as Row[]).map(toEvent)),

    listUnmatchedWebhookEvents: (upstreamId: string) => async(() => (q.unmatched.all(upstreamId) as Row[]).map(toEvent)),

    linkWebhookEvents: (upstreamId: string, transactionId: string) =>
      async(() => {
        q.link.run(transactionId, upstreamId);
      }),

    claimOutcomeNotification: (id: string, claimedAt: string, staleBefore: string) => async(() => claim.immediate(id, claimedAt, staleBefore)),

    completeOutcomeNotification: (id: string, at: string) =>
      async(() => {
        q.completeOutcome.run(at, id);
      }),

    releaseOutcomeNotification: (id: string) =>
      async(() => {
        q.releaseOutcome.run(id);
      }),

    listPendingOutcomeNotifications: (limit: number) =>
      async(() =>
        (q.pending.all(Math.max(1, Math.floor(limit))) as Row[])
          .map(toTransaction)
          .filter(isReportableOutcome)
          .map((tx) => tx.id),
      ),

    pruneExpired: (before: string, limit: number) =>
      async(() => {
        const n = Math.max(1, Math.floor(limit));
        return q.pruneKeys.run(before, n).changes + q.prunePayloads.run(before, n).changes;
      }),

    close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database, path: string): void {
  db.exec(SCHEMA);
  const version = Number(db.pragma('user_version', { simple: true }) ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new Error(`${path} was written by a newer mozarto-cashier (schema ${version}, this one knows ${SCHEMA_VERSION})`);
  }
  if (version < SCHEMA_VERSION) {
    // An older file has the table without the later columns (CREATE … IF NOT EXISTS kept it).
    const columns = new Set((db.pragma('table_info(transactions)') as Row[]).map((r) => str(r.name)));
    for (const column of ['outcome_claimed_at', 'outcome_notified_at', 'review_reason']) {
      if (!columns.has(column)) db.exec(`ALTER TABLE transactions ADD COLUMN ${column} TEXT`);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  db.exec(INDEXES);
}
