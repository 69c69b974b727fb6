import { address, dateOfBirth, email, personName, phoneMinDigits } from './fields.js';
import type { PspForm } from './types.js';

/**
 * Worldpay Europe (docs/mozarto-api.md §6.9), hosted payment page mode: the card is typed on
 * Worldpay's page, not here.
 */
export const worldpay: PspForm = {
  pspType: 'WORLDPAY_EU',
  name: 'Worldpay',
  description: 'psp.worldpay.description',
  kind: 'card',
  flows: { payin: true },
  currencies: ['EUR', 'GBP'],
  fields: [
    personName('firstName', 'label.first_name', 'given-name'),
    personName('lastName', 'label.last_name', 'family-name'),
    email(),
    phoneMinDigits(),
    dateOfBirth(),
    // The overview marks the full address required for Worldpay (§4 "at a glance").
    ...address(),
  ],
};
