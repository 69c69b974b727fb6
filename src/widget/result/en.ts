/**
 * The result cards' English texts (and the providers' known reasons, which the history's receipt
 * shows too). They ship with the cards (loaded on demand, ../parts.ts), not in the main bundle;
 * the languages' files carry their translations like every other key.
 */
export const RESULT_EN = {
  'result.paid': '{amount} paid with {psp}',
  'result.withdrawn': '{amount} withdrawn with {psp}',
  'result.with': '{amount} with {psp}',
  'result.date': 'Date',
  'result.requested': 'Requested',
  'result.reference': 'Reference',
  'result.copy': 'Copy',
  'result.copied': 'Copied',
  'result.provider_message': 'The provider’s message',
  'result.new.payin': 'New deposit',
  'result.new.payout': 'New withdrawal',
  'result.support': 'Contact support',
  'result.to_history': 'See your transactions',
  'result.cancelled.payin': 'Payment cancelled',
  'result.cancelled.payout': 'Withdrawal cancelled',
  'result.unknown_payout': 'The provider has not confirmed your withdrawal yet. Do not request it again: keep your reference, this page updates on its own.',
  'reason.cancelled': 'You cancelled on the provider’s page. No money was moved.',
  'reason.back_office': 'Our team did not approve this transaction.',
  'reason.voucher_redeemed': 'This voucher has already been used.',
} as const;

export type ResultKey = keyof typeof RESULT_EN;
