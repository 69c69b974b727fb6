import { address, card, email, personName, phoneMinDigits } from './fields.js';
import type { PspForm } from './types.js';

/**
 * eMerchantPay (Genesis, 3-D Secure v2; docs/mozarto-api.md §6.10, [latest] only). Card data travels
 * merchant → Mozarto, so the proxy serves it only with `cardEntry: true`
 * (docs/adr/0004-card-entry.md).
 */
export const emerchantpay: PspForm = {
  pspType: 'EMERCHANTPAY',
  name: 'eMerchantPay',
  description: 'psp.emerchantpay.description',
  kind: 'card',
  flows: { payin: true },
  currencies: ['EUR', 'USD', 'GBP'],
  cardEntry: true,
  fields: [
    personName('firstName', 'label.first_name', 'given-name'),
    personName('lastName', 'label.last_name', 'family-name'),
    email(),
    phoneMinDigits('phone', { optional: true }),
    ...card(),
    ...address(true),
  ],
};
