/**
 * The payment form: the chosen method, the amount (and currency) with its range and the quick
 * amounts under it, the provider's fields, the fee summary, the error above the button and the button. A pure template like the
 * status panels: the element passes the state, the texts and the actions in.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetError } from './errors.js';
import { AMOUNT, CURRENCY, visibleErrors, type CheckedForm, type FieldError, type FormState } from './form-state.js';
import { rangeText, renderPresets, renderSummary, type MoneyText } from './render-amount.js';
import { renderField, renderFields, type FieldsView } from './render-form.js';
import type { Setup } from './setup.js';

export interface PaymentView {
  readonly setup: Setup;
  readonly form: FormState;
  readonly checked: CheckedForm;
  readonly submitting: boolean;
  /** Shown above the button. */
  readonly error?: WidgetError;
  /** Above the fields: the chosen method and "Change" (the picker's). */
  readonly header?: unknown;
  /** Texts and amounts in the form's currency. */
  readonly m: MoneyText;
  errorMessage(error: WidgetError): string;
  fieldError(error: FieldError, label: string): string;
  readonly on: {
    submit(event: Event): void;
    input(event: Event): void;
    leave(event: FocusEvent): void;
    retry(): void;
    preset(amount: string): void;
  };
}

const AMOUNT_HINTS = { type: 'text', inputmode: 'decimal', autocomplete: 'transaction-amount', maxlength: 20 } as const;

export function renderPayment(v: PaymentView): TemplateResult {
  const { setup, checked, m } = v;
  const { t } = m;
  const currency = checked.currency;
  const verb = setup.flow === 'payout' ? 'withdraw' : 'pay';
  // The button names the quote's total, what Mozarto moves (docs/adr/0019-the-amounts-that-move.md):
  // what a pay-in charges (amount + fee), what a pay-out's player receives (amount − fee).
  const moves = checked.quote?.total ?? checked.amount;
  const cta = moves ? t(`action.${verb}`, { amount: m.money(moves) }) : t(`action.${verb}_plain`);
  const several = setup.currencies.length > 1;
  const fields: FieldsView = {
    // The currency select shows the one the form will send (the first, until the player picks).
    values: { ...v.form.values, [CURRENCY]: currency },
    errors: visibleErrors(v.form, checked),
    t,
    errorText: v.fieldError,
    locale: m.locale,
  };
  const amount = {
    name: AMOUNT,
    label: t('label.amount'),
    hints: AMOUNT_HINTS,
    required: true,
    hint: rangeText(setup.limits, m),
    ...(several ? {} : { suffix: currency }),
  };
  return html`<form part="form" novalidate aria-busy=${v.submitting ? 'true' : 'false'} @submit=${v.on.submit} @input=${v.on.input} @focusout=${v.on.leave}>
    ${v.header ?? nothing}
    <div class="row">
      ${renderField(amount, fields)}
      ${several ? renderField({ name: CURRENCY, label: t('label.currency'), hints: {}, required: true, options: setup.currencies }, fields) : nothing}
    </div>
    ${renderPresets(setup.presets, checked.amount, m, v.on.preset)} ${renderFields(setup.fields, fields)}
    ${setup.fee ? renderSummary(checked.quote, setup.flow, m) : nothing}
    ${
      v.error
        ? html`<div part="error form-error" class="form-error" role="alert">
            <p>${v.errorMessage(v.error)}</p>
            ${v.error.retryable ? html`<button part="button retry" type="button" class="secondary" @click=${v.on.retry}>${t('action.try_again')}</button>` : nothing}
          </div>`
        : nothing
    }
    <button part="button submit" class="submit" type="submit" ?disabled=${v.submitting}>
      ${v.submitting ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}${cta}
    </button>
  </form>`;
}
