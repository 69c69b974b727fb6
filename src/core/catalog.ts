/**
 * The one explicit list of built-in providers, and a registry that checks each definition's
 * shape when it is registered. An unknown provider is a loud configuration error, never a
 * silent fallback (CONVENTIONS.md, "Providers").
 */
import { brite } from './psp/brite.js';
import { cleo } from './psp/cleo.js';
import { emerchantpay } from './psp/emerchantpay.js';
import { flexepin } from './psp/flexepin.js';
import { forumpay } from './psp/forumpay.js';
import { gigadat } from './psp/gigadat.js';
import { neosurf } from './psp/neosurf.js';
import { payone } from './psp/payone.js';
import { trust } from './psp/trust.js';
import { worldpay } from './psp/worldpay.js';
import { FLOWS, type Flow, type PspDefinition } from './psp/types.js';

/** Adding a provider: one file in ./psp and one entry here (README, "Adding a provider"). */
export const BUILT_IN_PSPS: readonly PspDefinition[] = [payone, gigadat, forumpay, cleo, flexepin, neosurf, trust, worldpay, emerchantpay, brite];

const SERVER_ONLY = new Set([
  // docs/design.md, "Server-only fields"
  'userId', 'userIp', 'kycVerified', 'blocked', 'isVelocity', 'transactionCount',
  'userBalance', 'partnerName', 'emailVerification', 'verificationDate',
]);

export class CatalogError extends Error {
  override name = 'CatalogError';
}

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
      if (SERVER_ONLY.has(field.name) && field.source !== 'server') {
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

export function isServerOnlyField(name: string): boolean {
  return SERVER_ONLY.has(name);
}
