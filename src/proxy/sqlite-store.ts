/**
 * The embedded TransactionStore: real SQLite compiled to WebAssembly (node-sqlite3-wasm), file
 * backed, so a restart loses nothing (docs/design.md, "The proxy") and no native build is needed.
 *
 * The library is synchronous: each method runs to completion before any other JavaScript, which
 * makes the read-modify-write of `updateTransaction` and the claim in `reserveIdempotencyKey`
 * atomic within the process; the explicit SQL transactions keep them atomic for a second process
 * sharing the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Sqlite from 'node-sqlite3-wasm';
import { isStatus } from '../core/status.js';
import { optionalPeer } from './optional-peer.js';
import {
  acceptsMessage,
  advanceStatus,
  isReportableOutcome,
  type IdempotencyRecord,
  type NewTransaction,
  type OutcomeKind,
  type ReserveResult,
  type StoredTransaction,
  type StoredWebhookEvent,
  type TransactionPatch,
  type TransactionStore,
  type WebhookEvent,
} from './store.js';

type Row = Record<string, unknown>;

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
CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX IF NOT EXISTS webhook_events_received_at ON webhook_events (received_at);
`;

export function openSqliteStore(path: string): TransactionStore & { close(): void } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = optionalPeer<typeof Sqlite>('node-sqlite3-wasm', 'openSqliteStore');
  const db = new sqlite.Database(path);
  try {
    db.exec(SCHEMA);
    const version = Number((db.get('PRAGMA user_version') as Row | null)?.user_version ?? 0);
    if (version > SCHEMA_VERSION) {
      throw new Error(`${path} was written by a newer mozarto-cashier (schema ${version}, this one knows ${SCHEMA_VERSION})`);
    }
    if (version < SCHEMA_VERSION) {
      // An older file has the table without the later columns (CREATE … IF NOT EXISTS kept it).
      const columns = new Set((db.all('PRAGMA table_info(transactions)') as Row[]).map((r) => str(r.name)));
      for (const column of ['outcome_claimed_at', 'outcome_notified_at', 'review_reason']) {
        if (!columns.has(column)) db.exec(`ALTER TABLE transactions ADD COLUMN ${column} TEXT`);
      }
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    }
    db.exec(INDEXES);
  } catch (error) {
    db.close();
    throw error;
  }

  /** Runs `fn` inside BEGIN IMMEDIATE … COMMIT, rolling back if it throws. */
  function inTransaction<T>(fn: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = fn();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  function getTx(id: string): StoredTransaction | null {
    const row = db.get('SELECT * FROM transactions WHERE id = ?', [id]) as Row | null;
    return row ? toTransaction(row) : null;
  }

  /** Wraps the synchronous body so that a SQLite error becomes a rejected promise, not a throw. */
  const async = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  let closed = false;

  return {
    insertTransaction: (tx: NewTransaction) =>
      async(() => {
        db.run(
          `INSERT INTO transactions (id, user_id, psp_type, flow, amount, currency, status, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
          [tx.id, tx.userId, tx.pspType, tx.flow, tx.amount, tx.currency, tx.createdAt, tx.createdAt],
        );
        return getTx(tx.id)!;
      }),

    getTransaction: (id: string) => async(() => getTx(id)),

    findByUpstreamId: (upstreamId: string) =>
      async(() => {
        const row = db.get('SELECT * FROM transactions WHERE upstream_id = ? ORDER BY created_at LIMIT 1', [upstreamId]) as Row | null;
        return row ? toTransaction(row) : null;
      }),

    updateTransaction: (id: string, patch: TransactionPatch) =>
      async(() =>
        inTransaction(() => {
          const current = getTx(id);
          if (!current) return null;
          const settingUpstreamId = patch.upstreamId !== undefined && current.upstreamId === null;
          const status = patch.status === undefined ? current.status : advanceStatus(current, patch.status, settingUpstreamId);
          const reviewReason = status === 'review' && current.status !== 'review' ? (patch.reviewReason ?? null) : (current.reviewReason ?? null);
          db.run(
            `UPDATE transactions SET status = ?, upstream_id = ?, outcome = ?, redirect_url = ?, message = ?,
               error_code = ?, review_reason = ?, updated_at = ? WHERE id = ?`,
            [
              status,
              current.upstreamId ?? patch.upstreamId ?? null,
              patch.outcome ?? current.outcome,
              patch.redirectUrl ?? current.redirectUrl,
              acceptsMessage(current, patch, status) ? patch.message! : current.message,
              patch.errorCode ?? current.errorCode,
              reviewReason,
              patch.updatedAt,
              id,
            ],
          );
          return getTx(id);
        }),
      ),

    reserveIdempotencyKey: (userId: string, key: string, bodyHash: string, createdAt: string) =>
      async((): ReserveResult => {
        const { changes } = db.run(
          'INSERT OR IGNORE INTO idempotency_keys (user_id, key, body_hash, created_at) VALUES (?, ?, ?, ?)',
          [userId, key, bodyHash, createdAt],
        );
        if (changes === 1) return { reserved: true };
        const row = db.get('SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?', [userId, key]) as Row;
        return { reserved: false, existing: toIdempotency(row) };
      }),

    completeIdempotencyKey: (userId: string, key: string, statusCode: number, response: unknown) =>
      async(() => {
        db.run('UPDATE idempotency_keys SET status_code = ?, response_json = ? WHERE user_id = ? AND key = ?', [
          statusCode,
          JSON.stringify(response),
          userId,
          key,
        ]);
      }),

    releaseIdempotencyKey: (userId: string, key: string) =>
      async(() => {
        db.run('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?', [userId, key]);
      }),

    addWebhookEvent: (event: WebhookEvent) =>
      async(() => {
        db.run(
          `INSERT INTO webhook_events (transaction_id, upstream_id, merchant_reference, transaction_status, payload_json, received_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [event.transactionId, event.upstreamId, event.merchantReference, event.transactionStatus, JSON.stringify(event.payload ?? null), event.receivedAt],
        );
      }),

    listWebhookEvents: (transactionId: string) =>
      async(() => (db.all('SELECT * FROM webhook_events WHERE transaction_id = ? ORDER BY id', [transactionId]) as Row[]).map(toEvent)),

    listUnmatchedWebhookEvents: (upstreamId: string) =>
      async(() =>
        (db.all('SELECT * FROM webhook_events WHERE transaction_id IS NULL AND upstream_id = ? ORDER BY id', [upstreamId]) as Row[]).map(toEvent),
      ),

    linkWebhookEvents: (upstreamId: string, transactionId: string) =>
      async(() => {
        db.run('UPDATE webhook_events SET transaction_id = ? WHERE transaction_id IS NULL AND upstream_id = ?', [transactionId, upstreamId]);
      }),

    claimOutcomeNotification: (id: string, claimedAt: string, staleBefore: string) =>
      async(() =>
        inTransaction(() => {
          const row = db.get('SELECT * FROM transactions WHERE id = ?', [id]) as Row | null;
          if (!row) return null;
          const tx = toTransaction(row);
          if (!isReportableOutcome(tx) || row.outcome_notified_at !== null) return null;
          const claim = strOrNull(row.outcome_claimed_at);
          if (claim !== null && claim >= staleBefore) return null;
          db.run('UPDATE transactions SET outcome_claimed_at = ? WHERE id = ?', [claimedAt, id]);
          return tx;
        }),
      ),

    completeOutcomeNotification: (id: string, at: string) =>
      async(() => {
        db.run('UPDATE transactions SET outcome_notified_at = ? WHERE id = ? AND outcome_notified_at IS NULL', [at, id]);
      }),

    releaseOutcomeNotification: (id: string) =>
      async(() => {
        db.run('UPDATE transactions SET outcome_claimed_at = NULL WHERE id = ? AND outcome_notified_at IS NULL', [id]);
      }),

    listPendingOutcomeNotifications: (limit: number) =>
      async(() =>
        (
          db.all(
            `SELECT * FROM transactions WHERE outcome_notified_at IS NULL AND status IN ('approved', 'declined', 'failed', 'rejected', 'review')
               AND NOT (status = 'failed' AND error_code IS NOT NULL AND upstream_id IS NULL)
             ORDER BY updated_at LIMIT ?`,
            [Math.max(1, Math.floor(limit))],
          ) as Row[]
        )
          .map(toTransaction)
          .filter(isReportableOutcome)
          .map((tx) => tx.id),
      ),

    pruneExpired: (before: string, limit: number) =>
      async(() => {
        const n = Math.max(1, Math.floor(limit));
        const keys = db.run(
          'DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)',
          [before, n],
        ).changes;
        const payloads = db.run(
          `UPDATE webhook_events SET payload_json = 'null'
             WHERE id IN (SELECT id FROM webhook_events WHERE received_at < ? AND payload_json != 'null' ORDER BY id LIMIT ?)`,
          [before, n],
        ).changes;
        return keys + payloads;
      }),

    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toTransaction(row: Row): StoredTransaction {
  const status = str(row.status);
  const flow = str(row.flow);
  return {
    id: str(row.id),
    userId: str(row.user_id),
    pspType: str(row.psp_type),
    flow: flow === 'payout' ? 'payout' : 'payin',
    amount: str(row.amount),
    currency: str(row.currency),
    status: isStatus(status) ? status : 'pending',
    upstreamId: strOrNull(row.upstream_id),
    outcome: strOrNull(row.outcome) as OutcomeKind | null,
    redirectUrl: strOrNull(row.redirect_url),
    message: strOrNull(row.message),
    errorCode: strOrNull(row.error_code),
    createdAt: str(row.created_at),
    updatedAt: str(row.updated_at),
    // Only present once set, so records compare equal to what was written (store.ts: optional).
    ...(row.outcome_notified_at ? { outcomeNotifiedAt: str(row.outcome_notified_at) } : {}),
    ...(row.review_reason ? { reviewReason: str(row.review_reason) } : {}),
  };
}

function toIdempotency(row: Row): IdempotencyRecord {
  return {
    userId: str(row.user_id),
    key: str(row.key),
    bodyHash: str(row.body_hash),
    statusCode: row.status_code === null || row.status_code === undefined ? null : Number(row.status_code),
    response: row.response_json === null || row.response_json === undefined ? null : (JSON.parse(str(row.response_json)) as unknown),
    createdAt: str(row.created_at),
  };
}

function toEvent(row: Row): StoredWebhookEvent {
  return {
    id: Number(row.id),
    transactionId: strOrNull(row.transaction_id),
    upstreamId: strOrNull(row.upstream_id),
    merchantReference: strOrNull(row.merchant_reference),
    transactionStatus: strOrNull(row.transaction_status),
    payload: JSON.parse(str(row.payload_json)) as unknown,
    receivedAt: str(row.received_at),
  };
}
