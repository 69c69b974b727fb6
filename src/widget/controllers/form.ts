/**
 * The payment form of one method: which method it is for (its `Setup`), what the player typed
 * (../form-state.ts, pure), what the page and the player's memory prefill, the checks, where a
 * refusal's field errors land, and the form's template (../render-payment.ts). "Is invalid" is
 * not "shows invalid" (CONVENTIONS.md "Validation"): a failed submit shows every error, announces
 * a summary and focuses the first invalid field. It needs no lifecycle hook, so it registers for
 * none.
 *
 * Submitting is the flow's (flow.ts): the form only says whether it is valid and hands over what
 * would be sent.
 */
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import { BUILT_IN_FORMS } from '../../core/forms.js';
import type { Flow } from '../../core/psp/types.js';
import type { WidgetError } from '../errors.js';
import {
  AMOUNT,
  applyServerErrors,
  checkForm,
  createForm,
  edit,
  fieldOrder,
  forget,
  leave,
  prefill,
  showAll,
  visibleErrors,
  type CheckedForm,
  type FormState,
} from '../form-state.js';
import { lastUsed } from '../memory.js';
import { renderPayment } from '../render-payment.js';
import type { Setup } from '../setup.js';
import type { Announcer } from './announcer.js';
import type { LocalizeController } from './localize.js';

/** Card data and voucher PINs are never prefilled (ADR 0004). */
const SECRET = new Set(BUILT_IN_FORMS.flatMap((d) => d.fields.filter((f) => f.secret).map((f) => f.name)));

export interface FormHost extends ReactiveControllerHost, HTMLElement {
  readonly endpoint: string;
  readonly type: Flow;
  readonly amount?: string;
  readonly currency?: string;
  readonly prefill: Readonly<Record<string, string>>;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface FormParts {
  readonly localize: LocalizeController;
  readonly announcer: Announcer;
  /** The player submits (Enter, the button, "Try again" above it): the flow's `submit`. */
  submit(): void;
}

export class FormController {
  readonly #host: FormHost;
  readonly #parts: FormParts;
  /** The method the form is for; undefined while none is chosen (loading, the picker). */
  setup?: Setup;
  state: FormState = createForm();

  constructor(host: FormHost, parts: FormParts) {
    this.#host = host;
    this.#parts = parts;
  }

  /** Shows the form of `setup` (undefined: none), prefilled. */
  use(setup: Setup | undefined): void {
    this.setup = setup;
    if (setup) this.applyPrefill();
  }

  /** Another method: nothing typed for another provider (a card number…) carries over. */
  reset(): void {
    this.state = createForm();
  }

  /** The page's `prefill` and `amount`, else the amount this player last used with this method; never over what the player typed. */
  applyPrefill(): void {
    const h = this.#host;
    const values = Object.fromEntries(Object.entries(h.prefill).filter(([k]) => !SECRET.has(k)));
    const psp = this.setup?.def.pspType;
    const last = psp ? lastUsed(h.endpoint, h.type === 'payout' ? 'payout' : 'payin').amounts?.[psp] : undefined;
    this.state = prefill(this.state, { ...values, [AMOUNT]: h.amount ?? last });
    h.requestUpdate();
  }

  check(): CheckedForm {
    return checkForm(this.setup!, this.state.values, this.#parts.localize.locale());
  }

  /** The currency amounts are shown in: the form's, else the `currency` attribute's, else EUR. */
  get currency(): string {
    return this.setup ? this.check().currency : (this.#host.currency ?? 'EUR');
  }

  /** A submit attempt: every error shows. The checked form when it is valid; else undefined, once reported. */
  async validate(): Promise<CheckedForm | undefined> {
    this.#set(showAll(this.state, fieldOrder(this.setup!)));
    const checked = this.check();
    if (!(await this.reportInvalid(checked))) return undefined;
    // A summary of errors from an earlier attempt would otherwise still be read out.
    this.#parts.announcer.clear();
    return checked;
  }

  /** Announces a summary and focuses the first field showing an error; true when there is none. */
  async reportInvalid(checked = this.check()): Promise<boolean> {
    const shown = visibleErrors(this.state, checked);
    const invalid = fieldOrder(this.setup!).filter((n) => shown[n]);
    if (invalid.length === 0) return true;
    const { t } = this.#parts.localize;
    this.#parts.announcer.announce(invalid.length === 1 ? t('summary.one') : t('summary.other', { count: invalid.length }));
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(`[name="${invalid[0]}"]`)?.focus();
    return false;
  }

  /** A refusal of the proxy's: its field errors go back onto their fields. True when every one landed there. */
  placeServerError(error: WidgetError): boolean {
    if (error.code !== 'invalid_field' && !error.field) return false;
    const applied = applyServerErrors(this.state, error, fieldOrder(this.setup!));
    this.#set(applied.form);
    return !applied.unplaced;
  }

  /** The card and PIN did their job: not kept for a later "Try again" (ADR 0004). */
  forgetSecrets(): void {
    this.#set(
      forget(
        this.state,
        this.setup!.fields.filter((f) => f.secret).map((f) => f.name),
      ),
    );
  }

  /** The form, while editing (`error` above the button) or submitting, under `header` (the chosen method). */
  render(submitting: boolean, error?: WidgetError, header?: unknown): TemplateResult {
    const i18n = this.#parts.localize;
    const checked = this.check();
    return renderPayment({
      setup: this.setup!,
      form: this.state,
      checked,
      submitting,
      error,
      header,
      m: i18n.moneyText(checked.currency),
      errorMessage: i18n.errorMessage,
      fieldError: (e, label) => i18n.fieldError(e, label, checked.currency),
      on: this.#on,
    });
  }

  // The form's own listeners (arrow functions, so they work however the template calls them).
  readonly #on = {
    submit: (event: Event): void => {
      event.preventDefault();
      this.#parts.submit();
    },
    /** The player typed or chose a value. */
    input: (event: Event): void => {
      const target = event.target as HTMLInputElement | HTMLSelectElement;
      if (target.name) this.#set(edit(this.state, target.name, target.value));
    },
    /** The player left a field: its error may show now. */
    leave: (event: FocusEvent): void => {
      const target = event.target as HTMLInputElement;
      if (target.name) this.#set(leave(this.state, target.name));
    },
    retry: (): void => this.#parts.submit(),
    /** A quick amount: as if the player had typed it. */
    preset: (amount: string): void => this.#set(edit(this.state, AMOUNT, amount)),
  };

  #set(state: FormState): void {
    if (state === this.state) return;
    this.state = state;
    this.#host.requestUpdate();
  }
}
