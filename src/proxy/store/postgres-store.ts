/**
 * The shared TransactionStore for several proxy instances: PostgreSQL through `postgres`
 * (porsager; ADR 0007). Every rule is atomic in SQL, never a read-then-write by the caller:
 *
 * - the Idempotency-Key reservation is `INSERT … ON CONFLICT DO NOTHING RETURNING` on the
 *   (user_id, key) primary key: of two instances, exactly one gets the row;
 * - `updateTransaction` reads the row, applies the one pure `applyPatch` (store.ts) and writes it
 *   with a compare-and-set `UPDATE … WHERE rev = <read> RETURNING *`; a lost race re-reads and
 *   re-applies, so two webhooks on two instances cannot undo each other or lose a field;
 * - the outcome-hook claim is the same compare-and-set, conditional on no fresh claim and no
 *   completion.
 *
 * The schema lives in its own Postgres schema (default `mozarto_cashier`), created and migrated at
 * open (postgres-schema.ts). The store also carries the cross-instance notifier (LISTEN/NOTIFY)
 * and rate limiter, which a proxy given this store uses unless told otherwise.
 */
import type Postgres from 'postgres';
import type { Sql } from 'postgres';
import { optionalPeer } from '../optional-peer.js';
import { outboxRows } from '../merchant/merchant-event.js';
import {
  isReportableOutcome,
  applyPatch,
  newRecord,
  redeliveryBefore,
  reopensOutcome,
  type ClaimedEvent,
  type OutboxEvent,
  type Redelivery,
  type EventAttemptRecord,
  type EventClaim,
  resolutionApplied,
  type HistoryPosition,
  type TransactionQuery,
  type NewTransaction,
  type ReserveResult,
  type StoredTransaction,
  type TransactionPatch,
  type TransactionStore,
  type WebhookEvent,
  type WriteOptions,
} from './store.js';
import { migrate, SCHEMA_NAME } from './postgres-schema.js';
import { postgresNotifier, type PostgresNotifier } from './postgres-notifier.js';
import { postgresRateLimiter } from './postgres-rate-limit.js';
import type { RateLimiter } from '../rate-limit.js';
import { toAttempt, toAudit, toEvent, toIdempotency, toOutboxEvent, toTransaction } from './store-rows.js';
import { attentionSql, searchSql, toAttention } from './search-sql.js';

export interface PostgresStoreOptions {
  /** The Postgres schema holding the tables; default `mozarto_cashier`. */
  readonly schema?: string;
  /** Connections in the pool; default 10. */
  readonly max?: number;
  /** Called with errors that have no request to fail (a broken NOTIFY payload, LISTEN errors). */
  readonly onError?: (error: unknown) => void;
  /**
   * Told when the LISTEN connection is lost (the event streams of this instance then miss other
   * instances' changes; readiness says so) and when it is back (each stream re-reads its
   * transaction). Default: a line on the console.
   */
  readonly onListenChange?: (connected: boolean, detail: { readonly following: number; readonly downMs?: number }) => void;
}

