import { cleo as form } from './cleo.js';
import { definePsp } from './define.js';
import { gender, kycFields } from './proxy-fields.js';

/**
 * Cleo's Mozarto side (docs/mozarto-api.md §6.2): hosted page (redirect field undocumented, so the
 * known names in the order of docs/design.md "Redirect URL"), KYC block from the merchant. The pay-out settles by
 * webhook (docs/adr/0002).
 */
export const cleo = definePsp(form, {
  englishDescription: 'Bank transfer in Chile, Peru or Mexico.',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: [] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  fields: [gender(), ...kycFields()],
  derive: ({ currency, values }) => ({ currencyCode: currency, 'address.country': values.countryCode }),
});
