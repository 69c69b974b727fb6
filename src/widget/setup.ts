/**
 * Turns the element's attributes and the proxy's `/config` into what the form needs: the
 * provider, its player-typed fields, the currencies on offer and the amount limits. A
 * misconfiguration (unknown provider, a provider or currency the merchant did not enable, an
 * unknown flow) is an error before anything renders — never a silent fallback that could send
 * money somewhere else (CONVENTIONS.md, "Providers").
 */
import type { AmountLimits } from '../core/amount.js';
import { usableLimits, type FeeRule } from '../core/fees.js';
import type { ConfigResponse } from '../core/contract.js';
import { BUILT_IN_FORMS } from '../core/forms.js';
import type { DescriptionKey } from '../core/messages/en.js';
import type { FieldDef, Flow, PspForm } from '../core/psp/types.js';
import { merchantUrl } from '../core/redirect.js';
import { fieldsFor } from '../core/validate.js';
import { widgetError, type WidgetError } from './errors.js';

export interface Setup {
  readonly def: PspForm;
  readonly flow: Flow;
  /** The `user` fields of the provider for the flow, in catalog order. */
  readonly fields: readonly FieldDef[];
  /** Currencies the player may choose from (one when fixed). */
  readonly currencies: readonly string[];
  /** The method's range for the flow (else the config's), its minimum after a pay-out's fee (core/fees.ts `usableLimits`). */
  readonly limits: AmountLimits;
  readonly fee?: FeeRule;
  /** Quick amounts: the method's, else the config's. */
  readonly presets: readonly string[];
}

/** The providers this build knows, by pspType. */
export interface Forms {
  find(pspType: string): PspForm | undefined;
}

/**
 * The built-in providers' forms (core/forms.ts). Not the proxy's `Catalog`: that holds what only
 * the proxy reads, and its checks are for the proxy's own registrations.
 */
export const BUILT_IN: Forms = { find: (pspType) => BUILT_IN_FORMS.find((d) => d.pspType === pspType) };

export interface SetupOptions {
  /** One pspType, or several separated by spaces (the first the merchant enables wins). */
  readonly psp?: string | null;
  readonly type?: string | null;
  readonly currency?: string | null;
}

export type SetupResult = { readonly ok: true; readonly setup: Setup } | { readonly ok: false; readonly error: WidgetError };

/** One entry of the method picker. */
export interface Choice {
  readonly pspType: string;
  readonly name: string;
  /** Message key of the short description (the catalog's). */
  readonly description: DescriptionKey;
  /** The proxy's English description, shown when no text has that key. */
  readonly text?: string;
  /** The tile's icon (`card`, `bank`…): the proxy's word, else the catalog's. */
  readonly kind?: string;
  /** The merchant's logo URL, shown instead of the icon. */
  readonly logo?: string;
  readonly limits: AmountLimits;
  readonly fee?: FeeRule;
  /** The currency its range and fee are shown in: the fixed one, else the method's first. */
  readonly currency: string;
}

/**
 * The methods to pick from when the element names no `psp`: every method the proxy enables for
 * the flow that this build's catalog knows (and that takes the fixed currency, if any). More than
 * one means the widget shows a picker first.
 */
export function methodChoices(config: ConfigResponse, forms: Forms, options: SetupOptions): Choice[] {
  const flow = options.type ?? 'payin';
  // A named psp, or a bad type (reported by resolveSetup): no picker.
  if (options.psp?.trim() || (flow !== 'payin' && flow !== 'payout')) return [];
  const fixed = options.currency?.trim().toUpperCase();
  return config.methods[flow].flatMap((m) => {
    const def = forms.find(m.pspType);
    const ok = def?.flows[flow] && (!fixed || (m.currencies.includes(fixed) && def.currencies.includes(fixed)));
    if (!ok) return [];
    const kind = m.kind ?? def.kind;
    // The widget's own check, as for redirects: a logo is https or on the merchant's site.
    const logo = merchantUrl(m.logo);
    return [
      {
        pspType: def.pspType,
        name: def.name,
        description: def.description,
        text: m.description,
        ...(kind ? { kind } : {}),
        ...(logo ? { logo } : {}),
        limits: usableLimits(m.limits ?? config.limits, m.fee, flow),
        ...(m.fee ? { fee: m.fee } : {}),
        currency: fixed || m.currencies[0]!,
      },
    ];
  });
}

/** The merchant's order, with the player's last-used method first. */
export function lastUsedFirst(choices: readonly Choice[], last: string | undefined): Choice[] {
  const used = choices.find((c) => c.pspType === last);
  return used ? [used, ...choices.filter((c) => c !== used)] : [...choices];
}

const fail = (message: string, key?: string): SetupResult => ({
  ok: false,
  error: widgetError('unsupported_method', message, false, key ? { key } : {}),
});

export function resolveSetup(config: ConfigResponse, forms: Forms, options: SetupOptions): SetupResult {
  const flow = options.type ?? 'payin';
  if (flow !== 'payin' && flow !== 'payout') return fail(`type must be "payin" or "payout", not "${flow}"`);
  const methods = config.methods[flow];
  const wanted = options.psp?.trim() ? options.psp.trim().split(/\s+/) : methods.map((m) => m.pspType);
  for (const code of options.psp?.trim() ? wanted : []) {
    if (!forms.find(code)) return fail(`Unknown payment provider "${code}"`);
  }
  for (const code of wanted) {
    const def = forms.find(code);
    const method = methods.find((m) => m.pspType === code);
    if (!def?.flows[flow] || !method) continue;
    let currencies = method.currencies.map((c) => c.toUpperCase()).filter((c) => def.currencies.includes(c));
    if (options.currency) {
      const fixed = options.currency.trim().toUpperCase();
      if (!currencies.includes(fixed)) return fail(`${code} does not take ${fixed} for ${flow}`, 'error.currency_unsupported');
      currencies = [fixed];
    }
    if (currencies.length === 0) return fail(`${code} has no currency enabled for ${flow}`);
    const terms = {
      limits: usableLimits(method.limits ?? config.limits, method.fee, flow),
      ...(method.fee ? { fee: method.fee } : {}),
      presets: method.amountPresets ?? config.amountPresets ?? [],
    };
    return { ok: true, setup: { def, flow, fields: fieldsFor(def, flow, ['user']), currencies, ...terms } };
  }
  return fail(options.psp?.trim() ? `${options.psp.trim()} is not enabled for ${flow} by the merchant's proxy` : `No payment method is enabled for ${flow}`);
}
