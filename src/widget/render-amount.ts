/**
 * What the widget says about money around the amount field: the method's range, its fee rule,
 * the quick amounts and the summary (amount, fee, total — or "you receive" for a pay-out). Pure
 * templates and strings; amounts go through the element's `money` (Intl.NumberFormat).
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { AmountLimits } from '../core/amount.js';
import type { FeeRule, Quote } from '../core/fees.js';
import type { Flow } from '../core/psp/types.js';
import type { Translate } from './i18n/en.js';

export interface MoneyText {
  readonly t: Translate;
  /** A canonical amount in the player's locale ("1 000,50 €"). */
  readonly money: (canonical: string) => string;
  readonly locale: string;
}

/** "€10.00 – €5,000.00". */
export const rangeText = (limits: AmountLimits, m: MoneyText): string =>
  limits.min && limits.max ? m.t('limits.range', { min: m.money(limits.min), max: m.money(limits.max) }) : '';

/** "Fee €0.50 + 1.5 %, min. €1.00"; empty with no fee (the proxy serves a fee without its zero parts). */
export function feeText(fee: FeeRule | undefined, m: MoneyText): string {
  if (!fee) return '';
  let pct = fee.percent && `${fee.percent} %`;
  try {
    if (pct) pct = new Intl.NumberFormat(m.locale, { style: 'percent', maximumFractionDigits: 4 }).format(Number(fee.percent) / 100);
  } catch {
    // a malformed locale: the plain figure
  }
  const rule = [fee.fixed && m.money(fee.fixed), pct].filter(Boolean).join(' + ');
  return fee.min ? m.t('fee.rule_min', { rule, min: m.money(fee.min) }) : m.t('fee.rule', { rule });
}

/** Amount, fee and what is paid (pay-in) or received (pay-out), once the amount is valid. */
export function renderSummary(quote: Quote | undefined, flow: Flow, m: MoneyText): TemplateResult | typeof nothing {
  if (!quote) return nothing;
  return html`<dl part="summary" class="summary">
    <div>
      <dt>${m.t('label.amount')}</dt>
      <dd>${m.money(quote.amount)}</dd>
    </div>
    <div>
      <dt>${m.t('summary.fee')}</dt>
      <dd>${m.money(quote.fee)}</dd>
    </div>
    <div class="total">
      <dt>${m.t(flow === 'payout' ? 'summary.receive' : 'summary.total')}</dt>
      <dd>${m.money(quote.total)}</dd>
    </div>
  </dl>`;
}

/** Quick amounts as buttons; the one equal to the amount is pressed. */
export function renderPresets(
  presets: readonly string[],
  current: string | undefined,
  m: MoneyText,
  onPick: (amount: string) => void,
): TemplateResult | typeof nothing {
  if (!presets.length) return nothing;
  return html`<div part="presets" class="presets" role="group" aria-label=${m.t('label.quick_amounts')}>
    ${presets.map(
      (p) =>
        html`<button part="button preset" class="secondary" type="button" aria-pressed=${p === current ? 'true' : 'false'} @click=${() => onPick(p)}>
          ${m.money(p)}
        </button>`,
    )}
  </div>`;
}

/** A method tile's terms: "€10.00 – €5,000.00 · Fee €0.50"; empty when it has neither. */
export const termsText = (terms: { readonly limits: AmountLimits; readonly fee?: FeeRule }, m: MoneyText): string =>
  [rangeText(terms.limits, m), feeText(terms.fee, m)].filter(Boolean).join(' · ');
