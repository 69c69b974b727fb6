/**
 * The Postgres schema: the same tables and columns as the SQLite file (sqlite-store.ts), so one
 * row reader serves both, plus `rev` (the compare-and-set counter of `updateTransaction`) and the
 * shared rate-limit counters. Versioned migrations run at start inside one transaction holding an
 * advisory lock, so instances starting at once apply each migration exactly once, in order.
 * Timestamps stay ISO-8601 text, as in SQLite: they sort as text and compare with the strings the
 * proxy passes (`staleBefore`, retention cut-offs).
 */
import type { Sql } from 'postgres';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'transactions, idempotency keys, webhook events, rate limits',
    sql: `
CREATE TABLE transactions (
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
  rev           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX transactions_upstream_id ON transactions (upstream_id);
CREATE INDEX transactions_user_id ON transactions (user_id);
CREATE INDEX transactions_pending_outcome ON transactions (updated_at) WHERE outcome_notified_at IS NULL;

CREATE TABLE idempotency_keys (
  user_id        TEXT NOT NULL,
  key            TEXT NOT NULL,
  body_hash      TEXT NOT NULL,
  status_code    INTEGER,
  response_json  TEXT,
  created_at     TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
);

CREATE TABLE webhook_events (
  id                  BIGSERIAL PRIMARY KEY,
  transaction_id      TEXT,
  upstream_id         TEXT,
  merchant_reference  TEXT,
  transaction_status  TEXT,
  payload_json        TEXT NOT NULL,
  received_at         TEXT NOT NULL
);
CREATE INDEX webhook_events_transaction_id ON webhook_events (transaction_id);
CREATE INDEX webhook_events_upstream_id ON webhook_events (upstream_id) WHERE transaction_id IS NULL;

CREATE TABLE rate_limits (
  key           TEXT NOT NULL,
  window_start  BIGINT NOT NULL,
  hits          INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
`,
  },
  {
    version: 2,
    name: 'review_reason (webhook mismatch) and the retention indexes',
    sql: `
ALTER TABLE transactions ADD COLUMN review_reason TEXT;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
CREATE INDEX webhook_events_received_at ON webhook_events (received_at);
`,
  },
  {
    version: 3,
    // The history reads a player's newest first (listTransactionsByUser); on user_id alone every
    // page sorted all of that player's rows. The composite index, as in the SQLite file, also
    // serves every lookup by user_id. Built inside the migration's transaction, so it blocks
    // writes to the table while it builds: seconds for a table of millions of rows.
    name: "the players' history index",
    sql: `
CREATE INDEX transactions_user_history ON transactions (user_id, created_at, id);
DROP INDEX transactions_user_id;
`,
  },
  {
    version: 4,
    // A row from before it has no fee: what moved was its amount (store-rows.ts reads it so).
    // The outbox as in the SQLite file (sqlite-schema.ts); its claim query is FOR UPDATE SKIP LOCKED.
    name: "the amounts that move (fee, total) and the merchant's events (event_outbox, event_attempts)",
    sql: `
ALTER TABLE transactions ADD COLUMN fee TEXT;
ALTER TABLE transactions ADD COLUMN total TEXT;
-- onOutcome now hears our own failures too (store.ts isReportableOutcome); those settled before
-- this release are not announced again.
UPDATE transactions SET outcome_notified_at = updated_at
  WHERE outcome_notified_at IS NULL AND status = 'failed' AND error_code IS NOT NULL AND upstream_id IS NULL;

CREATE TABLE event_outbox (
  seq              BIGSERIAL PRIMARY KEY,
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
CREATE INDEX event_outbox_due ON event_outbox (next_attempt_at) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX event_outbox_transaction ON event_outbox (transaction_id, endpoint, seq);

CREATE TABLE event_attempts (
  id           BIGSERIAL PRIMARY KEY,
  event_id     TEXT NOT NULL,
  endpoint     TEXT NOT NULL,
  attempt      INTEGER NOT NULL,
  started_at   TEXT NOT NULL,
  duration_ms  INTEGER NOT NULL,
  status_code  INTEGER,
  error        TEXT,
  instance     TEXT NOT NULL
);
CREATE INDEX event_attempts_event_id ON event_attempts (event_id);
`,
  },
  {
    version: 5,
    // Issue 24: a reservation left by a process that died is told apart by what was stored under
    // its key (idempotency.ts), and the recovery sweep finds the creates that never wrote their
    // answer (recovery-sweep.ts). Both indexes are partial, so they stay small.
    name: "the create's idempotency key on its transaction, the recovery sweep's index",
    sql: `
ALTER TABLE transactions ADD COLUMN idempotency_key TEXT;
CREATE INDEX transactions_idempotency_key ON transactions (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX transactions_unanswered ON transactions (created_at) WHERE status = 'pending' AND outcome IS NULL AND upstream_id IS NULL;
`,
  },
  {
    version: 6,
    // The operators' resolutions and re-deliveries (docs/adr/0023-operators.md; event_id: a
    // re-delivery's event), written in the same database transaction as the change they record; a trigger refuses UPDATE and DELETE on them. The
    // operators' search reads by creation time and by status.
    name: "the operators' audit log and search indexes",
    sql: `
CREATE TABLE audit_log (
  id              BIGSERIAL PRIMARY KEY,
  transaction_id  TEXT NOT NULL REFERENCES transactions (id),
  action          TEXT NOT NULL,
  actor           TEXT NOT NULL,
  reason          TEXT NOT NULL,
  before_status   TEXT NOT NULL,
  after_status    TEXT NOT NULL,
  at              TEXT NOT NULL,
  event_id        TEXT
);
CREATE INDEX audit_log_transaction_id ON audit_log (transaction_id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE INDEX transactions_created_at ON transactions (created_at, id);
CREATE INDEX transactions_status ON transactions (status, created_at);
CREATE INDEX event_outbox_failing ON event_outbox (created_at) WHERE delivered_at IS NULL AND (abandoned_at IS NOT NULL OR last_error IS NOT NULL);
`,
  },
];

/**
 * One advisory-lock key for every cashier schema in a database: "mozart" in ASCII, as a number
 * (six bytes, so exact in a JavaScript number; seven would be rounded).
 */
const MIGRATION_LOCK = 0x6d6f7a617274;

export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Creates the schema when missing and applies the migrations it lacks; returns the version. */
export async function migrate(sql: Sql, schema: string): Promise<number> {
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`openPostgresStore: schema must be a lower-case SQL identifier, got ${JSON.stringify(schema)}`);
  const known = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    // Looked up first: CREATE SCHEMA IF NOT EXISTS wants CREATE on the database even when the
    // schema is there, and a deployment that made the schema for the cashier's role need not
    // grant that (README "Nothing sensitive kept").
    const [found] = await tx`SELECT 1 FROM pg_namespace WHERE nspname = ${schema}`;
    if (!found) await tx.unsafe(`CREATE SCHEMA ${schema}`);
    await tx.unsafe(
      `CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const rows = await tx.unsafe<{ version: number }[]>(`SELECT version FROM ${schema}.schema_migrations`);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const newest = Math.max(0, ...applied);
    if (newest > known) throw new Error(`schema ${schema} was migrated by a newer mozarto-cashier (version ${newest}, this one knows ${known})`);
    await tx.unsafe(`SET LOCAL search_path TO ${schema}`);
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await tx.unsafe(m.sql);
      await tx.unsafe(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    return known;
  }) as Promise<number>;
}
