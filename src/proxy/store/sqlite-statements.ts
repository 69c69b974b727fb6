/**
 * The embedded store's SQL: every TransactionStore method as a synchronous function on one
 * better-sqlite3 connection. It runs in the store's worker thread (sqlite-worker.ts), one call
 * at a time, so each body runs to completion before the next call starts; the
 * read-modify-write ones run in BEGIN IMMEDIATE, so they stay atomic for another connection
 * sharing the file (`busy_timeout` makes it wait for the lock instead of failing).
 */
import type Database from 'better-sqlite3';
import { outboxRows } from '../merchant/merchant-event.js';
import { attentionSql, searchSql, toAttention } from './search-sql.js';
import { strOrNull, toAttempt, toAudit, toEvent, toIdempotency, toOutboxEvent, toTransaction } from './store-rows.js';
import {
  applyPatch,
  redeliveryBefore,
  resolutionApplied,
  type TransactionQuery,
  isReportableOutcome,
  newRecord,
  reopensOutcome,
  type ClaimedEvent,
  type EventAttemptRecord,
  type EventClaim,
  type HistoryPosition,
  type NewTransaction,
  type Redelivery,
  type ReserveResult,
  type StoredTransaction,
  type TransactionPatch,
  type TransactionStore,
  type WriteOptions,
  type WebhookEvent,
} from './store.js';

type Row = Record<string, unknown>;

/** A TransactionStore whose methods return their result instead of a promise of it. */
export type SqliteStatements = {
  readonly [K in keyof TransactionStore]: (...args: Parameters<TransactionStore[K]>) => Awaited<ReturnType<TransactionStore[K]>>;
};

