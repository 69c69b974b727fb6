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
 *
 * This route is the HTTP side (the secret, the content type, the body); what the webhook does is
 * transactions.ts `receiveWebhook`: match, keep, and apply through the write path — store, then
 * the event streams, then the merchant's `onOutcome` (which runs after this answer, never in it).
 *
 * When the store fails or takes longer than `STORE_PATIENCE_MS`, a proxy with a webhook journal
 * (webhook-journal.ts, ADR 0020) keeps the webhook durably and answers 200: it is applied when
 * the store is back. Without one, or when the journal cannot keep it, the answer is an error, so
 * that Mozarto may retry.
 */
import type { ProxyContext, RequestScope } from '../http/context.js';
import { ProxyError } from '../http/errors.js';
import { isJsonContentType, jsonResponse, parseJsonText, readBodyText } from '../http/http.js';
import { verifyWebhookAuthorization } from '../secrets.js';
import { receiveWebhook } from '../transactions.js';

/** Webhooks are small; Mozarto retrying a 413 forever would be worse than a larger cap. */
const MIN_WEBHOOK_BYTES = 65_536;

export async function handleWebhook(ctx: ProxyContext, scope: RequestScope): Promise<Response> {
  try {
    return await takeWebhook(ctx, scope);
  } catch (error) {
    if (error instanceof ProxyError) ctx.options.metrics.webhook('refused', null);
    throw error;
  }
}

async function takeWebhook(ctx: ProxyContext, scope: RequestScope): Promise<Response> {
  const { webhookSecret } = ctx.options;
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
  const receivedAt = ctx.options.now().toISOString();
  const journal = ctx.options.webhookJournal;
  if (!journal) {
    await receiveWebhook(ctx, scope.log, payload as Record<string, unknown>, receivedAt);
    return jsonResponse(200, { received: true });
  }
  try {
    await withPatience(receiveWebhook(ctx, scope.log, payload as Record<string, unknown>, receivedAt));
  } catch (error) {
    try {
      await journal.append(payload as Record<string, unknown>, receivedAt);
    } catch (journalError) {
      scope.log.error('webhook neither stored nor journaled; Mozarto may retry it', {
        error: describe(error),
        journalError: describe(journalError),
      });
      throw new ProxyError('internal', 'The webhook could not be kept; send it again.', { status: 503, cause: journalError });
    }
    scope.log.warn('the store could not take the webhook: journaled, applied when the store is back', { error: describe(error) });
    ctx.journal?.kick();
    return jsonResponse(200, { received: true, journaled: true });
  }
  return jsonResponse(200, { received: true });
}

/**
 * How long the store gets before the webhook goes to the journal instead: Mozarto wants the 200
 * within 10 s (§7). A store that answers later still applies it — and the replay once more,
 * which changes nothing.
 */
const STORE_PATIENCE_MS = 5000;

function withPatience<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const patience = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${STORE_PATIENCE_MS} ms`)), STORE_PATIENCE_MS);
  });
  work.catch(() => {}); // a late failure of the abandoned attempt is not an unhandled rejection
  return Promise.race([work, patience]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}
