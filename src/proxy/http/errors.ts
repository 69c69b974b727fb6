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
  /** Overrides the default for the code (see RETRYABLE). */
  readonly retryable?: boolean;
  /** Overrides the default HTTP status for the code (see HTTP_STATUS). */
  readonly status?: number;
  /** Sent as `Retry-After` (rate limiting). */
  readonly retryAfterSeconds?: number;
  /** With code `refused`: the merchant's reason (contract `Refusal`). */
  readonly refusal?: Refusal;
  readonly cause?: unknown;
}

/**
 * HTTP status per code. Everything Mozarto or the PSP did wrong is a 502 (or 504 for our own
 * timeout): the widget branches on `code`, the status only has to be honest about whose fault it is.
 */
const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_field: 400,
  unsupported_method: 400,
  unauthorized: 401,
  forbidden_origin: 403,
  not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  idempotency_conflict: 409,
  upstream_unauthorized: 502,
  upstream_rejected: 502,
  psp_not_configured: 502,
  rules_not_matched: 502,
  psp_credentials: 502,
  psp_timeout: 502,
  psp_unavailable: 502,
  psp_rate_limited: 502,
  psp_error: 502,
  declined: 402,
  refused: 422,
  upstream_timeout: 504,
  upstream_error: 502,
  network: 502, // client-side only; listed for completeness
  bad_response: 502, // client-side only
  internal: 500,
};

/** Default retryability per code; `retryable` in ProxyErrorInit overrides it. */
const RETRYABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate_limited',
  'psp_timeout',
  'psp_unavailable',
  'psp_rate_limited',
  'upstream_timeout',
  'upstream_error',
  'network',
  'internal',
]);

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
    this.status = init.status ?? HTTP_STATUS[code];
    this.retryable = init.retryable ?? RETRYABLE.has(code);
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
  return HTTP_STATUS[code];
}