export function sqliteStatements(db: Database.Database, options: { readonly relaxedDurability?: boolean }): SqliteStatements {
  const q = {
    insertTx: db.prepare(
      `INSERT INTO transactions (id, user_id, psp_type, flow, amount, fee, total, currency, status, created_at, updated_at, idempotency_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    ),
    byKey: db.prepare('SELECT * FROM transactions WHERE user_id = ? AND idempotency_key = ? ORDER BY created_at DESC, id DESC LIMIT 1'),
    unanswered: db.prepare(
      `SELECT id FROM transactions WHERE status = 'pending' AND outcome IS NULL AND upstream_id IS NULL AND created_at < ?
       ORDER BY created_at LIMIT ?`,
    ),
    getTx: db.prepare('SELECT * FROM transactions WHERE id = ?'),
    byUpstream: db.prepare('SELECT * FROM transactions WHERE upstream_id = ? ORDER BY created_at LIMIT 1'),
    // The outcome hook's record goes only when the change reopens it (store.ts reopensOutcome).
    updateTx: db.prepare(
      `UPDATE transactions SET status = ?, upstream_id = ?, outcome = ?, redirect_url = ?, message = ?,
         error_code = ?, review_reason = ?, updated_at = ?,
         outcome_notified_at = CASE WHEN ? THEN NULL ELSE outcome_notified_at END,
         outcome_claimed_at = CASE WHEN ? THEN NULL ELSE outcome_claimed_at END
       WHERE id = ?`,
    ),
    reserve: db.prepare('INSERT OR IGNORE INTO idempotency_keys (user_id, key, body_hash, created_at) VALUES (?, ?, ?, ?)'),
    getKey: db.prepare('SELECT * FROM idempotency_keys WHERE user_id = ? AND key = ?'),
    completeKey: db.prepare('UPDATE idempotency_keys SET status_code = ?, response_json = ? WHERE user_id = ? AND key = ?'),
    releaseKey: db.prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ?'),
    releaseStaleKey: db.prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND created_at = ? AND status_code IS NULL'),
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
    addOutbox: db.prepare(
      `INSERT INTO event_outbox (event_id, endpoint, transaction_id, type, payload_json, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Due, unclaimed, and the oldest pending event of its transaction for its endpoint.
    dueEvents: db.prepare(
      `SELECT * FROM event_outbox o
       WHERE o.delivered_at IS NULL AND o.abandoned_at IS NULL AND o.next_attempt_at <= ?
         AND (o.claimed_until IS NULL OR o.claimed_until <= ?)
         AND o.endpoint IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM event_outbox p WHERE p.transaction_id = o.transaction_id AND p.endpoint = o.endpoint
                           AND p.seq < o.seq AND p.delivered_at IS NULL AND p.abandoned_at IS NULL)
       ORDER BY o.next_attempt_at, o.seq LIMIT ?`,
    ),
    claimEvent: db.prepare('UPDATE event_outbox SET claim = ?, claimed_until = ? WHERE seq = ?'),
    getOutbox: db.prepare('SELECT * FROM event_outbox WHERE seq = ?'),
    addAttempt: db.prepare(
      `INSERT INTO event_attempts (event_id, endpoint, attempt, started_at, duration_ms, status_code, error, instance)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    countAttempt: db.prepare('UPDATE event_outbox SET attempts = attempts + 1 WHERE seq = ?'),
    settleEvent: db.prepare(
      `UPDATE event_outbox SET last_status_code = ?, last_error = ?, delivered_at = ?, abandoned_at = ?,
         next_attempt_at = COALESCE(?, next_attempt_at), claim = NULL, claimed_until = NULL
       WHERE seq = ? AND claim = ? AND delivered_at IS NULL`,
    ),
    eventsOf: db.prepare('SELECT * FROM event_outbox WHERE transaction_id = ? ORDER BY seq'),
    attemptsOf: db.prepare('SELECT * FROM event_attempts WHERE event_id = ? ORDER BY id'),
    backlog: db.prepare('SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM event_outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL'),
    audit: db.prepare(`INSERT INTO audit_log (transaction_id, action, actor, reason, before_status, after_status, at) VALUES (?, 'resolve', ?, ?, ?, ?, ?)`),
    audits: db.prepare('SELECT * FROM audit_log WHERE transaction_id = ? ORDER BY id'),
    auditRedelivery: db.prepare(
      `INSERT INTO audit_log (transaction_id, action, actor, reason, before_status, after_status, at, event_id) VALUES (?, 'redeliver', ?, ?, ?, 'due', ?, ?)`,
    ),
    eventRows: db.prepare('SELECT * FROM event_outbox WHERE event_id = ? ORDER BY seq'),
    redeliver: db.prepare(
      'UPDATE event_outbox SET delivered_at = NULL, abandoned_at = NULL, next_attempt_at = ?, claim = NULL, claimed_until = NULL WHERE event_id = ?',
    ),
    failing: db.prepare(
      `SELECT * FROM event_outbox WHERE delivered_at IS NULL AND (abandoned_at IS NOT NULL OR last_error IS NOT NULL) ORDER BY created_at, seq LIMIT ?`,
    ),
    // A resolution runs the merchant's outcome hook again, for the resolved status.
    reopenOutcome: db.prepare('UPDATE transactions SET outcome_notified_at = NULL, outcome_claimed_at = NULL WHERE id = ?'),
    attention: db.prepare(attentionSql('', 'sqlite').text),
    pending: db.prepare(
      `SELECT * FROM transactions WHERE outcome_notified_at IS NULL AND status IN ('approved', 'declined', 'failed', 'rejected', 'review')
       ORDER BY updated_at LIMIT ?`,
    ),
  };

  const getTx = (id: string): StoredTransaction | null => {
    const row = q.getTx.get(id) as Row | undefined;
    return row ? toTransaction(row) : null;
  };

  /** The event of a write, in the write's own transaction (store.ts WriteOptions `outbox`). */
  const addOutbox = (before: StoredTransaction | null, after: StoredTransaction, write: WriteOptions | undefined) => {
    for (const row of outboxRows(before, after, write?.outbox)) {
      q.addOutbox.run(row.eventId, row.endpoint, row.transactionId, row.type, row.payload, row.createdAt, row.createdAt);
    }
  };

  const update = db.transaction((id: string, patch: TransactionPatch, write?: WriteOptions): StoredTransaction | null => {
    const current = getTx(id);
    if (!current) return null;
    const next = applyPatch(current, patch);
    const audit = resolutionApplied(current, next, patch) ? write?.audit : undefined;
    if (resolutionApplied(current, next, patch) && !audit) throw new TypeError('updateTransaction: a resolution needs its audit entry (WriteOptions.audit)');
    const reopened = current.status !== next.status && reopensOutcome(current, patch) ? 1 : 0;
    q.updateTx.run(
      next.status,
      next.upstreamId,
      next.outcome,
      next.redirectUrl,
      next.message,
      next.errorCode,
      next.reviewReason ?? null,
      next.updatedAt,
      reopened,
      reopened,
      id,
    );
    if (audit) {
      q.audit.run(id, audit.actor, audit.reason, current.status, next.status, audit.at);
      q.reopenOutcome.run(id);
    }
    addOutbox(current, next, write);
    return next;
  });
  // Built per query (its filters vary); better-sqlite3 caches nothing, so keep a few by text.
  const searches = new Map<string, Database.Statement>();
  const search = (query: TransactionQuery) => {
    const { text, params } = searchSql(query, 'sqlite');
    let statement = searches.get(text);
    if (!statement) {
      if (searches.size > 256) searches.clear();
      statement = db.prepare(text);
      searches.set(text, statement);
    }
    return (statement.all(...params) as Row[]).map(toTransaction);
  };

  const insert = db.transaction((tx: NewTransaction, write?: WriteOptions): StoredTransaction => {
    const row = newRecord(tx);
    q.insertTx.run(
      row.id,
      row.userId,
      row.pspType,
      row.flow,
      row.amount,
      row.fee,
      row.total,
      row.currency,
      row.createdAt,
      row.updatedAt,
      tx.idempotencyKey ?? null,
    );
    addOutbox(null, row, write);
    return getTx(tx.id)!;
  });

  const claimEvents = db.transaction(({ endpoints, now, until, claim, limit }: EventClaim): ClaimedEvent[] => {
    const rows = q.dueEvents.all(now, now, JSON.stringify(endpoints), Math.max(1, Math.floor(limit))) as Row[];
    return rows.map((row) => {
      q.claimEvent.run(claim, until, row.seq);
      const event = toOutboxEvent(row);
      return { ...event, claim, attempt: event.attempts + 1 };
    });
  });

  const recordAttempt = db.transaction((record: EventAttemptRecord): void => {
    const row = q.getOutbox.get(record.seq) as Row | undefined;
    if (!row) return;
    q.addAttempt.run(row.event_id, row.endpoint, record.attempt, record.startedAt, record.durationMs, record.statusCode, record.error, record.instance);
    q.countAttempt.run(record.seq);
    q.settleEvent.run(
      record.statusCode,
      record.error,
      'deliveredAt' in record ? record.deliveredAt : null,
      'abandonedAt' in record ? record.abandonedAt : null,
      'retryAt' in record ? record.retryAt : null,
      record.seq,
      record.claim,
    );
  });

  const redeliver = db.transaction(({ eventId, actor, reason, at }: Redelivery) => {
    const before = (q.eventRows.all(eventId) as Row[]).map(toOutboxEvent);
    if (before.length === 0) return before;
    q.redeliver.run(at, eventId);
    q.auditRedelivery.run(before[0]!.transactionId, actor, reason, redeliveryBefore(before), at, eventId);
    return before;
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

  return {
    insertTransaction: (tx: NewTransaction, write?: WriteOptions) => insert.immediate(tx, write),

    getTransaction: (id: string) => getTx(id),

    listTransactionsByUser: (userId: string, limit: number, after?: HistoryPosition) =>
      (after ? q.historyAfter.all(userId, after.createdAt, after.createdAt, after.id, limit) : q.history.all(userId, limit)).map((row) =>
        toTransaction(row as Row),
      ),

    findByUpstreamId: (upstreamId: string) => {
      const row = q.byUpstream.get(upstreamId) as Row | undefined;
      return row ? toTransaction(row) : null;
    },

    updateTransaction: (id: string, patch: TransactionPatch, write?: WriteOptions) =>
      write?.durable === false ? relaxed(() => update.immediate(id, patch, write)) : update.immediate(id, patch, write),

    reserveIdempotencyKey: (userId: string, key: string, bodyHash: string, createdAt: string): ReserveResult => {
      if (relaxed(() => q.reserve.run(userId, key, bodyHash, createdAt).changes) === 1) return { reserved: true };
      return { reserved: false, existing: toIdempotency(q.getKey.get(userId, key) as Row) };
    },

    completeIdempotencyKey: (userId: string, key: string, statusCode: number, response: unknown) => {
      q.completeKey.run(statusCode, JSON.stringify(response), userId, key);
    },

    releaseIdempotencyKey: (userId: string, key: string, reservedAt?: string) => {
      if (reservedAt === undefined) q.releaseKey.run(userId, key);
      else q.releaseStaleKey.run(userId, key, reservedAt);
    },

    findByIdempotencyKey: (userId: string, key: string) => {
      const row = q.byKey.get(userId, key) as Row | undefined;
      return row ? toTransaction(row) : null;
    },

    listUnansweredTransactions: (createdBefore: string, limit: number) =>
      (q.unanswered.all(createdBefore, Math.max(1, Math.floor(limit))) as Row[]).map((row) => String(row.id)),

    addWebhookEvent: (event: WebhookEvent) => {
      q.addEvent.run(
        event.transactionId,
        event.upstreamId,
        event.merchantReference,
        event.transactionStatus,
        JSON.stringify(event.payload ?? null),
        event.receivedAt,
      );
    },

    listWebhookEvents: (transactionId: string) => (q.events.all(transactionId) as Row[]).map(toEvent),

    listUnmatchedWebhookEvents: (upstreamId: string) => (q.unmatched.all(upstreamId) as Row[]).map(toEvent),

    linkWebhookEvents: (upstreamId: string, transactionId: string) => {
      q.link.run(transactionId, upstreamId);
    },

    claimOutcomeNotification: (id: string, claimedAt: string, staleBefore: string) => claim.immediate(id, claimedAt, staleBefore),

    completeOutcomeNotification: (id: string, at: string) => {
      q.completeOutcome.run(at, id);
    },

    releaseOutcomeNotification: (id: string) => {
      q.releaseOutcome.run(id);
    },

    listPendingOutcomeNotifications: (limit: number) =>
      (q.pending.all(Math.max(1, Math.floor(limit))) as Row[])
        .map(toTransaction)
        .filter(isReportableOutcome)
        .map((tx) => tx.id),

    claimEvents: (claim: EventClaim) => claimEvents.immediate(claim),

    recordEventAttempt: (record: EventAttemptRecord) => recordAttempt.immediate(record),

    listEvents: (transactionId: string) => (q.eventsOf.all(transactionId) as Row[]).map(toOutboxEvent),

    listEventAttempts: (eventId: string) => (q.attemptsOf.all(eventId) as Row[]).map(toAttempt),

    redeliverEvent: (redelivery: Redelivery) => redeliver.immediate(redelivery),

    listFailingEvents: (limit: number) => (q.failing.all(Math.max(1, Math.floor(limit))) as Row[]).map(toOutboxEvent),

    outboxBacklog: () => {
      const row = q.backlog.get() as Row;
      return { count: Number(row.n), oldestCreatedAt: strOrNull(row.oldest) };
    },

    searchTransactions: (query: TransactionQuery) => search(query),

    countAttention: (pendingBefore: string) => (q.attention.all(pendingBefore) as Row[]).map(toAttention),

    listAuditEntries: (transactionId: string) => (q.audits.all(transactionId) as Row[]).map(toAudit),

    pruneExpired: (before: string, limit: number) => {
      const n = Math.max(1, Math.floor(limit));
      return q.pruneKeys.run(before, n).changes + q.prunePayloads.run(before, n).changes;
    },
  };
}
