import { email, personName, phoneMinDigits } from './fields.js';
import type { PspForm } from './types.js';

/**
 * Trust Payments, [latest] revision (docs/mozarto-api.md §6.8; docs/design.md "Trust Payments"): the
 * player enters the card on Trust's hosted page, so no card data passes here. Billing fields are
 * optional prefill. The V1 revision (direct card + KYC block) is not modelled.
 */
export const trust: PspForm = {
  pspType: 'TRUST',
  name: 'Trust Payments',
  description: 'psp.trust.description',
  kind: 'card',
  flows: { payin: true },
  currencies: ['EUR'],
  fields: [
    email(),
    personName('firstName', 'label.first_name', 'given-name', 50, { optional: true }),
    personName('lastName', 'label.last_name', 'family-name', 50, { optional: true }),
    phoneMinDigits('phone', { optional: true }),
  ],
};
