/**
 * The cashier's flow, as a Lit reactive controller: load the proxy's config (or resume a
 * transaction), set up the chosen method's form, submit, follow the outcome, redirect. The states
 * are the pure machine's (../flow-machine.ts); `dispatch` moves between them and runs every
 * effect of a transition in one place: what a create settles, what entering a state means, the
 * element's events.
 *
 * One `AbortController` per run (../runs.ts): starting over (a changed attribute, "Try again") or leaving the
 * page aborts whatever request of the run is still in flight, so a late answer can neither
 * arrive nor cost a connection. An element put back on the page after a request was cut starts
 * over (a submission resends the same Idempotency-Key, so no second transaction).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConfigResponse, CreateTransactionRequest, CreateTransactionResponse, TransactionStatusResponse } from '../../core/contract.js';
import type { Flow } from '../../core/psp/types.js';
import type { Status } from '../../core/status.js';
import type { ApiResult, CashierApi } from '../api.js';
import { emit, emitError } from '../events.js';
import { IdempotencyKeys, initialState, isLive, isNews, isWatching, reduce, type FlowEvent, type FlowState, type RetryKind } from '../flow-machine.js';
import { lastUsed, rememberUse } from '../memory.js';
import { runs } from '../runs.js';
import { headline, type RedirectTarget, type StatusView } from '../render-status.js';
import { sendWithResends } from '../resend.js';
import { forgetInFlight, forgetTransaction, inFlight, rememberInFlight, rememberTransaction } from '../resume.js';
import { BUILT_IN, lastUsedFirst, methodChoices, resolveSetup, type Choice } from '../setup.js';
import type { Announcer } from './announcer.js';
import type { FormController } from './form.js';
import type { LocalizeController } from './localize.js';
import type { WatchController } from './watch.js';

export interface FlowHost extends ReactiveControllerHost, HTMLElement {
  readonly endpoint: string;
  readonly psp?: string;
  readonly type: Flow;
  readonly currency?: string;
  readonly transaction?: string;
  readonly allowHosts?: string;
  readonly redirectTarget: RedirectTarget;
  readonly hasUpdated: boolean;
}

export interface FlowParts {
  /** The proxy's client (api.ts `proxyClient`). */
  readonly api: () => CashierApi;
  readonly localize: LocalizeController;
  readonly watch: WatchController;
  readonly announcer: Announcer;
  readonly form: FormController;
  /** Opens the provider's page; false when the browser blocked it. */
  navigate(url: string, target: RedirectTarget): boolean;
}

export class FlowController implements ReactiveController {
  readonly #host: FlowHost;
  readonly #parts: FlowParts;
  readonly #keys = new IdempotencyKeys();

  view: FlowState = initialState;
  /** Methods to pick from (no `psp` attribute and several enabled), last used first; empty when there is no picker. */
  choices: readonly Choice[] = [];
  /** The last status answer of the transaction followed (what the result card shows), and when this run's transaction was created. */
  last?: TransactionStatusResponse;
  createdAt?: string;
  #config?: ConfigResponse;

  readonly #runs = runs();
  /** The page removed the element while a request was in flight: start over when it is back. */
  #cut = false;
  #flowOfTransaction?: Flow;
  /** The resumed transaction's currency: the form offered after it keeps it (a return page names none). */
  #currencyOfTransaction?: string;
  #seen?: { id: string; status: Status };

  constructor(host: FlowHost, parts: FlowParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.#host.hasUpdated) return; // the first update starts the flow
    this.#runs.begin();
    if (this.#cut) {
      this.#cut = false;
      return void this.start();
    }
    const v = this.view;
    if (isLive(v)) this.#watch(v.transactionId, v.flow);
  }

  hostDisconnected(): void {
    this.#cut = this.#runs.busy;
    this.#runs.abort();
  }

  // ---- runs --------------------------------------------------------------------------------

  /** (Re)starts from the attributes: resume a transaction, or load the config and show the form. */
  start(): void {
    const signal = this.#runs.begin();
    this.#parts.watch.stop();
    this.#seen = this.last = undefined;
    this.#flowOfTransaction = this.#currencyOfTransaction = undefined;
    // An explicit transaction, else one this tab was watching when it reloaded (never a finished one).
    const id = this.#host.transaction || inFlight(this.#host.endpoint, this.#flow());
    void (id ? this.#resume(id, this.#flow(), signal) : this.#loadForm(signal));
  }

  /** Shows the live status of an existing transaction. */
  async #resume(id: string, flow: Flow, signal = this.#runs.begin()): Promise<void> {
    this.#flowOfTransaction = flow;
    this.dispatch({ type: 'resume', transactionId: id, flow });
    // The config in the same round trip: "Try again" or "Try another method" depends on the methods.
    const api = this.#parts.api();
    const [res, config] = await this.#runs.request(Promise.all([api.status(id, signal), api.config(signal), this.#parts.localize.ready]));
    if (signal.aborted) return;
    if (!res.ok) return this.dispatch({ type: 'fail', error: res.error, retry: 'resume', transactionId: id });
    this.#flowOfTransaction = res.data.type ?? flow;
    this.#currencyOfTransaction = res.data.currency;
    if (config.ok) this.choices = this.#choicesOf((this.#config = config.data));
    this.#onStatus(id, res.data);
  }

