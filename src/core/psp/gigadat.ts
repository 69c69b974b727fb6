import { email, personName, phoneNanp } from './fields.js';
import type { PspForm } from './types.js';

/**
 * Gigadat, Interac in Canada (docs/mozarto-api.md §6.5). CAD only ([latest]). Phone and `mobile`
 * follow the NANP rule (docs/design.md "Gigadat").
 */
export const gigadat: PspForm = {
  pspType: 'GIGADAT',
  name: 'Gigadat',
  description: 'psp.gigadat.description',
  kind: 'interac',
  flows: { payin: true, payout: true },
  currencies: ['CAD'],
  fields: [
    // §6.5 "name: full name (first + last)".
    personName('name', 'label.full_name', 'name', 100),
    email(),
    phoneNanp('phone', 'label.phone', { flows: ['payin'] }),
    // §12.11: the ETO example's UK-style "07700900000" breaks the NANP rule; docs/design.md applies it anyway.
    phoneNanp('mobile', 'label.mobile', { flows: ['payout'] }),
  ],
};
