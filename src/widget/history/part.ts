/**
 * The history view (loaded on demand, ../parts.ts): the player's transactions from
 * `GET transactions?limit=&cursor=`, pending and awaiting-approval pay-outs first, each with its
 * method, amount, status, date and reference; more pages on request; the status of unfinished
 * ones followed live (the widget's poller, with backoff, paused while the tab is hidden); and a
 * receipt per transaction that the player can print.
 * With the `history` attribute it also draws the two tabs, cashier and history.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { TransactionListResponse } from '../../core/history.js';
import { isFinal } from '../../core/status.js';
import type { ApiResult } from '../api.js';
import type { WidgetError } from '../errors.js';
import { pauseWhileHidden } from '../page-visibility.js';
import { createPoller, type PollTiming } from '../poller.js';
import { reasonOf } from '../reasons.js';
import { RESULT_EN } from '../result/en.js';
import { HISTORY_EN } from './en.js';
import type { LocalizeController } from '../controllers/localize.js';
import type { HistoryDeps, HistoryElement, HistoryPart, HistoryView } from './types.js';

type Row = TransactionListResponse['transactions'][number];

/**
 * How often unfinished transactions are checked again: after 4 s, then less and less often up to
 * every 30 s (a pay-out awaiting approval may wait for days), with the poller's jitter.
 */
const RECHECK: PollTiming = { initialDelay: 4000, factor: 1.5, maxDelay: 30_000, jitter: 0.2 };
const PAGE = 20;

/** Unfinished pay-outs first (the player is waiting for that money), then newest first as the proxy sent them. */
const historyOrder = (rows: readonly Row[]): Row[] => {
  const waiting = (r: Row) => r.type === 'payout' && !isFinal(r.status);
  return [...rows.filter(waiting), ...rows.filter((r) => !waiting(r))];
};

class History implements HistoryView {
  readonly #el: HistoryElement;
  readonly #deps: HistoryDeps;
  readonly #i18n: LocalizeController;
  #tab: 'cashier' | 'history';
  #rows: Row[] = [];
  #next?: string;
  #loading = false;
  #started = false;
  #error?: WidgetError;
  #detail?: string;
  #run = new AbortController();
  /** Follows the unfinished rows; done once none is left. */
  readonly #poller = createPoller({ timing: RECHECK, fetch: () => this.#recheck(), done: (left: number) => left === 0, onAnswer: () => {} });

  constructor(el: HistoryElement, deps: HistoryDeps) {
    this.#el = el;
    this.#deps = deps;
    this.#i18n = deps.localize;
    // The view's English ships with it, not in the main bundle.
    deps.localize.addEnglish(HISTORY_EN);
    // The receipt names the providers' known reasons as the result cards do.
    deps.localize.addEnglish(RESULT_EN);
    this.#tab = this.#only ? 'history' : 'cashier';
    let unlisten: (() => void) | undefined;
    el.addController({
      hostConnected: () => (unlisten = pauseWhileHidden(this.#poller)),
      hostDisconnected: () => {
        unlisten?.();
        this.stop();
      },
    });
  }

  get #only(): boolean {
    return this.#el.view === 'history';
  }

  #update(): void {
    this.#el.requestUpdate();
  }