  async #loadForm(signal = this.#runs.begin()): Promise<void> {
    this.dispatch({ type: 'load' });
    const [res] = await this.#runs.request(Promise.all([this.#parts.api().config(signal), this.#parts.localize.ready]));
    if (signal.aborted) return;
    if (!res.ok) return this.dispatch({ type: 'fail', error: res.error, retry: 'config' });
    this.#config = res.data;
    this.#showMethods();
  }

  /** What the element asks for, with a resumed transaction's flow and currency where it names none. */
  #ask(): { psp?: string; type: Flow; currency?: string } {
    const h = this.#host;
    return { psp: h.psp, type: this.#flowOfTransaction ?? h.type, currency: h.currency ?? this.#currencyOfTransaction };
  }

  #choicesOf(config: ConfigResponse): Choice[] {
    const ask = this.#ask();
    return lastUsedFirst(methodChoices(config, BUILT_IN, ask), lastUsed(this.#host.endpoint, ask.type).psp);
  }

  /** The picker when several methods remain, else the one method's form. */
  #showMethods(): void {
    const ask = this.#ask();
    this.choices = this.#choicesOf(this.#config!);
    // Several methods and no `psp`: the player picks one first.
    if (this.choices.length > 1) {
      this.#parts.form.use(undefined);
      return this.dispatch({ type: 'pick' });
    }
    // One method left (e.g. after the fixed currency ruled the others out): straight to its form.
    this.useMethod(ask.psp?.trim() ? ask.psp : this.choices[0]?.pspType);
  }

  /** Several methods to choose from: a refusal offers "Try another method", else "Try again". */
  get canChoose(): boolean {
    return this.choices.length > 1;
  }

  /** Shows the form of one method (`psp` absent: the first enabled). */
  useMethod(psp: string | undefined): void {
    const result = resolveSetup(this.#config!, BUILT_IN, { ...this.#ask(), psp });
    if (!result.ok) {
      console.error(`<mozarto-cashier>: ${result.error.message}`);
      return this.dispatch({ type: 'fail', error: result.error });
    }
    this.#parts.form.use(result.setup);
    this.dispatch({ type: 'ready' });
  }

  /** The player submits the form: checked, vetoable (`mozarto-submit`), then created once. */
  async submit(): Promise<void> {
    const { form } = this.#parts;
    const setup = form.setup;
    if (!setup) return;
    if (this.view.name === 'error' && this.view.retry === 'submit') this.dispatch({ type: 'ready' });
    if (this.#now() !== 'editing') return;
    const checked = await form.validate();
    if (!checked) return;
    const { amount, currency, fields } = checked;
    const body: CreateTransactionRequest = { pspType: setup.def.pspType, type: setup.flow, amount: amount!, currency, fields };
    if (!emit(this.#host, 'mozarto-submit', { pspType: body.pspType, type: body.type, amount: body.amount, currency }, true)) return;
    const signal = this.#runs.signal;
    this.dispatch({ type: 'submit' });
    const res = await this.#create(body, signal);
    if (signal.aborted || this.#now() !== 'submitting') return; // started over meanwhile
    this.dispatch(
      res.ok
        ? { type: 'created', response: res.data, flow: setup.flow, allowHosts: (this.#host.allowHosts ?? '').split(/\s+/).filter(Boolean), request: body }
        : { type: 'rejected', error: res.error, onFields: form.placeServerError(res.error) },
    );
  }

  /**
   * One create: the same Idempotency-Key for the same request until a transaction or a definite
   * refusal settles it; an answer that leaves its fate open is sent again with it (../resend.ts).
   */
  #create(body: CreateTransactionRequest, signal: AbortSignal): Promise<ApiResult<CreateTransactionResponse>> {
    const key = this.#keys.keyFor(JSON.stringify(body));
    // One request (`busy`) across its resends: an element taken off the page during a pause still starts over.
    return this.#runs.request(sendWithResends(() => this.#parts.api().create(body, key, signal), signal));
  }

  /** "Try again" from the error state. */
  retry(kind: RetryKind | undefined, transactionId?: string): void {
    if (kind === 'submit') void this.submit();
    else if (kind === 'resume' && transactionId) void this.#resume(transactionId, this.#flowOfTransaction ?? this.#flow());
    else void this.#loadForm();
  }

  /**
   * After a final status, a new transaction: "Try another method" (`another`, several methods)
   * opens the picker, else the same form; a resumed transaction's form keeps its flow and currency.
   */
  again(another = false): void {
    this.#keys.settle();
    if (another && this.canChoose) this.dispatch({ type: 'another' });
    else if (this.#parts.form.setup) this.dispatch({ type: 'ready' });
    else if (this.#config) this.#showMethods();
    else void this.#loadForm();
  }

  // ---- transitions and their effects ------------------------------------------------------

  dispatch(event: FlowEvent): void {
    const prev = this.view;
    const next = reduce(prev, event);
    if (next === prev) return;
    if (event.type === 'created') this.#created(event);
    // A definite conflict (the key was used for another request) settles the key; "still in
    // progress" (retryable) and any other refusal keep it for a resend of the same request.
    if (event.type === 'rejected' && event.error.code === 'idempotency_conflict' && !event.error.retryable) this.#keys.settle();
    this.view = next;
    this.#host.requestUpdate();
    this.#follow(prev, next);
    if (isNews(prev, next)) this.#announce(next as StatusView);
    this.#enter(next);
    if (event.type === 'rejected' && next.name === 'editing') {
      emitError(this.#host, event.error);
      if (event.onFields) void this.#parts.form.reportInvalid();
    }
    if (event.type === 'created' && isWatching(this.view)) rememberInFlight(this.#host.endpoint, event.response.transactionId, event.flow);
  }

  /** What a create settles, before anything shows: the key, the secrets, the player's memory, its events. */
  #created({ response: tx, flow, request }: Extract<FlowEvent, { type: 'created' }>): void {
    this.#keys.settle();
    this.last = undefined;
    this.createdAt = new Date().toISOString();
    this.#parts.form.forgetSecrets();
    this.#flowOfTransaction = flow;
    if (request) rememberUse(this.#host.endpoint, flow, request.pspType, request.amount);
    emit(this.#host, 'mozarto-created', { transactionId: tx.transactionId, status: tx.status, outcome: tx.outcome });
    this.#noteStatus(tx.transactionId, tx.status);
  }

  /** The watch follows the live watching states: one watch per transaction, its clock from its start. */
  #follow(prev: FlowState, next: FlowState): void {
    const watch = this.#parts.watch;
    const sameTx = isWatching(prev) && isWatching(next) && prev.transactionId === next.transactionId;
    if (!(sameTx && isLive(prev) && isLive(next))) watch.stop();
    if (isWatching(next) && !sameTx) watch.restartClock();
    if (isLive(next) && !watch.active) this.#watch(next.transactionId, next.flow);
  }

  /** What entering a panel state does beyond showing it: redirect, complete, or report the error. */
  #enter(next: FlowState): void {
    if (next.name === 'redirecting') {
      if (!next.blocked) this.#redirect(next.transactionId, next.url);
    } else if (next.name === 'done') {
      forgetTransaction(next.transactionId);
      forgetInFlight(next.transactionId);
      emit(this.#host, 'mozarto-complete', { transactionId: next.transactionId, status: next.status });
    } else if (next.name === 'error') {
      if (next.transactionId && !next.error.retryable) forgetInFlight(next.transactionId);
      emitError(this.#host, next.error);
    }
  }

  #announce(v: StatusView): void {
    // A cancel's neutral headline is the lazy card's (reasons.ts), read as its heading takes the
    // focus; the status alone would say "declined" first.
    if (v.name === 'done' && /cancel/i.test(v.message ?? '')) return;
    this.#parts.announcer.announce(headline(v, { i18n: this.#parts.localize, psp: this.#parts.form.setup?.def.name }));
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
    this.last = data;
    this.#noteStatus(id, data.status);
    this.dispatch({ type: 'status', transactionId: id, flow, status: data.status, message: data.message });
  }

  /** `mozarto-status`, once per change. */
  #noteStatus(transactionId: string, status: Status): void {
    if (this.#seen?.id === transactionId && this.#seen.status === status) return;
    this.#seen = { id: transactionId, status };
    emit(this.#host, 'mozarto-status', { transactionId, status });
  }

  /** The current state's name, read afresh (awaits and dispatches change it). */
  #now(): FlowState['name'] {
    return this.view.name;
  }

  #flow(): Flow {
    return this.#host.type === 'payout' ? 'payout' : 'payin';
  }
}
