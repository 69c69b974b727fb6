/**
 * The events the proxy sends the merchant's backend (docs/adr/0018-events-to-the-merchant.md,
 * README "Your backend"): `{ type, timestamp, data }`, one per change of a transaction's status,
 * written to the outbox in the same database transaction as the change (store.ts `OutboxWrite`).
 *
 * Pure, like `applyPatch`: every store builds the event of a write with `eventOf`, from the record
 * before and after it, so that the SQLite, Postgres and in-memory stores cannot disagree on what
 * a change tells the merchant.
 */
import type { Status } from '../../core/status.js';
import type { Flow } from '../../core/psp/types.js';
import type { StoredTransaction } from '../store/store.js';

export const MERCHANT_EVENT_TYPES = [
  'transaction.created',
  'transaction.pending',
  'transaction.awaiting_approval',
  'transaction.approved',
  'transaction.declined',
  'transaction.failed',
  'transaction.rejected',
  'transaction.review',
  'transaction.unknown',
  'transaction.resolved',
] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

/** The transaction as the merchant's backend reads it (the contract's `data`). */
export interface MerchantEventData {
  /** The proxy's id: the `authorizationId` the merchant's authorize was asked with. */
  readonly transactionId: string;
  readonly userId: string;
  readonly flow: Flow;
  readonly pspType: string;
  /** What the merchant's wallet moves: a pay-in credits it, a pay-out debits it (ADR 0019). */
  readonly amount: string;
  readonly fee: string;
  /** Mozarto's `baseamount`: pay-in amount + fee, pay-out amount − fee. */
  readonly total: string;
  readonly currency: string;
  readonly status: Status;
  /** Mozarto's transaction id; null when the request never reached Mozarto or its id is not known yet. */
  readonly upstreamId: string | null;
  /** What Mozarto echoes in its webhooks: the transaction id. */
  readonly merchantReference: string;
  /** On review (the mismatch), on a failure before Mozarto (why), on resolved (the operator's reason). */
  readonly reason?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface MerchantEvent {
  readonly type: MerchantEventType;
  /** When the change happened (ISO 8601); each attempt's own time is the `webhook-timestamp` header. */
  readonly timestamp: string;
  readonly data: MerchantEventData;
}

/**
 * What a write of a transaction tells its outbox: the endpoints to deliver to (none: no row is
 * written), the id the event takes if the write makes one, and what the record does not say.
 */
export interface OutboxWrite {
  /** The merchant's event URLs (`events.urls`); a row per endpoint, delivered independently. */
  readonly endpoints: readonly string[];
  /** `evt_` + 24 hex, minted by the caller: the `webhook-id` of every attempt, on every endpoint. */
  readonly eventId: string;
  /** Why it failed before Mozarto, or an operator's reason: `data.reason` (review carries its own). */
  readonly reason?: string;
  /**
   * An operator's resolution (issue 26): `transaction.resolved` when it changed the status; a
   * resolution the store did not apply (the status moved on meanwhile) makes no event.
   */
  readonly resolved?: boolean;
}

/** Rows of the outbox a write adds (store.ts): the same event once per endpoint. */
export interface OutboxRow {
  readonly eventId: string;
  readonly endpoint: string;
  readonly transactionId: string;
  readonly type: MerchantEventType;
  /** The JSON text, byte for byte what every attempt sends and signs. */
  readonly payload: string;
  readonly createdAt: string;
}

/**
 * The event of a write: `transaction.created` for an insert (`before` null), `transaction.<status>`
 * when the status changed, `transaction.resolved` when the write says so; null when the write
 * tells the merchant nothing (a duplicate webhook, an upstream id arriving on a pending transaction).
 */
export function eventOf(before: StoredTransaction | null, after: StoredTransaction, write: Pick<OutboxWrite, 'reason' | 'resolved'>): MerchantEvent | null {
  let type: MerchantEventType;
  if (write.resolved) {
    if (before === null || before.status === after.status) return null;
    type = 'transaction.resolved';
  } else if (before === null) type = 'transaction.created';
  else if (before.status !== after.status) type = `transaction.${after.status}`;
  else return null;
  const reason = after.status === 'review' && !write.resolved ? (after.reviewReason ?? write.reason) : write.reason;
  return {
    type,
    timestamp: after.updatedAt,
    data: {
      transactionId: after.id,
      userId: after.userId,
      flow: after.flow,
      pspType: after.pspType,
      amount: after.amount,
      fee: after.fee,
      total: after.total,
      currency: after.currency,
      status: after.status,
      upstreamId: after.upstreamId,
      merchantReference: after.id,
      ...(reason ? { reason } : {}),
      createdAt: after.createdAt,
      updatedAt: after.updatedAt,
    },
  };
}

/** The outbox rows of a write (none without endpoints or without an event). */
export function outboxRows(before: StoredTransaction | null, after: StoredTransaction, write: OutboxWrite | undefined): OutboxRow[] {
  if (!write || write.endpoints.length === 0) return [];
  const event = eventOf(before, after, write);
  if (!event) return [];
  const payload = JSON.stringify(event);
  return write.endpoints.map((endpoint) => ({
    eventId: write.eventId,
    endpoint,
    transactionId: after.id,
    type: event.type,
    payload,
    createdAt: after.updatedAt,
  }));
}

/**
 * The terminal events: after one, the merchant captures or releases what it held in authorize
 * (`transaction.resolved` after review or unknown). The rest are progress.
 */
export const TERMINAL_EVENTS: readonly MerchantEventType[] = [
  'transaction.approved',
  'transaction.declined',
  'transaction.failed',
  'transaction.rejected',
  'transaction.review',
  'transaction.resolved',
];
