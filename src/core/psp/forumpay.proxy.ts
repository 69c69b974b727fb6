import { definePsp } from './define.js';
import { forumpay as form } from './forumpay.js';
import { countryCode } from './proxy-fields.js';

/**
 * ForumPay's Mozarto side (docs/mozarto-api.md §6.4). Pay-in redirects to `data.url`; pay-out settles
 * by webhook ("Transaction is on hold" reads awaiting approval). Mozarto requires `x-user-token`
 * here: run the proxy with `userContext.mode: 'token'`. `country` (not `countryCode`, §12.17)
 * comes from the user record's `countryCode`.
 */
export const forumpay = definePsp(form, {
  englishDescription: 'Pay or withdraw in BTC, ETH or USDT.',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['url'] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  fields: [countryCode(false, 'country')],
});
