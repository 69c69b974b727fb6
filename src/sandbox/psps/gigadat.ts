/**
 * Gigadat as Mozarto documents it (docs/mozarto-api.md §6.5): CAD only, NANP phone, `baseamount` with
 * exactly two decimals in the JSON text, `userIp`; pay-out ETO with `mobile`, queued for approval.
 */
import { defineModel, email, matches, oneOf, str, type Check } from './rules.js';

/** §6.5 phone rule: digits only, 10, or 11 with the leading country code 1. */
export const NANP = /^(\d{10}|1\d{10})$/;

/** §6.5 "exactly 2 decimal places; 100 or 100.5 rejected" — judged on the JSON text (§12.11). */
const twoDecimals: Check = (_body, errors, raw) => {
  const m = /"baseamount"\s*:\s*(-?[\d.eE+-]+)/.exec(raw);
  if (m && !/^-?\d+\.\d{2}$/.test(m[1]!)) errors.push('baseamount must have exactly 2 decimal places');
};

/** §6.5 Pay-In response example. */
export const GIGADAT_PAYIN_RESPONSE_EXAMPLE = {
  message: 'Gigadat CPI payment initiated successfully',
  data: {
    transactionId: '64a1f2b3c4d5e6f7a8b9c0d1',
    databaseTransactionId: '64a1f2b3c4d5e6f7a8b9c0d1',
    method: 'GET_REDIRECT',
    webflowURL: 'https://interac.express-connect.com/webflow?transaction=…&token=…',
    formSubmissionURL: null,
    instructions: 'Use direct redirect to webflowURL',
    paymentToken: 'eyJ…',
    transaction_status: 'Pending',
    amount: 10,
    merchantReference: '',
    data: { gigadatTransactionId: 'gd-…' },
  },
} as const;

export const gigadat = defineModel({
  pspType: 'GIGADAT',
  name: 'Gigadat',
  pspIdPrefix: 'gd-',
  types: ['PAYIN', 'PAYOUT'],
  currencies: ['CAD'],
  // V1: "defaults to CAD"; [latest] "must be CAD" — absent is accepted, anything else is not.
  currencyOptional: true,
  payin: [str('name'), email(), matches('phone', NANP, 'must be 10 digits, or 11 starting with 1 (NANP, digits only)'), str('userIp'), twoDecimals],
  payout: [
    oneOf('payoutType', ['ETO']),
    str('name'),
    email(),
    matches('mobile', NANP, 'must be 10 digits, or 11 starting with 1 (NANP, digits only)'),
    str('userIp'),
    twoDecimals,
  ],
  payinCreated: (tx, url) => ({
    message: GIGADAT_PAYIN_RESPONSE_EXAMPLE.message,
    data: {
      ...GIGADAT_PAYIN_RESPONSE_EXAMPLE.data,
      transactionId: tx.transactionId,
      databaseTransactionId: tx.transactionId,
      webflowURL: url,
      amount: tx.amount,
      merchantReference: tx.merchantReference,
      data: { gigadatTransactionId: tx.pspTransactionId },
    },
  }),
  /** §6.5 ETO response: always "Added to approvals table", finalized after admin approval. */
  payoutCreated: (tx) => ({
    message: 'Added to approvals table',
    data: {
      transactionId: tx.transactionId,
      databaseTransactionId: tx.transactionId,
      payoutType: 'ETO',
      method: 'AWAITING_APPROVAL',
      webflowURL: `https://interac.express-connect.com/webflow?transaction=${tx.pspTransactionId}`,
      finalizationURL: `https://interac.express-connect.com/webflow/deposit?transaction=${tx.pspTransactionId}`,
      instructions: 'Transaction created at Gigadat and queued; finalization happens after admin approval',
      paymentToken: 'eyJ…',
      amount: tx.amount,
      merchantReference: tx.merchantReference,
    },
  }),
});
