import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { Catalog } from '../core/catalog.js';
import type { CreateTransactionRequest, TransactionStatusResponse } from '../core/contract.js';
import { format } from '../core/messages/en.js';
import type { Flow, InputHints } from '../core/psp/types.js';
import type { Status } from '../core/status.js';
import { createApi, type CashierApi } from './api.js';
import type { WidgetError } from './errors.js';
import { emit } from './events.js';
import { IdempotencyKeys, initialState, reduce, type FlowEvent, type FlowState, type RetryKind } from './flow.js';
import {
  AMOUNT,
  CURRENCY,
  applyServerErrors,
  checkForm,
  createForm,
  edit,
  fieldOrder,
  leave,
  prefill,
  showAll,
  visibleErrors,
  type CheckedForm,
  type FieldError,
  type FormState,
} from './form.js';
import { en, type WidgetMessages } from './i18n/en.js';
import { createPoller, type PollTiming, type Poller } from './poller.js';
import { forgetTransaction, rememberTransaction } from './resume.js';
import { resolveSetup, type Setup } from './setup.js';
import { styles } from './styles.js';

/** One catalog for every instance: the built-in providers. */
const catalog = new Catalog();

/** Attributes whose change starts the flow over. */
const RESTART = ['endpoint', 'psp', 'type', 'currency', 'transaction'] as const;

/**
 * `<mozarto-cashier>` — a payment form for one Mozarto provider: it renders the fields the
 * provider needs, validates them as the player types, posts them to the merchant's proxy, then
 * finishes the flow: redirect to the provider's hosted page (pay-ins) or a live "processing"
 * state until the outcome (pay-outs). Not form-associated: it owns its submission, so payment
 * data never joins a surrounding `<form>`.
 *
 * This class registers nothing; import `define.js` (or the script bundle) for the tag.
 *
 * @summary Embeddable cashier: deposit or withdrawal form for a Mozarto provider.
 *
 * @fires {MozartoSubmitEvent} mozarto-submit - Cancelable. Before the request is sent. Detail `{ pspType, type, amount, currency }` — never field values.
 * @fires {MozartoCreatedEvent} mozarto-created - The proxy created the transaction. Detail `{ transactionId, status, outcome }`.
 * @fires {MozartoRedirectEvent} mozarto-redirect - Cancelable. About to open the provider's page. Detail `{ url, transactionId }`; cancel to navigate yourself.
 * @fires {MozartoStatusEvent} mozarto-status - A new status was learned. Detail `{ transactionId, status }`.
 * @fires {MozartoCompleteEvent} mozarto-complete - The transaction reached a final status. Detail `{ transactionId, status }`.
 * @fires {MozartoErrorEvent} mozarto-error - Something failed. Detail `{ code, message, retryable, field? }`.
 *
 * @csspart base - The wrapper; carries `data-state` (idle, editing, submitting, redirecting, processing, done, error).
 * @csspart form - The `<form>`.
 * @csspart field - One label + control + error group.
 * @csspart label - A field's `<label>`.
 * @csspart input - A text input or the currency `<select>` (which also has part `select`).
 * @csspart currency - The fixed currency code shown beside the amount.
 * @csspart error - A field's error text, and the error box above the button (also `form-error`).
 * @csspart button - Every button; the main one also has `submit`, the others `retry`.
 * @csspart status - The panel shown instead of the form (loading, redirecting, processing, done, error); carries `data-status`.
 * @csspart spinner - The progress indicator.
 * @csspart message - The headline of a status panel.
 * @csspart detail - Secondary text of a status panel (provider message, hints).
 * @csspart reference - The transaction reference.
 * @csspart link - The fallback link to the provider's page.
 *
 * @cssprop [--mozarto-color-primary=#1f4fd1] - Buttons, links, focus ring, spinner.
 * @cssprop [--mozarto-color-on-primary=#ffffff] - Text on primary buttons.
 * @cssprop [--mozarto-color-text=#1a1d21] - Text.
 * @cssprop [--mozarto-color-background=#ffffff] - Background of the widget and inputs.
 * @cssprop [--mozarto-color-border=#767d87] - Input borders.
 * @cssprop [--mozarto-color-error=#b42318] - Error text and borders.
 * @cssprop [--mozarto-color-success=#18733a] - Approved headline.
 * @cssprop [--mozarto-radius=0.5rem] - Corner radius of inputs, buttons and boxes.
 * @cssprop [--mozarto-font-family=system-ui] - Font.
 * @cssprop [--mozarto-font-size=1rem] - Base font size.
 * @cssprop [--mozarto-spacing=1rem] - Gap between fields and padding.
 *
 * Custom states (`mozarto-cashier:state(processing)`) mirror `data-state`, plus the final status
 * (`:state(approved)`…) in the done state.
 */
