import { email } from './fields.js';
import type { PspDefinition } from './types.js';

/**
 * Neosurf, prepaid voucher (docs/mozarto-api.md §6.6): no redirect (“No data.url is returned”) and no
 * PIN in the body (§12.9), so nothing to type but the email; the outcome comes by webhook
 * (`method: NEOSURF_PAYIN`). Currency: none listed; `EUR` is Neosurf's home market.
 */
export const neosurf: PspDefinition = {
  pspType: 'NEOSURF',
  name: 'Neosurf',
  description: 'psp.neosurf.description',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'await' } } },
  currencies: ['EUR'],
  fields: [email()],
  derive: ({ currency }) => ({ currencyCode: currency }),
};
