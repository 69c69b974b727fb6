/**
 * One transaction's story for an operator (admin API `GET transactions/:id`), oldest first, from
 * what the store keeps: the request as stored, Mozarto's answer (its id, the outcome, our error
 * code), each webhook as received (its §7 fields, `redact`ed once more, `null` once pruned), and
 * the operators' resolutions and re-deliveries, and the merchant's events (one entry per event and
 * endpoint, with where its delivery stands) with every delivery attempt.
 */
import { redact } from '../logger.js';
import { deliveryState, type AuditEntry, type EventAttempt, type OutboxEvent, type StoredTransaction, type StoredWebhookEvent } from '../store/store.js';

export type TimelineEntry =
  | {
      readonly at: string;
      readonly kind: 'created';
      readonly pspType: string;
      readonly flow: string;
      readonly amount: string;
      readonly currency: string;
      readonly userId: string;
    }
  | {
      readonly at: string;
      readonly kind: 'upstream';
      readonly upstreamId: string | null;
      readonly outcome: string | null;
      readonly errorCode: string | null;
      readonly redirectHost: string | null;
    }
  | { readonly at: string; readonly kind: 'webhook'; readonly transactionStatus: string | null; readonly payload: unknown }
  | { readonly at: string; readonly kind: 'resolved'; readonly actor: string; readonly reason: string; readonly before: string; readonly after: string }
  | {
      readonly at: string;
      readonly kind: 'redelivered';
      readonly actor: string;
      readonly reason: string;
      readonly eventId: string;
      /** Where its delivery stood (`delivered`, `failing`, `abandoned`, `waiting`). */
      readonly before: string;
    }
  | {
      readonly at: string;
      readonly kind: 'event';
      readonly eventId: string;
      readonly type: string;
      readonly endpoint: string;
      readonly state: ReturnType<typeof deliveryState>;
      readonly attempts: number;
      readonly deliveredAt: string | null;
      readonly abandonedAt: string | null;
      readonly lastError: string | null;
    }
  | {
      readonly at: string;
      readonly kind: 'attempt';
      readonly eventId: string;
      readonly endpoint: string;
      readonly attempt: number;
      readonly statusCode: number | null;
      readonly error: string | null;
      readonly durationMs: number;
      readonly instance: string;
    }
  | { readonly at: string; readonly kind: 'status'; readonly status: string; readonly reviewReason: string | null; readonly message: string | null };

export function timeline(
  tx: StoredTransaction,
  webhooks: readonly StoredWebhookEvent[],
  audit: readonly AuditEntry[],
  events: readonly OutboxEvent[] = [],
  attempts: readonly EventAttempt[] = [],
): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    { at: tx.createdAt, kind: 'created', pspType: tx.pspType, flow: tx.flow, amount: tx.amount, currency: tx.currency, userId: tx.userId },
  ];
  if (tx.upstreamId !== null || tx.outcome !== null || tx.errorCode !== null) {
    let redirectHost: string | null;
    try {
      redirectHost = tx.redirectUrl ? new URL(tx.redirectUrl).host : null;
    } catch {
      redirectHost = null;
    }
    // When Mozarto answered is not kept apart: the earliest moment it can have been is the create.
    entries.push({ at: tx.createdAt, kind: 'upstream', upstreamId: tx.upstreamId, outcome: tx.outcome, errorCode: tx.errorCode, redirectHost });
  }
  for (const event of webhooks) {
    entries.push({ at: event.receivedAt, kind: 'webhook', transactionStatus: event.transactionStatus, payload: redact(event.payload, 0, true) });
  }
  for (const entry of audit) {
    if (entry.action === 'redeliver') {
      entries.push({ at: entry.at, kind: 'redelivered', actor: entry.actor, reason: entry.reason, eventId: entry.eventId, before: entry.before });
    } else entries.push({ at: entry.at, kind: 'resolved', actor: entry.actor, reason: entry.reason, before: entry.before, after: entry.after });
  }
  for (const event of events) {
    entries.push({
      at: event.createdAt,
      kind: 'event',
      eventId: event.eventId,
      type: event.type,
      endpoint: event.endpoint,
      state: deliveryState(event),
      attempts: event.attempts,
      deliveredAt: event.deliveredAt,
      abandonedAt: event.abandonedAt,
      lastError: event.lastError,
    });
  }
  for (const a of attempts) {
    entries.push({
      at: a.startedAt,
      kind: 'attempt',
      eventId: a.eventId,
      endpoint: a.endpoint,
      attempt: a.attempt,
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
      instance: a.instance,
    });
  }
  entries.push({ at: tx.updatedAt, kind: 'status', status: tx.status, reviewReason: tx.reviewReason ?? null, message: tx.message });
  // Stable: entries of one instant keep the order above (created, answer, webhooks, operators' acts, events, attempts, now).
  return entries
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.at < b.at ? -1 : a.at > b.at ? 1 : i - j))
    .map(([e]) => e);
}
