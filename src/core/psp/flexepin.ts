import { email, voucherPin } from './fields.js';
import type { PspDefinition } from './types.js';

/**
 * Flexepin, prepaid voucher (docs/mozarto-api.md §6.3): synchronous — the response is the outcome; a
 * voucher rejection (400 without `errorCode`) is a decline with the provider's reason, a
 * transport `errorCode` a retryable error (docs/design.md "Flexepin"). No webhooks. Currency from
 * the docs' example (`EUR`).
 */
export const flexepin: PspDefinition = {
  pspType: 'FLEXEPIN',
  name: 'Flexepin',
  description: 'psp.flexepin.description',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'sync' } } },
  currencies: ['EUR'],
  fields: [voucherPin(), email()],
  derive: ({ currency }) => ({ currencyCode: currency }),
};
