/**
 * The operator page's templates: the sign-in, a list of transactions (the queue and the search
 * results), the events failing delivery, a transaction's details and timeline (its events with a
 * re-deliver button), the resolve form, the confirmations. Pure over what they are
 * given; the element (cashier-admin.ts) holds the state and the handlers.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { STATUSES, type Status } from '../core/status.js';
import { RESOLVED_STATUSES, type AdminEvent, type ResolvedStatus, type AdminTransaction, type Attention, type TimelineEntry } from './admin-client.js';

export function renderSignIn(error: string | null, onSubmit: (event: SubmitEvent) => void): TemplateResult {
  return html`
    <h1>Cashier operations</h1>
    <form @submit=${onSubmit}>
      <label for="token">Admin token</label>
      <input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-help ${error ? 'token-error' : ''}" />
      <p id="token-help">An admin token of the read or resolve role (CASHIER_ADMIN_TOKENS). It is kept for this tab only.</p>
      ${error ? html`<p id="token-error" class="error" role="alert">${error}</p>` : nothing}
      <button type="submit">Sign in</button>
    </form>
  `;
}

export function renderList(caption: string, rows: readonly AdminTransaction[], open: (id: string) => void): TemplateResult {
  if (rows.length === 0) return html`<p>${caption}: none.</p>`;
  return html`
    <table>
      <caption class="visually-hidden">
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">Transaction</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">Provider</th>
          <th scope="col">Flow</th>
          <th scope="col">Amount</th>
          <th scope="col">User</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (tx) => html`
            <tr>
              <td><button class="link" type="button" @click=${() => open(tx.id)} aria-label="Open ${tx.id}, ${tx.status}">${tx.id}</button></td>
              <td class="status">${tx.status}</td>
              <td>${tx.createdAt}</td>
              <td>${tx.pspType}</td>
              <td>${tx.flow}</td>
              <td>${tx.amount} ${tx.currency}</td>
              <td>${tx.userId}</td>
            </tr>
          `,
        )}
      </tbody>
    </table>
  `;
}

export function renderFailingEvents(rows: readonly AdminEvent[], open: (transactionId: string) => void): TemplateResult {
  if (rows.length === 0) return html`<p>Events failing delivery: none.</p>`;
  return html`
    <table>
      <caption>
        Events failing delivery to your backend
      </caption>
      <thead>
        <tr>
          <th scope="col">Transaction</th>
          <th scope="col">Event</th>
          <th scope="col">State</th>
          <th scope="col">Attempts</th>
          <th scope="col">Last error</th>
          <th scope="col">Endpoint</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (e) => html`
            <tr>
              <td>
                <button class="link" type="button" @click=${() => open(e.transactionId)} aria-label="Open ${e.transactionId}, event ${e.type} ${e.state}">
                  ${e.transactionId}
                </button>
              </td>
              <td>${e.type}</td>
              <td class="status">${e.state}</td>
              <td>${e.attempts}</td>
              <td>${e.lastError ?? ''}</td>
              <td>${e.endpoint}</td>
            </tr>
          `,
        )}
      </tbody>
    </table>
  `;
}

export function renderCounts(attention: Attention): TemplateResult {
  const total = attention.counts.reduce((n, c) => n + c.count, 0);
  const events = attention.failingEvents.length;
  const failing = events ? html`${total ? '; ' : ''}${events} event${events === 1 ? '' : 's'} failing delivery` : nothing;
  return html`<p>
    ${total + events === 0 ? 'Nothing needs attention.' : attention.counts.map((c, i) => html`${i ? ', ' : ''}${c.count} ${c.status} (oldest ${c.oldestCreatedAt})`)}${failing}
  </p>`;
}

export function renderSearch(onSubmit: (event: SubmitEvent) => void): TemplateResult {
  return html`
    <form class="row" @submit=${onSubmit} aria-label="Search transactions">
      <div>
        <label for="search-status">Status</label>
        <select id="search-status" name="status">
          <option value="">Any</option>
          ${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
        </select>
      </div>
      <div>
        <label for="search-user">User id</label>
        <input id="search-user" name="user" autocomplete="off" />
      </div>
      <div>
        <label for="search-provider">Provider</label>
        <input id="search-provider" name="provider" autocomplete="off" placeholder="PAYONE" />
      </div>
      <button type="submit">Search</button>
    </form>
  `;
}

function describe(entry: TimelineEntry): string {
  const { at: _at, kind: _kind, ...rest } = entry;
  return Object.entries(rest)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

const TIMELINE_TITLES: Record<TimelineEntry['kind'], string> = {
  created: 'Request stored',
  upstream: "Mozarto's answer",
  webhook: 'Webhook received',
  resolved: 'Resolved by an operator',
  redelivered: 'Re-delivery asked by an operator',
  event: 'Event to your backend',
  attempt: 'Delivery attempt',
  status: 'Current state',
};

export function renderDetail(
  tx: AdminTransaction,
  entries: readonly TimelineEntry[],
  resolvable: boolean,
  canResolve: boolean,
  onResolve: (event: SubmitEvent) => void,
  onRedeliver: (entry: TimelineEntry) => void,
): TemplateResult {
  // One button per event, on its first endpoint's entry: a re-delivery sends it to every endpoint.
  const offered = new Set<string>();
  const redeliver = (e: TimelineEntry) => {
    if (e.kind !== 'event' || !canResolve || !e.eventId || offered.has(e.eventId)) return nothing;
    offered.add(e.eventId);
    return html` <button
      type="button"
      id="redeliver-${e.eventId}"
      class="secondary"
      @click=${() => onRedeliver(e)}
      aria-label="Re-deliver ${e.type} (${e.eventId})…"
    >
      Re-deliver…
    </button>`;
  };
  return html`
    <h2 id="detail-heading" tabindex="-1">Transaction ${tx.id}</h2>
    <dl>
      <dt>Status</dt>
      <dd class="status">${tx.status}</dd>
      <dt>Amount</dt>
      <dd>${tx.amount} ${tx.currency} (${tx.flow}, ${tx.pspType})</dd>
      <dt>User</dt>
      <dd>${tx.userId}</dd>
      <dt>Mozarto id</dt>
      <dd>${tx.upstreamId ?? 'none'}</dd>
      ${
        tx.reviewReason
          ? html`<dt>Review reason</dt>
              <dd>${tx.reviewReason}</dd>`
          : nothing
      }
    </dl>
    <h3>Timeline</h3>
    <ol class="timeline">
      ${entries.map((e) => html`<li><strong>${TIMELINE_TITLES[e.kind]}</strong> <time datetime=${e.at}>${e.at}</time>: ${describe(e)}${redeliver(e)}</li>`)}
    </ol>
    ${
      resolvable && canResolve
        ? html`
            <h3>Resolve</h3>
            <form @submit=${onResolve} aria-describedby="resolve-help">
              <p id="resolve-help">Settle it only after checking Mozarto's back office. The reason goes into the audit log and to the merchant.</p>
              <label for="resolve-status">Final status</label>
              <select id="resolve-status" name="status" required>
                ${RESOLVED_STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
              </select>
              <label for="resolve-reason">Reason (what you checked)</label>
              <textarea id="resolve-reason" name="reason" required minlength="10" maxlength="1000"></textarea>
              <p><button type="submit">Resolve…</button></p>
            </form>
          `
        : resolvable
          ? html`<p>Your token has the read role: a resolve token is needed to settle it.</p>`
          : html`<p>This transaction does not need a person.</p>`
    }
  `;
}

/** What waits for the operator's confirmation: a resolve, or an event's re-delivery. */
export type Confirmable =
  | { readonly kind: 'resolve'; readonly id: string; readonly from: Status; readonly to: ResolvedStatus; readonly reason: string }
  | { readonly kind: 'redeliver'; readonly eventId: string; readonly type: string; readonly transactionId: string };

