import { html, nothing, type TemplateResult } from 'lit/html.js';
import { BUILT_IN_PSPS } from '../core/catalog.js';
import type { ConfigResponse, CreateTransactionRequest, TransactionStatusResponse } from '../core/contract.js';
import { format } from '../core/messages/en.js';
import type { Flow } from '../core/psp/types.js';
import type { Status } from '../core/status.js';
import { createApi, type CashierApi } from './api.js';
import type { WidgetError } from './errors.js';
import { emit } from './events.js';
import { IdempotencyKeys, initialState, isWatching, reduce, type FlowEvent, type FlowState, type RetryKind } from './flow.js';
import {
  AMOUNT,
  CURRENCY,
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
  type FieldError,
  type FormState,
} from './form.js';
import { en, type WidgetMessages } from './i18n/en.js';
import { isRtl, languageOf, loadLocale, localeMessages } from './i18n/locales.js';
import type { PollTiming } from './poller.js';
import { clock, headline, renderStatus, type RedirectTarget, type StatusContext, type StatusView } from './render-status.js';
import { forgetInFlight, forgetTransaction, inFlight, rememberInFlight, rememberTransaction } from './resume.js';
import { watchTransaction, type Watcher } from './watch.js';
import { formStyles, renderField, renderFields, renderPicker, type FieldsView } from './render-form.js';
import { methodChoices, resolveSetup, type Choice, type Setup } from './setup.js';
import { styles } from './styles.js';
import { BaseElement, type Changed, type PropertyOptions } from './base-element.js';

/**
 * The built-in providers, looked up by pspType. Not a `Catalog`: its checks of a definition are
 * for the proxy's own registrations (the built-ins pass them, test/core), so the script bundle
 * leaves them out.
 */
const catalog = { find: (pspType: string) => BUILT_IN_PSPS.find((d) => d.pspType === pspType) };

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
 * @fires {MozartoRedirectEvent} mozarto-redirect - Cancelable. About to open the provider's page (in `redirect-target`). Detail `{ url, transactionId }`; cancel to navigate yourself.
 * @fires {MozartoStatusEvent} mozarto-status - A new status was learned (by push or polling), once per change. Detail `{ transactionId, status }` — `pending`, `awaiting_approval` or a final one.
 * @fires {MozartoCompleteEvent} mozarto-complete - The transaction reached a final status. Detail `{ transactionId, status }`.
 * @fires {MozartoErrorEvent} mozarto-error - Something failed. Detail `{ code, message, retryable, field? }`.
 *
 * @csspart base - The wrapper; carries `data-state` (idle, editing, submitting, redirecting, processing, awaiting-approval, done, error).
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
 * @csspart elapsed - Time elapsed while processing (`m:ss`, hidden from screen readers).
 * @csspart hint - The quiet "Reconnecting…" hint (also `detail`).
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
export class MozartoCashier extends BaseElement {
  static override styles = [styles, formStyles];

  // `static properties` + `declare` fields, as in Lit without decorators (base-element.ts).
  // `state: true`: internal, no attribute (and none in custom-elements.json).
  static override properties: Readonly<Record<string, PropertyOptions>> = {
    endpoint: {},
    psp: {},
    type: {},
    amount: {},
    currency: {},
    locale: {},
    transaction: {},
    allowHosts: { attribute: 'allow-hosts' },
    redirectTarget: { attribute: 'redirect-target' },
    giveUpAfter: { attribute: 'give-up-after', type: Number },
    prefill: { attribute: false },
    messages: { attribute: false },
    view: { state: true },
    form: { state: true },
    setup: { state: true },
    choices: { state: true },
    picking: { state: true },
    announcement: { state: true },
    elapsed: { state: true },
  };

  /** Base URL of the merchant's proxy. */
  declare endpoint: string;

  /**
   * The provider's pspType (e.g. `PAYONE`), or several separated by spaces: the first one the
   * proxy enables for the flow is used. Absent: the first method the proxy enables.
   */
  declare psp?: string;

  /** `payin` (deposit) or `payout` (withdrawal). */
  declare type: Flow;

  /** Prefills the amount ("100" or "100.00"); the player may change it. */
  declare amount?: string;

