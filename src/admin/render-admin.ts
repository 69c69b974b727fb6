/**
 * The operator page's templates: the sign-in, a list of transactions (the queue and the search
 * results), a transaction's details and timeline, the resolve form. Pure over what they are
 * given; the element (cashier-admin.ts) holds the state and the handlers.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { STATUSES } from '../core/status.js';
import { RESOLVED_STATUSES, type AdminTransaction, type Attention, type TimelineEntry } from './admin-client.js';

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

export function renderCounts(attention: Attention): TemplateResult {
  const total = attention.counts.reduce((n, c) => n + c.count, 0);
  return html`<p>
    ${total === 0 ? 'Nothing needs attention.' : attention.counts.map((c, i) => html`${i ? ', ' : ''}${c.count} ${c.status} (oldest ${c.oldestCreatedAt})`)}
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
  status: 'Current state',
};

export function renderDetail(
  tx: AdminTransaction,
  entries: readonly TimelineEntry[],
  resolvable: boolean,
  canResolve: boolean,
  onResolve: (event: SubmitEvent) => void,
): TemplateResult {
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
      ${entries.map((e) => html`<li><strong>${TIMELINE_TITLES[e.kind]}</strong> <time datetime=${e.at}>${e.at}</time>: ${describe(e)}</li>`)}
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

export function renderConfirm(
  pending: { id: string; from: string; to: string; reason: string } | null,
  onConfirm: () => void,
  onCancel: () => void,
): TemplateResult {
  return html`
    <dialog id="confirm" aria-labelledby="confirm-title" @cancel=${onCancel}>
      ${
        pending
          ? html`
              <h2 id="confirm-title">Resolve ${pending.id}?</h2>
              <p>From <strong>${pending.from}</strong> to <strong>${pending.to}</strong>, because: ${pending.reason}</p>
              <p class="row">
                <button type="button" class="secondary" @click=${onCancel}>Cancel</button>
                <button type="button" @click=${onConfirm}>Confirm resolve</button>
              </p>
            `
          : nothing
      }
    </dialog>
  `;
}
