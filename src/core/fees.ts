/**
 * Fees and the figures a player sees before paying: one pure function the widget (the summary)
 * and the proxy (the check of a request) both call, so they never disagree. Integer minor units
 * throughout (BigInt for the percentage product: no float drift, no overflow).
 *
 * A fee is `fixed` + `percent` of the amount (rounded half up to the cent), raised to `min`. A
 * pay-in adds it (the player pays the total); a pay-out takes it off (the player receives less).
 */
import { fromMinor, parseAmount, toMinor, type AmountLimits } from './amount.js';
import type { MessageKey } from './messages/en.js';
import type { Flow } from './psp/types.js';

export interface FeeRule {
  /** Canonical amounts ("0.50"). */
  readonly fixed?: string;
  /** A percentage with up to 4 decimals ("2.5" is 2.5 %). */
  readonly percent?: string;
  readonly min?: string;
}

export interface Quote {
  readonly amount: string;
  readonly fee: string;
  /** Pay-in: what the player pays (amount + fee). Pay-out: what the player receives (amount − fee). */
  readonly total: string;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** "2.5" → 25000 (ten-thousandths of a percent); undefined when it is not a percentage up to 100. */
export function percentUnits(percent: string): number | undefined {
  const m = PERCENT.exec(percent);
  if (!m) return undefined;
  const units = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return units <= 1_000_000 ? units : undefined;
}

/** The fee on a canonical amount, in minor units. */
export function feeMinor(amountMinor: number, rule: FeeRule | undefined): number {
  if (!rule) return 0;
  let fee = rule.fixed ? toMinor(rule.fixed) : 0;
  const units = rule.percent ? (percentUnits(rule.percent) ?? 0) : 0;
  // amount × units / 1,000,000 (100 % × 10,000), rounded half up.
  if (units) fee += Number((BigInt(amountMinor) * BigInt(units) * 2n + 1_000_000n) / 2_000_000n);
  const min = rule.min ? toMinor(rule.min) : 0;
  return Math.max(fee, min);
}

export function quote(amount: string, rule: FeeRule | undefined, flow: Flow): Quote {
  const minor = toMinor(amount);
  const fee = feeMinor(minor, rule);
  return { amount: fromMinor(minor), fee: fromMinor(fee), total: fromMinor(flow === 'payout' ? minor - fee : minor + fee) };
}

export type AmountCheck =
  | { readonly ok: true; readonly value: string; readonly quote: Quote }
  | { readonly ok: false; readonly key: MessageKey; readonly params?: Record<string, string | number> };

/**
 * An amount as typed, against a method's limits and fee: the canonical amount and its quote, or
 * the field error (the range, or a pay-out the fee would swallow).
 */
export function checkAmount(input: unknown, limits: AmountLimits, rule: FeeRule | undefined, flow: Flow): AmountCheck {
  const parsed = parseAmount(input, limits);
  if (!parsed.ok) return parsed;
  const q = quote(parsed.value, rule, flow);
  if (flow === 'payout' && toMinor(q.total) <= 0) return { ok: false, key: 'error.amount_fee', params: { fee: q.fee } };
  return { ok: true, value: parsed.value, quote: q };
}

/**
 * The limits a player can actually use: for a pay-out with a fee, the minimum raised to the
 * smallest amount the fee leaves something of, so a range never promises an amount the fee
 * then refuses (`checkAmount` accepts exactly the amounts inside it). Unchanged otherwise.
 */
export function usableLimits(limits: AmountLimits, rule: FeeRule | undefined, flow: Flow): AmountLimits {
  if (flow !== 'payout' || !rule || !limits.min) return limits;
  let low = toMinor(limits.min);
  if (low - feeMinor(low, rule) > 0) return limits;
  // The amount left after the fee grows with the amount (a percentage under 100 %): the smallest
  // amount that leaves a cent, by bisection up to the maximum.
  let high = limits.max ? toMinor(limits.max) : 1e14;
  if (high - feeMinor(high, rule) <= 0) return limits;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (mid - feeMinor(mid, rule) > 0) high = mid;
    else low = mid;
  }
  return { ...limits, min: fromMinor(high) };
}