export class MozartoCashier extends LitElement {
  static override styles = styles;

  /** Base URL of the merchant's proxy. */
  @property() endpoint = '/api/cashier';

  /**
   * The provider's pspType (e.g. `PAYONE`), or several separated by spaces: the first one the
   * proxy enables for the flow is used. Absent: the first method the proxy enables.
   */
  @property() psp?: string;

  /** `payin` (deposit) or `payout` (withdrawal). */
  @property() type: Flow = 'payin';

  /** Prefills the amount ("100" or "100.00"); the player may change it. */
  @property() amount?: string;

  /** Fixes the currency (ISO 4217). Absent and the provider offers several: a `<select>`. */
  @property() currency?: string;

  /** Locale for amounts (`Intl.NumberFormat`); defaults to the nearest `lang`, else `en`. */
  @property() locale?: string;

  /** Resume: show the live status of this transaction id instead of the form. */
  @property() transaction?: string;

  /** Space-separated hosts (`pay.example.com`, `*.example.com`) the widget may redirect to; empty allows any https host. */
  @property({ attribute: 'allow-hosts' }) allowHosts?: string;

  /** Values for the provider's fields (e.g. `{ email }`); they never overwrite what the player typed. */
  @property({ attribute: false }) prefill: Readonly<Record<string, string>> = {};

  /** Overrides for any English text, by key (see `i18n/en.ts`). */
  @property({ attribute: false }) messages: Partial<WidgetMessages> = {};

  @state() private view: FlowState = initialState;
  @state() private form: FormState = createForm();
  @state() private setup?: Setup;
  @state() private announcement = '';

  /** Poll timing; tests and special pages may shorten it. */
  protected pollTiming: Partial<PollTiming> = {};

  readonly #keys = new IdempotencyKeys();
  #poller?: Poller;
  #run = 0;
  #flowOfTransaction?: Flow;
  #seen?: { id: string; status: Status };
  #hadFocus = false;
  #internals?: ElementInternals;

  constructor() {
    super();
    try {
      this.#internals = this.attachInternals();
    } catch {
      // custom states are an enhancement
    }
  }

