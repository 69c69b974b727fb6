import { definePsp } from './define.js';
import { countryCode } from './proxy-fields.js';
import { trust as form } from './trust.js';

/** Trust's Mozarto side (docs/mozarto-api.md §6.8): the response's single-use `paymentUrl` expires in 5 minutes. */
export const trust = definePsp(form, {
  englishDescription: 'Card, Apple Pay or Google Pay on a secure page.',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['paymentUrl'] } } },
  fields: [countryCode(true)],
});
