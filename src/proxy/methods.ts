/**
 * The merchant's enabled payment methods: which providers per flow, narrowed currencies, amount
 * limits, fees, quick amounts and logos — the commercial side of the options, resolved against the
 * catalog. It runs inside the one pass that checks the proxy's options (options.ts), reporting
 * every problem (an unknown provider, a flow it does not support, a currency outside the catalog)
 * into that pass's list (CONVENTIONS.md "Providers": an unknown provider is a configuration
 * error, never a silent fallback).
 */
import { parseAmount } from '../core/amount.js';
import type { Catalog } from '../core/catalog.js';
import { CONTRACT_VERSION, type ConfigResponse } from '../core/contract.js';
import { DESCRIPTIONS_EN, type DescriptionKey } from '../core/messages/descriptions.js';
import { FLOWS, type Flow, type FlowDef, type PspDefinition } from '../core/psp/types.js';
import { merchantUrl } from '../core/redirect.js';
import { throwingProblems, type Report } from './config-error.js';
import { DEFAULT_LIMITS, resolveTerms, termAmount, type MethodTerms, type TermsOptions } from './method-terms.js';

export { DEFAULT_LIMITS };

export interface EnabledMethod {
  readonly def: PspDefinition;
  readonly flowDef: FlowDef;
  readonly currencies: readonly string[];
  /** This method's limits, fee and quick amounts for the flow (method-terms.ts). */
  readonly terms: MethodTerms;
}

export interface MethodsConfig {
  readonly byFlow: Readonly<Record<Flow, ReadonlyMap<string, EnabledMethod>>>;
  readonly limits: { readonly min: string; readonly max: string };
  readonly amountPresets?: readonly string[];
  /** Tile logos by pspType. */
  readonly logos: Readonly<Record<string, string>>;
  /** Providers not offered because this deployment cannot supply the player's fields they need (profile.ts). */
  readonly leftOut: readonly { readonly pspType: string; readonly flow: Flow; readonly missing: readonly string[] }[];
}

export interface MethodsOptions extends TermsOptions {
  readonly methods?: { readonly payin?: readonly string[]; readonly payout?: readonly string[] };
  readonly currencies?: Readonly<Record<string, readonly string[]>>;
  /** Serve card-entry providers (docs/adr/0004-card-entry.md); default false. */
  readonly cardEntry?: boolean;
  /** A logo URL per pspType for the widget's tiles (https, or a path on the merchant's site). */
  readonly logos?: Readonly<Record<string, string>>;
  /**
   * The player's fields a provider needs that this deployment cannot supply (profile.ts
   * `unsuppliedProfile`); a provider with any is left out, not offered. Default: none missing.
   */
  readonly unsupplied?: (def: PspDefinition, flow: Flow) => readonly string[];
}

/** The providers a flow offers when `methods` leaves it out: every one of the catalog's, card entry only when allowed. */
export function defaultMethods(catalog: Catalog, flow: Flow, cardEntry = false): string[] {
  return catalog
    .supporting(flow)
    .filter((d) => cardEntry || !d.cardEntry)
    .map((d) => d.pspType);
}

/**
 * Resolves the methods against `catalog`. Each problem goes to `report`; without one, they are
 * thrown together as one ProxyConfigError (the result is then whole).
 */
