/**
 * `<cashier-admin>`: the operator page (docs/operations.md "The states that need a person"). Sign
 * in with an admin token; the needs-attention queue (transactions, and the merchant's events
 * failing delivery); search; a transaction's timeline; resolve with a required reason and a
 * confirmation; re-deliver an event of the timeline, with a reason, on a confirmation. Everything goes through the admin API
 * (admin-client.ts); the templates are render-admin.ts. Keyboard first: each step moves focus to
 * what it opened, and every outcome is announced in a status region.
 */
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { Status } from '../core/status.js';
import { AdminApiError, AdminClient, type AdminTransaction, type Attention, type ResolvedStatus, type TimelineEntry } from './admin-client.js';
import { adminStyles } from './admin-styles.js';
import { renderConfirm, renderCounts, renderDetail, renderFailingEvents, renderList, renderSearch, renderSignIn, type Confirmable } from './render-admin.js';

const TOKEN_KEY = 'cashier-admin-token';
const NEEDS_PERSON: readonly Status[] = ['review', 'unknown', 'pending', 'awaiting_approval'];

export class CashierAdmin extends LitElement {
  static override styles = adminStyles;
  static override properties = {
    _client: { state: true },
    _error: { state: true },
    _announcement: { state: true },
    _attention: { state: true },
    _results: { state: true },
    _detail: { state: true },
    _pending: { state: true },
  };

  declare _client: AdminClient | null;
  declare _error: string | null;
  declare _announcement: string;
  declare _attention: Attention | null;
  declare _results: readonly AdminTransaction[] | null;
  declare _detail: { transaction: AdminTransaction; timeline: TimelineEntry[] } | null;
  declare _pending: Confirmable | null;
  #canResolve = true;
  #focusAfterRender: string | null = null;
  /** Where focus goes back to when a confirmation is cancelled. */
  #returnFocus = '#detail-heading';

  constructor() {
    super();
    this._client = null;
    this._error = null;
    this._announcement = '';
    this._attention = null;
    this._results = null;
    this._detail = null;
    this._pending = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const kept = sessionStorage.getItem(TOKEN_KEY);
    if (kept) void this.#signIn(kept);
    else this.#focusAfterRender = '#token';
  }

  override render() {
    if (!this._client) return html`<main>${renderSignIn(this._error, (e) => this.#onSignIn(e))}</main>`;
    const attention = this._attention;
    return html`<main>
      <h1>Cashier operations</h1>
      <p role="status" aria-live="polite">${this._announcement}</p>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading" tabindex="-1">Needs attention</h2>
        ${
          attention
            ? html`${renderCounts(attention)} ${renderList('Needs attention', attention.transactions, (id) => void this.#open(id))}
              ${renderFailingEvents(attention.failingEvents, (id) => void this.#open(id))}`
            : html`<p>Loading…</p>`
        }
      </section>
      <section aria-labelledby="search-heading">
        <h2 id="search-heading">Search</h2>
        ${renderSearch((e) => void this.#onSearch(e))} ${this._results ? renderList('Search results', this._results, (id) => void this.#open(id)) : nothing}
      </section>
      ${
        this._detail
          ? html`<section aria-labelledby="detail-heading">
              ${renderDetail(
                this._detail.transaction,
                this._detail.timeline,
                NEEDS_PERSON.includes(this._detail.transaction.status),
                this.#canResolve,
                (e) => this.#onResolve(e),
                (e) => this.#onRedeliver(e),
              )}
              <p>
                <button type="button" id="reload-detail" class="secondary" @click=${() => void this.#open(this._detail!.transaction.id)}>
                  Reload the timeline
                </button>
              </p>
            </section>`
          : nothing
      }
      ${renderConfirm(
        this._pending,
        (e) => void this.#confirm(e),
        () => this.#cancel(),
      )}
      <p><button type="button" class="secondary" @click=${() => this.#signOut()}>Sign out</button></p>
    </main>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this._pending && !dialog.open) dialog.showModal();
    if (dialog && !this._pending && dialog.open) dialog.close();
    if (this.#focusAfterRender) {
      this.renderRoot.querySelector<HTMLElement>(this.#focusAfterRender)?.focus();
      this.#focusAfterRender = null;
    }
  }

  #onSignIn(event: SubmitEvent): void {
    event.preventDefault();
    const token = new FormData(event.target as HTMLFormElement).get('token');
    if (typeof token === 'string' && token.trim()) void this.#signIn(token.trim());
  }

  async #signIn(token: string): Promise<void> {
    const client = new AdminClient(token);
    try {
      const attention = await client.attention();
      sessionStorage.setItem(TOKEN_KEY, token);
      this._error = null;
      this._client = client;
      this._attention = attention;
      this.#focusAfterRender = '#queue-heading';
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      this._error = error instanceof AdminApiError && error.status === 401 ? 'That token is not an admin token.' : this.#message(error);
      this.#focusAfterRender = '#token';
    }
  }

  #signOut(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    this._client = null;
    this._attention = null;
    this._results = null;
    this._detail = null;
    this._announcement = '';
    this.#focusAfterRender = '#token';
  }

  async #onSearch(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    await this.#run(async (client) => {
      const { transactions } = await client.search({ status: value('status'), user: value('user'), provider: value('provider').toUpperCase() });
      this._results = transactions;
      this._announcement = `${transactions.length} transaction${transactions.length === 1 ? '' : 's'} found.`;
    });
  }

