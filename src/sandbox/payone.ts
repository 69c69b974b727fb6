/**
 * Payone as Mozarto documents it (docs/mozarto-api.md §6.7, webhook §7): request rules and response
 * shapes, kept here as fixtures copied from the docs. Deliberately independent of the PSP
 * catalog in src/core (docs/design.md "Layout"): if the catalog gets Payone wrong, the proxy's tests
 * against this sandbox fail instead of agreeing with themselves.
 */
import type { PspModel, Outcome } from './psp-model.js';
import type { SandboxTransaction } from './ledger.js';

/** §6.7 Pay-In body, starred fields; pay-out: "all required fields remain the same". */
export const PAYONE_REQUIRED_FIELDS = [
  'pspType',
  'type',
  'baseamount',
  'currency',
  'currencyCode',
  'userId',
  'email',
  'firstName',
  'lastName',
  'phone',
] as const;

/**
 * §6.7 / §12.1: V1 examples use EUR, the latest revision says Interac/Canada, CAD only. The
 * sandbox accepts both, as the design's reading does (docs/design.md "Readings chosen").
 */
export const PAYONE_CURRENCIES = ['EUR', 'CAD'] as const;

/** §6.7 "phone (min 6 digits; example "4915112345678")". */
export const PAYONE_PHONE_MIN_DIGITS = 6;

/** §6.7 Pay-Out Apidog example body (a valid request; tests start from it). */
export const PAYONE_PAYOUT_EXAMPLE_BODY = {
  pspType: 'PAYONE',
  type: 'PAYOUT',
  isTestMode: false,
  baseamount: 10.0,
  currency: 'EUR',
  currencyCode: 'EUR',
  userId: 'user_123',
  email: 'player@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '07700900000',
} as const;

/** §6.7 Pay-In response example, verbatim (its URL is replaced by the sandbox's hosted page). */
export const PAYONE_PAYIN_RESPONSE_EXAMPLE = {
  status: 'success',
  message: 'Transaction successfully processed',
  isSuccess: true,
  data: {
    success: true,
    message: 'Transaction successfully Ongoing Process',
    redirect_url: 'https://demo.payonepayment.com/webflow-payment/...',
    transactionId: '64a1f2b3c4d5e6f7a8b9c0d1',
    merchantReference: '',
    amount: 10,
  },
} as const;

/** §7 "Payone status webhook" example (the doc's example has no `currency`; the generic payload does). */
export const PAYONE_WEBHOOK_EXAMPLE = {
  transaction_id: '64a1f2b3c4d5e6f7a8b9c0d1',
  psp_transaction_id: 'po-9f3c1a2b4d5e',
  user_id: 'user_123',
  status: 'success',
  transaction_status: 'Approved',
  message: 'Transaction approved and successfully processed',
  amount: '10.00',
  merchantReference: '',
} as const;

/**
 * Raw `status` and `message` per outcome. `success` on approval is documented (§7); "otherwise
 * the raw provider status" is not enumerated, so the others are lower-case words in the same style.
 */
