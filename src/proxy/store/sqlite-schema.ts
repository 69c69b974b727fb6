/**
 * Opening the embedded SQLite file: the driver, the pragmas and the schema migrations. Run twice
 * per store — once on the caller's thread, so that a bad path, a newer schema or a missing driver
 * throws from `openSqliteStore` itself, and once in the store's worker (sqlite-worker.ts), whose
 * connection does the work.
 */
import type Database from 'better-sqlite3';
import { optionalPeer, peerVersion } from '../optional-peer.js';
import { str } from './store-rows.js';

type Row = Record<string, unknown>;

export interface SqliteOpenOptions {
  /** `synchronous = NORMAL` instead of FULL (SqliteStoreOptions.relaxedDurability). */
  readonly relaxedDurability?: boolean;
  /** How long a write waits for another connection's write lock (better-sqlite3 `timeout`). */
  readonly busyTimeoutMs?: number;
}

/**
 * 1: first release; 2: outcome-hook bookkeeping (outcome_claimed_at, outcome_notified_at);
 * 3: review_reason (webhook mismatch) and the retention indexes; 4: the amounts that move (fee,
 * total: docs/adr/0019-the-amounts-that-move.md) and the merchant's events (event_outbox,
 * event_attempts: docs/adr/0018-events-to-the-merchant.md); 5: the create's idempotency_key on its
 * transaction and the recovery sweep's index (issue 24); 6: the operators' audit log and search
 * indexes (docs/adr/0023-operators.md).
 */
const SCHEMA_VERSION = 6;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS transactions (
  id            TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  psp_type      TEXT NOT NULL,
  flow          TEXT NOT NULL,
  amount        TEXT NOT NULL,
  fee           TEXT,
  total         TEXT,
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
  review_reason        TEXT,
  idempotency_key      TEXT
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

-- The merchant's events (docs/adr/0018-events-to-the-merchant.md): one row per event and endpoint,
-- written with the status change that made it; every delivery attempt in event_attempts.
CREATE TABLE IF NOT EXISTS event_outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id         TEXT NOT NULL,
  endpoint         TEXT NOT NULL,
  transaction_id   TEXT NOT NULL,
  type             TEXT NOT NULL,
  payload_json     TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  claim            TEXT,
  claimed_until    TEXT,
  delivered_at     TEXT,
  abandoned_at     TEXT,
  last_status_code INTEGER,
  last_error       TEXT,
  UNIQUE (event_id, endpoint)
);
CREATE INDEX IF NOT EXISTS event_outbox_due ON event_outbox (next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX IF NOT EXISTS event_outbox_transaction ON event_outbox (transaction_id, endpoint, seq);

CREATE TABLE IF NOT EXISTS event_attempts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id     TEXT NOT NULL,
  endpoint     TEXT NOT NULL,
  attempt      INTEGER NOT NULL,
  started_at   TEXT NOT NULL,
  duration_ms  INTEGER NOT NULL,
  status_code  INTEGER,
  error        TEXT,
  instance     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_attempts_event_id ON event_attempts (event_id);
-- The operators' resolutions and re-deliveries (docs/adr/0023-operators.md): append-only, written
-- in the same database transaction as the change it records (event_id: a re-delivery's event).
CREATE TABLE IF NOT EXISTS audit_log (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  transaction_id  TEXT NOT NULL REFERENCES transactions (id),
  action          TEXT NOT NULL,
  actor           TEXT NOT NULL,
  reason          TEXT NOT NULL,
  before_status   TEXT NOT NULL,
  after_status    TEXT NOT NULL,
  at              TEXT NOT NULL,
  event_id        TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_transaction_id ON audit_log (transaction_id);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`;

/** Created after the migrations: an older file gets its missing columns first. */
const INDEXES = `
CREATE INDEX IF NOT EXISTS transactions_user_history ON transactions (user_id, created_at, id);
CREATE INDEX IF NOT EXISTS idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX IF NOT EXISTS webhook_events_received_at ON webhook_events (received_at);
CREATE INDEX IF NOT EXISTS transactions_idempotency_key ON transactions (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS transactions_unanswered ON transactions (created_at) WHERE status = 'pending' AND outcome IS NULL AND upstream_id IS NULL;
CREATE INDEX IF NOT EXISTS transactions_created_at ON transactions (created_at, id);
CREATE INDEX IF NOT EXISTS transactions_status ON transactions (status, created_at);
CREATE INDEX IF NOT EXISTS event_outbox_failing ON event_outbox (created_at) WHERE delivered_at IS NULL AND (abandoned_at IS NOT NULL OR last_error IS NOT NULL);
`;

/**
 * Why this better-sqlite3 cannot run on this Node, or null. Version 13 needs Node 22: on Node 20
 * it loads, then the first open kills the process with a segmentation fault, which no `catch`
 * sees — so the versions are compared before (README "Requirements").
 */
export function sqliteDriverProblem(driverVersion: string, nodeVersion: string): string | null {
  const driver = Number(driverVersion.split('.')[0]);
  const node = Number(nodeVersion.replace(/^v/, '').split('.')[0]);
  if (driver >= 13 && node < 22) {
    return `better-sqlite3 ${driverVersion} needs Node 22 or newer and this is Node ${nodeVersion}: install better-sqlite3@12 (npm install better-sqlite3@12), or run on Node 22+`;
  }
  return null;
}

/** A connection in WAL mode with the chosen `synchronous`, its schema current; throws (closed) otherwise. */
export function openSqliteDatabase(path: string, options: SqliteOpenOptions): Database.Database {
  const Sqlite = optionalPeer<typeof Database>('better-sqlite3', 'openSqliteStore');
  const problem = sqliteDriverProblem(peerVersion('better-sqlite3'), process.versions.node);
  if (problem) throw new Error(`openSqliteStore: ${problem}`);
  const db = new Sqlite(path, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.relaxedDurability ? 'NORMAL' : 'FULL'}`);
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
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
    for (const column of ['outcome_claimed_at', 'outcome_notified_at', 'review_reason', 'fee', 'total', 'idempotency_key']) {
      if (!columns.has(column)) db.exec(`ALTER TABLE transactions ADD COLUMN ${column} TEXT`);
    }
    // From 4, onOutcome hears our own failures too (store.ts isReportableOutcome); those settled
    // before are not announced again.
    if (version > 0 && version < 4) {
      db.exec(`UPDATE transactions SET outcome_notified_at = updated_at
        WHERE outcome_notified_at IS NULL AND status = 'failed' AND error_code IS NOT NULL AND upstream_id IS NULL`);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  db.exec(INDEXES);
}
