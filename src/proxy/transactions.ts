/**
 * The proxy's domain operations on transactions, shared by the routes (routes never import one
 * another): applying a Mozarto webhook event (docs/mozarto-api.md §7), reading the player's own
 * transaction, and the status body the widget reads (docs/design.md "The contract").
 */
import type { TransactionStatusResponse } from '../core/contract.js';
import { normalizeStatus } from '../core/status.js';
import type { ProxyContext } from './http/context.js';
import { ProxyError } from './http/errors.js';
import { TRANSACTION_ID } from './ids.js';
import type { BoundLogger } from './logger.js';
import type { StoredTransaction, TransactionStore } from './store/store.js';
import { readWebhook, webhookMismatches, type MozartoWebhook } from './mozarto/webhook.js';

/**
 * The known transaction an event is for: by Mozarto's `transaction_id`, else our
 * `merchantReference` — unless that names a transaction with another upstream id (then none).
 */
export async function findEventTransaction(
  store: TransactionStore,
  log: BoundLogger,
  event: Pick<MozartoWebhook, 'upstreamId' | 'merchantReference'>,
): Promise<StoredTransaction | null> {
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
 * Applies one event's status (advancing only) and message to a known transaction. An event
 * whose amount, currency or user_id does not match puts the transaction in `review` (final,
 * never `approved`), the mismatch named for the merchant; its message is not shown.
 */
export async function applyEvent(
  store: TransactionStore,
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
  const updated = await store.updateTransaction(tx.id, {
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
 * Events that arrived before the create call returned (no upstream id to match yet): applied in
 * arrival order once the id is known, then linked to the transaction.
 */
export async function applyEarlyEvents(store: TransactionStore, log: BoundLogger, tx: StoredTransaction, at: string): Promise<StoredTransaction> {
  if (tx.upstreamId === null) return tx;
  const events = await store.listUnmatchedWebhookEvents(tx.upstreamId);
  if (events.length === 0) return tx;
  let current = tx;
  for (const event of events) {
    const fields = typeof event.payload === 'object' && event.payload !== null ? readWebhook(event.payload as Record<string, unknown>) : null;
    current = await applyEvent(
      store,
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
    currency: tx.currency,
    ...(tx.message ? { message: tx.message } : {}),
    updatedAt: tx.updatedAt,
  };
}
