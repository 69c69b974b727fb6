import { address, countryCode, dateOfBirth, email, gender, kycFields, personName, phoneMinDigits } from './fields.js';
import type { PspDefinition } from './types.js';

/**
 * Worldpay Europe (docs/mozarto-api.md §6.9), hosted payment page mode (the default
 * `integrationMode: "hpp"`): redirect to `data.paymentUrl`; the card is typed on Worldpay's page.
 * Direct mode would put card data in the body, but its field names are not in the copies
 * (§12.20), so it is a documented gap rather than a guess.
 */
export const worldpay: PspDefinition = {
  pspType: 'WORLDPAY_EU',
  name: 'Worldpay',
  description: 'psp.worldpay.description',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['paymentUrl'] } } },
  currencies: ['EUR', 'GBP'],
  fields: [
    personName('firstName', 'label.first_name', 'given-name'),
    personName('lastName', 'label.last_name', 'family-name'),
    email(),
    phoneMinDigits(),
    dateOfBirth(),
    // The overview marks the full address required for Worldpay (§4 "at a glance").
    ...address(),
    countryCode(),
    gender(),
    ...kycFields(),
  ],
  derive: ({ values }) => ({ 'address.country': values.countryCode }),
  gaps: ['Direct mode (card data through Mozarto): the card field names are not in the docs (docs/mozarto-api.md §6.9, §12.20).'],
};