  #name(pspType: string | undefined): string {
    return pspType ? this.#deps.name(pspType) : '';
  }

  stop(): void {
    this.#poller.stop();
    this.#run.abort();
    this.#run = new AbortController();
    this.#started = false;
  }

  async #load(more: boolean): Promise<void> {
    if (this.#loading) return;
    this.#loading = true;
    this.#error = undefined;
    this.#update();
    const cursor = more && this.#next ? `&cursor=${encodeURIComponent(this.#next)}` : '';
    const res = await this.#deps.api().get(TransactionListResponse, `/transactions?limit=${PAGE}${cursor}`, this.#run.signal);
    this.#loading = false;
    if (res.ok) {
      const seen = new Set(res.data.transactions.map((r) => r.transactionId));
      this.#rows = more ? [...this.#rows.filter((r) => !seen.has(r.transactionId)), ...res.data.transactions] : res.data.transactions;
      this.#next = res.data.nextCursor;
      this.#follow();
    } else if (!this.#run.signal.aborted) {
      this.#error = res.error;
    }
    this.#update();
  }

  /**
   * The rows worth following live: unfinished pay-outs (the player waits for that money) and
   * pay-ins of the last hour (an abandoned hosted page stays pending for good), at most ten.
   */
  #live(): Row[] {
    const recent = Date.now() - 3_600_000;
    return this.#rows.filter((r) => !isFinal(r.status) && (r.type === 'payout' || Date.parse(r.createdAt) > recent)).slice(0, 10);
  }

  /** Follows the unfinished rows from now on (backoff from the start), while there are any. */
  #follow(): void {
    this.#poller.stop();
    if (!this.#live().length) return;
    this.#poller.start();
    if (document.hidden) this.#poller.pause();
  }

  /** Checks each unfinished row once; answers how many are left to follow. */
  async #recheck(): Promise<ApiResult<number>> {
    const signal = this.#run.signal;
    for (const row of this.#live()) {
      const res = await this.#deps.api().status(row.transactionId, signal);
      if (signal.aborted) break;
      if (res.ok && res.data.status !== row.status) {
        this.#rows = this.#rows.map((r) =>
          r.transactionId === row.transactionId
            ? { ...r, status: res.data.status, updatedAt: res.data.updatedAt, ...(res.data.message ? { message: res.data.message } : {}) }
            : r,
        );
        this.#update();
      }
    }
    return { ok: true, data: this.#live().length };
  }

  #date(iso: string): string {
    try {
      return new Intl.DateTimeFormat(this.#i18n.locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    } catch {
      return iso;
    }
  }

  #amount(r: Row, figure: string | undefined = r.amount): string {
    return figure && r.currency ? this.#i18n.money(figure, r.currency) : '';
  }

  /** With a fee: the fee, and what was paid (pay-in) or received (pay-out), as the form's summary said (ADR 0019). */
  #fee(r: Row): { fee: string; total: string } | undefined {
    if (!r.fee || !r.total || !/[1-9]/.test(r.fee)) return undefined;
    return { fee: this.#amount(r, r.fee), total: this.#amount(r, r.total) };
  }

  show(tab: 'cashier' | 'history'): void {
    this.#tab = tab;
    this.#detail = undefined;
    if (tab === 'history') this.#started = false;
    this.#update();
  }

  render(cashier: () => TemplateResult): TemplateResult {
    const t = this.#i18n.t;
    if (this.#tab === 'history' && !this.#started) {
      this.#started = true;
      void this.#load(false);
    }
    const body = this.#tab === 'history' ? this.#history() : cashier();
    if (this.#only) return body;
    const on = (name: string) => this.#tab === name;
    const tab = (name: 'cashier' | 'history', label: string) =>
      html`<button
        part="tab"
        class="tab"
        type="button"
        role="tab"
        id="tab-${name}"
        aria-selected=${on(name) ? 'true' : 'false'}
        tabindex=${on(name) ? 0 : -1}
        aria-controls="panel"
        @click=${() => this.show(name)}
      >
        ${label}
      </button>`;
    // Tabs: one tab stop; the arrow keys, Home and End move to the other tab and show it.
    const keydown = (event: KeyboardEvent) => {
      if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
      event.preventDefault();
      const next = event.key === 'Home' ? 'cashier' : event.key === 'End' ? 'history' : on('cashier') ? 'history' : 'cashier';
      this.show(next);
      void this.#el.updateComplete.then(() => this.#el.renderRoot.querySelector<HTMLElement>(`#tab-${next}`)?.focus());
    };
    return html`<style>
        ${STYLES}
      </style>
      <div part="tabs" class="tabs" role="tablist" @keydown=${keydown}>
        ${tab('cashier', t(`history.tab.cashier.${this.#el.type === 'payout' ? 'payout' : 'payin'}`))}${tab('history', t('history.tab.history'))}
      </div>
      <div role="tabpanel" id="panel" aria-labelledby="tab-${this.#tab}">${body}</div>`;
  }

  #history(): TemplateResult {
    const t = this.#i18n.t;
    const detail = this.#detail && this.#rows.find((r) => r.transactionId === this.#detail);
    if (detail) return this.#receipt(detail);
    const rows = historyOrder(this.#rows);
    return html`<style>
        ${STYLES}
      </style>
      <section part="history" class="history" aria-busy=${this.#loading ? 'true' : 'false'} aria-labelledby="ht">
        <h2 part="legend" class="title" id="ht">${t('history.title')}</h2>
        ${
          this.#error
            ? html`<div part="error form-error" class="form-error" role="alert">
                <p>${this.#i18n.errorMessage(this.#error)}</p>
                <button part="button retry" type="button" class="secondary" @click=${() => void this.#load(this.#rows.length > 0)}>
                  ${t('action.try_again')}
                </button>
              </div>`
            : nothing
        }
        ${
          rows.length
            ? html`<ul class="rows">
                ${rows.map(
                  (r) =>
                    html`<li>
                      <button
                        part="history-row"
                        class="tx"
                        type="button"
                        data-id=${r.transactionId}
                        data-status=${r.status}
                        @click=${() => this.#open(r.transactionId)}
                      >
                        <span class="what">${t(`history.${r.type ?? 'payin'}`)} · ${this.#name(r.pspType)}</span>
                        <span class="amount">${this.#amount(r)}</span>
                        <span part="badge" class="pill" data-status=${r.status}>${t(`history.status.${r.status}`)}</span>
                        <span class="when">${this.#date(r.createdAt)}</span>
                        <span part="reference" class="ref">${t('state.reference', { id: r.transactionId })}</span>
                      </button>
                    </li>`,
                )}
              </ul>`
            : this.#loading || this.#error
              ? nothing
              : html`<p part="detail">${t('history.empty')}</p>`
        }
        ${this.#loading ? html`<p part="detail" role="status"><span part="spinner" class="spinner" aria-hidden="true"></span> ${t('history.loading')}</p>` : nothing}
        ${this.#next && !this.#loading ? html`<button part="button more" class="secondary more" type="button" @click=${() => void this.#load(true)}>${t('history.more')}</button>` : nothing}
      </section>`;
  }

  #open(id: string | undefined): void {
    this.#detail = id;
    this.#update();
  }

  #receipt(r: Row): TemplateResult {
    const t = this.#i18n.t;
    const flow = r.type ?? 'payin';
    const fee = this.#fee(r);
    const reason = reasonOf(r.message);
    const item = (label: string, value: string, cls = '') =>
      value
        ? html`<div class=${cls}>
            <dt>${label}</dt>
            <dd>${value}</dd>
          </div>`
        : nothing;
    // Fee and net only where the proxy says them (its history serves amount, fee and total since
    // the merchant's books); never computed here from a rule that may have changed since.
    return html`<style>
        ${STYLES}
      </style>
      <section part="receipt" class="receipt" aria-labelledby="rt">
        <h2 part="legend" class="title" id="rt">${t('history.receipt')}</h2>
        <p class="big">${this.#amount(r, r.total ?? r.amount)}</p>
        <dl>
          ${item(t('history.type'), t(`history.${flow}`))} ${item(t('history.method'), this.#name(r.pspType))} ${item(t('label.amount'), this.#amount(r))}
          ${fee ? item(t('summary.fee'), fee.fee) : nothing}
          ${fee ? item(t(flow === 'payout' ? 'summary.receive' : 'summary.total'), fee.total, 'net') : nothing}
          ${item(t('history.status'), t(`history.status.${r.status}`))} ${reason && 'key' in reason ? item(t('receipt.reason'), t(reason.key)) : nothing}
          ${reason && 'raw' in reason ? item(t('result.provider_message'), reason.raw) : nothing} ${item(t('history.date'), this.#date(r.createdAt))}
          ${item(t('history.updated'), this.#date(r.updatedAt))} ${item(t('history.reference'), r.transactionId)}
        </dl>
        <div class="actions">
          <button part="button print" type="button" @click=${() => printAlone(this.#el)}>${t('history.print')}</button>
          <button part="button back" class="secondary" type="button" @click=${() => this.#open(undefined)}>${t('history.back')}</button>
        </div>
      </section>`;
  }
}

/**
 * Prints the receipt alone: until the print is over (`afterprint`), a print-only style in the
 * page hides everything but this element (`visibility`, which the element's own content turns
 * back on), and the element's print rules hide its tabs and buttons.
 */
function printAlone(el: HistoryElement): void {
  const host = el as unknown as HTMLElement;
  const style = document.createElement('style');
  style.media = 'print';
  style.textContent =
    'body *{visibility:hidden!important}body [data-mozarto-printing]{visibility:visible!important;position:absolute;inset-block-start:0;inset-inline-start:0}';
  host.setAttribute('data-mozarto-printing', '');
  document.head.append(style);
  window.addEventListener(
    'afterprint',
    () => {
      style.remove();
      host.removeAttribute('data-mozarto-printing');
    },
    { once: true },
  );
  window.print();
}

// Class names of their own (`.tx`, `.pill`): the form's adopted stylesheet comes later in the
// cascade than this <style>, so a shared name (`.row`) took the form's flex layout. Three columns:
// the amount's alone, so a wide badge ("Awaiting approval") under it narrows the date, never the
// method's name (which broke mid-word at 320 px with two).
const STYLES = `
.tabs{display:flex;gap:.25rem;margin-block-end:var(--_space);border-block-end:1px solid var(--_border)}
.tab{color:var(--_text);background:transparent;border:0;border-radius:0;border-block-end:3px solid transparent}
.tab[aria-selected=true]{color:var(--_primary);border-block-end-color:var(--_primary)}
.history,.receipt{display:grid;gap:.75rem;min-inline-size:0}
.title{font-size:1.125em;margin:0}
.rows{list-style:none;margin:0;padding:0;display:grid;gap:.5rem;min-inline-size:0}
.tx{inline-size:100%;min-inline-size:0;display:grid;grid-template-columns:minmax(0,1fr) auto auto;grid-template-areas:"what what amount" "when pill pill" "ref ref ref";gap:.25rem .75rem;align-items:start;justify-content:stretch;justify-items:start;padding:.75rem;text-align:start;font-weight:400;color:var(--_text);background:transparent;border-color:var(--_border)}
.tx>*{min-inline-size:0;max-inline-size:100%;overflow-wrap:anywhere}
.what{grid-area:what;font-weight:600}
.amount{grid-area:amount;justify-self:end;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap}
.when{grid-area:when}
.ref{grid-area:ref}
.when,.ref{font-size:.875em;opacity:.8}
.pill{grid-area:pill;justify-self:end;align-self:center;white-space:nowrap;font-size:.8125em;font-weight:600;line-height:1.2;padding:.125rem .5rem;border:1px solid currentColor;border-radius:999px}
.pill[data-status=approved]{color:var(--_success)}
.pill:is([data-status=declined],[data-status=failed],[data-status=rejected]){color:var(--_error)}
.more{justify-self:start}
.big{margin:0;font-size:1.75em;font-weight:700;font-variant-numeric:tabular-nums}
dl{margin:0;display:grid;gap:.375rem}
dl div{display:flex;justify-content:space-between;gap:1rem;min-inline-size:0}
dd{margin:0;text-align:end;overflow-wrap:anywhere;min-inline-size:0}
.net{font-weight:700;border-block-start:1px solid var(--_border);padding-block-start:.375rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem}
@media print{.tabs,.actions{display:none}}
`;

const part: HistoryPart = { create: (el, deps) => new History(el, deps) };
export default part;
