/**
 * eMerchantPay (docs/mozarto-api.md §6.10): cardholder, `card` object (`expMonth` 2 digits, `expYear`
 * 4 digits). All pay-ins are `sale3d`: the sandbox always asks for a 3DS challenge on its hosted
 * page, under the generic `data.url` (the real field name is not in the copies).
 */
import { defineModel, email, matches, phoneMin6, str, type Check } from './rules.js';

const luhn: Check = (body, errors) => {
  const pan = (body['card'] as { pan?: unknown } | undefined)?.pan;
  if (typeof pan !== 'string' || !/^\d{12,19}$/.test(pan)) return;
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = Number(pan[pan.length - 1 - i]);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  if (sum % 10) errors.push('card.pan is not a valid card number');
};

export const emerchantpay = defineModel({
  pspType: 'EMERCHANTPAY',
  name: 'eMerchantPay',
  pspIdPrefix: 'em-',
  types: ['PAYIN'],
  currencies: ['EUR', 'USD', 'GBP'],
  payin: [
    str('firstName'),
    str('lastName'),
    email(),
    phoneMin6('phone', false),
    matches('card.pan', /^\d{12,19}$/, 'must be 12 to 19 digits'),
    luhn,
    matches('card.cvv', /^\d{3,4}$/, 'must be 3 or 4 digits'),
    matches('card.expMonth', /^(0[1-9]|1[0-2])$/, 'must be 2 digits, e.g. "03"'),
    matches('card.expYear', /^\d{4}$/, 'must be 4 digits, e.g. "2027"'),
    str('card.cardHolderName'),
  ],
});
