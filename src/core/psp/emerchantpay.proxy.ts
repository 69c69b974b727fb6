import { definePsp } from './define.js';
import { emerchantpay as form } from './emerchantpay.js';
import { CARD_BODY, countryCode } from './proxy-fields.js';

/**
 * eMerchantPay's Mozarto side (docs/mozarto-api.md §6.10). The answer may carry a 3DS challenge URL
 * (name undocumented: the known names in the order of docs/design.md "Redirect URL"); without one the outcome comes by
 * webhook. Mozarto requires `x-user-token` here.
 */
export const emerchantpay = definePsp(form, {
  englishDescription: 'Pay by card with 3-D Secure.',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: [], optional: true } } },
  fields: [countryCode(true)],
  toBody: CARD_BODY,
});
