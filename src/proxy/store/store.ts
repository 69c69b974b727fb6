/**
 * What the proxy persists (docs/design.md, "The proxy": persist every transaction and outcome so a
 * restart loses nothing). Mozarto has no status-query endpoint (docs/mozarto-api.md §9), so this record
 * of webhook outcomes is the only source of truth the widget can poll.
 *
 * The interface is asynchronous so that a shared store (Postgres, Redis…) can replace the embedded
 * SQLite one. Implementations must make `reserveIdempotencyKey` and `updateTransaction` atomic:
 * the status rule below is applied inside the store, never as a read-then-write by the caller.
 * Every store applies a patch with the one pure `applyPatch` below, and must pass the exported
 * conformance suite (`mozarto-cashier/proxy/testing`, conformance.ts).
 */
import { isFinal, nextStatus, type Status } from '../../core/status.js';
import type { Flow, Outcome } from '../../core/psp/types.js';
import type { OutboxWrite } from '../merchant/merchant-event.js';

export type OutcomeKind = Outcome['kind'];

export interface StoredTransaction {
  /** Our id, `tx_` + 24 hex; sent to Mozarto as `merchantReference`. */
  readonly id: string;
  readonly userId: string;
  readonly pspType: string;
  readonly flow: Flow;
  /**
   * What the merchant's wallet moves, a canonical decimal string ("100.00"): a pay-in credits it,
   * a pay-out debits it (docs/adr/0019-the-amounts-that-move.md).
   */
  readonly amount: string;
  /** The method's fee on `amount` ("2.00"; "0.00" when none). */
  readonly fee: string;
  /**
   * What Mozarto is asked to move (its `baseamount`) and what its webhooks carry: a pay-in's
   * amount + fee (the player pays it), a pay-out's amount − fee (the player receives it).
   */
  readonly total: string;
  readonly currency: string;
  readonly status: Status;
  /** Mozarto's `data.transactionId`, the webhook's `transaction_id`. */
  readonly upstreamId: string | null;
  readonly outcome: OutcomeKind | null;
  readonly redirectUrl: string | null;
  /** The latest outcome message (webhook `message`), safe to show the player. */
  readonly message: string | null;
  /** Our error code when the upstream call failed. */
  readonly errorCode: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the merchant's `onOutcome` hook finished for this transaction; null until then. */
  readonly outcomeNotifiedAt?: string | null;
  /**
   * Set with status `review`: which webhook field did not match the transaction, e.g.
   * `amount: expected 100.00, got 0.01`. For the merchant (onOutcome, logs), never the player.
   */
  readonly reviewReason?: string | null;
}

/**
 * What is known before Mozarto is called; the rest of a StoredTransaction starts empty. Without
 * `fee` and `total`, the transaction has no fee (`fee` "0.00", `total` = `amount`).
 */
export type NewTransaction = Pick<StoredTransaction, 'id' | 'userId' | 'pspType' | 'flow' | 'amount' | 'currency' | 'createdAt'> &
  Partial<Pick<StoredTransaction, 'fee' | 'total'>> & {
    /**
     * The create's Idempotency-Key, kept with the row (not read back on the record): a reservation
     * left by a process that died then tells whether anything was stored under it — a transaction
     * Mozarto may have, or nothing at all (`findByIdempotencyKey`, idempotency.ts).
     */
    readonly idempotencyKey?: string;
  };

/** A new transaction as every store first records it: pending, nothing from Mozarto yet. */
export function newRecord(tx: NewTransaction): StoredTransaction {
  return {
    id: tx.id,
    userId: tx.userId,
    pspType: tx.pspType,
    flow: tx.flow,
    amount: tx.amount,
    fee: tx.fee ?? '0.00',
    total: tx.total ?? tx.amount,
    currency: tx.currency,
    status: 'pending',
    upstreamId: null,
    outcome: null,
    redirectUrl: null,
    message: null,
    errorCode: null,
    createdAt: tx.createdAt,
    updatedAt: tx.createdAt,
  };
}

/**
 * A change to a transaction. `status` is not assigned but advanced with `advanceStatus`, so a
 * final status never reverts (docs/design.md, "Statuses") whoever writes and in whatever order.
 */