  /** Fixes the currency (ISO 4217). Absent and the provider offers several: a `<select>`. */
  declare currency?: string;

  /** Locale for amounts (`Intl.NumberFormat`); defaults to the nearest `lang`, else `en`. */
  declare locale?: string;

  /** Resume: show the live status of this transaction id instead of the form. */
  declare transaction?: string;

  /** Space-separated hosts (`pay.example.com`, `*.example.com`) the widget may redirect to; empty allows any https host. */
  declare allowHosts?: string;

  /**
   * Where the provider's page opens: `self` (this window), `top` (the top window when framed;
   * this window when not framed), `blank` (a new tab; this page then follows the transaction).
   * When the browser blocks it, a "Continue to …" link is shown.
   */
  declare redirectTarget: RedirectTarget;

  /** Seconds of waiting for an outcome before showing "Still processing" with "Check again". */
  declare giveUpAfter: number;

  /** Values for the provider's fields (e.g. `{ email }`); they never overwrite what the player typed. */
  declare prefill: Readonly<Record<string, string>>;

  /** Overrides for any text in any locale, by key (see `i18n/en.ts`). */
  declare messages: Partial<WidgetMessages>;

  declare private view: FlowState;
  declare private form: FormState;
  declare private setup?: Setup;
  /** Methods to pick from (no `psp` attribute and several enabled); empty when there is no picker. */
  declare private choices: readonly Choice[];
  declare private picking: boolean;
  #config?: ConfigResponse;
  declare private announcement: string;
  declare private elapsed: number;

  /** Poll timing and the give-up in ms (else `give-up-after`); tests and special pages may shorten them. */
  protected pollTiming: Partial<PollTiming> & { giveUpAfter?: number } = {};

  readonly #keys = new IdempotencyKeys();
  #watcher?: Watcher;
  #ticker?: ReturnType<typeof setInterval>;
  #since = 0;
  #run = 0;
  #flowOfTransaction?: Flow;
  #seen?: { id: string; status: Status };
  #hadFocus = false;
  /** Settles once the texts of the current locale are loaded (or known to be missing). */
  #localeReady: Promise<unknown> = Promise.resolve();
  #localeFor?: string;
  #internals?: ElementInternals;

  constructor() {
    super();
    this.endpoint = '/api/cashier';
    this.type = 'payin';
    this.redirectTarget = 'self';
    this.giveUpAfter = 120;
    this.prefill = {};
    this.messages = {};
    this.view = initialState;
    this.form = createForm();
    this.choices = [];
    this.picking = false;
    this.announcement = '';
    this.elapsed = 0;
    try {
      this.#internals = this.attachInternals();
    } catch {
      // custom states are an enhancement
    }
  }

