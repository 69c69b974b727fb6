/**
 * The contract between widget and proxy (design.md, "The contract"), version 1. Both sides parse
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
export const CreateTransactionRequest = z.strictObject({
  pspType: z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,39}$/)),
  type: FlowSchema,
  amount: z.string().check(z.maxLength(32)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  fields: z.record(z.string(), z.unknown()),
});
export type CreateTransactionRequest = z.infer<typeof CreateTransactionRequest>;

export const CreateTransactionResponse = z.object({
  transactionId: z.string().check(z.minLength(1), z.maxLength(128)),
  status: StatusSchema,
  outcome: OutcomeKindSchema,
  redirectUrl: z.optional(z.string()),
  message: z.optional(z.string()),
});
export type CreateTransactionResponse = z.infer<typeof CreateTransactionResponse>;

/** `GET {endpoint}/transactions/:id` */
export const TransactionStatusResponse = z.object({
  transactionId: z.string().check(z.minLength(1), z.maxLength(128)),
  status: StatusSchema,
  type: z.optional(FlowSchema),
  pspType: z.optional(z.string()),
  amount: z.optional(z.string()),
  currency: z.optional(z.string()),
  message: z.optional(z.string()),
  updatedAt: z.string(),
});
export type TransactionStatusResponse = z.infer<typeof TransactionStatusResponse>;

export const MethodInfo = z.object({
  pspType: z.string(),
  name: z.string(),
  currencies: z.array(z.string()),
});

/** `GET {endpoint}/config` */
export const ConfigResponse = z.object({
  version: z.number(),
  methods: z.object({ payin: z.array(MethodInfo), payout: z.array(MethodInfo) }),
  limits: z.object({ min: z.string(), max: z.string() }),
  amountPresets: z.optional(z.array(z.string())),
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
  'upstream_timeout', // Mozarto did not answer in time
  'upstream_error', // Mozarto 5xx or an unreadable answer
  'network', // the widget could not reach the proxy (client-side only)
  'bad_response', // the proxy's answer did not match the contract (client-side only)
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorIssue = z.object({ field: z.string(), code: z.string(), message: z.string() });

export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    field: z.optional(z.string()),
    retryable: z.boolean(),
    issues: z.optional(z.array(ErrorIssue)),
    requestId: z.optional(z.string()),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
export type ErrorBody = ErrorResponse['error'];