export interface TransactionPatch {
  readonly status?: Status;
  readonly upstreamId?: string;
  readonly outcome?: OutcomeKind;
  readonly redirectUrl?: string;
  readonly message?: string;
  readonly errorCode?: string;
  /** With `status: 'review'`: the mismatch, kept only if the review status is taken. */
  readonly reviewReason?: string;
  /**
   * An operator's resolution (docs/adr/0023-operators.md): `status` (one of `RESOLVED_STATUSES`)
   * replaces the current status — final or not — only while that is still `from`, the status the
   * operator saw; otherwise the patch changes nothing. The store records it in the audit log
   * (`WriteOptions.audit`) in the same database transaction.
   */
  readonly resolution?: { readonly from: Status };
  readonly updatedAt: string;
  /**
   * Applies only while the transaction is as its create left it before Mozarto's answer
   * (`pending`, no outcome, no upstream id); otherwise nothing changes. The recovery sweep's move
   * to `unknown` (recovery-sweep.ts) so cannot overwrite an answer that landed in the meantime.
   */
  readonly whileUnanswered?: boolean;
}

/** What an operator may settle a transaction to. */
export const RESOLVED_STATUSES = ['approved', 'declined', 'failed', 'rejected'] as const;
export type ResolvedStatus = (typeof RESOLVED_STATUSES)[number];

/** Who resolved a transaction and why: one row of the append-only audit log, with what the store adds. */
export interface AuditInput {
  /** The admin credential's name. */
  readonly actor: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * One row of the audit log: an operator's resolution (`before` and `after` are statuses), or a
 * re-delivery of one of the merchant's events (`eventId`; `before` is where its delivery stood —
 * `delivered`, `failing`, `abandoned` or `waiting`, several joined by `+` when its endpoints
 * differed — and `after` is `due`).
 */
export type AuditEntry =
  | (AuditInput & { readonly id: number; readonly transactionId: string; readonly action: 'resolve'; readonly before: Status; readonly after: Status })
  | (AuditInput & {
      readonly id: number;
      readonly transactionId: string;
      readonly action: 'redeliver';
      readonly eventId: string;
      readonly before: string;
      readonly after: 'due';
    });

/** An operator's re-delivery of one event (admin API): the event's `evt_…` id, and the audit row's who, why and when. */
export interface Redelivery extends AuditInput {
  readonly eventId: string;
}

/** Where one outbox row's delivery stands, for operators (the audit log, the timeline). */
export function deliveryState(
  event: Pick<OutboxEvent, 'deliveredAt' | 'abandonedAt' | 'attempts' | 'lastError'>,
): 'delivered' | 'abandoned' | 'failing' | 'waiting' {
  if (event.deliveredAt !== null) return 'delivered';
  if (event.abandonedAt !== null) return 'abandoned';
  return event.attempts > 0 && event.lastError !== null ? 'failing' : 'waiting';
}

/** A re-delivery's audit `before`: the states of the event's rows, in endpoint order, each once. */
export function redeliveryBefore(rows: readonly OutboxEvent[]): string {
  return [...new Set(rows.map(deliveryState))].join('+');
}

/**
 * The operators' search (admin API): every field narrows, none is required. Newest first
 * (`createdAt`, then `id`, descending), at most `limit`, strictly after `after` when given.
 * Amounts compare as numbers; `createdFrom` is inclusive, `createdBefore` exclusive.
 */
export interface TransactionQuery {
  readonly statuses?: readonly Status[];
  readonly userId?: string;
  readonly pspType?: string;
  readonly flow?: Flow;
  readonly minAmount?: string;
  readonly maxAmount?: string;
  readonly createdFrom?: string;
  readonly createdBefore?: string;
  readonly limit: number;
  readonly after?: HistoryPosition;
}

/** One status of the needs-attention queue: how many, and the oldest one's creation time. */
export interface AttentionCount {
  readonly status: Status;
  readonly count: number;
  readonly oldestCreatedAt: string;
}

export interface IdempotencyRecord {
  readonly userId: string;
  readonly key: string;
  /** HMAC-SHA-256 (server key) of the canonical body without card, CVC, PIN or voucher values (idempotency.ts). */
  readonly bodyHash: string;
  /** null while the first request with this key is still running. */
  readonly statusCode: number | null;
  readonly response: unknown;
  readonly createdAt: string;
}

export type ReserveResult = { readonly reserved: true } | { readonly reserved: false; readonly existing: IdempotencyRecord };

