/**
 * The cashier's flow effects, as a Lit reactive controller: load the proxy's config (or resume a
 * transaction), pick a method, submit, follow the outcome, redirect. The states are the pure
 * reducer's (../flow-machine.ts); this runs what entering each one means, and emits the element's events.
 *
 * One `AbortController` per run: starting over (a changed attribute, "Try again") or leaving the
 * page aborts whatever request of the run is still in flight, so a late answer can neither
 * arrive nor cost a connection. An element put back on the page after a request was cut starts
 * over (a submission resends the same Idempotency-Key, so no second transaction).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BUILT_IN_FORMS } from '../../core/forms.js';
import type { ConfigResponse, CreateTransactionRequest, TransactionStatusResponse } from '../../core/contract.js';
import type { Flow } from '../../core/psp/types.js';
import type { Status } from '../../core/status.js';
import type { CashierApi } from '../api.js';
import type { WidgetError } from '../errors.js';
import { emit } from '../events.js';
import { IdempotencyKeys, initialState, isWatching, reduce, shownState, type FlowEvent, type FlowState, type RetryKind } from '../flow-machine.js';
import {
  AMOUNT,
  applyServerErrors,
  edit,
  checkForm,
  createForm,
  fieldOrder,
  forget,
  leave,
  prefill,
  showAll,
  visibleErrors,
  type CheckedForm,
  type FormState,
} from '../form-state.js';
import { clock, headline, type RedirectTarget, type StatusContext, type StatusView } from '../render-status.js';
import { forgetInFlight, forgetTransaction, inFlight, rememberInFlight, rememberTransaction } from '../resume.js';
import { lastUsed, rememberUse } from '../memory.js';
import { lastUsedFirst, methodChoices, resolveSetup, type Choice, type Setup } from '../setup.js';
import type { Announcer } from './announcer.js';
import type { LocalizeController } from './localize.js';
import type { WatchController } from './watch.js';

/**
 * The built-in providers' forms, looked up by pspType. Not the proxy's `Catalog`: that holds
 * what only the proxy reads, and its checks are for the proxy's own registrations.
 */
const forms = { find: (pspType: string) => BUILT_IN_FORMS.find((d) => d.pspType === pspType) };

/** Card data and voucher PINs are never prefilled (ADR 0004). */
const SECRET = new Set(BUILT_IN_FORMS.flatMap((d) => d.fields.filter((f) => f.secret).map((f) => f.name)));

export interface CashierHost extends ReactiveControllerHost, HTMLElement {
  readonly endpoint: string;
  readonly credentials?: string;
  readonly psp?: string;
  readonly type: Flow;
  readonly amount?: string;
  readonly currency?: string;
  readonly transaction?: string;
  readonly allowHosts?: string;
  readonly redirectTarget: RedirectTarget;
  readonly verificationUrl?: string;
  readonly limitsUrl?: string;
  readonly prefill: Readonly<Record<string, string>>;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly hasUpdated: boolean;
}

export interface CashierParts {
  /** The proxy's client (api.ts `proxyClient`). */
  readonly api: () => CashierApi;
  readonly localize: LocalizeController;
  readonly watch: WatchController;
  readonly announcer: Announcer;
  /** Opens the provider's page; false when the browser blocked it. */
  navigate(url: string, target: RedirectTarget): boolean;
}

export class CashierController implements ReactiveController {
  readonly #host: CashierHost;
  readonly #parts: CashierParts;
  readonly #keys = new IdempotencyKeys();
  #internals?: ElementInternals;

  view: FlowState = initialState;
  form: FormState = createForm();
  setup?: Setup;
  /** Methods to pick from (no `psp` attribute and several enabled), last used first; empty when there is no picker. */
  choices: readonly Choice[] = [];
  /** The picker's checked tile. */
  checked = '';
  #config?: ConfigResponse;