  /** Navigates to the provider's page; override to open it differently (tests do). */
  protected navigate(url: string): void {
    window.location.assign(url);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    const v = this.view;
    if (this.hasUpdated && v.name === 'processing' && !v.checking && !v.stalled) this.#poll(v.transactionId, v.flow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stopPolling();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || RESTART.some((k) => changed.has(k))) void this.#start();
    if (changed.has('prefill') || changed.has('amount')) this.#applyPrefill();
    if (changed.has('view' as keyof MozartoCashier)) this.#hadFocus = this.matches(':focus-within');
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('view' as keyof MozartoCashier)) return;
    const name = this.view.name;
    try {
      const states = this.#internals?.states;
      if (states) {
        states.clear();
        states.add(name);
        if (this.view.name === 'done') states.add(this.view.status);
      }
    } catch {
      // older engines only accept dashed state names
    }
    if (this.#hadFocus && name !== 'editing' && name !== 'submitting') {
      this.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
    }
  }

  // ---- flow --------------------------------------------------------------------------------

  get #api(): CashierApi {
    return createApi(this.endpoint);
  }

  #dispatch(event: FlowEvent): void {
    const prev = this.view;
    const next = reduce(prev, event);
    if (next === prev) return;
    this.view = next;
    const samePolling =
      next.name === 'processing' && !next.checking && !next.stalled && prev.name === 'processing' && prev.transactionId === next.transactionId;
    if (!samePolling) this.#stopPolling();
    switch (next.name) {
      case 'processing':
        if (!next.checking && !next.stalled && !this.#poller) this.#poll(next.transactionId, next.flow);
        break;
      case 'redirecting':
        rememberTransaction(next.transactionId);
        if (emit(this, 'mozarto-redirect', { url: next.url, transactionId: next.transactionId }, true)) this.navigate(next.url);
        break;
      case 'done':
        forgetTransaction(next.transactionId);
        emit(this, 'mozarto-complete', { transactionId: next.transactionId, status: next.status });
        this.#announce(this.#doneText(next.flow, next.status));
        break;
      case 'error':
        this.#reportError(next.error);
        break;
    }
  }

  /** (Re)starts from the attributes: resume a transaction, or load the config and show the form. */
  async #start(): Promise<void> {
    const run = ++this.#run;
    this.#stopPolling();
    this.#seen = undefined;
    if (this.transaction) return this.#resume(this.transaction, this.#flow(), run);
    await this.#loadForm(run);
  }

  /** Shows the live status of an existing transaction. */
  async #resume(id: string, flow: Flow, run = ++this.#run): Promise<void> {
    this.#flowOfTransaction = flow;
    this.#dispatch({ type: 'resume', transactionId: id, flow });
    const res = await this.#api.status(id);
    if (run !== this.#run) return;
    if (res.ok) this.#onStatus(id, res.data);
    else this.#dispatch({ type: 'fail', error: res.error, retry: 'resume', transactionId: id });
  }

  async #loadForm(run = ++this.#run): Promise<void> {
    this.#dispatch({ type: 'load' });
    const res = await this.#api.config();
    if (run !== this.#run) return;
    if (!res.ok) return this.#dispatch({ type: 'fail', error: res.error, retry: 'config' });
    const result = resolveSetup(res.data, catalog, { psp: this.psp, type: this.type, currency: this.currency });
    if (!result.ok) {
      console.error(`<mozarto-cashier>: ${result.error.message}`);
      return this.#dispatch({ type: 'fail', error: result.error });
    }
    this.setup = result.setup;
    this.#applyPrefill();
    this.#dispatch({ type: 'ready' });
  }

  #applyPrefill(): void {
    this.form = prefill(this.form, { ...this.prefill, [AMOUNT]: this.amount });
  }

  async #submit(): Promise<void> {
    const setup = this.setup;
    if (!setup) return;
    if (this.view.name === 'error' && this.view.retry === 'submit') this.#dispatch({ type: 'ready' });
    if (this.#now() !== 'editing') return;

    const order = fieldOrder(setup);
    this.form = showAll(this.form, order);
    const checked = this.#check();
    if (!(await this.#reportInvalid(checked))) return;

    const body: CreateTransactionRequest = {
      pspType: setup.def.pspType,
      type: setup.flow,
      amount: checked.amount!,
      currency: checked.currency,
      fields: checked.fields,
    };
    const go = emit(this, 'mozarto-submit', { pspType: body.pspType, type: body.type, amount: body.amount, currency: body.currency }, true);
    if (!go) return;

    const key = this.#keys.keyFor(JSON.stringify(body));
    this.#dispatch({ type: 'submit' });
    const res = await this.#api.create(body, key);
    if (this.#now() !== 'submitting') return; // restarted meanwhile

    if (res.ok) {
      this.#keys.settle();
      const tx = res.data;
      this.#flowOfTransaction = setup.flow;
      emit(this, 'mozarto-created', { transactionId: tx.transactionId, status: tx.status, outcome: tx.outcome });
      this.#noteStatus(tx.transactionId, tx.status);
      this.#dispatch({ type: 'created', response: tx, flow: setup.flow, allowHosts: this.#allowHosts() });
      return;
    }

    const error = res.error;
    if (error.code === 'idempotency_conflict') this.#keys.settle();
    let unplaced = true;
    if (error.code === 'invalid_field' || error.field) {
      const applied = applyServerErrors(this.form, error, order);
      this.form = applied.form;
      unplaced = applied.unplaced;
    }
    this.#dispatch({ type: 'rejected', error: unplaced ? error : undefined });
    if (this.#now() === 'editing') {
      this.#reportError(error);
      if (!unplaced) await this.#reportInvalid(this.#check());
    }
  }

  /** Announces a summary and focuses the first field showing an error; true when there is none. */
  async #reportInvalid(checked: CheckedForm): Promise<boolean> {
    const shown = visibleErrors(this.form, checked);
    const invalid = fieldOrder(this.setup!).filter((n) => shown[n]);
    if (invalid.length === 0) return true;
    this.#announce(invalid.length === 1 ? this.#t('summary.one') : this.#t('summary.other', { count: invalid.length }));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[name="${invalid[0]}"]`)?.focus();
    return false;
  }

  #onStatus(id: string, data: TransactionStatusResponse): void {
    const flow = data.type ?? this.#flowOfTransaction ?? this.#flow();
    this.#noteStatus(id, data.status);
    this.#dispatch({ type: 'status', transactionId: id, flow, status: data.status, message: data.message });
  }

  #noteStatus(transactionId: string, status: Status): void {
    if (this.#seen?.id === transactionId && this.#seen.status === status) return;
    this.#seen = { id: transactionId, status };
    emit(this, 'mozarto-status', { transactionId, status });
  }

  #poll(id: string, flow: Flow): void {
    this.#stopPolling();
    this.#flowOfTransaction = flow;
    const poller = createPoller({
      ...this.pollTiming,
      fetch: () => this.#api.status(id),
      onStatus: (data) => this.#onStatus(id, data),
      onError: (error) => this.#dispatch({ type: 'fail', error, retry: 'resume', transactionId: id }),
      onGiveUp: () => this.#dispatch({ type: 'stalled' }),
    });
    this.#poller = poller;
    poller.start();
    if (document.hidden) poller.pause();
  }

  #stopPolling(): void {
    this.#poller?.stop();
    this.#poller = undefined;
  }

  #onVisibility = (): void => {
    if (document.hidden) this.#poller?.pause();
    else this.#poller?.resume();
  };

  #retry(kind: RetryKind | undefined, transactionId?: string): void {
    if (kind === 'submit') void this.#submit();
    else if (kind === 'resume' && transactionId) void this.#resume(transactionId, this.#flowOfTransaction ?? this.#flow());
    else void this.#loadForm();
  }

  /** "Try again" after a final status: the same form, a new transaction. */
  #again(): void {
    this.#keys.settle();
    if (this.setup) this.#dispatch({ type: 'ready' });
    else void this.#loadForm();
  }

  #reportError(error: WidgetError): void {
    const detail = { code: error.code, message: error.message, retryable: error.retryable, ...(error.field ? { field: error.field } : {}) };
    emit(this, 'mozarto-error', detail);
  }

  #announce(text: string): void {
    // Clear first so the same sentence twice is announced twice.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** The current state's name, read afresh (awaits and dispatches change it). */
  #now(): FlowState['name'] {
    return this.view.name;
  }

  #flow(): Flow {
    return this.type === 'payout' ? 'payout' : 'payin';
  }

  #allowHosts(): string[] {
    return (this.allowHosts ?? '').split(/\s+/).filter(Boolean);
  }

  #check(): CheckedForm {
    return checkForm(this.setup!, this.form.values);
  }

  #t(key: string, params?: Readonly<Record<string, string | number>>): string {
    const own = (this.messages as Record<string, string | undefined>)[key];
    return format(own ?? (en as Record<string, string>)[key] ?? key, params);
  }

  #known(key: string): boolean {
    return key in en || key in this.messages;
  }

  #locale(): string {
    return this.locale || this.closest('[lang]')?.getAttribute('lang') || 'en';
  }

  #money(canonical: string, currency: string): string {
    try {
      return new Intl.NumberFormat(this.#locale(), { style: 'currency', currency }).format(Number(canonical));
    } catch {
      try {
        return new Intl.NumberFormat('en', { style: 'currency', currency }).format(Number(canonical));
      } catch {
        return `${canonical} ${currency}`;
      }
    }
  }

  #errorText(error: FieldError, label: string, currency: string): string {
    if (!this.#known(error.key) && error.text) return error.text;
    const params: Record<string, string | number> = { ...error.params, label };
    if (error.key === 'error.amount_min' || error.key === 'error.amount_max') {
      for (const k of ['min', 'max']) if (typeof params[k] === 'string') params[k] = this.#money(params[k] as string, currency);
    }
    return this.#t(error.key, params);
  }

  #errorMessage(error: WidgetError): string {
    if (error.key && this.#known(error.key)) return this.#t(error.key);
    const byCode = `error.code.${error.code}`;
    if (this.#known(byCode)) return this.#t(byCode);
    return this.#t(error.retryable ? 'error.code.retry' : 'error.code.fatal');
  }

  #doneText(flow: Flow, status: Status): string {
    return this.#t(`done.${flow}.${status}`);
  }

  // ---- rendering ---------------------------------------------------------------------------

  override render(): TemplateResult {
    const v = this.view;
    return html`<div part="base" class="base" data-state=${v.name}>
      ${this.#body(v)}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  #body(v: FlowState): TemplateResult {
    const psp = this.setup?.def.name ?? '';
    switch (v.name) {
      case 'idle':
        return this.#panel('loading', this.#t('state.loading'), true);
      case 'editing':
        return this.#renderForm(false, v.error);
      case 'submitting':
        return this.#renderForm(true);
      case 'redirecting':
        return this.#panel(
          'redirecting',
          this.#t('state.redirecting', { psp }),
          true,
          html`<a part="link" href=${v.url}>${this.#t('action.continue', { psp })}</a>`,
        );
      case 'processing':
        return this.#panel(
          v.stalled ? 'stalled' : v.status,
          this.#t(v.checking ? 'state.checking' : `state.processing.${v.flow}`),
          !v.stalled,
          html`${v.stalled ? html`<p part="detail">${this.#t('state.stalled')}</p>` : nothing}
            ${this.#reference(v.transactionId)}
            ${v.stalled ? this.#button(this.#t('action.check_again'), () => this.#dispatch({ type: 'recheck' })) : nothing}`,
        );
      case 'done':
        return this.#panel(
          v.status,
          this.#doneText(v.flow, v.status),
          false,
          html`${v.message ? html`<p part="detail">${v.message}</p>` : nothing} ${this.#reference(v.transactionId)}
          ${v.status === 'approved' ? nothing : this.#button(this.#t('action.try_again'), () => this.#again())}`,
        );
      case 'error':
        return this.#panel(
          'error',
          this.#errorMessage(v.error),
          false,
          html`${v.transactionId ? this.#reference(v.transactionId) : nothing}
          ${v.error.retryable && v.retry ? this.#button(this.#t('action.try_again'), () => this.#retry(v.retry, v.transactionId)) : nothing}`,
          'failure',
        );
    }
  }

  #panel(status: string, message: string, busy: boolean, extra: TemplateResult | typeof nothing = nothing, cls = ''): TemplateResult {
    return html`<div part="status" class="status ${cls}" data-status=${status} tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
      ${busy ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}
      <p part="message" class="headline">${message}</p>
      ${extra}
    </div>`;
  }

  #reference(id: string): TemplateResult {
    return html`<p part="reference" class="reference">${this.#t('state.reference', { id })}</p>`;
  }

  #button(label: string, onClick: () => void, secondary = false): TemplateResult {
    return html`<button part="button retry" type="button" class=${secondary ? 'secondary' : ''} @click=${onClick}>${label}</button>`;
  }

  #renderForm(submitting: boolean, error?: WidgetError): TemplateResult {
    const setup = this.setup!;
    const checked = this.#check();
    const shown = visibleErrors(this.form, checked);
    const currency = checked.currency;
    const verb = setup.flow === 'payout' ? 'withdraw' : 'pay';
    const cta = checked.amount ? this.#t(`action.${verb}`, { amount: this.#money(checked.amount, currency) }) : this.#t(`action.${verb}_plain`);
    const several = setup.currencies.length > 1;
    return html`<form
      part="form"
      novalidate
      aria-busy=${submitting ? 'true' : 'false'}
      @submit=${this.#onSubmit}
      @input=${this.#onInput}
      @focusout=${this.#onLeave}
    >
      ${setup.fields.map((f) => this.#field(f.name, this.#t(f.label), f.input ?? {}, !f.optional, shown[f.name], currency))}
      <div class="row">
        ${this.#field(
          AMOUNT,
          this.#t('label.amount'),
          { type: 'text', inputmode: 'decimal', autocomplete: 'transaction-amount', maxlength: 20 },
          true,
          shown[AMOUNT],
          currency,
          several ? undefined : currency,
        )}
        ${several
          ? html`<div part="field" class="field">
              <label part="label" for="f-currency">${this.#t('label.currency')}</label>
              <select part="input select" id="f-currency" name=${CURRENCY} .value=${live(currency)}>
                ${setup.currencies.map((c) => html`<option value=${c} ?selected=${c === currency}>${c}</option>`)}
              </select>
            </div>`
          : nothing}
      </div>
      ${error
        ? html`<div part="error form-error" class="form-error" role="alert">
            <p>${this.#errorMessage(error)}</p>
            ${error.retryable ? this.#button(this.#t('action.try_again'), () => void this.#submit(), true) : nothing}
          </div>`
        : nothing}
      <button part="button submit" class="submit" type="submit" ?disabled=${submitting}>
        ${submitting ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}${cta}
      </button>
    </form>`;
  }

  #field(
    name: string,
    label: string,
    hints: InputHints,
    required: boolean,
    error: FieldError | undefined,
    currency: string,
    suffix?: string,
  ): TemplateResult {
    const id = `f-${name}`;
    const describedBy = [error ? `e-${name}` : '', suffix ? `s-${name}` : ''].filter(Boolean).join(' ');
    return html`<div part="field" class="field">
      <label part="label" for=${id}>${label}</label>
      <div class="control">
        <input
          part="input"
          id=${id}
          name=${name}
          type=${hints.type ?? 'text'}
          autocomplete=${hints.autocomplete ?? nothing}
          inputmode=${hints.inputmode ?? nothing}
          maxlength=${hints.maxlength ?? nothing}
          ?required=${required}
          aria-invalid=${error ? 'true' : nothing}
          aria-describedby=${describedBy || nothing}
          .value=${live(this.form.values[name] ?? '')}
        />
        ${suffix ? html`<span part="currency" class="suffix" id="s-${name}">${suffix}</span>` : nothing}
      </div>
      ${error ? html`<p part="error" class="error" id="e-${name}">${this.#errorText(error, label, currency)}</p>` : nothing}
    </div>`;
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    void this.#submit();
  }

  #onInput(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.name) this.form = edit(this.form, target.name, target.value);
  }

  #onLeave(event: FocusEvent): void {
    const target = event.target as HTMLInputElement;
    if (target.name) this.form = leave(this.form, target.name);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mozarto-cashier': MozartoCashier;
  }
}
