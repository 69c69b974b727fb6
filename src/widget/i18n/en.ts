/**
 * The widget's English texts: core's labels and field errors plus the widget's own. A merchant
 * overrides any of them through the element's `messages` property.
 */
import { fieldTexts, type DescriptionKey, type serverTexts } from '../../core/messages/en.js';
import type { HistoryKey } from '../history/en.js';
import type { ResultKey } from '../result/en.js';

export const en = {
  ...fieldTexts,
  'action.pay': 'Pay {amount}',
  'action.pay_plain': 'Pay',
  'action.withdraw': 'Withdraw {amount}',
  'action.withdraw_plain': 'Withdraw',
  'action.try_again': 'Try again',
  'action.check_again': 'Check again',
  'action.continue': 'Continue to {psp}',
  'action.more_methods': 'More methods ({count})',

  'state.loading': 'Loading…',
  'state.redirecting': 'Taking you to {psp}…',
  'state.checking': 'Checking your transaction…',
  'state.processing.payin': 'Confirming your payment…',
  'state.processing.payout': 'Processing your withdrawal…',
  'state.stalled': 'This is taking longer than usual. Keep your reference and check again in a moment.',
  'state.stalled_title': 'Still processing',
  'state.stalled_approval': 'Your withdrawal is still waiting for approval. This can take a while: keep your reference and check again later.',
  'state.awaiting_approval.payin': 'Waiting for approval…',
  'state.awaiting_approval.payout': 'Your withdrawal is waiting for approval…',
  'state.awaiting_approval_detail': 'Our team reviews it before it is paid out. You can leave this page and come back.',
  'state.reconnecting': 'Reconnecting…',
  'state.unknown.payin': 'We are confirming your payment…',
  'state.unknown.payout': 'We are confirming your withdrawal…',
  'state.unknown_detail': 'The provider has not answered yet. Do not pay again: keep your reference, this page updates on its own.',
  'state.elapsed': 'Time elapsed: {time}',
  'state.blocked': 'Your browser did not open {psp}. Use the link to continue.',
  'state.opened': '{psp} opened in a new tab. This page updates when you finish there.',
  'state.reference': 'Reference: {id}',

  'done.payin.approved': 'Payment approved',
  'done.payin.declined': 'Payment declined',
  'done.payin.failed': 'Payment failed',
  'done.payin.rejected': 'Payment rejected',
  'done.payout.approved': 'Withdrawal approved',
  'done.payout.declined': 'Withdrawal declined',
  'done.payout.failed': 'Withdrawal failed',
  'done.payout.rejected': 'Withdrawal rejected',
  'done.payin.review': 'Your payment is being reviewed',
  'done.payout.review': 'Your withdrawal is being reviewed',

  'refused.insufficient_balance': 'Your balance does not cover this amount.',
  'refused.verification_required': 'Please verify your account first.',
  'refused.limit_reached': 'You have reached your payment limit.',
  'refused.method_unavailable': 'This method is not available for your account.',
  'refused.self_excluded': 'Payments are paused on your account (self-exclusion).',

  'limits.range': '{min} – {max}',
  'fee.rule': 'Fee {rule}',
  'fee.rule_min': 'Fee {rule}, min. {min}',
  'summary.fee': 'Fee',
  'summary.total': 'Total',
  'summary.receive': 'You receive',
  // Not "… amounts": a page's getByLabel('Amount') must find the amount field alone.
  'label.quick_amounts': 'Suggested',
  'form.change': 'Change',
  'form.terms_common': '{terms} for each method, unless shown otherwise',

  'summary.one': '1 field needs attention',
  'summary.other': '{count} fields need attention',

  'error.redirect_unsafe': 'We could not open the payment page safely. Please contact support.',
  'error.code.network': 'We could not reach the server. Check your connection and try again.',
  'error.code.bad_response': 'Something went wrong on our side. Please try again.',
  'error.code.unsupported_method': 'This payment method is not available.',
  'error.code.unauthorized': 'Please sign in again to continue.',
  'error.code.rate_limited': 'Too many attempts. Wait a moment, then try again.',
  'error.code.not_found': 'We could not find this transaction.',
  'error.code.declined': 'The payment was declined.',
  'error.code.refused': 'This payment is not possible on your account.',
  'error.code.authorize_unavailable': 'We could not check your account. Please try again.',
  'error.code.invalid_field': 'Some details need attention.',
  'error.code.retry': 'Something went wrong. Please try again.',
  'error.code.fatal': 'Something went wrong. Please contact support.',
  'error.unsupported_browser': 'This payment form needs a newer browser. Please update your browser, or use another one.',
} as const;

/**
 * Every key a language or the `messages` property may give (english.ts lists them all, in the
 * order of the language files). Providers' descriptions and the proxy-only texts have no English
 * here: the proxy sends those words (core/messages); the history view's English ships with the
 * view (history/en.ts), the result cards' with the cards (result/en.ts).
 */
export type WidgetMessageKey = keyof typeof en | keyof typeof serverTexts | ResultKey | HistoryKey | DescriptionKey;

/**
 * A built-in language: every text, except providers' descriptions, which it may leave out (the
 * proxy's English shows), so adding a provider touches no language file.
 */
export type WidgetMessages = Record<Exclude<WidgetMessageKey, DescriptionKey>, string> & Partial<Record<DescriptionKey, string>>;

/** A text by its key, with `{name}` placeholders filled: a typo in a key, even a computed one, is a `tsc` error. */
export type Translate = (key: WidgetMessageKey, params?: Readonly<Record<string, string | number>>) => string;
