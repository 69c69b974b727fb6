import * as z from 'zod/mini';
import { definePsp } from './define.js';
import { text } from './fields.js';
import { gigadat as form } from './gigadat.js';
import { bool, server } from './proxy-fields.js';

/**
 * Gigadat's Mozarto side (docs/mozarto-api.md §6.5). Pay-in redirects to `data.webflowURL`; the
 * pay-out is the Interac e-Transfer out (`payoutType: "ETO"`), queued for admin approval and
 * settled by webhook. `baseamount` is written with exactly two decimals (proxy/mozarto/mozarto-body.ts,
 * which does it for every provider).
 */
export const gigadat = definePsp(form, {
  englishDescription: 'Interac e-Transfer from a Canadian bank.',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['webflowURL'] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  fields: [server('userIp', text(45)), server('kycVerified', bool, true), server('userBalance', z.number(), true)],
  derive: ({ flow }) => (flow === 'payout' ? { payoutType: 'ETO' } : {}),
  // TODO(gigadat-ach): unsupported until Mozarto documents the "Gigadat withdraw ACH" body.
  gaps: ['Pay-out ACH (payoutType "ACH"): its bank fields are not in the docs (docs/mozarto-api.md §6.5, §12.11); not offered.'],
});
