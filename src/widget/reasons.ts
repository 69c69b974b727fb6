/**
 * What a provider's own text (`message` on a status, always English, never translated) tells the
 * player: a text we know becomes a message key in the player's language; a known text that says
 * no more than the status itself ("Transaction declined" under "Payment declined") is dropped;
 * any other text is shown only as "the provider's message" in a receipt, never raw under a
 * translated headline. The known texts are the ones the embedded sandbox models on Mozarto's
 * pages (src/sandbox/psps/rules.ts, flexepin.ts).
 */
import type { WidgetMessageKey } from './i18n/en.js';

type ReasonKey = Extract<WidgetMessageKey, `reason.${string}`>;

/** Lower-cased, trimmed provider text → its key, or null when the status already says it. */
const KNOWN: Readonly<Record<string, ReasonKey | null>> = {
  'transaction declined': null,
  'transaction failed at the payment provider': null,
  'transaction approved and successfully processed': null,
  'transaction successfully processed': null,
  'transaction cancelled by the payer': 'reason.cancelled',
  'transaction rejected by the back office': 'reason.back_office',
  'voucher has already been redeemed': 'reason.voucher_redeemed',
};

export type Reason = { readonly key: ReasonKey } | { readonly raw: string };

/** The provider's text as the player should read it; undefined when there is nothing to add. */
export function reasonOf(message: string | undefined): Reason | undefined {
  const text = message?.trim();
  if (!text) return undefined;
  const known = KNOWN[text.toLowerCase().replace(/[.!]+$/, '')];
  if (known === null) return undefined;
  return known ? { key: known } : { raw: text };
}

/** A cancel on the provider's page: a neutral end, not a red decline. */
export function isCancel(message: string | undefined): boolean {
  const reason = reasonOf(message);
  return !!reason && 'key' in reason && reason.key === 'reason.cancelled';
}