export interface WebhookEvent {
  /** Our transaction id, or null when the event matched nothing (yet). */
  readonly transactionId: string | null;
  readonly upstreamId: string | null;
  readonly merchantReference: string | null;
  /** The raw `transaction_status` as received. */
  readonly transactionStatus: string | null;
  /** The payload's §7 fields only (`storedWebhookPayload`); `null` once pruned (`pruneExpired`). */
  readonly payload: unknown;
  readonly receivedAt: string;
}

export interface StoredWebhookEvent extends WebhookEvent {
  readonly id: number;
}

/**
 * `durable: false` — this write need not be durable on its own, because the caller makes a
 * durable write to the same store right after it and answers nobody in between (a create: the
 * upstream answer, then the Idempotency-Key's completion). Logs are written in order, so that
 * commit makes this one durable too; a store may simply ignore the option. It saves a create one
 * fsync (SQLite `synchronous = NORMAL`, Postgres `synchronous_commit = off` for that commit).
 */
export interface WriteOptions {
  readonly durable?: boolean;
  /**
   * The merchant's events (docs/adr/0018-events-to-the-merchant.md): the event this write makes,
   * if any (merchant/merchant-event.ts `outboxRows`, from the record before and after the write),
   * is added to the outbox once per endpoint in the same database transaction as the write, so a
   * status change and its event are stored together or not at all.
   */
  readonly outbox?: OutboxWrite;
  /**
   * With a patch's `resolution`: the audit log's row, written in the same database transaction
   * when — and only when — the resolution was applied; the merchant's outcome hook then runs again
   * for the resolved status (its bookkeeping is cleared with it).
   */
  readonly audit?: AuditInput;
}

/** One event for one endpoint, as the outbox keeps it. */
export interface OutboxEvent {
  /** The outbox's own order: a transaction's events are delivered in it, per endpoint. */
  readonly seq: number;
  /** `evt_…`: the `webhook-id`, the same on every attempt and every endpoint. */
  readonly eventId: string;
  readonly endpoint: string;
  readonly transactionId: string;
  readonly type: string;
  /** The JSON text every attempt sends (and signs), byte for byte. */
  readonly payload: string;
  readonly createdAt: string;
  /** Attempts recorded so far. */
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly deliveredAt: string | null;
  /** Set when it was still not delivered at the end of the retry period (`events.retryForMs`). */
  readonly abandonedAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

/** What the outbox has yet to deliver (`outboxBacklog`). */
export interface OutboxBacklog {
  readonly count: number;
  readonly oldestCreatedAt: string | null;
}

/** An event claimed for one attempt: the claim it was taken under, and the attempt's number. */
export interface ClaimedEvent extends OutboxEvent {
  readonly claim: string;
  readonly attempt: number;
}

/** What `claimEvents` takes: due events of these endpoints, leased to `claim` until `until`. */
export interface EventClaim {
  readonly endpoints: readonly string[];
  readonly now: string;
  readonly until: string;
  readonly claim: string;
  readonly limit: number;
}

/** One delivery attempt, as recorded (issue 26's operators list them). */
export interface EventAttempt {
  readonly eventId: string;
  readonly endpoint: string;
  /** 1 for the first. */
  readonly attempt: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** The endpoint's HTTP status; null when none came (no connection, a timeout). */
  readonly statusCode: number | null;
  /** Why it did not count as delivered; null when it did. */
  readonly error: string | null;
  /** Which proxy instance made it. */
  readonly instance: string;
}

/** An attempt's record and what follows it: delivered, a retry, or the end of the retries. */
export type EventAttemptRecord = Omit<EventAttempt, 'eventId' | 'endpoint'> & {
  readonly seq: number;
  /** The claim the attempt was made under: a stale one records the attempt and changes nothing else. */
  readonly claim: string;
} & ({ readonly deliveredAt: string } | { readonly retryAt: string } | { readonly abandonedAt: string });

/** A position in a player's history, newest first: the last row of the page before. */
export interface HistoryPosition {
  readonly createdAt: string;
  readonly id: string;
}

export interface TransactionStore {
  /** Stores `tx` as pending (`newRecord`), with its `transaction.created` event when `options.outbox` says where. */
  insertTransaction(tx: NewTransaction, options?: WriteOptions): Promise<StoredTransaction>;
  getTransaction(id: string): Promise<StoredTransaction | null>;
  /**
   * One player's transactions, newest first (`createdAt`, then `id`, both descending), at most
   * `limit`, strictly after `after` when given. Never another player's.
   */
  listTransactionsByUser(userId: string, limit: number, after?: HistoryPosition): Promise<StoredTransaction[]>;
  findByUpstreamId(upstreamId: string): Promise<StoredTransaction | null>;
  /**
   * Applies a patch atomically (status via `advanceStatus`), with the event of the change in the
   * same database transaction when `options.outbox` says where; null when the id is unknown.
   */
  updateTransaction(id: string, patch: TransactionPatch, options?: WriteOptions): Promise<StoredTransaction | null>;

