/**
 * The merchant's enabled payment methods: which providers per flow, narrowed currencies, amount
 * limits. Resolved once when the proxy is created; a misconfiguration (unknown provider, a flow it
 * does not support, a currency outside the catalog) throws there, loudly (CONVENTIONS.md,
 * "Providers": an unknown provider is a configuration error, never a silent fallback).
 */
import { parseAmount } from '../core/amount.js';
import { CatalogError, type Catalog } from '../core/catalog.js';
import { CONTRACT_VERSION, type ConfigResponse } from '../core/contract.js';
import { DESCRIPTIONS_EN, type DescriptionKey } from '../core/messages/descriptions.js';
import { FLOWS, type Flow, type FlowDef, type PspDefinition } from '../core/psp/types.js';
import { DEFAULT_LIMITS, resolveTerms, type MethodTerms, type TermsOptions } from './method-terms.js';

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
}

export interface MethodsOptions extends TermsOptions {
  readonly methods?: { readonly payin?: readonly string[]; readonly payout?: readonly string[] };
  readonly currencies?: Readonly<Record<string, readonly string[]>>;
  /** Serve card-entry providers (docs/adr/0004-card-entry.md); default false. */
  readonly cardEntry?: boolean;
  /** A logo URL per pspType for the widget's tiles (https, or a path on the merchant's site). */
  readonly logos?: Readonly<Record<string, string>>;
}

export function resolveMethods(catalog: Catalog, options: MethodsOptions): MethodsConfig {
  const byFlow = {} as Record<Flow, Map<string, EnabledMethod>>;
  for (const flow of FLOWS) {
    const map = new Map<string, EnabledMethod>();
    const wanted =
      options.methods?.[flow] ??
      catalog
        .supporting(flow)
        .filter((d) => options.cardEntry || !d.cardEntry)
        .map((d) => d.pspType);
    for (const pspType of wanted) {
      const def = catalog.get(pspType); // throws CatalogError for an unknown provider
      const flowDef = def.flows[flow];
      if (!flowDef) throw new CatalogError(`${pspType} does not support ${flow}; remove it from methods.${flow}`);
      if (def.cardEntry && !options.cardEntry) {
        throw new CatalogError(`${pspType} takes card data in your page (PCI DSS scope); set cardEntry: true to serve it (docs/adr/0004-card-entry.md)`);
      }
      map.set(pspType, { def, flowDef, currencies: narrowCurrencies(def, options.currencies?.[pspType]), terms: resolveTerms(options, flow, pspType) });
    }
    byFlow[flow] = map;
  }
  for (const pspType of Object.keys(options.currencies ?? {})) catalog.get(pspType);

  for (const pspType of [
    ...Object.keys(options.limits?.methods ?? {}),
    ...Object.keys(options.fees?.methods ?? {}),
    ...Object.keys(options.amountPresetsByMethod ?? {}),
  ])
    catalog.get(pspType);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const min = parseAmount(limits.min);
  const max = parseAmount(limits.max);
  if (!min.ok || !max.ok || min.minor > max.minor) {
    throw new CatalogError(`limits must be two amounts with min <= max, got ${JSON.stringify({ min: limits.min, max: limits.max })}`);
  }
  const presets = options.amountPresets?.map((p) => {
    const parsed = parseAmount(p, { min: min.value, max: max.value });
    if (!parsed.ok) throw new CatalogError(`amount preset ${JSON.stringify(p)} is not an amount within the limits`);
    return parsed.value;
  });
  const logos: Record<string, string> = {};
  for (const [pspType, url] of Object.entries(options.logos ?? {})) {
    catalog.get(pspType);
    if (!isLogoUrl(url))
      throw new CatalogError(`logos.${pspType} must be an https URL or a path such as /img/${pspType.toLowerCase()}.svg, got ${JSON.stringify(url)}`);
    logos[pspType] = url;
  }
  return { byFlow, limits: { min: min.value, max: max.value }, ...(presets ? { amountPresets: presets } : {}), logos };
}

/** An https URL, or a path on the merchant's own site: nothing the player's browser would fetch over plain http from elsewhere. */
export const isLogoUrl = (url: string): boolean => /^(https:\/\/[^\s"'<>]+|\/(?!\/)[^\s"'<>]*)$/.test(url) && url.length <= 2048;

function narrowCurrencies(def: PspDefinition, narrowing: readonly string[] | undefined): readonly string[] {
  if (!narrowing) return def.currencies;
  for (const c of narrowing) {
    if (!def.currencies.includes(c)) {
      throw new CatalogError(`${def.pspType} does not accept ${c}; the catalog allows ${def.currencies.join(', ')}`);
    }
  }
  if (narrowing.length === 0) throw new CatalogError(`currencies.${def.pspType} is empty; remove the provider from methods instead`);
  return [...narrowing];
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
