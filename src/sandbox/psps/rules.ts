/**
 * The sandbox's own field rules, written from docs/mozarto-api.md (never from src/core's catalog), and
 * a builder that turns one provider's documented facts into a `PspModel`. Each failing rule adds
 * one message in the style the docs quote ("amount must not be empty", "email must be a valid
 * email", §5), and every failure is reported at once.
 */
import type { Outcome, PspModel } from '../psp-model.js';
import type { SandboxTransaction } from '../ledger.js';

export type Body = Record<string, unknown>;
export type Check = (body: Body, errors: string[], raw: string) => void;

export const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Reads `a.b` paths into nested objects (`address.city`, `card.pan`). */
export function at(body: Body, path: string): unknown {
  let node: unknown = body;
  for (const part of path.split('.')) node = typeof node === 'object' && node !== null ? (node as Body)[part] : undefined;
  return node;
}

/** A required string: "must not be empty" when absent, "must be a string" when another type. */
export const str =
  (path: string): Check =>
  (body, errors) => {
    const v = at(body, path);
    if (isBlank(v)) errors.push(`${path} must not be empty`);
    else if (typeof v !== 'string') errors.push(`${path} must be a string`);
  };

/** An optional string that, when present, must match. */
export const matches =
  (path: string, re: RegExp, rule: string, required = true): Check =>
  (body, errors, raw) => {
    const v = at(body, path);
    if (isBlank(v)) {
      if (required) str(path)(body, errors, raw);
    } else if (typeof v !== 'string' || !re.test(v)) errors.push(`${path} ${rule}`);
  };

export const bool =
  (path: string): Check =>
  (body, errors) => {
    const v = at(body, path);
    if (v === undefined || v === null) errors.push(`${path} must not be empty`);
    else if (typeof v !== 'boolean') errors.push(`${path} must be a boolean value`);
  };

export const num =
  (path: string): Check =>
  (body, errors) => {
    const v = at(body, path);
    if (v === undefined || v === null) errors.push(`${path} must not be empty`);
    else if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(`${path} must be a number`);
  };

export const oneOf =
  (path: string, values: readonly string[], required = true): Check =>
  (body, errors, raw) => {
    const v = at(body, path);
    if (isBlank(v)) {
      if (required) str(path)(body, errors, raw);
    } else if (typeof v !== 'string' || !values.includes(v)) errors.push(`${path} must be one of the following values: ${values.join(', ')}`);
  };

