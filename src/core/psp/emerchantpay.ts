import { address, card, countryCode, email, personName, phoneMinDigits } from './fields.js';
import type { PspDefinition } from './types.js';

/**
 * eMerchantPay (Genesis, 3-D Secure v2; docs/mozarto-api.md §6.10, [latest] only). Card data travels
 * merchant → Mozarto, so the proxy serves it only with `cardEntry: true`
 * (docs/adr/0004-card-entry.md). The answer may carry a 3DS challenge URL (name undocumented:
 * the known names in the order of docs/design.md "Redirect URL"); without one the outcome comes by webhook. Mozarto
 * requires `x-user-token` here.
 */
export const emerchantpay: PspDefinition = {
  pspType: 'EMERCHANTPAY',
  name: 'eMerchantPay',
  description: 'psp.emerchantpay.description',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: [], optional: true } } },
  currencies: ['EUR', 'USD', 'GBP'],
  cardEntry: true,
  fields: [
    personName('firstName', 'label.first_name', 'given-name'),
    personName('lastName', 'label.last_name', 'family-name'),
    email(),
    phoneMinDigits('phone', { optional: true }),
    ...card(),
    ...address(true),
    countryCode(true),
  ],
};
