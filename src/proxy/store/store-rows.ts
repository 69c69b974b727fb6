/**
 * Rows of the stores' tables as the proxy's records. The SQLite file and the Postgres schema use
 * the same table and column names (sqlite-store.ts, postgres-schema.ts), so one reader serves both.
 */
import { isStatus } from '../../core/status.js';
import type { AuditEntry, EventAttempt, IdempotencyRecord, OutboxEvent, OutcomeKind, StoredTransaction, StoredWebhookEvent } from './store.js';

type Row = Record<string, unknown>;

export const str = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** One row of `transactions` (SQLite or Postgres: same column names) as a StoredTransaction. */
export function toTransaction(row: Row): StoredTransaction {
  const status = str(row.status);
  const flow = str(row.flow);
  return {
    id: str(row.id),
    userId: str(row.user_id),
    pspType: str(row.psp_type),
    flow: flow === 'payout' ? 'payout' : 'payin',
    amount: str(row.amount),
    // A row from before schema 4 had no fee: what moved was the amount (newRecord's defaults).
    fee: strOrNull(row.fee) ?? '0.00',
    total: strOrNull(row.total) ?? str(row.amount),
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

export function toIdempotency(row: Row): IdempotencyRecord {
  return {
    userId: str(row.user_id),
    key: str(row.key),
    bodyHash: str(row.body_hash),
    statusCode: row.status_code === null || row.status_code === undefined ? null : Number(row.status_code),
    response: row.response_json === null || row.response_json === undefined ? null : (JSON.parse(str(row.response_json)) as unknown),
    createdAt: str(row.created_at),
  };
}

export function toEvent(row: Row): StoredWebhookEvent {
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

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** One row of `event_outbox` (the merchant's events, docs/adr/0018-events-to-the-merchant.md). */
export function toOutboxEvent(row: Row): OutboxEvent {
  return {
    seq: Number(row.seq),
    eventId: str(row.event_id),
    endpoint: str(row.endpoint),
    transactionId: str(row.transaction_id),
    type: str(row.type),
    payload: str(row.payload_json),
    createdAt: str(row.created_at),
    attempts: Number(row.attempts),
    nextAttemptAt: str(row.next_attempt_at),
    deliveredAt: strOrNull(row.delivered_at),
    abandonedAt: strOrNull(row.abandoned_at),
    lastStatusCode: numOrNull(row.last_status_code),
    lastError: strOrNull(row.last_error),
  };
}

/** One row of `event_attempts`. */
export function toAttempt(row: Row): EventAttempt {
  return {
    eventId: str(row.event_id),
    endpoint: str(row.endpoint),
    attempt: Number(row.attempt),
    startedAt: str(row.started_at),
    durationMs: Number(row.duration_ms),
    statusCode: numOrNull(row.status_code),
    error: strOrNull(row.error),
    instance: str(row.instance),
  };
}

/** One row of `audit_log` (docs/adr/0023-operators.md): a resolution, or a re-delivery (its `event_id`). */
export function toAudit(row: Row): AuditEntry {
  const status = (v: unknown) => {
    const s = str(v);
    return isStatus(s) ? s : 'pending';
  };
  const common = { id: Number(row.id), transactionId: str(row.transaction_id), actor: str(row.actor), reason: str(row.reason), at: str(row.at) };
  if (str(row.action) === 'redeliver') {
    return { ...common, action: 'redeliver', eventId: str(row.event_id), before: str(row.before_status), after: 'due' };
  }
  return { ...common, action: 'resolve', before: status(row.before_status), after: status(row.after_status) };
}
