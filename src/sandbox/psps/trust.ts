/**
 * Trust Payments, [latest] revision (docs/mozarto-api.md §6.8): hosted Payment Pages, so **no card data
 * through Mozarto**; billing fields optional prefill; the response carries a single-use
 * `paymentUrl`, `transactionId`, `merchantReference` and `amount`.
 */
import { defineModel, email, matches, phoneMin6, type Check } from './rules.js';

/** §6.8 Apidog example body. */
export const TRUST_EXAMPLE_BODY = {
  pspType: 'TRUST',
  type: 'PAYIN',
  currency: 'EUR',
  baseamount: 100,
  merchantReference: 'ORDER-REF-001',
  userId: 'user_123',
  phone: '+447911123456',
} as const;

const noCard: Check = (body, errors) => {
  if (body['card'] !== undefined) errors.push('card must not be sent: the card is entered on the Trust hosted payment page');
};

export const trust = defineModel({
  pspType: 'TRUST',
  name: 'Trust Payments',
  pspIdPrefix: 'tr-',
  types: ['PAYIN'],
  currencies: ['EUR', 'GBP'],
  payin: [noCard, email('email', false), phoneMin6('phone', false), matches('countryCode', /^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code', false)],
  payinCreated: (tx, url) => ({
    message: 'Successfully',
    data: { paymentUrl: url, transactionId: tx.transactionId, merchantReference: tx.merchantReference, amount: tx.amount },
  }),
});
