/**
 * The one explicit list of built-in providers as the proxy holds them (each form joined with its
 * proxy part, ./psp/<name>.proxy.ts), and a registry that checks each definition's shape when it
 * is registered. The widget imports ./forms.ts instead, never this module. An unknown provider
 * is a loud configuration error, never a silent fallback (CONVENTIONS.md, "Providers").
 */
import { brite } from './psp/brite.proxy.js';
import { cleo } from './psp/cleo.proxy.js';
import { emerchantpay } from './psp/emerchantpay.proxy.js';
import { flexepin } from './psp/flexepin.proxy.js';
import { forumpay } from './psp/forumpay.proxy.js';
import { gigadat } from './psp/gigadat.proxy.js';
import { neosurf } from './psp/neosurf.proxy.js';
import { payone } from './psp/payone.proxy.js';
import { trust } from './psp/trust.proxy.js';
import { worldpay } from './psp/worldpay.proxy.js';
import { CatalogError } from './psp/define.js';
import { isServerOnlyField } from './psp/server-only.js';
import { FLOWS, type Flow, type PspDefinition } from './psp/types.js';

export { CatalogError, isServerOnlyField };

/** Adding a provider: its two files in ./psp, an entry here and one in ./forms.ts (README, "Adding a provider"). */
export const BUILT_IN_PSPS: readonly PspDefinition[] = [payone, gigadat, forumpay, cleo, flexepin, neosurf, trust, worldpay, emerchantpay, brite];

export class Catalog {
  readonly #byType = new Map<string, PspDefinition>();

  constructor(definitions: readonly PspDefinition[] = BUILT_IN_PSPS) {
    for (const def of definitions) this.register(def);
  }

  register(def: PspDefinition): void {
    if (!/^[A-Z][A-Z0-9_]*$/.test(def.pspType)) throw new CatalogError(`pspType "${def.pspType}" must be upper-case letters, digits and _`);
    if (this.#byType.has(def.pspType)) throw new CatalogError(`pspType ${def.pspType} is registered twice`);
    if (!FLOWS.some((f) => def.flows[f])) throw new CatalogError(`${def.pspType} supports no flow`);
    if (def.currencies.length === 0) throw new CatalogError(`${def.pspType} lists no currency`);
    const names = new Set<string>();
    for (const field of def.fields) {
      if (names.has(field.name)) throw new CatalogError(`${def.pspType}: field ${field.name} is declared twice`);
      names.add(field.name);
      if (isServerOnlyField(field.name) && field.source !== 'server') {
        throw new CatalogError(`${def.pspType}: ${field.name} is server-only and must have source "server"`);
      }
      if (field.input?.type === 'select' && !field.options?.length) throw new CatalogError(`${def.pspType}: select ${field.name} has no options`);
      // Card data puts the page in PCI DSS scope: only behind the proxy's cardEntry switch (ADR 0004).
      if (field.name.startsWith('card.') && !def.cardEntry) throw new CatalogError(`${def.pspType}: ${field.name} is card data; set cardEntry: true`);
    }
    this.#byType.set(def.pspType, def);
  }

  get(pspType: string): PspDefinition {
    const def = this.#byType.get(pspType);
    if (!def) throw new CatalogError(`Unknown payment provider "${pspType}". Known: ${[...this.#byType.keys()].join(', ')}`);
    return def;
  }

  find(pspType: string): PspDefinition | undefined {
    return this.#byType.get(pspType);
  }

  all(): PspDefinition[] {
    return [...this.#byType.values()];
  }

  supporting(flow: Flow): PspDefinition[] {
    return this.all().filter((d) => d.flows[flow]);
  }
}