  /**
   * Opens the provider's page in `target`; false when the browser blocked it (a pop-up blocker,
   * a sandboxed frame). Override to open it differently (tests do).
   */
  protected navigate(url: string, target: RedirectTarget = 'self'): boolean {
    try {
      if (target === 'blank') {
        // No `noopener` feature: with it window.open always returns null and a block is invisible.
        const w = window.open(url, '_blank');
        if (w) w.opener = null;
        return !!w;
      }
      // Cross-origin, a Location only lets `href` be set; a sandboxed frame throws here.
      if (target === 'top' && window.top && window.top !== window) window.top.location.href = url;
      else window.location.assign(url);
      return true;
    } catch {
      return false;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    const v = this.view;
    if (this.hasUpdated && isWatching(v) && !v.checking && !v.stalled) this.#watch(v.transactionId, v.flow);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stopWatching();
  }

  protected override willUpdate(changed: Changed): void {
    // The locale (attribute, else the nearest lang) is read on every update; a new one loads its texts.
    const locale = this.#locale();
    if (locale !== this.#localeFor) {
      this.#localeFor = locale;
      this.#localeReady = loadLocale(locale).then(() => this.requestUpdate());
    }
    if (!this.hasUpdated || RESTART.some((k) => changed.has(k))) void this.#start();
    if (changed.has('prefill') || changed.has('amount')) this.#applyPrefill();
    if (changed.has('view')) {
      // The submitting state's disabled button drops focus to <body>; it still belonged here.
      const was = changed.get('view') as FlowState | undefined;
      this.#hadFocus = this.matches(':focus-within') || (this.#hadFocus && was?.name === 'submitting');
    }
  }

  protected override updated(changed: Changed): void {
    if (!changed.has('view')) return;
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
    const live = (s: FlowState) => isWatching(s) && !s.checking && !s.stalled;
    const sameTx = isWatching(prev) && isWatching(next) && prev.transactionId === next.transactionId;
    if (!(sameTx && live(prev) && live(next))) this.#stopWatching();
    if (isWatching(next)) {
      if (!sameTx) this.#since = Date.now();
      if (live(next) && !this.#watcher) this.#watch(next.transactionId, next.flow);
      // The live region speaks on real changes only: never the clock, never "Reconnecting…".
      const news = next.stalled
        ? !(sameTx && prev.stalled)
        : next.name === 'awaiting-approval'
          ? prev.name !== next.name
          : !next.checking && (prev.name !== 'processing' || prev.checking);
      if (news) this.#announce(headline(next, this.#statusContext(next)));
      return;
    }
    if (next.name === 'editing' || next.name === 'submitting' || next.name === 'idle') return;
    this.#announce(headline(next, this.#statusContext(next)));
    if (next.name === 'redirecting') {
      if (!next.blocked) this.#redirect(next.transactionId, next.url);
    } else if (next.name === 'done') {
      forgetTransaction(next.transactionId);
      forgetInFlight(next.transactionId);
      emit(this, 'mozarto-complete', { transactionId: next.transactionId, status: next.status });
    } else {
      if (next.transactionId && !next.error.retryable) forgetInFlight(next.transactionId);
      this.#reportError(next.error);
    }
  }

  #redirect(transactionId: string, url: string): void {
    rememberTransaction(transactionId);
    if (!emit(this, 'mozarto-redirect', { url, transactionId }, true)) return;
    const target = this.redirectTarget;
    if (!this.navigate(url, target)) return this.#dispatch({ type: 'blocked' });
    if (target === 'blank') {
      // The player pays in the other tab; this one follows the outcome.
      const flow = this.#flowOfTransaction ?? this.#flow();
      rememberInFlight(this.endpoint, transactionId, flow);
      this.#dispatch({ type: 'opened', flow });
    }
  }

  /** (Re)starts from the attributes: resume a transaction, or load the config and show the form. */
  async #start(): Promise<void> {
    const run = ++this.#run;
    this.#stopWatching();
    this.#seen = undefined;
    // An explicit transaction, else one this tab was watching when it reloaded (never a finished one).
    const id = this.transaction || inFlight(this.endpoint, this.#flow());
    if (id) return this.#resume(id, this.#flow(), run);
    await this.#loadForm(run);
  }

  /** Shows the live status of an existing transaction. */
  async #resume(id: string, flow: Flow, run = ++this.#run): Promise<void> {
    this.#flowOfTransaction = flow;
    this.#dispatch({ type: 'resume', transactionId: id, flow });
    const [res] = await Promise.all([this.#api.status(id), this.#localeReady]);
    if (run !== this.#run) return;
    if (res.ok) this.#onStatus(id, res.data);
    else this.#dispatch({ type: 'fail', error: res.error, retry: 'resume', transactionId: id });
  }

  async #loadForm(run = ++this.#run): Promise<void> {
    this.#dispatch({ type: 'load' });
    const [res] = await Promise.all([this.#api.config(), this.#localeReady]);
    if (run !== this.#run) return;
    if (!res.ok) return this.#dispatch({ type: 'fail', error: res.error, retry: 'config' });
    this.#config = res.data;
    this.choices = methodChoices(res.data, catalog, { psp: this.psp, type: this.type, currency: this.currency });
    // Several methods and no `psp`: the player picks one first.
    this.picking = this.choices.length > 1;
    if (this.picking) {
      this.setup = undefined;
      return this.#dispatch({ type: 'ready' });
    }
    // One method left (e.g. after the fixed currency ruled the others out): straight to its form.
    this.#useMethod(this.psp?.trim() ? this.psp : this.choices[0]?.pspType);
  }

  /** Shows the form of one method (`psp` absent: the first enabled). */
  #useMethod(psp: string | undefined): void {
    const result = resolveSetup(this.#config!, catalog, { psp, type: this.type, currency: this.currency });
    if (!result.ok) {
      console.error(`<mozarto-cashier>: ${result.error.message}`);
      return this.#dispatch({ type: 'fail', error: result.error });
    }
    this.setup = result.setup;
    this.picking = false;
    this.#applyPrefill();
    this.#dispatch({ type: 'ready' });
  }

  #choose(pspType: string): void {
    // A new provider, a new form: nothing typed for another provider (a card number…) carries over.
    this.form = createForm();
    this.#useMethod(pspType);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~="form"] [name]')?.focus());
  }

  #back(): void {
    this.picking = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('input[name="method"]:checked')?.focus());
  }

  #applyPrefill(): void {
    // Card data and voucher PINs are never prefilled (ADR 0004).
    const secret = new Set(BUILT_IN_PSPS.flatMap((d) => d.fields.filter((f) => f.secret).map((f) => f.name)));
    const values = Object.fromEntries(Object.entries(this.prefill).filter(([k]) => !secret.has(k)));
    this.form = prefill(this.form, { ...values, [AMOUNT]: this.amount });
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
      // The card and PIN did their job: not kept for a later "Try again" (ADR 0004).
      this.form = forget(this.form, setup.fields.filter((f) => f.secret).map((f) => f.name));
      const tx = res.data;
      this.#flowOfTransaction = setup.flow;
      emit(this, 'mozarto-created', { transactionId: tx.transactionId, status: tx.status, outcome: tx.outcome });
      this.#noteStatus(tx.transactionId, tx.status);
      this.#dispatch({ type: 'created', response: tx, flow: setup.flow, allowHosts: this.#allowHosts() });
      if (isWatching(this.view)) rememberInFlight(this.endpoint, tx.transactionId, setup.flow);
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

  /** Follows a transaction: push when the proxy offers it, else polling; see `watch.ts`. */
  #watch(id: string, flow: Flow): void {
    this.#stopWatching();
    this.#flowOfTransaction = flow;
    const api = this.#api;
    const { giveUpAfter, ...timing } = this.pollTiming;
    const seconds = Number(this.giveUpAfter);
    const watcher = watchTransaction({
      poll: () => api.status(id),
      stream: api.stream(id),
      timing,
      giveUpAfter: giveUpAfter ?? (seconds > 0 ? seconds : 120) * 1000,
      hidden: () => document.hidden,
      onStatus: (data) => this.#onStatus(id, data),
      onError: (error) => this.#dispatch({ type: 'fail', error, retry: 'resume', transactionId: id }),
      onGiveUp: () => this.#dispatch({ type: 'stalled' }),
      onConnection: (ok) => this.#dispatch({ type: 'connection', ok }),
    });
    this.#watcher = watcher;
    const tick = () => (this.elapsed = Date.now() - this.#since);
    tick();
    this.#ticker = setInterval(tick, 1000);
    watcher.start();
  }

  #stopWatching(): void {
    this.#watcher?.stop();
    this.#watcher = undefined;
    clearInterval(this.#ticker);
  }

  #onVisibility = (): void => {
    if (document.hidden) this.#watcher?.pause();
    else this.#watcher?.resume();
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
    const local = (localeMessages(this.#locale()) as Record<string, string | undefined> | undefined)?.[key];
    return format(own ?? local ?? (en as Record<string, string>)[key] ?? key, params);
  }

  /** A text for `key` exists (else the proxy's own words are shown): overrides, the loaded language, English. */
  #known(key: string): boolean {
    return key in en || key in this.messages || key in (localeMessages(this.#locale()) ?? {});
  }

  /** The `locale` attribute, else the nearest `lang`, across shadow roots, else `en`. */
  #locale(): string {
    if (this.locale) return this.locale;
    for (let n: Node | null = this; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
      const lang = n instanceof Element && n.getAttribute('lang');
      if (lang) return lang;
    }
    return 'en';
  }

  /** The language the texts are actually in: the locale once its messages are loaded, else English. */
  #lang(): string {
    const locale = this.#locale();
    return languageOf(locale) === 'en' || localeMessages(locale) ? locale : 'en';
  }

  #money(canonical: string, currency: string): string {
    // The page's locale, else English (a malformed locale), else plain text (an unknown currency).
    for (const locale of [this.#locale(), 'en']) {
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(canonical));
      } catch {
        // next
      }
    }
    return `${canonical} ${currency}`;
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

  // ---- rendering ---------------------------------------------------------------------------

  override render(): TemplateResult {
    const v = this.view;
    const lang = this.#lang();
    // A right-to-left language turns the content around even on a left-to-right page; any
    // other language follows the page's direction.
    return html`<div part="base" class="base" data-state=${v.name} lang=${lang} dir=${isRtl(lang) ? 'rtl' : nothing}>
      ${this.#body(v)}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
    </div>`;
  }

  #body(v: FlowState): TemplateResult {
    if (v.name === 'editing') return this.#renderForm(false, v.error);
    if (v.name === 'submitting') return this.#renderForm(true);
    return renderStatus(v, this.#statusContext(v));
  }

  #statusContext(v: StatusView): StatusContext {
    return {
      t: (key, params) => this.#t(key, params),
      psp: this.setup?.def.name ?? '',
      elapsed: clock(this.elapsed),
      target: this.redirectTarget,
      errorText: (error) => this.#errorMessage(error),
      again: () => this.#again(),
      retry: () => v.name === 'error' && this.#retry(v.retry, v.transactionId),
      recheck: () => this.#dispatch({ type: 'recheck' }),
    };
  }

