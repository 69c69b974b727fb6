/**
 * Neosurf as Mozarto documents it (docs/mozarto-api.md §6.6): no `data.url`, no PIN in the body; the
 * outcome arrives by webhook. The sandbox settles it like a pay-out (after `payoutSettleMs`).
 */
import { currencyCode, defineModel, email, type Check } from './rules.js';

/** §6.6 response example. */
export const NEOSURF_RESPONSE_EXAMPLE = { status: 'success', isSuccess: true, data: { status: 'PENDING', sessionId: 'sess_…' } } as const;

/** §6.6 lists no `voucherPin`; a cashier that sends one has misread the docs (§12.9). */
const noPin: Check = (body, errors) => {
  if (body['voucherPin'] !== undefined) errors.push('voucherPin is not a Neosurf field');
};

export const neosurf = defineModel({
  pspType: 'NEOSURF',
  name: 'Neosurf',
  pspIdPrefix: 'ns-',
  types: ['PAYIN'],
  currencies: ['EUR'],
  payin: [currencyCode, email(), noPin],
  payinMode: 'webhook',
  payinCreated: (tx) => ({
    message: 'Successfully',
    data: { ...NEOSURF_RESPONSE_EXAMPLE.data, sessionId: `sess_${tx.transactionId}`, transactionId: tx.transactionId },
  }),
});