  #run = new AbortController();
  /** Requests of the current run still in flight. */
  #pending = 0;
  /** The page removed the element while a request was in flight: start over when it is back. */
  #cut = false;
  #flowOfTransaction?: Flow;
  #seen?: { id: string; status: Status };
  #rendered?: FlowState;
  #hadFocus = false;

  constructor(host: CashierHost, parts: CashierParts) {
    this.#host = host;
    this.#parts = parts;
    try {
      this.#internals = host.attachInternals();
    } catch {
      // custom states are an enhancement
    }
    host.addController(this);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  hostConnected(): void {
    if (!this.#host.hasUpdated) return; // the first update starts the flow
    this.#run = new AbortController();
    if (this.#cut) {
      this.#cut = false;
      return void this.start();
    }
    const v = this.view;
    if (isWatching(v) && !v.checking && !v.stalled) this.#watch(v.transactionId, v.flow);
  }

  hostDisconnected(): void {
    this.#cut = this.#pending > 0;
    this.#run.abort();
  }

  hostUpdate(): void {
    if (this.view === this.#rendered) return;
    // The submitting state's disabled button drops focus to <body>; it still belonged here.
    this.#hadFocus = this.#host.matches(':focus-within') || (this.#hadFocus && this.#rendered?.name === 'submitting');
  }

  hostUpdated(): void {
    if (this.view === this.#rendered) return;
    this.#rendered = this.view;
    const name = shownState(this.view);
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
      this.#host.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
    }
  }

  // ---- runs --------------------------------------------------------------------------------

  /** A new run: whatever the last one still awaits is aborted. */
  #begin(): AbortSignal {
    this.#run.abort();
    this.#run = new AbortController();
    return this.#run.signal;
  }

  async #request<T>(request: Promise<T>): Promise<T> {
    this.#pending++;
    try {
      return await request;
    } finally {
      this.#pending--;
    }
  }

  /** (Re)starts from the attributes: resume a transaction, or load the config and show the form. */
  start(): void {
    const signal = this.#begin();
    this.#parts.watch.stop();
    this.#seen = undefined;
    // An explicit transaction, else one this tab was watching when it reloaded (never a finished one).
    const id = this.#host.transaction || inFlight(this.#host.endpoint, this.#flow());
    void (id ? this.#resume(id, this.#flow(), signal) : this.#loadForm(signal));
  }

  /** Shows the live status of an existing transaction. */
  async #resume(id: string, flow: Flow, signal = this.#begin()): Promise<void> {
    this.#flowOfTransaction = flow;
    this.dispatch({ type: 'resume', transactionId: id, flow });
    const [res] = await this.#request(Promise.all([this.#api.status(id, signal), this.#parts.localize.ready]));
    if (signal.aborted) return;
    if (res.ok) this.#onStatus(id, res.data);
    else this.dispatch({ type: 'fail', error: res.error, retry: 'resume', transactionId: id });
  }

  async #loadForm(signal = this.#begin()): Promise<void> {
    this.dispatch({ type: 'load' });
    const [res] = await this.#request(Promise.all([this.#api.config(signal), this.#parts.localize.ready]));
    if (signal.aborted) return;
    if (!res.ok) return this.dispatch({ type: 'fail', error: res.error, retry: 'config' });
    this.#config = res.data;
    const h = this.#host;
    this.choices = lastUsedFirst(methodChoices(res.data, forms, { psp: h.psp, type: h.type, currency: h.currency }), lastUsed(h.endpoint, this.#flow()).psp);
    this.checked = this.choices[0]?.pspType ?? '';
    // Several methods and no `psp`: the player picks one first.
    if (this.choices.length > 1) {
      this.setup = undefined;
      return this.dispatch({ type: 'pick' });
    }
    // One method left (e.g. after the fixed currency ruled the others out): straight to its form.
    this.#useMethod(h.psp?.trim() ? h.psp : this.choices[0]?.pspType);
  }

  /** Shows the form of one method (`psp` absent: the first enabled). */
  #useMethod(psp: string | undefined): void {
    const h = this.#host;
    const result = resolveSetup(this.#config!, forms, { psp, type: h.type, currency: h.currency });
    if (!result.ok) {
      console.error(`<mozarto-cashier>: ${result.error.message}`);
      return this.dispatch({ type: 'fail', error: result.error });
    }
    this.setup = result.setup;
    this.applyPrefill();
    this.dispatch({ type: 'ready' });
  }

  /** What a status panel shows and does (render-status.ts), for the flow's view `v`. */
  statusContext(v: StatusView): StatusContext {
    const { localize: i18n, watch } = this.#parts;
    const host = this.#host;
    return {
      t: i18n.t,
      psp: this.setup?.def.name ?? '',
      elapsed: clock(watch.elapsed),
      target: host.redirectTarget,
      errorText: i18n.errorMessage,
      again: () => this.again(),
      retry: () => v.name === 'error' && this.retry(v.retry, v.transactionId),
      recheck: () => this.dispatch({ type: 'recheck' }),
      money: (a) => i18n.money(a, this.setup ? this.check().currency : (host.currency ?? 'EUR')),
      locale: i18n.locale(),
      verificationUrl: host.verificationUrl,
      limitsUrl: host.limitsUrl,
    };
  }

  /** Arrow keys in the picker: another tile is checked (and focused); no form opens yet. */
  move(pspType: string): void {
    this.checked = pspType;
    this.#host.requestUpdate();
    this.#focusAfterRender(`[role="radio"][data-psp="${pspType}"]`);
  }

  /** The player chose a method in the picker. */
  choose(pspType: string): void {
    // A new provider, a new form: nothing typed for another provider (a card number…) carries over.
    this.checked = pspType;
    this.form = createForm();
    this.#useMethod(pspType);
    this.#focusAfterRender('[part~="form"] [name]');
  }

  /** "Change payment method": the picker again, on the method shown. */
  back(): void {
    this.dispatch({ type: 'pick' });
    this.#focusAfterRender('[role="radio"][aria-checked="true"]');
  }

  applyPrefill(): void {
    const values = Object.fromEntries(Object.entries(this.#host.prefill).filter(([k]) => !SECRET.has(k)));
    // The `amount` attribute, else the amount this player last used with this method.
    const psp = this.setup?.def.pspType;
    const last = psp ? lastUsed(this.#host.endpoint, this.#flow()).amounts?.[psp] : undefined;
    this.form = prefill(this.form, { ...values, [AMOUNT]: this.#host.amount ?? last });
    this.#host.requestUpdate();
  }

  /** A quick amount: as if the player had typed it. */
  preset(amount: string): void {
    this.setForm(edit(this.form, AMOUNT, amount));
  }

  setForm(form: FormState): void {
    if (form === this.form) return;
    this.form = form;
    this.#host.requestUpdate();
  }

  // The form's own listeners (arrow functions, so they work however the template calls them).
  onSubmit = (event: Event): void => {
    event.preventDefault();
    void this.submit();
  };

  /** The player typed or chose a value. */
  onInput = (event: Event): void => {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.name) this.setForm(edit(this.form, target.name, target.value));
  };

  /** The player left a field: its error may show now. */
  onLeave = (event: FocusEvent): void => {
    const target = event.target as HTMLInputElement;
    if (target.name) this.setForm(leave(this.form, target.name));
  };

  check(): CheckedForm {
    return checkForm(this.setup!, this.form.values);
  }

  async submit(): Promise<void> {
    const setup = this.setup;
    if (!setup) return;
    if (this.view.name === 'error' && this.view.retry === 'submit') this.dispatch({ type: 'ready' });
    if (this.#now() !== 'editing') return;

    const order = fieldOrder(setup);
    this.setForm(showAll(this.form, order));
    const checked = this.check();
    if (!(await this.#reportInvalid(checked))) return;
    // A summary of errors from an earlier attempt would otherwise still be read out.
    this.#parts.announcer.clear();

    const body: CreateTransactionRequest = {
      pspType: setup.def.pspType,
      type: setup.flow,
      amount: checked.amount!,
      currency: checked.currency,
      fields: checked.fields,
    };
    const go = emit(this.#host, 'mozarto-submit', { pspType: body.pspType, type: body.type, amount: body.amount, currency: body.currency }, true);
    if (!go) return;

    const key = this.#keys.keyFor(JSON.stringify(body));
    const signal = this.#run.signal;
    this.dispatch({ type: 'submit' });
    const res = await this.#request(this.#api.create(body, key, signal));
    if (signal.aborted || this.#now() !== 'submitting') return; // started over meanwhile

    if (res.ok) {
      this.#keys.settle();
      // The card and PIN did their job: not kept for a later "Try again" (ADR 0004).
      this.setForm(
        forget(
          this.form,
          setup.fields.filter((f) => f.secret).map((f) => f.name),
        ),
      );
      const tx = res.data;
      this.#flowOfTransaction = setup.flow;
      rememberUse(this.#host.endpoint, setup.flow, setup.def.pspType, body.amount);
      emit(this.#host, 'mozarto-created', { transactionId: tx.transactionId, status: tx.status, outcome: tx.outcome });
      this.#noteStatus(tx.transactionId, tx.status);
      this.dispatch({ type: 'created', response: tx, flow: setup.flow, allowHosts: this.#allowHosts() });
      if (isWatching(this.view)) rememberInFlight(this.#host.endpoint, tx.transactionId, setup.flow);
      return;
    }

    const error = res.error;
    if (error.code === 'idempotency_conflict') this.#keys.settle();
    let unplaced = true;
    if (error.code === 'invalid_field' || error.field) {
      const applied = applyServerErrors(this.form, error, order);
      this.setForm(applied.form);
      unplaced = applied.unplaced;
    }
    this.dispatch({ type: 'rejected', error: unplaced ? error : undefined });
    if (this.#now() === 'editing') {
      this.#reportError(error);
      if (!unplaced) await this.#reportInvalid(this.check());
    }
  }

  /** "Try again" from the error state. */
  retry(kind: RetryKind | undefined, transactionId?: string): void {
    if (kind === 'submit') void this.submit();
    else if (kind === 'resume' && transactionId) void this.#resume(transactionId, this.#flowOfTransaction ?? this.#flow());
    else void this.#loadForm();
  }

  /** "Try again" after a final status: the same form, a new transaction. */
  again(): void {
    this.#keys.settle();
    if (this.setup) this.dispatch({ type: 'ready' });
    else void this.#loadForm();
  }

  // ---- states and their effects ------------------------------------------------------------

  dispatch(event: FlowEvent): void {
    const prev = this.view;
    const next = reduce(prev, event);
    if (next === prev) return;
    this.view = next;
    this.#host.requestUpdate();
    const watch = this.#parts.watch;
    const live = (s: FlowState) => isWatching(s) && !s.checking && !s.stalled;
    const sameTx = isWatching(prev) && isWatching(next) && prev.transactionId === next.transactionId;
    if (!(sameTx && live(prev) && live(next))) watch.stop();
    if (isWatching(next)) {
      if (!sameTx) watch.restartClock();
      if (live(next) && !watch.active) this.#watch(next.transactionId, next.flow);
      // The live region speaks on real changes only: never the clock, never "Reconnecting…".
      const news = next.stalled
        ? !(sameTx && prev.stalled)
        : next.name === 'awaiting-approval'
          ? prev.name !== next.name
          : !next.checking && (prev.name !== 'processing' || prev.checking);
      if (news) this.#announce(next);
      return;
    }
    if (next.name === 'picking' || next.name === 'editing' || next.name === 'submitting' || next.name === 'idle') return;
    this.#announce(next);
    if (next.name === 'redirecting') {
      if (!next.blocked) this.#redirect(next.transactionId, next.url);
    } else if (next.name === 'done') {
      forgetTransaction(next.transactionId);
      forgetInFlight(next.transactionId);
      emit(this.#host, 'mozarto-complete', { transactionId: next.transactionId, status: next.status });
    } else {
      if (next.transactionId && !next.error.retryable) forgetInFlight(next.transactionId);
      this.#reportError(next.error);
    }
  }

  #announce(v: StatusView): void {
    const { t, errorMessage } = this.#parts.localize;
    this.#parts.announcer.announce(headline(v, { t, psp: this.setup?.def.name ?? '', errorText: errorMessage }));
  }

  #redirect(transactionId: string, url: string): void {
    rememberTransaction(transactionId);
    if (!emit(this.#host, 'mozarto-redirect', { url, transactionId }, true)) return;
    const target = this.#host.redirectTarget;
    if (!this.#parts.navigate(url, target)) return this.dispatch({ type: 'blocked' });
    if (target === 'blank') {
      // The player pays in the other tab; this one follows the outcome.
      const flow = this.#flowOfTransaction ?? this.#flow();
      rememberInFlight(this.#host.endpoint, transactionId, flow);
      this.dispatch({ type: 'opened', flow });
    }
  }

  /** Follows a transaction: push when the proxy offers it, else polling (../transaction-watcher.ts). */
  #watch(id: string, flow: Flow): void {
    this.#flowOfTransaction = flow;
    this.#parts.watch.follow(id, {
      onStatus: (data) => this.#onStatus(id, data),
      onError: (error) => this.dispatch({ type: 'fail', error, retry: 'resume', transactionId: id }),
      onGiveUp: () => this.dispatch({ type: 'stalled' }),
      onConnection: (ok) => this.dispatch({ type: 'connection', ok }),
    });
  }

  #onStatus(id: string, data: TransactionStatusResponse): void {
    const flow = data.type ?? this.#flowOfTransaction ?? this.#flow();
    this.#noteStatus(id, data.status);
    this.dispatch({ type: 'status', transactionId: id, flow, status: data.status, message: data.message });
  }

  #noteStatus(transactionId: string, status: Status): void {
    if (this.#seen?.id === transactionId && this.#seen.status === status) return;
    this.#seen = { id: transactionId, status };
    emit(this.#host, 'mozarto-status', { transactionId, status });
  }

  /** Announces a summary and focuses the first field showing an error; true when there is none. */
  async #reportInvalid(checked: CheckedForm): Promise<boolean> {
    const shown = visibleErrors(this.form, checked);
    const invalid = fieldOrder(this.setup!).filter((n) => shown[n]);
    if (invalid.length === 0) return true;
    const { t } = this.#parts.localize;
    this.#parts.announcer.announce(invalid.length === 1 ? t('summary.one') : t('summary.other', { count: invalid.length }));
    await this.#host.updateComplete;
    this.#host.renderRoot.querySelector<HTMLElement>(`[name="${invalid[0]}"]`)?.focus();
    return false;
  }

  #reportError(error: WidgetError): void {
    const detail = { code: error.code, message: error.message, retryable: error.retryable, ...(error.field ? { field: error.field } : {}) };
    emit(this.#host, 'mozarto-error', detail);
  }

  #focusAfterRender(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  /** A provider's name, by pspType (the history lists them). */
  name(pspType: string): string {
    return forms.find(pspType)?.name ?? pspType;
  }

  get api(): CashierApi {
    return this.#api;
  }

  get #api(): CashierApi {
    return this.#parts.api();
  }

  /** The current state's name, read afresh (awaits and dispatches change it). */
  #now(): FlowState['name'] {
    return this.view.name;
  }

  #flow(): Flow {
    return this.#host.type === 'payout' ? 'payout' : 'payin';
  }

  #allowHosts(): string[] {
    return (this.#host.allowHosts ?? '').split(/\s+/).filter(Boolean);
  }
}
