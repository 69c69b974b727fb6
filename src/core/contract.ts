/**
 * The contract between widget and proxy (docs/design.md, "The contract"), version 1. Both sides parse
 * with these schemas: the proxy trusts nothing from a browser, and the widget trusts nothing from
 * the network.
 */
import * as z from 'zod/mini';
import { STATUSES } from './status.js';
import { arr, bool, num, obj, oneOf, opt, str, type Infer } from './shape.js';

export const CONTRACT_VERSION = 1;

export const FlowSchema = z.enum(['payin', 'payout']);
export const StatusSchema = z.enum(STATUSES);
export const OutcomeKindSchema = z.enum(['redirect', 'await', 'sync']);

/** `POST {endpoint}/transactions`, with an `Idempotency-Key` header. */
// `@__PURE__`: the proxy parses requests with it; the widget's bundle drops it (`check` is a method call).
export const CreateTransactionRequest = z.strictObject({
  pspType: /* @__PURE__ */ z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,39}$/)),
  type: FlowSchema,
  amount: /* @__PURE__ */ z.string().check(z.maxLength(32)),
  currency: /* @__PURE__ */ z.string().check(z.regex(/^[A-Z]{3}$/)),
  fields: z.record(/* @__PURE__ */ z.string(), z.unknown()),
});
export type CreateTransactionRequest = z.infer<typeof CreateTransactionRequest>;

// The answers below use core/shape.ts, not zod: the widget parses them, and zod/mini's object
// machinery would cost ~3.5 KB gzip in the script bundle (issue 7). Same `safeParse` face.

export const CreateTransactionResponse = obj({
  transactionId: str(1, 128),
  status: oneOf(STATUSES),
  outcome: oneOf(['redirect', 'await', 'sync']),
  redirectUrl: opt(str()),
  message: opt(str()),
});
export type CreateTransactionResponse = Infer<typeof CreateTransactionResponse>;

/** `GET {endpoint}/transactions/:id` */
export const TransactionStatusResponse = obj({
  transactionId: str(1, 128),
  status: oneOf(STATUSES),
  type: opt(oneOf(['payin', 'payout'])),
  pspType: opt(str()),
  amount: opt(str()),
  currency: opt(str()),
  message: opt(str()),
  updatedAt: str(),
});
export type TransactionStatusResponse = Infer<typeof TransactionStatusResponse>;

export const MethodInfo = obj({
  pspType: str(),
  name: str(),
  /** English; the widget shows it unless its language has the catalog's description key. */
  description: opt(str(0, 300)),
  currencies: arr(str()),
});

/** `GET {endpoint}/config` */
export const ConfigResponse = obj({
  version: num,
  methods: obj({ payin: arr(MethodInfo), payout: arr(MethodInfo) }),
  limits: obj({ min: str(), max: str() }),
  amountPresets: opt(arr(str())),
});
export type ConfigResponse = Infer<typeof ConfigResponse>;

/**
 * Stable error codes, a closed list. The widget maps each to localized text; `retryable` tells
 * it whether "Try again" makes sense.
 */
export const ERROR_CODES = [
  'invalid_request', // body not JSON or wrong shape
  'invalid_field', // one or more fields fail validation; see `field` / `issues`
  'unsupported_method', // unknown or disabled pspType / flow / currency
  'unauthorized', // no logged-in user
  'forbidden_origin', // Origin not allowed
  'not_found', // no such transaction for this user
  'payload_too_large',
  'rate_limited',
  'idempotency_conflict', // same key, different body
  'upstream_unauthorized', // Mozarto said 401/403: proxy credentials are wrong
  'upstream_rejected', // Mozarto said 400 (validation) for a request we thought valid
  'psp_not_configured', // "PSP Configuration not found"
  'rules_not_matched', // "Rules action is not matched"
  'psp_credentials', // errorCode INVALID_PSP_CREDENTIALS
  'psp_timeout', // errorCode PSP_TIMEOUT
  'psp_unavailable', // errorCode PSP_UNAVAILABLE
  'psp_rate_limited', // errorCode PSP_RATE_LIMITED
  'psp_error', // errorCode UNKNOWN_PSP_ERROR
  'declined', // a synchronous provider refused (e.g. voucher rejected)
  'upstream_timeout', // Mozarto did not answer in time
  'upstream_error', // Mozarto 5xx or an unreadable answer
  'network', // the widget could not reach the proxy (client-side only)
  'bad_response', // the proxy's answer did not match the contract (client-side only)
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorIssue = obj({ field: str(), code: str(), message: str() });

export const ErrorResponse = obj({
  error: obj({
    code: oneOf(ERROR_CODES),
    message: str(),
    field: opt(str()),
    retryable: bool,
    issues: opt(arr(ErrorIssue)),
    requestId: opt(str()),
  }),
});
export type ErrorResponse = Infer<typeof ErrorResponse>;
export type ErrorBody = ErrorResponse['error'];
