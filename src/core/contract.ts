/**
 * The contract between widget and proxy (docs/design.md, "The contract"), version 1. Both sides parse
 * with these schemas: the proxy trusts nothing from a browser, and the widget trusts nothing from
 * the network.
 */
import * as z from 'zod/mini';
import { STATUSES } from './status.js';

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

// The answers: the widget trusts nothing from the network. Objects drop unknown keys, so a
// newer proxy's extra fields are ignored, never passed on.
const text = (min = 0, max = Infinity) => z.string().check(z.minLength(min), z.maxLength(max));
const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(1000));

export const CreateTransactionResponse = z.object({
  transactionId: text(1, 128),
  status: StatusSchema,
  outcome: OutcomeKindSchema,
  redirectUrl: z.optional(text()),
  message: z.optional(text()),
});
export type CreateTransactionResponse = z.infer<typeof CreateTransactionResponse>;

/** `GET {endpoint}/transactions/:id` */
export const TransactionStatusResponse = z.object({
  transactionId: text(1, 128),
  status: StatusSchema,
  type: z.optional(FlowSchema),
  pspType: z.optional(text()),
  /** What the player's balance moves (docs/adr/0019-the-amounts-that-move.md). */
  amount: z.optional(text()),
  /** The fee on it ("0.00" when none). */
  fee: z.optional(text()),
  /** What the player pays (pay-in: amount + fee) or receives (pay-out: amount − fee). */
  total: z.optional(text()),
  currency: z.optional(text()),
  message: z.optional(text()),
  updatedAt: text(),
});
export type TransactionStatusResponse = z.infer<typeof TransactionStatusResponse>;

const Range = z.object({ min: text(), max: text() });

export const MethodInfo = z.object({
  pspType: text(),
  name: text(),
  /** English; the widget shows it unless its language has the catalog's description key. */
  description: z.optional(text(0, 300)),
  currencies: list(text()),
  /** The tile's icon: card, bank, interac, crypto, voucher, open_banking (an unknown one shows a generic icon). */
  kind: z.optional(text(0, 40)),
  /** The merchant's logo for the tile, instead of the icon. */
  logo: z.optional(text(1, 2048)),
  /** This method's range for the flow (else the config's `limits`). */
  limits: z.optional(Range),
  /** This method's fee for the flow (core/fees.ts): fixed and/or percent, at least min. */
  fee: z.optional(z.object({ fixed: z.optional(text()), percent: z.optional(text()), min: z.optional(text()) })),
  /** Quick amounts for this method (else the config's `amountPresets`). */
  amountPresets: z.optional(list(text())),
});

/** `GET {endpoint}/config` */
export const ConfigResponse = z.object({
  version: z.number(),
  methods: z.object({ payin: list(MethodInfo), payout: list(MethodInfo) }),
  limits: Range,
  amountPresets: z.optional(list(text())),
});
export type ConfigResponse = z.infer<typeof ConfigResponse>;

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
  'refused', // the merchant's `authorize` refused the payment; see `refusal`
  'authorize_unavailable', // the merchant's `authorize` could not answer (timeout, error, malformed answer): refused, try again
  'upstream_timeout', // Mozarto did not answer in time
  'upstream_error', // Mozarto 5xx or an unreadable answer
  'network', // the widget could not reach the proxy (client-side only)
  'bad_response', // the proxy's answer did not match the contract (client-side only)
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorIssue = z.object({ field: text(), code: text(), message: text() });

/**
 * Why the merchant's `authorize` refused a payment, a closed list the widget shows as its own
 * state with the next step (docs/design.md "The proxy": balance, KYC and limits are the merchant's).
 */
export const REFUSAL_REASONS = ['insufficient_balance', 'verification_required', 'limit_reached', 'method_unavailable', 'self_excluded'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const Refusal = z.object({
  reason: z.enum(REFUSAL_REASONS),
  /** With `limit_reached`: what may still be paid before the reset, a decimal string ("50.00"). */
  remaining: z.optional(text(1, 32)),
  /** With `limit_reached`: when the limit resets, ISO 8601. */
  resetsAt: z.optional(text(1, 64)),
});
export type Refusal = z.infer<typeof Refusal>;

export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: text(),
    field: z.optional(text()),
    retryable: z.boolean(),
    issues: z.optional(list(ErrorIssue)),
    refusal: z.optional(Refusal),
    requestId: z.optional(text()),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
export type ErrorBody = ErrorResponse['error'];