export function renderConfirm(pending: Confirmable | null, onConfirm: (event: Event) => void, onCancel: () => void): TemplateResult {
  return html`
    <dialog id="confirm" aria-labelledby="confirm-title" @cancel=${onCancel}>
      ${
        pending?.kind === 'resolve'
          ? html`
              <h2 id="confirm-title">Resolve ${pending.id}?</h2>
              <p>From <strong>${pending.from}</strong> to <strong>${pending.to}</strong>, because: ${pending.reason}</p>
              <p class="row">
                <button type="button" class="secondary" @click=${onCancel}>Cancel</button>
                <button type="button" @click=${onConfirm}>Confirm resolve</button>
              </p>
            `
          : pending?.kind === 'redeliver'
            ? html`
                <h2 id="confirm-title">Re-deliver ${pending.type}?</h2>
                <form @submit=${onConfirm} aria-describedby="redeliver-help">
                  <p id="redeliver-help">
                    Event ${pending.eventId} of ${pending.transactionId} is sent to your backend again now, with the same id and body, whether it was delivered
                    or not. The reason goes into the audit log.
                  </p>
                  <label for="redeliver-reason">Reason</label>
                  <textarea id="redeliver-reason" name="reason" required minlength="10" maxlength="1000"></textarea>
                  <p class="row">
                    <button type="button" class="secondary" @click=${onCancel}>Cancel</button>
                    <button type="submit">Confirm re-delivery</button>
                  </p>
                </form>
              `
            : nothing
      }
    </dialog>
  `;
}
