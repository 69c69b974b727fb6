/**
 * Does a webhook describe the transaction we stored? (issue 13 rule 3, docs/design.md "The
 * proxy": each webhook's amount, currency and player must match the stored transaction). Pure: the webhook route
 * turns a mismatch into the `review` status, never `approved`.
 *
 * Amounts are compared as decimal strings reduced to a canonical form (no float: 0.1 + 0.2 and
 * 100.00 vs 100.001 must not meet by rounding). A field the webhook leaves out is not compared
 * (the §7 Payone example has no `currency`); one it sends must match.
 */
import type { StoredTransaction } from '../store/store.js';

export interface WebhookFacts {
  readonly amount: string | null;
  readonly currency: string | null;
  readonly userId: string | null;
}

const DECIMAL = /^(\d{1,18})(?:\.(\d{1,18}))?$/;

/** "0100.500" → "100.5", "100.00" → "100"; null when it is not a plain non-negative decimal. */
export function canonicalDecimal(text: string): string | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** What differs, one entry per field, e.g. `amount: expected 100.00, got 0.01`; empty when it matches. */
export function webhookMismatches(tx: Pick<StoredTransaction, 'amount' | 'currency' | 'userId'>, facts: WebhookFacts): string[] {
  const out: string[] = [];
  const shown = (v: string) => JSON.stringify(v.slice(0, 64));
  if (facts.amount !== null) {
    const got = canonicalDecimal(facts.amount);
    if (got === null || got !== canonicalDecimal(tx.amount)) out.push(`amount: expected ${tx.amount}, got ${shown(facts.amount)}`);
  }
  if (facts.currency !== null && facts.currency.trim().toUpperCase() !== tx.currency.toUpperCase()) {
    out.push(`currency: expected ${tx.currency}, got ${shown(facts.currency)}`);
  }
  if (facts.userId !== null && facts.userId !== tx.userId) out.push('user_id: not the transaction’s owner');
  return out;
}