  /**
   * Claims (user, key) for a request whose canonical body hashes to `bodyHash`. Need not be
   * durable on its own: nothing is sent to Mozarto before the transaction's (durable) insert,
   * whose commit makes the reservation durable too; a reservation lost in a crash before it
   * was never acted on.
   */
  reserveIdempotencyKey(userId: string, key: string, bodyHash: string, createdAt: string): Promise<ReserveResult>;
  /** Records the answer to replay for later requests with the same key. */
  completeIdempotencyKey(userId: string, key: string, statusCode: number, response: unknown): Promise<void>;
  /**
   * Forgets a key (after a retryable error) so that a retry with it runs again. With
   * `reservedAt`, only the reservation made at that time and never completed: another request
   * that has taken the key over since keeps it (idempotency.ts, a stranded reservation).
   */
  releaseIdempotencyKey(userId: string, key: string, reservedAt?: string): Promise<void>;
  /** The newest transaction stored under (user, Idempotency-Key), or null. */
  findByIdempotencyKey(userId: string, key: string): Promise<StoredTransaction | null>;
  /**
   * Ids of transactions created before `createdBefore` whose create never wrote its answer —
   * still `pending`, no outcome and no upstream id (a process that died, or a store that failed,
   * between the insert and the answer) — oldest first, at most `limit`. The recovery sweep moves
   * them to `unknown` (recovery-sweep.ts).
   */
  listUnansweredTransactions(createdBefore: string, limit: number): Promise<string[]>;

  addWebhookEvent(event: WebhookEvent): Promise<void>;
  /** Events for one transaction, oldest first. */
  listWebhookEvents(transactionId: string): Promise<StoredWebhookEvent[]>;
  /** Events that arrived before their transaction's upstream id was known (oldest first). */
  listUnmatchedWebhookEvents(upstreamId: string): Promise<StoredWebhookEvent[]>;
  /** Links earlier unmatched events to a transaction once it is known. */
  linkWebhookEvents(upstreamId: string, transactionId: string): Promise<void>;

  /**
   * Atomically claims the right to run the merchant's outcome hook: succeeds (returning the
   * transaction) only when it has a reportable outcome (`isReportableOutcome`), the hook has not
   * finished for it, and nobody holds a claim newer than `staleBefore`.
   */
  claimOutcomeNotification(id: string, claimedAt: string, staleBefore: string): Promise<StoredTransaction | null>;
  /** Records that the hook finished: it is never run again for this transaction. */
  completeOutcomeNotification(id: string, at: string): Promise<void>;
  /** Drops a claim after the hook failed, so that a later attempt may run it. */
  releaseOutcomeNotification(id: string): Promise<void>;
  /** Ids of transactions with a reportable outcome whose hook has not finished, oldest first. */
  listPendingOutcomeNotifications(limit: number): Promise<string[]>;

  /** The operators' search (admin API, `TransactionQuery`). */
  searchTransactions(query: TransactionQuery): Promise<StoredTransaction[]>;
  /**
   * The needs-attention queue's size: `review` and `unknown` transactions, and `pending` or
   * `awaiting_approval` ones created before `pendingBefore` (stranded), per status, with the
   * oldest one's creation time. Statuses with none are left out.
   */
  countAttention(pendingBefore: string): Promise<AttentionCount[]>;
  /** One transaction's audit log, oldest first. */
  listAuditEntries(transactionId: string): Promise<AuditEntry[]>;

