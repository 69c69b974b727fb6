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
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(endpoint, flow)) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    const { psp, amounts } = parsed as Record<string, unknown>;
    const safe: Record<string, string> = {};
    if (amounts && typeof amounts === 'object') {
      for (const [k, v] of Object.entries(amounts)) if (typeof v === 'string' && /^\d{1,12}\.\d{2}$/.test(v)) safe[k] = v;
    }
    return { ...(typeof psp === 'string' ? { psp } : {}), amounts: safe };
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
