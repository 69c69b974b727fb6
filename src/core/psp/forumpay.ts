import { countryCode, email, field, select, text } from './fields.js';
import * as z from 'zod/mini';
import type { PspDefinition } from './types.js';

/**
 * ForumPay, crypto (docs/mozarto-api.md §6.4). Pay-in redirects to `data.url`; pay-out sends the
 * coin and the player's wallet and settles by webhook ("Transaction is on hold" reads
 * awaiting approval). Prices are fiat (`EUR`, `USD`). Mozarto requires `x-user-token` here: run
 * the proxy with `userContext.mode: 'token'`. `country` (not `countryCode`, §12.17) comes from
 * the user record's `countryCode`.
 */
export const forumpay: PspDefinition = {
  pspType: 'FORUMPAY',
  name: 'ForumPay',
  description: 'psp.forumpay.description',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['url'] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  currencies: ['EUR', 'USD'],
  fields: [
    email(),
    countryCode(false, 'country'),
    // §6.4 names BTC, ETH and USDT; requiredness is not in the copies (§12.12), both are required.
    select('preferredCrypto', 'label.crypto', ['BTC', 'ETH', 'USDT'], { flows: ['payout'] }),
    field(
      'walletAddress',
      'label.wallet',
      z.pipe(text(128), z.string().check(z.regex(/^[A-Za-z0-9:_-]{20,128}$/, 'error.wallet'))),
      { autocomplete: 'off', maxlength: 128 },
      { flows: ['payout'] },
    ),
  ],
};
