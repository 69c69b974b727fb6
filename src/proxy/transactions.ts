/**
 * The proxy's domain operations on transactions, shared by the routes (routes never import one
 * another, and never write a transaction themselves):
 *
 * - `createTransaction` and `changeTransaction`: the one write path. Every change of a
 *   transaction's state goes through `changeTransaction`, in this order — store (the patch,
 *   applied atomically by the store with `applyPatch`: the status only advances; and, in the same
 *   database transaction, the merchant's event of the change in the outbox), then notify (the new
 *   state to the event streams, on this instance or, through the notifier, another), then what
 *   follows (the outbox's delivery; the merchant's `onOutcome` for a reportable final outcome).
 *   ESLint refuses a store write anywhere else in src/proxy.
 * - `receiveWebhook`: what a Mozarto webhook (docs/mozarto-api.md §7) does — match it, keep it,
 *   apply it; `applyEarlyWebhooks`: the ones that came before the create call returned.
 * - `ownTransaction` and `statusBody`: reading the player's own transaction, and the status body
 *   the widget reads (docs/design.md "The contract").
 */
import type { TransactionStatusResponse } from '../core/contract.js';
import { normalizeStatus, type Status } from '../core/status.js';
import type { ProxyContext } from './http/context.js';
import { ProxyError } from './http/errors.js';
import { newEventId, TRANSACTION_ID } from './ids.js';
import type { BoundLogger } from './logger.js';
import { readWebhook, storedWebhookPayload, webhookMismatches, type MozartoWebhook } from './mozarto/mozarto-webhook.js';
import type { OutboxWrite } from './merchant/merchant-event.js';
import { needsAttention } from './store/search-sql.js';
import {
  isReportableOutcome,
  type AuditInput,
  type ResolvedStatus,
  type NewTransaction,
  type StoredTransaction,
  type TransactionPatch,
} from './store/store.js';

/** How a change is written: `durable` as the store's WriteOptions; `reason` for the merchant's event. */
export interface ChangeOptions {
  /** false: the caller's next write makes this one durable (store.ts WriteOptions). */
  readonly durable?: boolean;
  /** Why, for the merchant's event (`data.reason`): a failure before Mozarto, an operator's resolve. */
  readonly reason?: string;
  /**
   * An operator's resolution: its audit row, written with the change (store.ts WriteOptions
   * `audit`); the merchant's event is then `transaction.resolved`.
   */
  readonly audit?: AuditInput;
}

/** Where the event of a write goes: the merchant's endpoints, under a fresh event id; none without them. */
function outboxOf(ctx: ProxyContext, reason?: string, resolved?: boolean): OutboxWrite | undefined {
  const { urls } = ctx.options.events;
  if (urls.length === 0) return undefined;
  return { endpoints: urls, eventId: newEventId(), ...(reason !== undefined ? { reason } : {}), ...(resolved ? { resolved } : {}) };
}

/**
 * Stores a transaction before anything is sent to Mozarto, as `pending`, so that a crash
 * mid-call still leaves a record to reconcile, with its `transaction.created` event for the
 * merchant. Nobody can be following it on the event streams yet (its id is not out).
 */
export async function createTransaction(ctx: ProxyContext, tx: NewTransaction): Promise<StoredTransaction> {
  const outbox = outboxOf(ctx);
  const stored = await ctx.options.store.insertTransaction(tx, outbox ? { outbox } : undefined);
  if (outbox) ctx.events?.kick();
  return stored;
}

/**
 * The write path: applies `patch` to transaction `id` in the store (with the merchant's event of
 * the change, in the same database transaction), then announces the new state. Null when the id
 * is unknown. Whatever must go with every change belongs here, never in a caller: a caller that
 * wrote the store itself would change a transaction nobody hears about. Announcing never fails
 * the write: the stored state is the truth, the widget reads it on its next status read, and the
 * outcome hook's and the outbox's own sweeps find what they did not hear (outcome-hook.ts,
 * merchant/delivery.ts).
 */
