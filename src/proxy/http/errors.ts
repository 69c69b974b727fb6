/**
 * The proxy's one error type (CONVENTIONS.md, "Errors"): a stable
 * code from core's `ERROR_CODES`, the HTTP status it travels with, a developer-facing message and
 * the `retryable` flag the widget uses to offer "Try again".
 */
import type { ErrorBody, ErrorCode, Refusal } from '../../core/contract.js';

export interface ErrorIssueBody {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface ProxyErrorInit {
  readonly field?: string;
  readonly issues?: readonly ErrorIssueBody[];
  /** Overrides the default for the code (see ERROR_TABLE). */
  readonly retryable?: boolean;
  /** Overrides the default HTTP status for the code (see ERROR_TABLE). */
  readonly status?: number;
  /** Sent as `Retry-After` (rate limiting). */
  readonly retryAfterSeconds?: number;
  /** With code `refused`: the merchant's reason (contract `Refusal`). */
  readonly refusal?: Refusal;
  readonly cause?: unknown;
}

/** What one error code means on the wire: its HTTP status, its default `retryable` and a sentence. */
export interface ErrorCodeInfo {
  readonly status: number;
  /** The default; `retryable` in ProxyErrorInit overrides it where one case of the code differs. */
  readonly retryable: boolean;
  readonly meaning: string;
  /** Made by the widget itself, never sent by the proxy. */
  readonly clientOnly?: true;
}

/**
 * Every code's status, default retryability and meaning: the one table the proxy answers from
 * and the OpenAPI document (src/proxy/openapi.ts) describes. Everything Mozarto or the PSP did
 * wrong is a 502 (or 504 for our own timeout): the widget branches on `code`, the status only has
 * to be honest about whose fault it is.
 */
export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  invalid_request: {
    status: 400,
    retryable: false,
    meaning:
      'The body is not JSON or has the wrong shape, a header or query parameter is wrong (`field` names it); 405 for a method the route does not take, 415 for a body that is not JSON.',
  },
  invalid_field: {
    status: 400,
    retryable: false,
    meaning: 'One or more fields fail validation: `field` names the first, `issues` lists each with a message key.',
  },
  unsupported_method: {
    status: 400,
    retryable: false,
    meaning:
      "The pspType, flow or currency is unknown or not enabled; 503 when the merchant did not supply the player's profile the provider needs (nothing was sent to Mozarto).",
  },
  unauthorized: {
    status: 401,
    retryable: false,
    meaning: 'No logged-in user (no or a bad session token); on the webhook route, a missing or wrong `Authorization`.',
  },
  forbidden_origin: { status: 403, retryable: false, meaning: 'The `Origin` is not allowed to use the cashier.' },
  not_found: { status: 404, retryable: false, meaning: "No such transaction for this user (another user's is the same 404), or no such route." },
  payload_too_large: { status: 413, retryable: false, meaning: 'The body is larger than `maxBodyBytes`.' },
  rate_limited: { status: 429, retryable: true, meaning: 'Too many payment attempts or open event streams; `Retry-After` says when to try again.' },
  idempotency_conflict: {
    status: 409,
    retryable: false,
    meaning: 'The Idempotency-Key was used with a different body (not retryable), or a request with it is still in progress on another instance (retryable).',
  },
  upstream_unauthorized: { status: 502, retryable: false, meaning: "Mozarto refused the proxy's credentials (401/403)." },
  upstream_rejected: { status: 502, retryable: false, meaning: 'Mozarto rejected the request as invalid (400).' },
  psp_not_configured: { status: 502, retryable: false, meaning: 'Mozarto has no configuration for this provider ("PSP Configuration not found").' },
  rules_not_matched: { status: 502, retryable: false, meaning: 'No Mozarto routing rule matched ("Rules action is not matched").' },
  psp_credentials: { status: 502, retryable: false, meaning: "The provider refused Mozarto's credentials (INVALID_PSP_CREDENTIALS)." },
  psp_timeout: { status: 502, retryable: true, meaning: 'The provider timed out (PSP_TIMEOUT).' },
  psp_unavailable: { status: 502, retryable: true, meaning: 'The provider is unavailable (PSP_UNAVAILABLE).' },
  psp_rate_limited: { status: 502, retryable: true, meaning: 'The provider is rate limiting (PSP_RATE_LIMITED).' },
  psp_error: { status: 502, retryable: false, meaning: 'The provider failed otherwise (UNKNOWN_PSP_ERROR or another errorCode).' },
  declined: { status: 402, retryable: false, meaning: 'A synchronous provider refused the payment (e.g. a voucher rejected).' },
  refused: { status: 422, retryable: false, meaning: "The merchant's `authorize` refused the payment; `refusal` gives the reason." },
  authorize_unavailable: {
    status: 503,
    retryable: true,
    meaning:
      "The merchant's `authorize` could not answer (a timeout, an error, a non-2xx or a malformed answer): the payment is refused and nothing was sent to Mozarto; try again in a moment.",
  },
  upstream_timeout: { status: 504, retryable: true, meaning: 'Mozarto did not answer in time.' },
  upstream_error: {
    status: 502,
    retryable: true,
    meaning: "Mozarto could not be reached, answered 5xx or 429, or unreadably; not retryable when Mozarto's redirect URL was refused.",
  },
  network: { status: 502, retryable: true, meaning: 'The widget could not reach the proxy.', clientOnly: true },
  bad_response: { status: 502, retryable: false, meaning: "The proxy's answer did not match the contract.", clientOnly: true },
  internal: { status: 500, retryable: true, meaning: 'Something failed inside the proxy (logged with the request id).' },
};

export class ProxyError extends Error {
  override name = 'ProxyError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly field?: string;
  readonly issues?: readonly ErrorIssueBody[];
  readonly retryAfterSeconds?: number;
  readonly refusal?: Refusal;

  constructor(code: ErrorCode, message: string, init: ProxyErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = init.status ?? ERROR_TABLE[code].status;
    this.retryable = init.retryable ?? ERROR_TABLE[code].retryable;
    if (init.field !== undefined) this.field = init.field;
    if (init.issues !== undefined) this.issues = init.issues;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.refusal !== undefined) this.refusal = init.refusal;
  }

  /** The `error` object of the contract's ErrorResponse. */
  toBody(requestId: string): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message, retryable: this.retryable, requestId };
    if (this.field !== undefined) body.field = this.field;
    if (this.issues !== undefined) body.issues = this.issues.map((i) => ({ ...i }));
    if (this.refusal !== undefined) body.refusal = { ...this.refusal };
    return body;
  }
}

export function httpStatusFor(code: ErrorCode): number {
  return ERROR_TABLE[code].status;
}