export interface PostgresStore extends TransactionStore {
  /** LISTEN/NOTIFY: a change stored by any instance reaches the event streams of every one. */
  readonly notifier: PostgresNotifier;
  /** Per-user and per-IP limits counted in the database, so they hold across instances. */
  readonly rateLimiter: RateLimiter;
  /** The migration version the schema is at. */
  readonly schemaVersion: number;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

/** How often a compare-and-set is retried before giving up (each retry means another writer won). */
const MAX_CAS_ATTEMPTS = 100;

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const schema = options.schema ?? 'mozarto_cashier';
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`openPostgresStore: schema must be a lower-case SQL identifier, got ${JSON.stringify(schema)}`);
  const onError = options.onError ?? ((error: unknown) => console.error('mozarto-cashier: postgres', error instanceof Error ? error.message : error));
  // Loaded here, not at the top: a merchant on the embedded SQLite file never loads the driver.
  // postgres 3 is CommonJS (the module is the function); 4 is an ES module, whose require() is its namespace.
  const driver = optionalPeer<typeof Postgres | { default: typeof Postgres }>('postgres', 'openPostgresStore');
  const postgres = typeof driver === 'function' ? driver : driver.default;
  // postgres.js waits 3^n / 100 s (up to 20 s) before its n-th reconnect after an error, so after
  // a ten-second outage the store would stay away for many seconds more: back within a second.
  const backoff = (retries: number) => Math.min(1, 0.1 * 2 ** retries);
  const sql: Sql = postgres(url, {
    backoff,
    max: options.max ?? 10,
    connection: { search_path: schema, application_name: 'mozarto-cashier' },
    onnotice: () => {},
    idle_timeout: 60,
  });
  // Writes that need not be durable on their own (store.ts, WriteOptions) commit without waiting
  // for the WAL flush; the durable commit that follows flushes them too.
  const relaxed: Sql = postgres(url, {
    backoff,
    max: Math.max(2, Math.ceil((options.max ?? 10) / 3)),
    connection: { search_path: schema, application_name: 'mozarto-cashier', synchronous_commit: 'off' },
    onnotice: () => {},
    idle_timeout: 60,
  });
  let schemaVersion: number;
  try {
    schemaVersion = await migrate(sql, schema);
  } catch (error) {
    await Promise.all([sql.end({ timeout: 1 }), relaxed.end({ timeout: 1 })]);
    throw error;
  }

  const getRow = async (id: string, db: Sql = sql): Promise<Row | null> => (await db<Row[]>`SELECT * FROM transactions WHERE id = ${id}`)[0] ?? null;
  const getTransaction = async (id: string) => {
    const row = await getRow(id);
    return row ? toTransaction(row) : null;
  };

  /** The event of a write, on the write's own connection inside its transaction (store.ts WriteOptions `outbox`). */
  const addOutbox = async (db: Sql, before: StoredTransaction | null, after: StoredTransaction, write: WriteOptions | undefined) => {
    for (const row of outboxRows(before, after, write?.outbox)) {
      await db`
        INSERT INTO event_outbox (event_id, endpoint, transaction_id, type, payload_json, created_at, next_attempt_at)
        VALUES (${row.eventId}, ${row.endpoint}, ${row.transactionId}, ${row.type}, ${row.payload}, ${row.createdAt}, ${row.createdAt})`;
    }
  };
  /** Runs `fn` in a database transaction when the write has an outbox, else on `db` alone (one statement, atomic anyway). */
  const withOutbox = <T>(db: Sql, write: WriteOptions | undefined, fn: (db: Sql) => Promise<T>, always = false): Promise<T> =>
    always || write?.outbox?.endpoints.length ? (db.begin((tx) => fn(tx as unknown as Sql)) as Promise<T>) : fn(db);

  const notifier = postgresNotifier({
    sql,
    connect: () => postgres(url, { max: 1, backoff, connection: { search_path: schema, application_name: 'mozarto-cashier' }, onnotice: () => {} }),
    channel: `${schema}_transactions`,
    read: getTransaction,
    onError,
    onConnectionChange:
      options.onListenChange ??
      ((connected, detail) =>
        console.warn(
          connected
            ? `mozarto-cashier: postgres LISTEN is back; ${detail.following} event streams re-read their transaction`
            : `mozarto-cashier: postgres LISTEN lost; ${detail.following} event streams miss other instances' changes until it is back`,
        )),
  });
  try {
    await notifier.ready;
  } catch (error) {
    await Promise.all([notifier.close(), sql.end({ timeout: 1 }), relaxed.end({ timeout: 1 })]);
    throw error;
  }

  const store: PostgresStore = {
    notifier,
    rateLimiter: postgresRateLimiter(sql),
    schemaVersion,

    async insertTransaction(input: NewTransaction, write?: WriteOptions) {
      const tx = newRecord(input);
      return withOutbox(sql, write, async (db) => {
        const [row] = await db<Row[]>`
          INSERT INTO transactions (id, user_id, psp_type, flow, amount, fee, total, currency, status, created_at, updated_at, idempotency_key)
          VALUES (${tx.id}, ${tx.userId}, ${tx.pspType}, ${tx.flow}, ${tx.amount}, ${tx.fee}, ${tx.total}, ${tx.currency}, 'pending', ${tx.createdAt}, ${tx.updatedAt}, ${input.idempotencyKey ?? null})
          RETURNING *`;
        const stored = toTransaction(row!);
        await addOutbox(db, null, stored, write);
        return stored;
      });
    },

    getTransaction,

    async listTransactionsByUser(userId: string, limit: number, after?: HistoryPosition) {
      const rows = after
        ? await sql<Row[]>`SELECT * FROM transactions WHERE user_id = ${userId} AND (created_at, id) < (${after.createdAt}, ${after.id})
            ORDER BY created_at DESC, id DESC LIMIT ${limit}`
        : await sql<Row[]>`SELECT * FROM transactions WHERE user_id = ${userId} ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
      return rows.map(toTransaction);
    },

    async findByUpstreamId(upstreamId: string) {
      const [row] = await sql<Row[]>`SELECT * FROM transactions WHERE upstream_id = ${upstreamId} ORDER BY created_at LIMIT 1`;
      return row ? toTransaction(row) : null;
    },

    async updateTransaction(id: string, patch: TransactionPatch, write?: WriteOptions) {
      const db = write?.durable === false ? relaxed : sql;
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const row = await getRow(id, db);
        if (!row) return null;
        const current = toTransaction(row);
        const next = applyPatch(current, patch);
        // An operator's resolution (docs/adr/0023-operators.md) writes its audit row with the change.
        const resolved = resolutionApplied(current, next, patch);
        const audit = resolved ? write?.audit : undefined;
        if (resolved && !audit) throw new TypeError('updateTransaction: a resolution needs its audit entry (WriteOptions.audit)');
        // The outcome hook's record goes only when the change reopens it (store.ts reopensOutcome),
        // or when an operator resolved it (the hook then hears the resolved status).
        const reopened = resolved || (current.status !== next.status && reopensOutcome(current, patch));
        // The compare-and-set, its audit row and the change's event commit together: a lost race writes none.
        const written = await withOutbox(
          db,
          write,
          async (tx) => {
            const [won] = await tx<Row[]>`
              UPDATE transactions SET status = ${next.status}, upstream_id = ${next.upstreamId}, outcome = ${next.outcome},
                redirect_url = ${next.redirectUrl}, message = ${next.message}, error_code = ${next.errorCode},
                review_reason = ${next.reviewReason ?? null}, updated_at = ${next.updatedAt}, rev = rev + 1,
                outcome_notified_at = CASE WHEN ${reopened} THEN NULL ELSE outcome_notified_at END,
                outcome_claimed_at = CASE WHEN ${reopened} THEN NULL ELSE outcome_claimed_at END
              WHERE id = ${id} AND rev = ${Number(row.rev)}
              RETURNING *`;
            if (!won) return won;
            if (audit) {
              await tx`
                INSERT INTO audit_log (transaction_id, action, actor, reason, before_status, after_status, at)
                VALUES (${id}, 'resolve', ${audit.actor}, ${audit.reason}, ${current.status}, ${next.status}, ${audit.at})`;
            }
            await addOutbox(tx, current, next, write);
            return won;
          },
          audit !== undefined,
        );
        if (written) return toTransaction(written);
      }
      throw new Error(`updateTransaction(${id}): gave up after ${MAX_CAS_ATTEMPTS} concurrent writers won`);
    },

    async reserveIdempotencyKey(userId: string, key: string, bodyHash: string, createdAt: string): Promise<ReserveResult> {
      for (;;) {
        const claimed = await relaxed`
          INSERT INTO idempotency_keys (user_id, key, body_hash, created_at) VALUES (${userId}, ${key}, ${bodyHash}, ${createdAt})
          ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`;
        if (claimed.length === 1) return { reserved: true };
        const [row] = await sql<Row[]>`SELECT * FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key}`;
        // Released between the two statements: try to claim it again.
        if (row) return { reserved: false, existing: toIdempotency(row) };
      }
    },

    async completeIdempotencyKey(userId: string, key: string, statusCode: number, response: unknown) {
      await sql`UPDATE idempotency_keys SET status_code = ${statusCode}, response_json = ${JSON.stringify(response)} WHERE user_id = ${userId} AND key = ${key}`;
    },

    async releaseIdempotencyKey(userId: string, key: string, reservedAt?: string) {
      if (reservedAt === undefined) await sql`DELETE FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key}`;
      else await sql`DELETE FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key} AND created_at = ${reservedAt} AND status_code IS NULL`;
    },

    async findByIdempotencyKey(userId: string, key: string) {
      const [row] = await sql<Row[]>`
        SELECT * FROM transactions WHERE user_id = ${userId} AND idempotency_key = ${key} ORDER BY created_at DESC, id DESC LIMIT 1`;
      return row ? toTransaction(row) : null;
    },

    async listUnansweredTransactions(createdBefore: string, limit: number) {
      const rows = await sql<Row[]>`
        SELECT id FROM transactions WHERE status = 'pending' AND outcome IS NULL AND upstream_id IS NULL AND created_at < ${createdBefore}
        ORDER BY created_at LIMIT ${Math.max(1, Math.floor(limit))}`;
      return rows.map((row) => String(row.id));
    },

    async addWebhookEvent(event: WebhookEvent) {
      await sql`
        INSERT INTO webhook_events (transaction_id, upstream_id, merchant_reference, transaction_status, payload_json, received_at)
        VALUES (${event.transactionId}, ${event.upstreamId}, ${event.merchantReference}, ${event.transactionStatus}, ${JSON.stringify(event.payload ?? null)}, ${event.receivedAt})`;
    },

    async listWebhookEvents(transactionId: string) {
      return (await sql<Row[]>`SELECT * FROM webhook_events WHERE transaction_id = ${transactionId} ORDER BY id`).map(toEvent);
    },

    async listUnmatchedWebhookEvents(upstreamId: string) {
      return (await sql<Row[]>`SELECT * FROM webhook_events WHERE transaction_id IS NULL AND upstream_id = ${upstreamId} ORDER BY id`).map(toEvent);
    },

    async linkWebhookEvents(upstreamId: string, transactionId: string) {
      await sql`UPDATE webhook_events SET transaction_id = ${transactionId} WHERE transaction_id IS NULL AND upstream_id = ${upstreamId}`;
    },

    async claimOutcomeNotification(id: string, claimedAt: string, staleBefore: string) {
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const row = await getRow(id);
        if (!row) return null;
        const tx = toTransaction(row);
        if (!isReportableOutcome(tx) || row.outcome_notified_at !== null) return null;
        const [won] = await sql`
          UPDATE transactions SET outcome_claimed_at = ${claimedAt}
          WHERE id = ${id} AND rev = ${Number(row.rev)} AND outcome_notified_at IS NULL
            AND (outcome_claimed_at IS NULL OR outcome_claimed_at < ${staleBefore})
          RETURNING rev`;
        if (won) return tx;
        // Another instance claimed it, or the status moved under us: only the latter is retried.
        const [now] = await sql<Row[]>`SELECT rev FROM transactions WHERE id = ${id}`;
        if (!now || Number(now.rev) === Number(row.rev)) return null;
      }
      return null;
    },

    async completeOutcomeNotification(id: string, at: string) {
      await sql`UPDATE transactions SET outcome_notified_at = ${at} WHERE id = ${id} AND outcome_notified_at IS NULL`;
    },

    async releaseOutcomeNotification(id: string) {
      await sql`UPDATE transactions SET outcome_claimed_at = NULL WHERE id = ${id} AND outcome_notified_at IS NULL`;
    },

    async listPendingOutcomeNotifications(limit: number) {
      const rows = await sql<Row[]>`
        SELECT * FROM transactions WHERE outcome_notified_at IS NULL AND status IN ('approved', 'declined', 'failed', 'rejected', 'review')
        ORDER BY updated_at LIMIT ${Math.max(1, Math.floor(limit))}`;
      return rows
        .map(toTransaction)
        .filter(isReportableOutcome)
        .map((tx) => tx.id);
    },

    async claimEvents({ endpoints, now, until, claim, limit }: EventClaim) {
      // SKIP LOCKED: an instance never waits for, nor takes, a row another is claiming; the lease
      // (claimed_until) then keeps it theirs for the attempt.
      const rows = await sql<Row[]>`
        WITH due AS (
          SELECT o.seq FROM event_outbox o
          WHERE o.delivered_at IS NULL AND o.abandoned_at IS NULL AND o.next_attempt_at <= ${now}
            AND (o.claimed_until IS NULL OR o.claimed_until <= ${now})
            AND o.endpoint = ANY(${sql.array([...endpoints])})
            AND NOT EXISTS (SELECT 1 FROM event_outbox p WHERE p.transaction_id = o.transaction_id AND p.endpoint = o.endpoint
                              AND p.seq < o.seq AND p.delivered_at IS NULL AND p.abandoned_at IS NULL)
          ORDER BY o.next_attempt_at, o.seq
          LIMIT ${Math.max(1, Math.floor(limit))}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE event_outbox SET claim = ${claim}, claimed_until = ${until} FROM due WHERE event_outbox.seq = due.seq
        RETURNING event_outbox.*`;
      return rows
        .map(toOutboxEvent)
        .sort((x, y) => (x.nextAttemptAt < y.nextAttemptAt ? -1 : x.nextAttemptAt > y.nextAttemptAt ? 1 : x.seq - y.seq))
        .map((event): ClaimedEvent => ({ ...event, claim, attempt: event.attempts + 1 }));
    },

    async recordEventAttempt(record: EventAttemptRecord) {
      await sql.begin(async (tx) => {
        const [row] = await tx<Row[]>`
          UPDATE event_outbox SET attempts = attempts + 1 WHERE seq = ${record.seq} RETURNING event_id, endpoint`;
        if (!row) return;
        await tx`
          INSERT INTO event_attempts (event_id, endpoint, attempt, started_at, duration_ms, status_code, error, instance)
          VALUES (${row.event_id as string}, ${row.endpoint as string}, ${record.attempt}, ${record.startedAt}, ${record.durationMs},
            ${record.statusCode}, ${record.error}, ${record.instance})`;
        await tx`
          UPDATE event_outbox SET last_status_code = ${record.statusCode}, last_error = ${record.error},
            delivered_at = ${'deliveredAt' in record ? record.deliveredAt : null},
            abandoned_at = ${'abandonedAt' in record ? record.abandonedAt : null},
            next_attempt_at = COALESCE(${'retryAt' in record ? record.retryAt : null}, next_attempt_at), claim = NULL, claimed_until = NULL
          WHERE seq = ${record.seq} AND claim = ${record.claim} AND delivered_at IS NULL`;
      });
    },

    async listEvents(transactionId: string) {
      return (await sql<Row[]>`SELECT * FROM event_outbox WHERE transaction_id = ${transactionId} ORDER BY seq`).map(toOutboxEvent);
    },

    async listEventAttempts(eventId: string) {
      return (await sql<Row[]>`SELECT * FROM event_attempts WHERE event_id = ${eventId} ORDER BY id`).map(toAttempt);
    },

    async redeliverEvent({ eventId, actor, reason, at }: Redelivery) {
      return sql.begin(async (tx) => {
        // Locked first: a claim or an attempt's record waits for the re-delivery, or it for them.
        const before = (await tx<Row[]>`SELECT * FROM event_outbox WHERE event_id = ${eventId} ORDER BY seq FOR UPDATE`).map(toOutboxEvent);
        if (before.length === 0) return before;
        await tx`
          UPDATE event_outbox SET delivered_at = NULL, abandoned_at = NULL, next_attempt_at = ${at}, claim = NULL, claimed_until = NULL
          WHERE event_id = ${eventId}`;
        await tx`
          INSERT INTO audit_log (transaction_id, action, actor, reason, before_status, after_status, at, event_id)
          VALUES (${before[0]!.transactionId}, 'redeliver', ${actor}, ${reason}, ${redeliveryBefore(before)}, 'due', ${at}, ${eventId})`;
        return before;
      }) as Promise<OutboxEvent[]>;
    },

    async listFailingEvents(limit: number) {
      return (
        await sql<Row[]>`
          SELECT * FROM event_outbox WHERE delivered_at IS NULL AND (abandoned_at IS NOT NULL OR last_error IS NOT NULL)
          ORDER BY created_at, seq LIMIT ${Math.max(1, Math.floor(limit))}`
      ).map(toOutboxEvent);
    },

    async outboxBacklog() {
      const [row] = await sql<Row[]>`
        SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM event_outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL`;
      return { count: Number(row!.n), oldestCreatedAt: (row!.oldest as string | null) ?? null };
    },

    async searchTransactions(query: TransactionQuery) {
      const { text, params } = searchSql(query, 'postgres');
      return (await sql.unsafe<Row[]>(text, params as never[])).map(toTransaction);
    },

    async countAttention(pendingBefore: string) {
      const { text, params } = attentionSql(pendingBefore, 'postgres');
      return (await sql.unsafe<Row[]>(text, params as never[])).map(toAttention);
    },

    async listAuditEntries(transactionId: string) {
      return (await sql<Row[]>`SELECT * FROM audit_log WHERE transaction_id = ${transactionId} ORDER BY id`).map(toAudit);
    },

    async pruneExpired(before: string, limit: number) {
      const n = Math.max(1, Math.floor(limit));
      const keys = await sql`
        DELETE FROM idempotency_keys WHERE ctid IN (SELECT ctid FROM idempotency_keys WHERE created_at < ${before} ORDER BY created_at LIMIT ${n})`;
      const payloads = await sql`
        UPDATE webhook_events SET payload_json = 'null'
        WHERE id IN (SELECT id FROM webhook_events WHERE received_at < ${before} AND payload_json <> 'null' ORDER BY id LIMIT ${n})`;
      return keys.count + payloads.count;
    },

    async close() {
      await notifier.close();
      await Promise.all([sql.end({ timeout: 5 }), relaxed.end({ timeout: 5 })]);
    },
  };
  return store;
}

/** Whether `url` names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export type { StoredTransaction };