export async function changeTransaction(
  ctx: ProxyContext,
  log: BoundLogger,
  id: string,
  patch: TransactionPatch,
  options: ChangeOptions = {},
): Promise<StoredTransaction | null> {
  const outbox = outboxOf(ctx, options.reason, options.audit !== undefined);
  const updated = await ctx.options.store.updateTransaction(id, patch, {
    ...(options.durable === false ? { durable: false } : {}),
    ...(outbox ? { outbox } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
  });
  if (updated) announce(ctx, log, updated);
  if (outbox) ctx.events?.kick();
  return updated;
}

/**
 * The recovery sweep's move (recovery-sweep.ts): a transaction whose create never stored
 * Mozarto's answer becomes `unknown` — through the write path, so the streams and the merchant
 * hear of it — unless an answer landed since (`whileUnanswered`).
 */
export async function markStranded(ctx: ProxyContext, log: BoundLogger, id: string, at: string): Promise<StoredTransaction | null> {
  return changeTransaction(ctx, log, id, { status: 'unknown', outcome: 'await', errorCode: 'interrupted', updatedAt: at, whileUnanswered: true });
}

/** Tells whoever follows the transaction: its event streams, then the merchant's outcome hook. */
function announce(ctx: ProxyContext, log: BoundLogger, tx: StoredTransaction): void {
  const failed = (error: unknown) => log.error('notifier failed', { transactionId: tx.id, error: error instanceof Error ? error.message : String(error) });
  try {
    const published = ctx.options.notifier.publish(tx);
    if (published && typeof published.catch === 'function') published.catch(failed);
  } catch (error) {
    failed(error);
  }
  if (ctx.outcomes && isReportableOutcome(tx) && !tx.outcomeNotifiedAt) ctx.outcomes.trigger(tx.id);
}

/**
 * One Mozarto webhook, already authenticated and parsed: matched to its transaction, kept (its
 * §7 fields only, `storedWebhookPayload`), and applied. One for no known transaction is kept unmatched: if it is for a
 * create call that has not returned yet, `applyEarlyWebhooks` applies it when the call brings the
 * upstream id. Resolves with the transaction it changed, or null.
 */
export async function receiveWebhook(
  ctx: ProxyContext,
  log: BoundLogger,
  payload: Record<string, unknown>,
  /** When it arrived; a journaled one (webhook-journal.ts) is applied later than that. */
  receivedAt?: string,
): Promise<StoredTransaction | null> {
  const { store } = ctx.options;
  const webhook = readWebhook(payload);
  const now = receivedAt ?? ctx.options.now().toISOString();
  const tx = await findWebhookTransaction(ctx, log, webhook);
  await store.addWebhookEvent({
    transactionId: tx?.id ?? null,
    upstreamId: webhook.upstreamId,
    merchantReference: webhook.merchantReference,
    transactionStatus: webhook.transactionStatus,
    payload: storedWebhookPayload(payload),
    receivedAt: now,
  });
  if (!tx) {
    ctx.options.metrics.webhook('unmatched', null);
    log.warn('webhook for an unknown transaction acknowledged', {
      upstreamId: webhook.upstreamId,
      merchantReference: webhook.merchantReference,
      transactionStatus: webhook.transactionStatus,
    });
    return null;
  }
  const applied = await applyWebhook(ctx, log, tx, webhook, now);
  const result = applied.status === tx.status ? 'unchanged' : applied.status === 'review' ? 'review' : 'applied';
  ctx.options.metrics.webhook(result, Math.max(0, (Date.parse(now) - Date.parse(tx.createdAt)) / 1000));
  return applied;
}

/**
 * The known transaction a webhook is for: by Mozarto's `transaction_id`, else our
 * `merchantReference` — unless that names a transaction with another upstream id (then none).
 */
async function findWebhookTransaction(
  ctx: ProxyContext,
  log: BoundLogger,
  event: Pick<MozartoWebhook, 'upstreamId' | 'merchantReference'>,
): Promise<StoredTransaction | null> {
  const { store } = ctx.options;
  let tx = event.upstreamId ? await store.findByUpstreamId(event.upstreamId) : null;
  if (!tx && event.merchantReference && TRANSACTION_ID.test(event.merchantReference)) {
    const byReference = await store.getTransaction(event.merchantReference);
    if (byReference && byReference.upstreamId !== null && event.upstreamId !== null && byReference.upstreamId !== event.upstreamId) {
      // Our reference on a different Mozarto transaction: record it, but do not let it decide.
      log.warn('webhook merchantReference names a transaction with another upstream id', {
        transactionId: byReference.id,
        upstreamId: event.upstreamId,
        knownUpstreamId: byReference.upstreamId,
      });
    } else {
      tx = byReference;
    }
  }
  return tx;
}

/**
 * Applies one webhook's status (advancing only) and message to a known transaction. One whose
 * amount, currency or user_id does not match puts the transaction in `review` (final, never
 * `approved`), the mismatch named for the merchant; its message is not shown.
 */
async function applyWebhook(
  ctx: ProxyContext,
  log: BoundLogger,
  tx: StoredTransaction,
  event: Pick<MozartoWebhook, 'upstreamId' | 'transactionStatus' | 'message' | 'amount' | 'currency' | 'userId'>,
  at: string,
): Promise<StoredTransaction> {
  const normalized = normalizeStatus(event.transactionStatus);
  if (!normalized.known) {
    log.warn('unknown transaction_status reads as pending', { transactionId: tx.id, transactionStatus: event.transactionStatus });
  }
  const mismatches = webhookMismatches(tx, event);
  const status = mismatches.length ? 'review' : normalized.status;
  if (mismatches.length) {
    log.warn('webhook does not match the transaction: review', {
      transactionId: tx.id,
      upstreamId: event.upstreamId,
      incoming: normalized.status,
      mismatch: mismatches,
    });
  }
  const updated = await changeTransaction(ctx, log, tx.id, {
    status,
    ...(mismatches.length ? { reviewReason: mismatches.join('; ') } : event.message !== null ? { message: event.message } : {}),
    ...(tx.upstreamId === null && event.upstreamId !== null ? { upstreamId: event.upstreamId } : {}),
    updatedAt: at,
  });
  const result = updated ?? tx;
  log.info(result.status === tx.status ? 'webhook applied, status unchanged' : 'webhook applied', {
    transactionId: tx.id,
    upstreamId: result.upstreamId,
    from: tx.status,
    incoming: status,
    to: result.status,
  });
  return result;
}

/**
 * Webhooks that arrived before the create call returned (no upstream id to match yet): applied
 * in arrival order once the id is known, then linked to the transaction.
 */
export async function applyEarlyWebhooks(ctx: ProxyContext, log: BoundLogger, tx: StoredTransaction, at: string): Promise<StoredTransaction> {
  const { store } = ctx.options;
  if (tx.upstreamId === null) return tx;
  const events = await store.listUnmatchedWebhookEvents(tx.upstreamId);
  if (events.length === 0) return tx;
  let current = tx;
  for (const event of events) {
    const fields = typeof event.payload === 'object' && event.payload !== null ? readWebhook(event.payload as Record<string, unknown>) : null;
    current = await applyWebhook(
      ctx,
      log,
      current,
      {
        upstreamId: event.upstreamId,
        transactionStatus: event.transactionStatus,
        message: fields?.message ?? null,
        amount: fields?.amount ?? null,
        currency: fields?.currency ?? null,
        userId: fields?.userId ?? null,
      },
      at,
    );
  }
  await store.linkWebhookEvents(tx.upstreamId, tx.id);
  return current;
}

/** The user's own transaction `id`; anything else — malformed, unknown, someone else's — is one 404. */
export async function ownTransaction(ctx: ProxyContext, userId: string, id: string): Promise<StoredTransaction> {
  const tx = TRANSACTION_ID.test(id) ? (ctx.finals.get(id) ?? (await ctx.options.store.getTransaction(id))) : null;
  if (!tx || tx.userId !== userId) throw new ProxyError('not_found', 'No such transaction.');
  ctx.finals.offer(tx);
  return tx;
}

export function statusBody(tx: StoredTransaction): TransactionStatusResponse {
  return {
    transactionId: tx.id,
    status: tx.status,
    type: tx.flow,
    pspType: tx.pspType,
    amount: tx.amount,
    fee: tx.fee,
    total: tx.total,
    currency: tx.currency,
    ...(tx.message ? { message: tx.message } : {}),
    updatedAt: tx.updatedAt,
  };
}

/** What an operator's resolve asks (admin API): the target, why, who, and the status they saw. */
export interface Resolution {
  readonly to: ResolvedStatus;
  readonly reason: string;
  readonly actor: string;
  /** The status the operator saw; the resolve applies only while the transaction still has it. */
  readonly from: Status;
}

/** A resolve's result: the settled transaction, or why not (`not_found`, `conflict`) in words for the operator. */
export type ResolveResult =
  { readonly ok: true; readonly transaction: StoredTransaction } | { readonly ok: false; readonly why: 'not_found' | 'conflict'; readonly message: string };

/**
 * An operator settles a transaction that needs a person (docs/operations.md "Needs attention"):
 * `review`, `unknown`, or a wait older than `admin.attentionAfterMs` (stranded). Through the write
 * path like every change — stored with its audit entry in one database transaction, announced to
 * the event streams, and reported to the merchant (`onOutcome` runs again for the new status).
 */
export async function resolveTransaction(ctx: ProxyContext, log: BoundLogger, id: string, resolution: Resolution): Promise<ResolveResult> {
  const tx = TRANSACTION_ID.test(id) ? await ctx.options.store.getTransaction(id) : null;
  if (!tx) return { ok: false, why: 'not_found', message: `No transaction ${JSON.stringify(id.slice(0, 40))}.` };
  const now = ctx.options.now();
  const { attentionAfterMs } = ctx.options.admin;
  if (tx.status !== resolution.from) {
    return { ok: false, why: 'conflict', message: `The transaction is ${tx.status} now, not ${resolution.from}: reload it and decide again.` };
  }
  if (!needsAttention(tx, new Date(now.getTime() - attentionAfterMs).toISOString())) {
    return {
      ok: false,
      why: 'conflict',
      message: `A ${tx.status} transaction created at ${tx.createdAt} does not need a person: only review, unknown, or a wait older than ${Math.round(attentionAfterMs / 60_000)} minutes can be resolved.`,
    };
  }
  const at = now.toISOString();
  const updated = await changeTransaction(
    ctx,
    log,
    id,
    { status: resolution.to, resolution: { from: resolution.from }, updatedAt: at },
    { audit: { actor: resolution.actor, reason: resolution.reason, at }, reason: resolution.reason },
  );
  if (!updated || updated.status !== resolution.to) {
    return {
      ok: false,
      why: 'conflict',
      message: `The transaction changed while it was resolved (now ${updated?.status ?? 'gone'}): reload it and decide again.`,
    };
  }
  log.info('transaction resolved by an operator', { transactionId: id, from: resolution.from, to: resolution.to, actor: resolution.actor });
  return { ok: true, transaction: updated };
}
