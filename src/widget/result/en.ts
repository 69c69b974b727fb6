/**
 * The result cards' English texts (and the providers' known reasons, which the history's receipt
 * shows too). They ship with the cards (loaded on demand, ../parts.ts), not in the main bundle;
 * the languages' files carry their translations like every other key.
 */
export const RESULT_EN = {
  'action.try_another': 'Try another method',
  'action.back_to_form': 'Back',
  'done.next.declined': 'Try another payment method, or try again.',
  'done.next.failed': 'Something went wrong at the provider. Please try again later.',
  'done.next.rejected': 'Please contact support and quote your reference.',
  'done.next.review': 'We will check it and let you know. Keep your reference for support.',
  'refused.limit_until': 'You can still pay {remaining} until {date}.',
  'refused.next.insufficient_balance': 'Choose a smaller amount.',
  'refused.next.verification_required': 'Complete the verification in your account, then try again.',
  'refused.next.limit_reached': 'Choose a smaller amount, or try again after the limit resets.',
  'refused.next.method_unavailable': 'Choose another payment method.',
  'refused.verify': 'Verify your account',
  'refused.limits': 'Your limits and safer gambling',
  'refused.next.self_excluded': 'Contact support if you have questions.',
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