export function resolveMethods(catalog: Catalog, options: MethodsOptions, report?: Report): MethodsConfig {
  if (!report) return throwingProblems((own) => resolveMethods(catalog, options, own));
  const known = (pspType: string, path: string): PspDefinition | undefined => {
    const def = catalog.find(pspType);
    if (!def)
      report(
        path,
        `{${path}} names an unknown payment provider "${pspType}"; known: ${catalog
          .all()
          .map((d) => d.pspType)
          .join(', ')}`,
      );
    return def;
  };
  const byFlow = {} as Record<Flow, Map<string, EnabledMethod>>;
  const leftOut: { pspType: string; flow: Flow; missing: readonly string[] }[] = [];
  for (const flow of FLOWS) {
    const map = new Map<string, EnabledMethod>();
    for (const pspType of options.methods?.[flow] ?? defaultMethods(catalog, flow, options.cardEntry)) {
      const def = known(pspType, `methods.${flow}`);
      if (!def) continue;
      const flowDef = def.flows[flow];
      if (!flowDef) {
        report(`methods.${flow}`, `${pspType} does not support ${flow}; remove it from {methods.${flow}}`);
        continue;
      }
      if (def.cardEntry && !options.cardEntry) {
        report(`methods.${flow}`, `${pspType} takes card data in your page (PCI DSS scope); set {cardEntry}: true to serve it (docs/adr/0004-card-entry.md)`);
        continue;
      }
      // Offered, it would fail every payment on fields the player cannot type (issue 23 rule 4).
      const missing = options.unsupplied?.(def, flow) ?? [];
      if (missing.length) {
        leftOut.push({ pspType, flow, missing });
        continue;
      }
      const currencies = narrowCurrencies(def, options.currencies?.[pspType], report);
      map.set(pspType, { def, flowDef, currencies, terms: resolveTerms(options, flow, pspType, report) });
    }
    byFlow[flow] = map;
  }
  for (const pspType of Object.keys(options.currencies ?? {})) known(pspType, `currencies.${pspType}`);
  for (const pspType of Object.keys(options.limits?.methods ?? {})) known(pspType, `limits.methods.${pspType}`);
  for (const pspType of Object.keys(options.fees?.methods ?? {})) known(pspType, `fees.methods.${pspType}`);
  for (const pspType of Object.keys(options.amountPresetsByMethod ?? {})) known(pspType, `amountPresetsByMethod.${pspType}`);

  // The limits every method starts from; the same texts as a method's own (method-terms.ts), so a problem is said once.
  const min = termAmount(options.limits?.min ?? DEFAULT_LIMITS.min, 'limits.min', report) ?? DEFAULT_LIMITS.min;
  const max = termAmount(options.limits?.max ?? DEFAULT_LIMITS.max, 'limits.max', report) ?? DEFAULT_LIMITS.max;
  if (Number(min) > Number(max)) report('limits.min', `{limits.min} and {limits.max} must have min <= max, got ${min} > ${max}`);
  const presets = options.amountPresets?.flatMap((p) => {
    const parsed = parseAmount(p, { min, max });
    if (parsed.ok) return [parsed.value];
    report('amountPresets', `{amountPresets}: ${JSON.stringify(p)} is not an amount within the limits (${min} – ${max})`);
    return [];
  });
  const logos: Record<string, string> = {};
  for (const [pspType, url] of Object.entries(options.logos ?? {})) {
    if (!known(pspType, `logos.${pspType}`)) continue;
    if (merchantUrl(url) === undefined) {
      report(`logos.${pspType}`, `{logos.${pspType}} must be an https URL or a path such as /img/${pspType.toLowerCase()}.svg, got ${JSON.stringify(url)}`);
      continue;
    }
    logos[pspType] = url;
  }
  return { byFlow, limits: { min, max }, ...(presets ? { amountPresets: presets } : {}), logos, leftOut };
}

function narrowCurrencies(def: PspDefinition, narrowing: readonly string[] | undefined, report: Report): readonly string[] {
  if (!narrowing) return def.currencies;
  const path = `currencies.${def.pspType}`;
  if (narrowing.length === 0) report(path, `{${path}} is empty; remove the provider from methods instead`);
  const outside = narrowing.filter((c) => !def.currencies.includes(c));
  if (outside.length) report(path, `{${path}}: ${def.pspType} does not accept ${outside.join(', ')}; the catalog allows ${def.currencies.join(', ')}`);
  return narrowing.filter((c) => def.currencies.includes(c));
}

/** `GET {endpoint}/config` (docs/design.md, "The contract"). */
export function configResponse(config: MethodsConfig): ConfigResponse {
  const list = (flow: Flow) =>
    [...config.byFlow[flow].values()].map((m) => ({
      pspType: m.def.pspType,
      name: m.def.name,
      // English text for any client; the widget shows it unless its language has the catalog's key.
      description: DESCRIPTIONS_EN[m.def.description as DescriptionKey] ?? '',
      currencies: [...m.currencies],
      ...(m.def.kind ? { kind: m.def.kind } : {}),
      limits: { ...m.terms.limits },
      ...(m.terms.fee ? { fee: { ...m.terms.fee } } : {}),
      ...(m.terms.presets ? { amountPresets: [...m.terms.presets] } : {}),
      ...(config.logos[m.def.pspType] ? { logo: config.logos[m.def.pspType] } : {}),
    }));
  return {
    version: CONTRACT_VERSION,
    methods: { payin: list('payin'), payout: list('payout') },
    limits: { ...config.limits },
    ...(config.amountPresets ? { amountPresets: [...config.amountPresets] } : {}),
  };
}