export const email = (path = 'email', required = true) => matches(path, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be a valid email', required);

/** "min 6 digits" (Payone, Cleo, Worldpay, Trust V1). */
export const phoneMin6 =
  (path = 'phone', required = true): Check =>
  (body, errors, raw) => {
    const v = at(body, path);
    if (isBlank(v)) {
      if (required) str(path)(body, errors, raw);
    } else if (typeof v !== 'string' || v.replace(/\D/g, '').length < 6) errors.push(`${path} must contain at least 6 digits`);
  };

/** `YYYY-MM-DD` (§6.9). */
export const isoDate = (path: string) => matches(path, /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date in YYYY-MM-DD format');

/** The `address` object of §6.2 / §6.8: `{ line1, line2?, city, state, postalCode, country }`. */
export const address = (): Check[] => [
  (body, errors) => {
    if (typeof body['address'] !== 'object' || body['address'] === null || Array.isArray(body['address'])) errors.push('address must be an object');
  },
  ...['line1', 'city', 'state', 'postalCode', 'country'].map((k) => str(`address.${k}`)),
];

/** The KYC block of Cleo and Worldpay (§6.2, §6.9). */
export const kyc = (): Check[] => [
  bool('kycVerified'),
  bool('blocked'),
  bool('isVelocity'),
  matches('transactionCount', /^\d+$/, 'must be a number string'),
  num('userBalance'),
  str('partnerName'),
  str('emailVerification'),
  isoDate('verificationDate'),
];

/** `currencyCode` required and equal to `currency` (Payone, Cleo, Flexepin, Neosurf). */
export const currencyCode: Check = (body, errors) => {
  const code = body['currencyCode'];
  if (isBlank(code)) errors.push('currencyCode must not be empty');
  else if (code !== body['currency']) errors.push('currencyCode must equal currency');
};

// ---- responses -----------------------------------------------------------------------------------

const OUTCOMES: Record<Outcome, { transaction_status: SandboxTransaction['transaction_status']; status: string; message: string }> = {
  approved: { transaction_status: 'Approved', status: 'success', message: 'Transaction approved and successfully processed' },
  declined: { transaction_status: 'Declined', status: 'declined', message: 'Transaction declined' },
  cancelled: { transaction_status: 'Declined', status: 'cancelled', message: 'Transaction cancelled by the payer' },
  failed: { transaction_status: 'Failed', status: 'failed', message: 'Transaction failed at the payment provider' },
  rejected: { transaction_status: 'Rejected', status: 'rejected', message: 'Transaction rejected by the back office' },
};

/**
 * The generic shapes of the Pay-In and Pay-Out Flow pages (§5): a pay-in promises
 * `data.status: "PENDING"`, `data.url`, `data.sessionId`; a pay-out `message: "Successfully"`,
 * `data.status: "PENDING"`, `data.transactionId`. Used where a provider's own example is missing.
 */
export const genericPayin = (tx: SandboxTransaction, url: string) => ({
  message: 'Successfully',
  data: { status: 'PENDING', url, sessionId: `sess_${tx.transactionId}`, transactionId: tx.transactionId, merchantReference: tx.merchantReference },
});
export const genericPayout = (tx: SandboxTransaction, queued: boolean) => {
  const data = { status: 'PENDING', transactionId: tx.transactionId, merchantReference: tx.merchantReference };
  return queued ? { message: 'Added to approvals table', data: { ...data, method: 'AWAITING_APPROVAL' } } : { message: 'Successfully', data };
};

export interface ModelSpec {
  readonly pspType: string;
  readonly name: string;
  readonly pspIdPrefix: string;
  /** Flows the back office has for this PSP (§6 table). */
  readonly types: readonly ('PAYIN' | 'PAYOUT')[];
  /** Accepted `currency` values; `optional` when the docs make it so (Gigadat V1). */
  readonly currencies: readonly string[];
  readonly currencyOptional?: boolean;
  /** Checks per flow (beyond type, baseamount, currency and userId). */
  readonly payin: readonly Check[];
  readonly payout?: readonly Check[];
  readonly payinMode?: PspModel['payinMode'];
  readonly payinCreated?: PspModel['payinCreated'];
  readonly payoutCreated?: PspModel['payoutCreated'];
  readonly redeem?: PspModel['redeem'];
}

export function defineModel(spec: ModelSpec): PspModel {
  return {
    pspType: spec.pspType,
    name: spec.name,
    pspIdPrefix: spec.pspIdPrefix,
    payinMode: spec.payinMode ?? 'hosted-page',
    validate(body, raw = '') {
      const errors: string[] = [];
      const type = body['type'];
      if (isBlank(type)) errors.push('type must not be empty');
      else if (!spec.types.includes(type as 'PAYIN')) errors.push(`type must be one of the following values: ${spec.types.join(', ')}`);
      const amount = body['baseamount'];
      if (isBlank(amount)) errors.push('amount must not be empty');
      else if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) errors.push('baseamount must be a positive number');
      oneOf('currency', spec.currencies, !spec.currencyOptional)(body, errors, raw);
      if (!spec.currencyOptional || body['userId'] !== undefined) str('userId')(body, errors, raw);
      for (const check of (type === 'PAYOUT' ? spec.payout : spec.payin) ?? []) check(body, errors, raw);
      return errors;
    },
    payinCreated: spec.payinCreated ?? genericPayin,
    payoutCreated: spec.payoutCreated ?? genericPayout,
    ...(spec.redeem ? { redeem: spec.redeem } : {}),
    outcome: (outcome) => OUTCOMES[outcome],
  };
}
