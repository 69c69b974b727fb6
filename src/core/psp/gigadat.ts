import { email, personName, phoneNanp, server, text, bool } from './fields.js';
import * as z from 'zod/mini';
import type { PspDefinition } from './types.js';

/**
 * Gigadat, Interac in Canada (docs/mozarto-api.md §6.5). Pay-in redirects to `data.webflowURL`; the
 * pay-out is the Interac e-Transfer out (`payoutType: "ETO"`), queued for admin approval and
 * settled by webhook. CAD only ([latest]). Phone and `mobile` follow the NANP rule and
 * `baseamount` is written with exactly two decimals (docs/design.md "Gigadat"; the writing is
 * proxy/mozarto-body.ts, which does it for every provider).
 */
export const gigadat: PspDefinition = {
  pspType: 'GIGADAT',
  name: 'Gigadat',
  description: 'psp.gigadat.description',
  flows: {
    payin: { type: 'PAYIN', outcome: { kind: 'redirect', urlFields: ['webflowURL'] } },
    payout: { type: 'PAYOUT', outcome: { kind: 'await' } },
  },
  currencies: ['CAD'],
  fields: [
    // §6.5 "name: full name (first + last)".
    personName('name', 'label.full_name', 'name', 100),
    email(),
    phoneNanp('phone', 'label.phone', { flows: ['payin'] }),
    // §12.11: the ETO example's UK-style "07700900000" breaks the NANP rule; docs/design.md applies it anyway.
    phoneNanp('mobile', 'label.mobile', { flows: ['payout'] }),
    server('userIp', text(45)),
    server('kycVerified', bool, true),
    server('userBalance', z.number(), true),
  ],
  derive: ({ flow }) => (flow === 'payout' ? { payoutType: 'ETO' } : {}),
  // TODO(gigadat-ach): unsupported until Mozarto documents the "Gigadat withdraw ACH" body.
  gaps: ['Pay-out ACH (payoutType "ACH"): its bank fields are not in the docs (docs/mozarto-api.md §6.5, §12.11); not offered.'],
};
