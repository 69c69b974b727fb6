import { definePsp } from './define.js';
import { flexepin as form } from './flexepin.js';

/**
 * Flexepin's Mozarto side (docs/mozarto-api.md §6.3): synchronous — the response is the outcome; a
 * voucher rejection (400 without `errorCode`) is a decline with the provider's reason, a
 * transport `errorCode` a retryable error (docs/design.md "Flexepin"). No webhooks.
 */
export const flexepin = definePsp(form, {
  englishDescription: 'Redeem a Flexepin voucher PIN.',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'sync' } } },
  derive: ({ currency }) => ({ currencyCode: currency }),
});