  /**
   * Claims up to `limit` due events of `endpoints` for one attempt each: not delivered, not
   * abandoned, `nextAttemptAt` reached, no unexpired claim — and each the oldest undelivered event
   * of its transaction for its endpoint (so a transaction's events go out in order). A claimed
   * event is leased to `claim` until `until`: no other caller gets it before then. Atomic across
   * instances (Postgres: `FOR UPDATE SKIP LOCKED`).
   */
  claimEvents(claim: EventClaim): Promise<ClaimedEvent[]>;
  /**
   * Records an attempt, and — if the event is still claimed under `record.claim` and undelivered —
   * its result: delivered, due again at `retryAt`, or abandoned; the claim is dropped.
   */
  recordEventAttempt(record: EventAttemptRecord): Promise<void>;
  /** One transaction's events, every endpoint, in the outbox's order. */
  listEvents(transactionId: string): Promise<OutboxEvent[]>;
  /** The attempts at one event, every endpoint, oldest first. */
  listEventAttempts(eventId: string): Promise<EventAttempt[]>;
  /**
   * An operator's re-delivery (admin API): puts every row of the event `redelivery.eventId` (one
   * per endpoint) back for delivery at `redelivery.at` — delivered, failing or abandoned alike: no
   * longer delivered nor abandoned, due at once, its claim dropped (an attempt still in flight
   * then records itself and changes nothing) — and appends the audit row (`redeliver`, before
   * `redeliveryBefore`) in the same database transaction. Returns the rows as they stood before;
   * none (nothing written) when there is no such event.
   */
  redeliverEvent(redelivery: Redelivery): Promise<OutboxEvent[]>;
  /**
   * Events failing delivery (the operators' needs-attention queue): abandoned, or not delivered
   * after a failed attempt (`deliveryState` `failing`), every endpoint, oldest first, at most `limit`.
   */
  listFailingEvents(limit: number): Promise<OutboxEvent[]>;
  /**
   * The outbox's backlog (the operators' metrics): events neither delivered nor abandoned, every
   * endpoint, and the oldest one's creation time (null when none). One read of the due index.
   */
  outboxBacklog(): Promise<OutboxBacklog>;

