/**
 * A method's terms for one flow: its amount limits, its fee and its quick amounts, resolved from
 * the merchant's options at start-up, most specific first:
 *
 *   limits.methods.PAYONE.payout → limits.methods.PAYONE → limits.payout → limits (→ the defaults)
 *
 * Limits merge field by field (a method may set only `max`); a fee is taken whole from the most
 * specific level that sets one. A bad amount, percentage or range is reported naming the option
 * (config-error.ts), in the one pass that checks the proxy's options (options.ts).
 */
import { parseAmount } from '../core/amount.js';
import { percentUnits, type FeeRule } from '../core/fees.js';
import type { Flow } from '../core/psp/types.js';
import { throwingProblems, type Report } from './config-error.js';

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

/** The amount limits when the merchant sets none (the `limits` option's default, options.ts). */
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

/** The canonical amount, or undefined (reported) when it is none. */
export const termAmount = (value: unknown, where: string, report: Report, zero = false): string | undefined => {
  // A fee may be nothing ("0"); a limit may not.
  if (zero && (value === 0 || (typeof value === 'string' && /^0+(?:[.,]0{1,2})?$/.test(value)))) return '0.00';
  const parsed = parseAmount(value);
  if (parsed.ok) return parsed.value;
  report(where, `{${where}} must be an amount such as "10.00", got ${JSON.stringify(value)}`);
  return undefined;
};

export interface TermsOptions {
  readonly limits?: Scoped<Limits>;
  readonly fees?: Scoped<FeeRule>;
  readonly amountPresets?: readonly string[];
  readonly amountPresetsByMethod?: Readonly<Record<string, readonly string[]>>;
}

/**
 * This method's terms for `flow`; what is wrong goes to `report` and the defaults stand in for
 * it (without a report, the problems are thrown as one ProxyConfigError).
 */
export function resolveTerms(options: TermsOptions, flow: Flow, pspType: string, report?: Report): MethodTerms {
  if (!report) return throwingProblems((own) => resolveTerms(options, flow, pspType, own));
  let min: string = DEFAULT_LIMITS.min;
  let max: string = DEFAULT_LIMITS.max;
  let ranged = true;
  for (const { name, value } of levels(options.limits, ['min', 'max'], flow, pspType)) {
    const levelMin = value?.min === undefined ? undefined : termAmount(value.min, `limits${name}.min`, report);
    const levelMax = value?.max === undefined ? undefined : termAmount(value.max, `limits${name}.max`, report);
    if (levelMin && levelMax && Number(levelMin) > Number(levelMax)) {
      // Said once, where both are set, rather than for every method the level reaches.
      report(`limits${name}.min`, `{limits${name}.min} and {limits${name}.max} must have min <= max, got ${levelMin} > ${levelMax}`);
      ranged = false;
    }
    if (value?.min !== undefined && levelMin === undefined) ranged = false;
    if (value?.max !== undefined && levelMax === undefined) ranged = false;
    min = levelMin ?? min;
    max = levelMax ?? max;
  }
  if (ranged && Number(min) > Number(max)) {
    report('limits', `{limits} for ${pspType} ${flow} must have min <= max, got ${min} > ${max}`);
  }
  let fee: FeeRule | undefined;
  // The most specific level that sets a fee wins whole (a zero one included: that method is free).
  for (const { name, value } of levels(options.fees, ['fixed', 'percent', 'min'], flow, pspType)) {
    if (!value) continue;
    const units = typeof value.percent === 'string' ? percentUnits(value.percent) : undefined;
    if (value.percent !== undefined && units === undefined) {
      report(
        `fees${name}.percent`,
        `{fees${name}.percent} must be a percentage such as "2.5" (0 to 100, up to 4 decimals), got ${JSON.stringify(value.percent)}`,
      );
    }
    const percent = units ? (value.percent as string) : undefined;
    const fixed = value.fixed === undefined ? '0.00' : (termAmount(value.fixed, `fees${name}.fixed`, report, true) ?? '0.00');
    const least = value.min === undefined ? '0.00' : (termAmount(value.min, `fees${name}.min`, report, true) ?? '0.00');
    // Served without its zero parts; a minimum alone is a fixed fee; nothing at all is no fee.
    fee =
      fixed === '0.00' && !percent
        ? least === '0.00'
          ? undefined
          : { fixed: least }
        : { ...(fixed !== '0.00' ? { fixed } : {}), ...(percent ? { percent } : {}), ...(least !== '0.00' ? { min: least } : {}) };
  }
  // A method's own quick amounts must fit its range; the shared ones that do not are left out for it.
  const own = options.amountPresetsByMethod?.[pspType];
  const presets = (own ?? options.amountPresets)?.flatMap((p) => {
    const parsed = parseAmount(p, { min, max });
    if (parsed.ok) return [parsed.value];
    if (own)
      report(
        `amountPresetsByMethod.${pspType}`,
        `{amountPresetsByMethod.${pspType}}: ${JSON.stringify(p)} is not an amount within ${pspType}'s ${flow} limits (${min} – ${max})`,
      );
    return [];
  });
  return { limits: { min, max }, ...(fee ? { fee } : {}), ...(presets ? { presets } : {}) };
}
