/**
 * One transaction's story for an operator (admin API `GET transactions/:id`), oldest first, from
 * what the store keeps: the request as stored, Mozarto's answer (its id, the outcome, our error
 * code), each webhook as received (its §7 fields, `redact`ed once more, `null` once pruned), and
 * the operators' resolutions. The merchant's events and their attempts join it once the outbox
 * exists (issue 23).
 */
import { redact } from '../logger.js';
import type { AuditEntry, StoredTransaction, StoredWebhookEvent } from '../store/store.js';

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
  | { readonly at: string; readonly kind: 'status'; readonly status: string; readonly reviewReason: string | null; readonly message: string | null };

export function timeline(tx: StoredTransaction, webhooks: readonly StoredWebhookEvent[], audit: readonly AuditEntry[]): TimelineEntry[] {
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
    entries.push({ at: entry.at, kind: 'resolved', actor: entry.actor, reason: entry.reason, before: entry.before, after: entry.after });
  }
  entries.push({ at: tx.updatedAt, kind: 'status', status: tx.status, reviewReason: tx.reviewReason ?? null, message: tx.message });
  // Stable: entries of one instant keep the order above (created, answer, webhooks, resolutions, now).
  return entries
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => (a.at < b.at ? -1 : a.at > b.at ? 1 : i - j))
    .map(([e]) => e);
}
