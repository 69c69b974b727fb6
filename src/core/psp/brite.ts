import { email } from './fields.js';
import type { PspForm } from './types.js';

/** Brite, open banking (docs/mozarto-api.md §6.1): only the common pay-in fields (§4). Currency: none listed; `EUR`. */
export const brite: PspForm = {
  pspType: 'BRITE',
  name: 'Brite',
  description: 'psp.brite.description',
  kind: 'open_banking',
  flows: { payin: true },
  currencies: ['EUR'],
  fields: [email()],
};
