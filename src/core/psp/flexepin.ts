import { email, voucherPin } from './fields.js';
import type { PspForm } from './types.js';

/** Flexepin, prepaid voucher (docs/mozarto-api.md §6.3). Currency from the docs' example (`EUR`). */
export const flexepin: PspForm = {
  pspType: 'FLEXEPIN',
  name: 'Flexepin',
  description: 'psp.flexepin.description',
  kind: 'voucher',
  flows: { payin: true },
  currencies: ['EUR'],
  fields: [voucherPin(), email()],
};