  async #open(id: string): Promise<void> {
    await this.#run(async (client) => {
      this._detail = await client.transaction(id);
      this.#focusAfterRender = '#detail-heading';
    });
  }

  #onResolve(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity() || !this._detail) return;
    const data = new FormData(form);
    const tx = this._detail.transaction;
    this._pending = {
      kind: 'resolve',
      id: tx.id,
      from: tx.status,
      to: String(data.get('status')) as ResolvedStatus,
      reason: String(data.get('reason')).trim(),
    };
    this.#returnFocus = '#resolve-reason';
  }

  #onRedeliver(entry: TimelineEntry): void {
    if (!this._detail || !entry.eventId) return;
    this._pending = { kind: 'redeliver', eventId: entry.eventId, type: entry.type ?? 'event', transactionId: this._detail.transaction.id };
    this.#returnFocus = `#redeliver-${entry.eventId}`;
    this.#focusAfterRender = '#redeliver-reason';
  }

  #cancel(): void {
    this._pending = null;
    this.#focusAfterRender = this.#returnFocus;
  }

  async #confirm(event: Event): Promise<void> {
    const pending = this._pending;
    if (!pending) return;
    if (pending.kind === 'redeliver') return this.#confirmRedelivery(event, pending);
    this._pending = null;
    await this.#run(async (client) => {
      const { transaction } = await client.resolve(pending.id, { status: pending.to, expectedStatus: pending.from, reason: pending.reason });
      const [attention, detail] = await Promise.all([client.attention(), client.transaction(transaction.id)]);
      this._attention = attention;
      this._detail = detail;
      // Said with the page that shows it: announced earlier, it rendered over the old timeline.
      this._announcement = `${transaction.id} resolved: ${pending.from} to ${transaction.status}.`;
      this.#focusAfterRender = '#detail-heading';
    });
  }

  async #confirmRedelivery(event: Event, pending: Extract<Confirmable, { kind: 'redeliver' }>): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    if (!form.reportValidity()) return;
    const reason = String(new FormData(form).get('reason') ?? '').trim();
    this._pending = null;
    await this.#run(async (client) => {
      const { unconfigured } = await client.redeliver(pending.eventId, reason);
      const [attention, detail] = await Promise.all([client.attention(), client.transaction(pending.transactionId)]);
      this._attention = attention;
      this._detail = detail;
      this._announcement = `${pending.type} (${pending.eventId}) is due again now${
        unconfigured.length ? `, but ${unconfigured.join(', ')} is no longer an events URL: nothing delivers there` : ''
      }. Reload the timeline to see its attempts.`;
      this.#focusAfterRender = '#detail-heading';
    });
  }

  /** Runs one call to the API; its error is shown, a 403 remembered (a read token), a 401 signs out. */
  async #run(fn: (client: AdminClient) => Promise<void>): Promise<void> {
    const client = this._client;
    if (!client) return;
    try {
      this._error = null;
      await fn(client);
    } catch (error) {
      if (error instanceof AdminApiError && error.status === 403) this.#canResolve = false;
      if (error instanceof AdminApiError && error.status === 401) return this.#signOut();
      this._error = this.#message(error);
    }
  }

  #message(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
  }
}
