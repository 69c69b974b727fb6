/**
 * What the widget remembers for the player between visits, per proxy endpoint and flow: the
 * last method used and the last amount per method (never a field value: those may be personal
 * or secret). In `localStorage`; a browser that refuses storage simply remembers nothing.
 */
import type { Flow } from '../core/psp/types.js';

export interface LastUsed {
  readonly psp?: string;
  /** Last amount per pspType, canonical ("25.00"). */
  readonly amounts?: Readonly<Record<string, string>>;
}

const keyOf = (endpoint: string, flow: Flow) => `mozarto-cashier:last:${flow}:${endpoint}`;

export function lastUsed(endpoint: string, flow: Flow): LastUsed {
  // Only ever a prefill and an order: a bad stored value is an amount the form shows as invalid.
  try {
    const { psp, amounts } = JSON.parse(localStorage.getItem(keyOf(endpoint, flow)) ?? '{}') as LastUsed;
    return { psp: String(psp ?? ''), amounts: { ...amounts } };
  } catch {
    return {};
  }
}

/** A transaction was created with this method and amount. */
export function rememberUse(endpoint: string, flow: Flow, psp: string, amount: string): void {
  try {
    const before = lastUsed(endpoint, flow);
    localStorage.setItem(keyOf(endpoint, flow), JSON.stringify({ psp, amounts: { ...before.amounts, [psp]: amount } }));
  } catch {
    // storage refused (private mode, quota): nothing remembered
  }
}