  /**
   * Retention (docs/design.md "Nothing sensitive kept"): deletes at most `limit` idempotency records
   * created before `before` and empties (payload `null`) at most `limit` stored webhook payloads
   * received before it; the transactions and the events' ids and statuses stay. Returns how many
   * rows it changed, so a caller can tell a full batch (more to do) from the end.
   */
  pruneExpired(before: string, limit: number): Promise<number>;
}

/**
 * Whether a patch's `message` is taken: a message belongs to the status it came with, so it is
 * kept only when that status won (`status` is the status after the patch), and a transaction that
 * was already final never takes a new player-visible message (a duplicate final webhook cannot
 * rewrite what the player was shown).
 */
export function acceptsMessage(current: Pick<StoredTransaction, 'status'>, patch: Pick<TransactionPatch, 'status' | 'message'>, status: Status): boolean {
  if (patch.message === undefined) return false;
  if (isFinal(current.status)) return false;
  return patch.status === undefined || status === patch.status;
}

/**
 * A final status the merchant's `onOutcome` is told about: every one, also our own `failed` or
 * `declined` before or at Mozarto (no upstream id), so that what the merchant held in `authorize`
 * is always released or captured (issue 23 rule 2). Should Mozarto later contradict a failure it
 * answered (`advanceStatus`), the new status is reported once more (`reopensOutcome`).
 */
export function isReportableOutcome(tx: Pick<StoredTransaction, 'status'>): boolean {
  return isFinal(tx.status);
}

/** Our own failure after a failed call: error code set, no upstream id (`advanceStatus`'s exception). */
const failedLocally = (tx: Pick<StoredTransaction, 'status' | 'errorCode' | 'upstreamId'>) =>
  tx.status === 'failed' && tx.errorCode !== null && tx.upstreamId === null;

/**
 * Whether `patch` turns our own failure into Mozarto's outcome (`advanceStatus`'s exception): the
 * outcome hook's record is then cleared, so `onOutcome` hears the new status too. Every store
 * clears `outcome_notified_at` and the hook's claim when this is true.
 */
export function reopensOutcome(
  current: Pick<StoredTransaction, 'status' | 'errorCode' | 'upstreamId'>,
  patch: Pick<TransactionPatch, 'status' | 'upstreamId'>,
): boolean {
  return failedLocally(current) && patch.upstreamId !== undefined && patch.status !== undefined && patch.status !== 'failed';
}

/** As a create leaves its transaction until Mozarto's answer is stored. */
export function isUnanswered(tx: Pick<StoredTransaction, 'status' | 'outcome' | 'upstreamId'>): boolean {
  return tx.status === 'pending' && tx.outcome === null && tx.upstreamId === null;
}

/**
 * The one status rule every store applies. A final status never changes (core `nextStatus`), with
 * one exception: a transaction we marked `failed` ourselves because the upstream call failed
 * (error code set, no upstream id). There the upstream outcome was unknown — a timeout may still
 * have created a payment — so an update that brings the upstream id (a webhook matched by
 * `merchantReference`) proves the payment exists and its status is believed.
 */
export function advanceStatus(current: Pick<StoredTransaction, 'status' | 'errorCode' | 'upstreamId'>, incoming: Status, settingUpstreamId: boolean): Status {
  if (failedLocally(current) && settingUpstreamId) return incoming;
  return nextStatus(current.status, incoming);
}

/**
 * The state after `patch`, by the rules every store applies: the status via `advanceStatus`; the
 * first upstream id is kept; a message is taken only as `acceptsMessage` says; a review reason
 * only with the review status it came with. Pure, so the SQLite, Postgres and in-memory stores
 * cannot drift apart.
 */
export function applyPatch(current: StoredTransaction, patch: TransactionPatch): StoredTransaction {
  if (patch.whileUnanswered && !isUnanswered(current)) return current;
  if (patch.resolution) return applyResolution(current, patch);
  const settingUpstreamId = patch.upstreamId !== undefined && current.upstreamId === null;
  const status = patch.status === undefined ? current.status : advanceStatus(current, patch.status, settingUpstreamId);
  const reviewReason = status === 'review' && current.status !== 'review' ? (patch.reviewReason ?? null) : (current.reviewReason ?? null);
  // Reopened: the outcome hook's record of our failure goes, so it hears Mozarto's outcome too.
  const reopened = status !== current.status && reopensOutcome(current, patch);
  const { reviewReason: _dropped, outcomeNotifiedAt, ...rest } = current;
  const next: StoredTransaction = {
    ...rest,
    ...(outcomeNotifiedAt && !reopened ? { outcomeNotifiedAt } : {}),
    status,
    upstreamId: current.upstreamId ?? patch.upstreamId ?? null,
    outcome: patch.outcome ?? current.outcome,
    redirectUrl: patch.redirectUrl ?? current.redirectUrl,
    message: acceptsMessage(current, patch, status) ? patch.message! : current.message,
    errorCode: patch.errorCode ?? current.errorCode,
    updatedAt: patch.updatedAt,
    // Only present once set, as the stores read it back (store-rows.ts).
    ...(reviewReason ? { reviewReason } : {}),
  };
  // A patch that changes nothing (a duplicate webhook) leaves the record as it was, `updatedAt`
  // included: a final transaction is then immutable, and a cached status poll stays exact.
  const same =
    next.status === current.status &&
    next.upstreamId === current.upstreamId &&
    next.outcome === current.outcome &&
    next.redirectUrl === current.redirectUrl &&
    next.message === current.message &&
    next.errorCode === current.errorCode &&
    (next.reviewReason ?? null) === (current.reviewReason ?? null);
  return same ? current : next;
}

/** Whether `status` is one an operator may settle a transaction to. */
export function isResolvedStatus(status: unknown): status is ResolvedStatus {
  return typeof status === 'string' && (RESOLVED_STATUSES as readonly string[]).includes(status);
}

/**
 * An operator's resolution: the only way past a final status. Applied only while the status is
 * still the one the operator saw (`resolution.from`) and the target is a resolved status;
 * anything else leaves the record as it was (the caller tells a conflict by the unchanged status).
 * The review reason stays, as history; nothing else moves.
 */
function applyResolution(current: StoredTransaction, patch: TransactionPatch): StoredTransaction {
  const to = patch.status;
  if (!patch.resolution || current.status !== patch.resolution.from || !isResolvedStatus(to) || to === current.status) return current;
  // The outcome hook's bookkeeping is cleared with it: the hook runs again, for the resolved status.
  const { outcomeNotifiedAt: _reported, ...rest } = current;
  return { ...rest, status: to, updatedAt: patch.updatedAt };
}

/** Whether a write with this patch changed the status by an operator's resolution (the stores' audit rule). */
export function resolutionApplied(before: StoredTransaction, after: StoredTransaction, patch: TransactionPatch): boolean {
  return patch.resolution !== undefined && after.status !== before.status;
}
