import { email, personName, phoneMinDigits } from './fields.js';
import type { PspDefinition } from './types.js';

/**
 * Payone (docs/mozarto-api.md §6.7). Pay-in redirects to `data.redirect_url`; pay-out ("all required
 * fields remain the same") settles by webhook.
 *
 * Currency: V1 examples use EUR, the latest revision says Interac/Canada and CAD only. The catalog
 * allows both (docs/design.md, "Readings chosen"); the proxy's configuration narrows. Both `currency`
 * and `currencyCode` are sent, equal.
 */
export const payone: PspDefinition = {
  pspType: 'PAYONE',
  name: 'Payone',
  description: 'psp.payone.description',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['redirect_url'] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  currencies: ['EUR', 'CAD'],
  fields: [
    personName('firstName', 'label.first_name', 'given-name'),
    personName('lastName', 'label.last_name', 'family-name'),
    email(),
    phoneMinDigits(),
  ],
  derive: ({ currency }) => ({ currencyCode: currency }),
};
