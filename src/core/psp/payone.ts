import { email, personName, phoneMinDigits } from './fields.js';
import type { PspForm } from './types.js';

/**
 * Payone (docs/mozarto-api.md §6.7): pay-in and pay-out ("all required fields remain the same").
 *
 * Currency: V1 examples use EUR, the latest revision says Interac/Canada and CAD only. The catalog
 * allows both (docs/design.md, "Readings chosen"); the proxy's configuration narrows.
 */
export const payone: PspForm = {
  pspType: 'PAYONE',
  name: 'Payone',
  description: 'psp.payone.description',
  kind: 'bank',
  flows: { payin: true, payout: true },
  currencies: ['EUR', 'CAD'],
  fields: [personName('firstName', 'label.first_name', 'given-name'), personName('lastName', 'label.last_name', 'family-name'), email(), phoneMinDigits()],
};