  #renderForm(submitting: boolean, error?: WidgetError): TemplateResult {
    if (this.picking || !this.setup) {
      return renderPicker(this.choices, this.setup?.def.pspType ?? this.choices[0]?.pspType ?? '', (k, p) => this.#t(k, p), (c) => this.#choose(c));
    }
    const setup = this.setup;
    const checked = this.#check();
    const shown = visibleErrors(this.form, checked);
    const currency = checked.currency;
    const verb = setup.flow === 'payout' ? 'withdraw' : 'pay';
    const cta = checked.amount ? this.#t(`action.${verb}`, { amount: this.#money(checked.amount, currency) }) : this.#t(`action.${verb}_plain`);
    const several = setup.currencies.length > 1;
    const view = this.#fieldsView(shown, currency);
    return html`<form
      part="form"
      novalidate
      aria-busy=${submitting ? 'true' : 'false'}
      @submit=${this.#onSubmit}
      @input=${this.#onInput}
      @focusout=${this.#onLeave}
    >
      ${this.choices.length > 1
        ? html`<button part="button back" class="secondary back" type="button" @click=${() => this.#back()}>${this.#t('action.back')}</button>`
        : nothing}
      ${renderFields(setup.fields, view)}
      <div class="row">
        ${renderField(
          {
            name: AMOUNT,
            label: this.#t('label.amount'),
            hints: { type: 'text', inputmode: 'decimal', autocomplete: 'transaction-amount', maxlength: 20 },
            required: true,
            ...(several ? {} : { suffix: currency }),
          },
          view,
        )}
        ${several ? renderField({ name: CURRENCY, label: this.#t('label.currency'), hints: {}, required: true, options: setup.currencies }, view) : nothing}
      </div>
      ${error
        ? html`<div part="error form-error" class="form-error" role="alert">
            <p>${this.#errorMessage(error)}</p>
            ${error.retryable
              ? html`<button part="button retry" type="button" class="secondary" @click=${() => void this.#submit()}>${this.#t('action.try_again')}</button>`
              : nothing}
          </div>`
        : nothing}
      <button part="button submit" class="submit" type="submit" ?disabled=${submitting}>
        ${submitting ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}${cta}
      </button>
    </form>`;
  }

  #fieldsView(errors: Readonly<Record<string, FieldError>>, currency: string): FieldsView {
    return {
      // The currency select shows the one the form will send (the first, until the player picks).
      values: { ...this.form.values, [CURRENCY]: currency },
      errors,
      t: (key, params) => this.#t(key, params),
      errorText: (error: FieldError, label: string) => this.#errorText(error, label, currency),
      locale: this.#locale(),
    };
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
