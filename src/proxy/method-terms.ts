/**
 * A method's terms for one flow: its amount limits, its fee and its quick amounts, resolved from
 * the merchant's options at start-up, most specific first:
 *
 *   limits.methods.PAYONE.payout → limits.methods.PAYONE → limits.payout → limits (→ the defaults)
 *
 * Limits merge field by field (a method may set only `max`); a fee is taken whole from the most
 * specific level that sets one. A bad amount, percentage or range throws, naming the option.
 */
import { parseAmount } from '../core/amount.js';
import { CatalogError } from '../core/catalog.js';
import { percentUnits, type FeeRule } from '../core/fees.js';
import type { Flow } from '../core/psp/types.js';

export interface Limits {
  readonly min?: string;
  readonly max?: string;
}

/** A setting for every method, overridden per flow, per method, and per method and flow. */
export type Scoped<T> = T & {
  readonly payin?: T;
  readonly payout?: T;
  readonly methods?: Readonly<Record<string, T & { readonly payin?: T; readonly payout?: T }>>;
};

export interface MethodTerms {
  readonly limits: { readonly min: string; readonly max: string };
  readonly fee?: FeeRule;
  readonly presets?: readonly string[];
}

export const DEFAULT_LIMITS = { min: '1.00', max: '10000.00' } as const;

const pick = <T extends object>(o: T | undefined, keys: readonly (keyof T)[]): Partial<T> | undefined => {
  if (!o) return undefined;
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return Object.keys(out).length ? out : undefined;
};

/** The levels of a scoped option, most general first. */
function levels<T extends object>(
  option: Scoped<T> | undefined,
  keys: readonly (keyof T)[],
  flow: Flow,
  pspType: string,
): { name: string; value: Partial<T> | undefined }[] {
  const method = option?.methods?.[pspType];
  return [
    { name: '', value: pick(option as T | undefined, keys) },
    { name: `.${flow}`, value: pick(option?.[flow], keys) },
    { name: `.methods.${pspType}`, value: pick(method as T | undefined, keys) },
    { name: `.methods.${pspType}.${flow}`, value: pick(method?.[flow], keys) },
  ];
}

const amount = (value: unknown, where: string, zero = false): string => {
  // A fee may be nothing ("0"); a limit may not.
  if (zero && (value === 0 || (typeof value === 'string' && /^0+(?:[.,]0{1,2})?$/.test(value)))) return '0.00';
  const parsed = parseAmount(value);
  if (!parsed.ok) throw new CatalogError(`${where} must be an amount such as "10.00", got ${JSON.stringify(value)}`);
  return parsed.value;
};

export interface TermsOptions {
  readonly limits?: Scoped<Limits>;
  readonly fees?: Scoped<FeeRule>;
  readonly amountPresets?: readonly string[];
  readonly amountPresetsByMethod?: Readonly<Record<string, readonly string[]>>;
}

export function resolveTerms(options: TermsOptions, flow: Flow, pspType: string): MethodTerms {
  let min: string = DEFAULT_LIMITS.min;
  let max: string = DEFAULT_LIMITS.max;
  for (const { name, value } of levels(options.limits, ['min', 'max'], flow, pspType)) {
    if (value?.min !== undefined) min = amount(value.min, `limits${name}.min`);
    if (value?.max !== undefined) max = amount(value.max, `limits${name}.max`);
  }
  if (parseAmount(min).ok && parseAmount(max).ok && Number(min) > Number(max)) {
    throw new CatalogError(`limits for ${pspType} ${flow} must have min <= max, got ${min} > ${max}`);
  }
  let fee: FeeRule | undefined;
  // The most specific level that sets a fee wins whole (a zero one included: that method is free).
  for (const { name, value } of levels(options.fees, ['fixed', 'percent', 'min'], flow, pspType)) {
    if (!value) continue;
    if (value.percent !== undefined && (typeof value.percent !== 'string' || percentUnits(value.percent) === undefined)) {
      throw new CatalogError(`fees${name}.percent must be a percentage such as "2.5" (0 to 100, up to 4 decimals), got ${JSON.stringify(value.percent)}`);
    }
    const fixed = value.fixed === undefined ? '0.00' : amount(value.fixed, `fees${name}.fixed`, true);
    const min = value.min === undefined ? '0.00' : amount(value.min, `fees${name}.min`, true);
    const percent = value.percent && percentUnits(value.percent) ? value.percent : undefined;
    // Served without its zero parts; a minimum alone is a fixed fee; nothing at all is no fee.
    fee =
      fixed === '0.00' && !percent
        ? min === '0.00'
          ? undefined
          : { fixed: min }
        : { ...(fixed !== '0.00' ? { fixed } : {}), ...(percent ? { percent } : {}), ...(min !== '0.00' ? { min } : {}) };
  }
  // A method's own quick amounts must fit its range; the shared ones that do not are left out for it.
  const own = options.amountPresetsByMethod?.[pspType];
  const presets = (own ?? options.amountPresets)?.flatMap((p) => {
    const parsed = parseAmount(p, { min, max });
    if (parsed.ok) return [parsed.value];
    if (own) throw new CatalogError(`amount preset ${JSON.stringify(p)} is not an amount within ${pspType}'s ${flow} limits (${min} – ${max})`);
    return [];
  });
  return { limits: { min, max }, ...(fee ? { fee } : {}), ...(presets ? { presets } : {}) };
}
