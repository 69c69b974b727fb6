import { definePsp } from './define.js';
import { payone as form } from './payone.js';

/**
 * Payone's Mozarto side (docs/mozarto-api.md §6.7). Pay-in redirects to `data.redirect_url`; pay-out
 * settles by webhook. Both `currency` and `currencyCode` are sent, equal.
 */
export const payone = definePsp(form, {
  englishDescription: 'Bank transfer and local payment methods.',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['redirect_url'] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  derive: ({ currency }) => ({ currencyCode: currency }),
});
