/**
 * Mozarto's webhook (docs/mozarto-api.md §7), read and compared: the payload fields the proxy
 * uses, and whether they describe the transaction we stored (issue 13 rule 3, docs/design.md
 * "The proxy": each webhook's amount, currency and player must match). Pure: what a webhook does
 * to a transaction is decided in transactions.ts (`applyWebhook`), where a mismatch becomes the
 * `review` status, never `approved`.
 */
import { ProxyError } from '../http/errors.js';
import { playerText, scrubText } from '../logger.js';
import type { StoredTransaction } from '../store/store.js';

/** One delivery's fields, as the proxy reads them; anything else in the payload is only stored. */
export interface MozartoWebhook {
  /** `transaction_id`: Mozarto's id, the first key a webhook is matched by. */
  readonly upstreamId: string | null;
  /** `merchantReference`: our transaction id, echoed; the second key. */
  readonly merchantReference: string | null;
  /** `transaction_status`: the normalized status to branch on (raw `status` is not, §7, §12.5). */
  readonly transactionStatus: string | null;
  readonly userId: string | null;
  readonly amount: string | null;
  readonly currency: string | null;
  /** Shown to the player (GET transactions/:id): scrubbed and length-limited, never raw. */
  readonly message: string | null;
}

/**
 * The §7 payload fields the proxy uses, trimmed and capped; absent or empty is null. An
 * identifier holding a control character is a malformed body (400), never a lookup: Postgres
 * refuses a NUL in text, which was a 500 that Mozarto would retry forever.
 */
export function readWebhook(payload: Record<string, unknown>): MozartoWebhook {
  const text = (name: string, max = 256): string | null => {
    const v = payload[name];
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string' || v.trim() === '') return null;
    if (name !== 'message' && /[\u0000-\u001f\u007f]/.test(v)) {
      throw new ProxyError('invalid_request', `The webhook's ${name} holds a control character.`, { field: name });
    }
    return v.trim().slice(0, max);
  };
  const message = text('message', 4000);
  return {
    upstreamId: text('transaction_id', 128),
    merchantReference: text('merchantReference', 128),
    transactionStatus: text('transaction_status', 64),
    userId: text('user_id', 128),
    amount: text('amount', 32),
    currency: text('currency', 16),
    message: message === null ? null : playerText(message),
  };
}

/** What a webhook says about the money, compared with the stored transaction. */
export type WebhookFacts = Pick<MozartoWebhook, 'amount' | 'currency' | 'userId'>;

const DECIMAL = /^(\d{1,18})(?:\.(\d{1,18}))?$/;

/**
 * "0100.500" → "100.5", "100.00" → "100"; null when it is not a plain non-negative decimal.
 * Amounts are compared in this form, never as floats: 0.1 + 0.2 and 100.00 vs 100.001 must not
 * meet by rounding.
 */
export function canonicalDecimal(text: string): string | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

type Fact = keyof WebhookFacts;

/**
 * The facts each provider's webhook must carry, so that it proves what it settles: the one place
 * this reading of docs/mozarto-api.md §7 lives (docs/adr/0017-hostile-review.md).
 *
 * - Every provider: `user_id`, which the §7 table marks required, and `amount`, which both
 *   payloads of the latest revision carry (the generic one, a ForumPay-style crypto confirmation,
 *   and the Payone status webhook).
 * - `currency` too, but for Payone: the generic payload carries it, the Payone status webhook's
 *   example does not (§7, §12.7).
 *
 * A provider without documented webhooks (Flexepin, Brite: §6.1, §6.3) falls under every
 * provider's rule. A webhook that leaves out a fact its provider's must carry cannot be checked
 * against the stored transaction, so it is `review`, never applied unchecked.
 */
const REQUIRED_FACTS: { readonly '*': readonly Fact[]; readonly [pspType: string]: readonly Fact[] } = {
  '*': ['amount', 'currency', 'userId'],
  PAYONE: ['amount', 'userId'],
};

const PAYLOAD_NAME: Record<Fact, string> = { amount: 'amount', currency: 'currency', userId: 'user_id' };

/**
 * What differs, one entry per field, e.g. `amount: expected 100.00, got 0.01` or
 * `user_id: missing`; empty when it matches. A fact the provider's webhook must carry
 * (`REQUIRED_FACTS`) and this one leaves out is a mismatch; another left out is not compared;
 * one it sends must match. The amount is Mozarto's: the `baseamount` it was asked to move, the
 * transaction's `total` (docs/adr/0019-the-amounts-that-move.md).
 */
export function webhookMismatches(tx: Pick<StoredTransaction, 'pspType' | 'total' | 'currency' | 'userId'>, facts: WebhookFacts): string[] {
  const out: string[] = [];
  for (const fact of REQUIRED_FACTS[tx.pspType] ?? REQUIRED_FACTS['*']) if (facts[fact] === null) out.push(`${PAYLOAD_NAME[fact]}: missing`);
  const shown = (v: string) => JSON.stringify(v.slice(0, 64));
  if (facts.amount !== null) {
    const got = canonicalDecimal(facts.amount);
    if (got === null || got !== canonicalDecimal(tx.total)) out.push(`amount: expected ${tx.total}, got ${shown(facts.amount)}`);
  }
  if (facts.currency !== null && facts.currency.trim().toUpperCase() !== tx.currency.toUpperCase()) {
    out.push(`currency: expected ${tx.currency}, got ${shown(facts.currency)}`);
  }
  if (facts.userId !== null && facts.userId !== tx.userId) out.push('user_id: not the transaction’s owner');
  return out;
}

/** The §7 fields kept of a payload, each with its longest kept text; `free` ones are scrubbed. */
const KEPT: Readonly<Record<string, { readonly max: number; readonly free?: true }>> = {
  // What readWebhook reads, again when an early webhook is applied later (transactions.ts).
  transaction_id: { max: 128 },
  merchantReference: { max: 128 },
  transaction_status: { max: 64 },
  user_id: { max: 128 },
  amount: { max: 32 },
  currency: { max: 16 },
  message: { max: 4000, free: true },
  // What an operator reconciles with the provider: its own id, its raw status (§7).
  psp_transaction_id: { max: 128, free: true },
  status: { max: 64, free: true },
};

/**
 * The copy of a webhook's payload that is stored (with the event, for `retentionDays`): only the
 * §7 fields above, each a string or a finite number of bounded length, free text scrubbed as the
 * logs are (card-like numbers and e-mail addresses masked). An allow-list: a provider's extra
 * fields — a card number, a CVV, an IBAN, under whatever name — are never kept, where the
 * deny-list of key names it replaces let `cc_number`, `security_code`, `exp_date`,
 * `primary_account_number` and `accountNumber` through.
 */
export function storedWebhookPayload(payload: Record<string, unknown>): Record<string, string | number> {
  const kept: Record<string, string | number> = {};
  for (const [name, rule] of Object.entries(KEPT)) {
    const value = payload[name];
    if (typeof value === 'number' && Number.isFinite(value)) kept[name] = value;
    else if (typeof value === 'string') kept[name] = rule.free ? scrubText(value.slice(0, rule.max)) : value.slice(0, rule.max);
  }
  return kept;
}
