/**
 * Flexepin as Mozarto documents it (docs/mozarto-api.md §6.3): a synchronous voucher redemption — the
 * answer is the result, no webhooks. A rejected voucher is HTTP 400 **without** `errorCode`, the
 * reason in `message` and the raw answer in `data` (§5).
 */
import { currencyCode, defineModel, email, matches } from './rules.js';

/** §6.3 response example. */
export const FLEXEPIN_RESPONSE_EXAMPLE = { status: 'success', isSuccess: true, data: { status: 'PENDING', sessionId: 'sess_…' } } as const;

/** Sandbox scenario: a PIN ending in 0000 has "already been redeemed" (README, Sandbox scenarios). */
export const FLEXEPIN_REDEEMED_SUFFIX = '0000';

export const flexepin = defineModel({
  pspType: 'FLEXEPIN',
  name: 'Flexepin',
  pspIdPrefix: 'fx-',
  types: ['PAYIN'],
  currencies: ['EUR', 'CAD', 'AUD'],
  payin: [currencyCode, email(), matches('voucherPin', /^\d+$/, 'must contain digits only')],
  payinMode: 'sync',
  payinCreated: (tx) => ({ message: 'Successfully', data: { ...FLEXEPIN_RESPONSE_EXAMPLE.data, sessionId: `sess_${tx.transactionId}` } }),
  redeem: (body) =>
    String(body['voucherPin']).endsWith(FLEXEPIN_REDEEMED_SUFFIX)
      ? { message: 'Voucher has already been redeemed', data: { result: 'VOUCHER_REDEEMED', voucherStatus: 'USED' } }
      : undefined,
});
