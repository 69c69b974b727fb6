/**
 * Amounts travel as canonical decimal strings ("1000.50"): what the player typed is parsed once,
 * compared in integer minor units (no float drift), and serialized for Mozarto at the last step.
 */
import type { MessageKey } from './messages/en.js';

export type AmountResult = { ok: true; value: string; minor: number } | { ok: false; key: MessageKey; params?: Record<string, string | number> };

export interface AmountLimits {
  /** Canonical decimal strings. */
  readonly min?: string;
  readonly max?: string;
}

const SHAPE = /^(\d{1,12})(?:[.,](\d+))?$/;

/** Parses "25", "25.5", "25,50" or " 1 000.50 " into "25.00"-style canonical form. */
export function parseAmount(input: unknown, limits: AmountLimits = {}): AmountResult {
  if (typeof input !== 'string' && typeof input !== 'number') return { ok: false, key: 'error.amount_invalid' };
  const text = String(input).replace(/[\s\u00a0\u202f]/g, '');
  if (text === '') return { ok: false, key: 'error.required', params: {} };
  const match = SHAPE.exec(text);
  if (!match) return { ok: false, key: 'error.amount_invalid' };
  const [, whole, fraction = ''] = match;
  if (fraction.length > 2) return { ok: false, key: 'error.amount_decimals' };
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (minor <= 0) return { ok: false, key: 'error.amount_positive' };
  if (limits.min !== undefined && minor < toMinor(limits.min)) return { ok: false, key: 'error.amount_min', params: { min: limits.min } };
  if (limits.max !== undefined && minor > toMinor(limits.max)) return { ok: false, key: 'error.amount_max', params: { max: limits.max } };
  return { ok: true, value: fromMinor(minor), minor };
}

export function toMinor(canonical: string): number {
  const [whole, fraction = ''] = canonical.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

export function fromMinor(minor: number): string {
  const whole = Math.floor(minor / 100);
  const cents = String(minor % 100).padStart(2, '0');
  return `${whole}.${cents}`;
}
