/**
 * Reads Mozarto's answer to `POST /v1/api/mozarto/cashier` — the one place that knows its three
 * error shapes (docs/mozarto-api.md §5, §12.14):
 *
 *   1. `{ status: "error", message, isSuccess: false, errors: [...] }`   (validation, auth)
 *   2. `{ status: "error", message, isSuccess: false, data: "<text>" }`  (PSP not configured, 500)
 *   3. `{ status: "error", isSuccess: false, errorCode, message, ... }`  (normalized PSP errors)
 *
 * and maps each to a stable code from core's ERROR_CODES. Pure, so the table is unit-tested.
 *
 * | Mozarto says                                   | code                  | HTTP | retryable |
 * |------------------------------------------------|-----------------------|------|-----------|
 * | 401 / 403                                      | upstream_unauthorized | 502  | no        |
 * | errorCode INVALID_PSP_CREDENTIALS              | psp_credentials       | 502  | no        |
 * | errorCode PSP_TIMEOUT                          | psp_timeout           | 502  | yes       |
 * | errorCode PSP_UNAVAILABLE                      | psp_unavailable       | 502  | yes       |
 * | errorCode PSP_RATE_LIMITED                     | psp_rate_limited      | 502  | yes       |
 * | errorCode UNKNOWN_PSP_ERROR (or another code)  | psp_error             | 502  | no        |
 * | data "PSP Configuration not found…"            | psp_not_configured    | 502  | no        |
 * | message "Rules action is not matched"          | rules_not_matched     | 502  | no        |
 * | 400 on a sync provider, no errorCode (§6.3)    | declined              | 402  | no        |
 * | other 4xx ("Validation failed", "Missing …")   | upstream_rejected     | 502  | no        |
 * | 408 / 504 (§3: undecodable user token → 504)   | upstream_timeout      | 504  | yes       |
 * | 429                                            | upstream_error        | 502  | yes       |
 * | 5xx, unreadable body, 2xx without isSuccess    | upstream_error        | 502  | yes       |
 *
 * `unknown` on the result (issue 13 rule 2): 5xx, 408/504, PSP_TIMEOUT, an unreadable or
 * incomplete success answer prove nothing, so the create route answers 202 `unknown` instead.
 *
 * The errorCode and text checks come before the HTTP status because the docs give no fixed
 * status for them (Flexepin returns INVALID_PSP_CREDENTIALS as 400 and UNKNOWN_PSP_ERROR as 500,
 * Brite uses 200 for business rejections; the status of "Rules action is not matched" is not in
 * the copies). Our own timeout and network failures are mapped by the client (mozarto-client.ts).
 */
import { normalizeStatus, isFinal, type Status } from '../../core/status.js';
import type { OutcomeKind } from '../store/store.js';
import { ProxyError } from '../http/errors.js';
import { playerText } from '../logger.js';

export type MozartoResult =
  | { readonly ok: true; readonly data: Record<string, unknown>; readonly message?: string }
  | {
      readonly ok: false;
      readonly error: ProxyError;
      readonly upstreamMessage?: string;
      /**
       * true when the answer does not prove that nothing was created (5xx, 408/504, PSP_TIMEOUT,
       * UNKNOWN_PSP_ERROR, an unreadable or incomplete success): the transaction's outcome is
       * unknown and its Idempotency-Key stays bound to it until a webhook settles it.
       */
      readonly unknown: boolean;
    };

/**
 * Codes whose answer leaves open whether Mozarto or the PSP created the payment. An `errorCode`
 * answer is Mozarto reporting what the PSP said, so it is definite — except PSP_TIMEOUT (the PSP
 * did not say) and any errorCode that comes with a 5xx.
 */
const UNKNOWN_OUTCOME: ReadonlySet<ProxyError['code']> = new Set<ProxyError['code']>(['psp_timeout', 'upstream_timeout', 'upstream_error']);

