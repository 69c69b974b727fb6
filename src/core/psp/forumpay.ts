import * as z from 'zod/mini';
import { email, field, select, text } from './fields.js';
import type { PspForm } from './types.js';

/**
 * ForumPay, crypto (docs/mozarto-api.md §6.4). The pay-out sends the coin and the player's wallet.
 * Prices are fiat (`EUR`, `USD`).
 */
export const forumpay: PspForm = {
  pspType: 'FORUMPAY',
  name: 'ForumPay',
  description: 'psp.forumpay.description',
  kind: 'crypto',
  flows: { payin: true, payout: true },
  currencies: ['EUR', 'USD'],
  fields: [
    email(),
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
