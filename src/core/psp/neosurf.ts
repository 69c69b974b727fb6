import { email } from './fields.js';
import type { PspForm } from './types.js';

/**
 * Neosurf, prepaid voucher (docs/mozarto-api.md §6.6): no PIN in the body (§12.9), so nothing to type
 * but the email. Currency: none listed; `EUR` is Neosurf's home market.
 */
export const neosurf: PspForm = {
  pspType: 'NEOSURF',
  name: 'Neosurf',
  description: 'psp.neosurf.description',
  kind: 'voucher',
  flows: { payin: true },
  currencies: ['EUR'],
  fields: [email()],
};
