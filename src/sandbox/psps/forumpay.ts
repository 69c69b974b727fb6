/** ForumPay as Mozarto documents it (docs/mozarto-api.md §6.4). */
import { defineModel, email, oneOf, str } from './rules.js';

/** §6.4 PSP-page response example ("on hold"), the shape the sandbox gives a pay-out. */
export const FORUMPAY_HOLD_RESPONSE_EXAMPLE = {
  message: 'Transaction is on hold',
  data: {
    invoice_currency: 'EUR',
    invoice_amount: '100.00',
    currency: 'BTC',
    payment_source: 'wallet',
    wait_time: '10',
    network_processing_fee: '0.00001',
    rate: '60000',
    amount_exchange: '0.0016',
    amount: '0.0016',
    fast_transaction_fee: '0',
    fast_transaction_fee_currency: 'BTC',
    payment_id: 'fp-…',
    reference_no: '64a1f2b3c4d5e6f7a8b9c0d1',
    address: 'fp-address-ref',
    access_token: 'fp-session-token',
    transactionId: '64a1f2b3c4d5e6f7a8b9c0d1',
    merchantReference: '',
    transaction_status: 'Pending',
  },
} as const;

export const forumpay = defineModel({
  pspType: 'FORUMPAY',
  name: 'ForumPay',
  pspIdPrefix: 'fp-',
  types: ['PAYIN', 'PAYOUT'],
  // §6.4: `currency` is fiat ("EUR", "USD").
  currencies: ['EUR', 'USD'],
  payin: [email(), str('country')],
  // The sandbox account has the three coins §6.4 names enabled.
  payout: [email(), str('country'), oneOf('preferredCrypto', ['BTC', 'ETH', 'USDT']), str('walletAddress')],
  /** §6.4: pay-in redirect is `data.url`; `transaction_status` "Pending" on creation. */
  payinCreated: (tx, url) => ({
    message: 'Successfully',
    data: { url, transactionId: tx.transactionId, merchantReference: tx.merchantReference, transaction_status: 'Pending' },
  }),
  payoutCreated: (tx) => ({
    message: FORUMPAY_HOLD_RESPONSE_EXAMPLE.message,
    data: {
      ...FORUMPAY_HOLD_RESPONSE_EXAMPLE.data,
      invoice_amount: tx.amount.toFixed(2),
      invoice_currency: tx.currency,
      reference_no: tx.transactionId,
      transactionId: tx.transactionId,
      merchantReference: tx.merchantReference,
    },
  }),
});