const PSP_ERROR_CODES: Record<string, { code: ProxyError['code']; message: string }> = {
  INVALID_PSP_CREDENTIALS: {
    code: 'psp_credentials',
    message: 'The payment provider rejected the credentials configured in the Mozarto back office (Admin → Configuration → Payment Methods).',
  },
  PSP_TIMEOUT: { code: 'psp_timeout', message: 'The payment provider did not answer in time; it is safe to retry.' },
  PSP_UNAVAILABLE: { code: 'psp_unavailable', message: 'The payment provider is unavailable; retry with backoff.' },
  PSP_RATE_LIMITED: { code: 'psp_rate_limited', message: 'The payment provider is rate limiting; retry after a delay.' },
  UNKNOWN_PSP_ERROR: { code: 'psp_error', message: 'The payment provider reported an unexpected error.' },
};

export function mapMozartoResponse(httpStatus: number, bodyText: string, outcome: OutcomeKind): MozartoResult {
  if (httpStatus === 401 || httpStatus === 403) {
    return fail(
      'upstream_unauthorized',
      `Mozarto refused the proxy's credentials (HTTP ${httpStatus}): check the company token (Authorization: Bearer …) and the user-context header setup (docs/mozarto-api.md §3).`,
      {
        retryable: false,
      },
    );
  }

  const body = parseObject(bodyText);
  const upstreamMessage = typeof body?.message === 'string' ? body.message : undefined;

  if (body && httpStatus >= 200 && httpStatus < 300 && (body.isSuccess === true || (body.isSuccess === undefined && body.status === 'success'))) {
    const data = body.data;
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
      return { ok: true, data: data as Record<string, unknown>, ...(upstreamMessage ? { message: upstreamMessage } : {}) };
    }
    return fail('upstream_error', 'Mozarto answered success without a data object.', {}, upstreamMessage);
  }

  if (body) {
    const errorCode = typeof body.errorCode === 'string' ? body.errorCode.toUpperCase() : undefined;
    if (errorCode) {
      const known = PSP_ERROR_CODES[errorCode] ?? PSP_ERROR_CODES.UNKNOWN_PSP_ERROR!;
      return fail(known.code, `${known.message} (errorCode ${errorCode})`, httpStatus >= 500 ? { unknown: true } : {}, upstreamMessage);
    }
    const dataText = typeof body.data === 'string' ? body.data : '';
    if (/PSP Configuration not found/i.test(dataText) || /PSP Configuration not found/i.test(upstreamMessage ?? '')) {
      return fail(
        'psp_not_configured',
        'Mozarto has no configuration for this payment provider: add it in the back office (Admin → Configuration → Payment Methods).',
        {},
        upstreamMessage,
      );
    }
    if (/Rules action is not matched/i.test(upstreamMessage ?? '')) {
      return fail(
        'rules_not_matched',
        'Mozarto has no active Orchestration rule for this company and payment provider (docs/mozarto-api.md §2).',
        {},
        upstreamMessage,
      );
    }
  }

  if (httpStatus === 504 || httpStatus === 408) {
    return fail(
      'upstream_timeout',
      `Mozarto timed out (HTTP ${httpStatus}). With x-user-token this also happens when the user token is not a decodable JWT (docs/mozarto-api.md §3).`,
      {},
      upstreamMessage,
    );
  }
  if (httpStatus === 429)
    return fail('upstream_error', 'Mozarto is rate limiting (HTTP 429); retry after a delay.', { retryable: true, unknown: false }, upstreamMessage);
  // Safe messages: Mozarto's own text may carry internals or echoed field values, so it goes to
  // the log (upstreamMessage), never to the browser — except a sync provider's decline reason.
  if (httpStatus >= 500) return fail('upstream_error', `Mozarto failed (HTTP ${httpStatus}); retry with backoff.`, {}, upstreamMessage);
  // A 4xx refuses the request whatever its body; a 2xx or 3xx we cannot read may hide a payment.
  if (!body) return fail('upstream_error', `Mozarto's answer (HTTP ${httpStatus}) is not a JSON object.`, { unknown: httpStatus < 400 }, undefined);

  if (httpStatus >= 400) {
    const errors = Array.isArray(body.errors) ? body.errors.filter((e): e is string => typeof e === 'string') : [];
    const isValidation = /validation failed|missing required field/i.test(upstreamMessage ?? '') || errors.length > 0;
    // §6.3 / docs/design.md "Flexepin": a synchronous provider's refusal (voucher invalid, already
    // redeemed…) is a 400 without errorCode, reason in `message` — a decline, not a bug of ours.
    if (outcome === 'sync' && !isValidation) {
      // The provider's reason reaches the player: scrubbed and length-limited like a log line.
      return fail('declined', (upstreamMessage !== undefined ? playerText(upstreamMessage) : null) ?? 'The payment was declined.', {}, upstreamMessage);
    }
    const detail = errors.length ? ` [${errors.join('; ')}]` : '';
    return fail(
      'upstream_rejected',
      `Mozarto rejected the request (HTTP ${httpStatus}); the proxy's log has its reason. The proxy's validation let it through, so the catalog or body builder may be out of date.`,
      {},
      `${upstreamMessage ?? 'no message'}${detail}`,
    );
  }
  return fail('upstream_error', `Mozarto answered HTTP ${httpStatus} without isSuccess: true.`, {}, upstreamMessage);
}

