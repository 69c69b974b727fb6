/**
 * Worldpay Europe (docs/mozarto-api.md §6.9), hosted page mode: the starred fields, the KYC block,
 * `YYYY-MM-DD` dates, the full address (overview); redirect in `data.paymentUrl`.
 */
import { address, defineModel, email, isoDate, kyc, matches, phoneMin6, str } from './rules.js';

export const worldpay = defineModel({
  pspType: 'WORLDPAY_EU',
  name: 'Worldpay',
  pspIdPrefix: 'wp-',
  types: ['PAYIN'],
  currencies: ['EUR', 'GBP'],
  payin: [
    email(),
    str('firstName'),
    str('lastName'),
    phoneMin6(),
    str('gender'),
    isoDate('dob'),
    matches('countryCode', /^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
    ...kyc(),
    ...address(),
  ],
  payinCreated: (tx, url) => ({
    message: 'Successfully',
    data: { paymentUrl: url, transactionId: tx.transactionId, merchantReference: tx.merchantReference, transaction_status: 'Pending' },
  }),
});
