import { definePsp } from './define.js';
import { countryCode, gender, kycFields } from './proxy-fields.js';
import { worldpay as form } from './worldpay.js';

/**
 * Worldpay's Mozarto side (docs/mozarto-api.md §6.9), the default `integrationMode: "hpp"`: redirect
 * to `data.paymentUrl`. Direct mode would put card data in the body, but its field names are not
 * in the copies (§12.20), so it is a documented gap rather than a guess.
 */
export const worldpay = definePsp(form, {
  englishDescription: 'Card payment on Worldpay’s secure page.',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['paymentUrl'] } } },
  fields: [countryCode(), gender(), ...kycFields()],
  derive: ({ values }) => ({ 'address.country': values.countryCode }),
  gaps: ['Direct mode (card data through Mozarto): the card field names are not in the docs (docs/mozarto-api.md §6.9, §12.20).'],
});
