/**
 * `POST {endpoint}/webhooks/mozarto` — Mozarto's server-to-server status notification
 * (docs/mozarto-api.md §7). Rules from §7 and docs/design.md "The proxy":
 *
 * - `isWebhookSecured` adds an `Authorization` header; with `webhookSecret` set it is checked in
 *   constant time and a missing or wrong one is a 401 that changes nothing.
 * - Answer 200 within 10 s, and quickly: the work is a few local writes, no outbound call.
 * - Idempotent: duplicates and out-of-order deliveries are harmless because the status only
 *   advances (`advanceStatus`: a final status never reverts).
 * - `transaction_status` is the normalized value to branch on; raw `status` is not (§7, §12.5).
 *   An unknown value is logged and reads `pending` (docs/design.md "Statuses").
 * - The payload has no pay-in/pay-out indicator (§7 Payone): the match is by Mozarto's
 *   `transaction_id`, else our `merchantReference`. An unknown transaction is acknowledged (so
 *   Mozarto stops retrying), logged, and kept: if it is for a transaction whose create call has
 *   not returned yet, it is applied when that call brings the upstream id.
 */
import { normalizeStatus } from '../../core/status.js';
import type { ProxyContext, RequestScope } from '../context.js';
import { ProxyError } from '../errors.js';
import { isJsonContentType, jsonResponse, parseJsonText, readBodyText } from '../http.js';
import { TRANSACTION_ID } from '../ids.js';
import { playerText, redact, type BoundLogger } from '../logger.js';
import { verifyWebhookAuthorization } from '../secrets.js';
import type { StoredTransaction, TransactionStore } from '../store.js';
import { webhookMismatches } from '../webhook-match.js';

/** Webhooks are small; Mozarto retrying a 413 forever would be worse than a larger cap. */
const MIN_WEBHOOK_BYTES = 65_536;

export async function handleWebhook(ctx: ProxyContext, scope: RequestScope): Promise<Response> {
  const { store, webhookSecret } = ctx.options;
  // No secret only with acceptUnsignedWebhooks (options.ts refuses to start otherwise).
  if (webhookSecret !== undefined && !(await verifyWebhookAuthorization(scope.request.headers.get('authorization'), webhookSecret))) {
    scope.log.warn('webhook refused: missing or wrong Authorization', { ip: scope.ip });
    throw new ProxyError('unauthorized', 'Missing or wrong webhook Authorization header.');
  }
  // A cross-site page can post text/plain without a preflight; Mozarto sends JSON (§7).
  if (!isJsonContentType(scope.request.headers.get('content-type'))) {
    throw new ProxyError('invalid_request', 'Send the webhook as JSON (Content-Type: application/json).', { status: 415 });
  }
  const text = await readBodyText(scope.request, Math.max(ctx.options.maxBodyBytes, MIN_WEBHOOK_BYTES));
  const payload = parseJsonText(text, 'The webhook body');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new ProxyError('invalid_request', 'The webhook body must be a JSON object.');
  }
  const event = readEvent(payload as Record<string, unknown>);
  const now = ctx.options.now().toISOString();

  let tx = event.upstreamId ? await store.findByUpstreamId(event.upstreamId) : null;
  if (!tx && event.merchantReference && TRANSACTION_ID.test(event.merchantReference)) {
    const byReference = await store.getTransaction(event.merchantReference);
    if (byReference && byReference.upstreamId !== null && event.upstreamId !== null && byReference.upstreamId !== event.upstreamId) {
      // Our reference on a different Mozarto transaction: record it, but do not let it decide.
      scope.log.warn('webhook merchantReference names a transaction with another upstream id', {
        transactionId: byReference.id,
        upstreamId: event.upstreamId,
        knownUpstreamId: byReference.upstreamId,
      });
    } else {
      tx = byReference;
    }
  }

  await store.addWebhookEvent({
    transactionId: tx?.id ?? null,
    upstreamId: event.upstreamId,
    merchantReference: event.merchantReference,
    transactionStatus: event.transactionStatus,
    payload: redact(payload),
    receivedAt: now,
  });

  if (!tx) {
    scope.log.warn('webhook for an unknown transaction acknowledged', {
      upstreamId: event.upstreamId,
      merchantReference: event.merchantReference,
      transactionStatus: event.transactionStatus,
    });
    return jsonResponse(200, { received: true });
  }

  await applyEvent(store, scope.log, tx, event, now);
  return jsonResponse(200, { received: true });
}

export interface WebhookFields {
  readonly upstreamId: string | null;
  readonly merchantReference: string | null;
  readonly transactionStatus: string | null;
  readonly userId: string | null;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly message: string | null;
}

/** The §7 payload fields the proxy uses; anything else is only stored. */
export function readEvent(payload: Record<string, unknown>): WebhookFields {
  const text = (v: unknown, max = 256): string | null => {
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;
  };
  return {
    upstreamId: text(payload.transaction_id, 128),
    merchantReference: text(payload.merchantReference, 128),
    transactionStatus: text(payload.transaction_status, 64),
    userId: text(payload.user_id, 128),
    amount: text(payload.amount, 32),
    currency: text(payload.currency, 16),
    // Shown to the player (GET transactions/:id): scrubbed and length-limited, never raw.
    message: ((m) => (m === null ? null : playerText(m)))(text(payload.message, 4000)),
  };
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
  event: Pick<WebhookFields, 'upstreamId' | 'transactionStatus' | 'message' | 'amount' | 'currency' | 'userId'>,
  at: string,
): Promise<StoredTransaction> {
  const normalized = normalizeStatus(event.transactionStatus);
  if (!normalized.known) {
    log.warn('unknown transaction_status reads as pending', { transactionId: tx.id, transactionStatus: event.transactionStatus });
  }
  const mismatches = webhookMismatches(tx, event);
  const status = mismatches.length ? 'review' : normalized.status;
  if (mismatches.length) {
    log.warn('webhook does not match the transaction: review', { transactionId: tx.id, upstreamId: event.upstreamId, incoming: normalized.status, mismatch: mismatches });
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
    const fields = typeof event.payload === 'object' && event.payload !== null ? readEvent(event.payload as Record<string, unknown>) : null;
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