const OUTCOMES: Record<Outcome, { transaction_status: SandboxTransaction['transaction_status']; status: string; message: string }> = {
  approved: { transaction_status: 'Approved', status: 'success', message: PAYONE_WEBHOOK_EXAMPLE.message },
  declined: { transaction_status: 'Declined', status: 'declined', message: 'Transaction declined' },
  // §7: a Payone webhook's transaction_status is Approved or Declined; a payer's cancel is a decline.
  cancelled: { transaction_status: 'Declined', status: 'cancelled', message: 'Transaction cancelled by the payer' },
  failed: { transaction_status: 'Failed', status: 'failed', message: 'Transaction failed at the payment provider' },
  rejected: { transaction_status: 'Rejected', status: 'rejected', message: 'Transaction rejected by the back office' },
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CURRENCY = /^[A-Z]{3}$/;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** One field's rule: `must not be empty` when absent, else the first failing check. */
function requiredString(body: Record<string, unknown>, name: string, errors: string[]): string | undefined {
  const value = body[name];
  if (isBlank(value)) errors.push(`${name} must not be empty`);
  else if (typeof value !== 'string') errors.push(`${name} must be a string`);
  else return value;
  return undefined;
}

function currencyField(body: Record<string, unknown>, name: 'currency' | 'currencyCode', errors: string[]): string | undefined {
  const value = requiredString(body, name, errors);
  if (value === undefined) return undefined;
  if (!CURRENCY.test(value)) errors.push(`${name} must be a 3-letter upper-case ISO 4217 code`);
  else if (!(PAYONE_CURRENCIES as readonly string[]).includes(value)) {
    errors.push(`${name} must be one of the following values: ${PAYONE_CURRENCIES.join(', ')}`);
  } else return value;
  return undefined;
}

/**
 * Every rule of §6.7, reporting all failures at once ("Validation failed" with `errors[]`, §5).
 * Messages follow the two the docs quote ("amount must not be empty", "email must be a valid
 * email"). Fields the table marks optional, or that it does not list (`brandId`,
 * `merchantReference`, `isTestMode`, …), are ignored.
 */
export function validatePayone(body: Record<string, unknown>): string[] {
  const errors: string[] = [];

  if (isBlank(body['type'])) errors.push('type must not be empty');
  else if (body['type'] !== 'PAYIN' && body['type'] !== 'PAYOUT') errors.push('type must be one of the following values: PAYIN, PAYOUT');

  const amount = body['baseamount'];
  // §4: "baseamount … number"; the docs' own message for a missing one says "amount".
  if (isBlank(amount)) errors.push('amount must not be empty');
  else if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) errors.push('baseamount must be a positive number');

  const currency = currencyField(body, 'currency', errors);
  const currencyCode = currencyField(body, 'currencyCode', errors);
  if (currency !== undefined && currencyCode !== undefined && currency !== currencyCode) {
    errors.push('currencyCode must equal currency');
  }

  requiredString(body, 'userId', errors);

  const email = requiredString(body, 'email', errors);
  if (email !== undefined && !EMAIL.test(email)) errors.push('email must be a valid email');

  requiredString(body, 'firstName', errors);
  requiredString(body, 'lastName', errors);

  const phone = requiredString(body, 'phone', errors);
  if (phone !== undefined && phone.replace(/\D/g, '').length < PAYONE_PHONE_MIN_DIGITS) {
    errors.push(`phone must contain at least ${PAYONE_PHONE_MIN_DIGITS} digits`);
  }
  return errors;
}

export const payone: PspModel = {
  pspType: 'PAYONE',
  name: 'Payone',
  pspIdPrefix: 'po-',
  validate: validatePayone,

  /** §6.7 response example, with `transaction_status: "Pending"` from its field table. */
  payinCreated(tx, redirectUrl) {
    return {
      message: PAYONE_PAYIN_RESPONSE_EXAMPLE.message,
      data: {
        ...PAYONE_PAYIN_RESPONSE_EXAMPLE.data,
        redirect_url: redirectUrl,
        transactionId: tx.transactionId,
        merchantReference: tx.merchantReference,
        amount: tx.amount,
        transaction_status: 'Pending',
      },
    };
  },

  /**
   * Payone's pay-out response is not in the copies (§6.7), so this is the generic pay-out shape
   * (§5): `message: "Successfully"`, `data.status: "PENDING"`, plus `transaction_status` and the
   * echoed reference. A queued pay-out answers like Gigadat's documented queue (§6.5):
   * "Added to approvals table" with `method: "AWAITING_APPROVAL"`.
   */
  payoutCreated(tx, queued) {
    const data = {
      status: 'PENDING',
      transactionId: tx.transactionId,
      transaction_status: 'Pending',
      merchantReference: tx.merchantReference,
    };
    return queued ? { message: 'Added to approvals table', data: { ...data, method: 'AWAITING_APPROVAL' } } : { message: 'Successfully', data };
  },

  outcome: (outcome) => OUTCOMES[outcome],
};