function fail(code: ProxyError['code'], message: string, init: { retryable?: boolean; unknown?: boolean } = {}, upstreamMessage?: string): MozartoResult {
  const { unknown = UNKNOWN_OUTCOME.has(code), ...errorInit } = init;
  return { ok: false, error: new ProxyError(code, message, errorInit), unknown, ...(upstreamMessage ? { upstreamMessage } : {}) };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Reads what the browser needs from a success `data` (§5): Mozarto's transaction id, the
 * normalized status and, for redirect outcomes, the hosted-page URL.
 */
export function upstreamTransactionId(data: Record<string, unknown>): string | null {
  for (const name of ['transactionId', 'transaction_id']) {
    const value = data[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= 128) return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

/**
 * docs/design.md "Redirect URL": first the provider's documented field(s), then the known names in a
 * fixed order, because the docs warn not to hard-code one name and leave Brite, Cleo and
 * eMerchantPay undocumented (docs/mozarto-api.md §5 "Redirect-URL field by provider", §12.3).
 */
export const REDIRECT_FALLBACK_FIELDS = ['redirect_url', 'url', 'paymentUrl', 'webflowURL', 'redirectUrl'] as const;

export function findRedirectUrl(data: Record<string, unknown>, urlFields: readonly string[]): string | null {
  for (const name of [...urlFields, ...REDIRECT_FALLBACK_FIELDS]) {
    const value = data[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}

/**
 * The status of a new transaction. §5 and §12.4: `data.transaction_status` ("Pending") on
 * Payone/Gigadat/ForumPay, `data.status` ("PENDING") elsewhere; Payone's example has neither,
 * which reads pending. A synchronous provider's success is the outcome itself (docs/design.md
 * "Flexepin", §12.8: its success example still says PENDING), so it reads approved unless Mozarto
 * names another final status.
 */
export function successStatus(data: Record<string, unknown>, outcome: OutcomeKind, message?: string): { status: Status; raw: unknown; known: boolean } {
  const raw = data.transaction_status ?? data.status;
  const { status, known } = normalizeStatus(raw);
  if (outcome === 'sync') return { status: known && isFinal(status) ? status : 'approved', raw, known: true };
  // docs/design.md "Statuses": AWAITING_APPROVAL and "on hold" mean awaiting approval — Gigadat's
  // queued pay-out says so in `data.method` (§6.5), ForumPay in the message (§6.4).
  if (status === 'pending' && (data.method === 'AWAITING_APPROVAL' || /\bon hold\b/i.test(message ?? ''))) {
    return { status: 'awaiting_approval', raw, known: true };
  }
  return { status, raw, known: known || raw === undefined };
}
