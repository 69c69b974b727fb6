/**
 * The result cards (a part loaded on demand, ../parts.ts, while the form shows): what a player
 * reads when a payment ends, is refused, or waits for an operator — an icon (success, error or
 * neutral), the headline, the amount and method ("€25.00 paid with Payone"), the date, the
 * reference with a copy button, one primary next action, and "Contact support" when the
 * merchant gave `support-url`. A cancel on the provider's page is neutral, not a red decline; a
 * pay-out awaiting approval is a calm pending card (no spinner, no clock: it can take days) with
 * the time of the request and a way to the history. The provider's own text is never shown raw
 * under a translated headline (../reasons.ts). Until this part is loaded the element shows the
 * state's headline and reference (../render-status.ts), with "Try again" after a decline or a
 * refusal should the part fail to load.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { merchantUrl } from '../../core/redirect.js';
import type { WidgetMessageKey } from '../i18n/en.js';
import { isCancel, reasonOf } from '../reasons.js';
import type { WidgetError } from '../errors.js';
import type { CardView, StatusModel } from '../render-status.js';
import { RESULT_EN } from './en.js';

export interface ResultPart {
  /** English for the cards' keys, once per localizer. */
  install(i18n: { addEnglish(texts: Readonly<Record<string, string>>): void }): void;
  render(v: CardView, m: StatusModel): TemplateResult;
}

type Tone = 'success' | 'error' | 'neutral';

/** Refusals after which the form may help (a smaller amount, another method, after verifying). */
const BACK_AFTER_REFUSAL = new Set(['insufficient_balance', 'limit_reached', 'method_unavailable', 'verification_required']);

const ICONS: Record<Tone, string> = {
  success: 'M7.5 12.5l3 3 6-7',
  error: 'M8.5 8.5l7 7m0-7l-7 7',
  neutral: 'M12 7v5l3 2',
};

const icon = (tone: Tone) =>
  html`<span part="result-icon" class="ricon" data-tone=${tone}
    >${svg`<svg viewBox="0 0 24 24" width="40" height="40" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"><circle cx="12" cy="12" r="10" /><path d=${ICONS[tone]} /></svg>`}</span
  >`;

/** `limit_reached` with what is left (in the form's currency) and when it resets, in the player's locale. */
function refusalParams(error: WidgetError, m: StatusModel): Record<string, string> {
  const r = error.refusal;
  return { remaining: r?.remaining ? m.i18n.money(r.remaining, m.currency()) : '', date: when(r?.resetsAt, m.i18n.locale()) };
}

function when(iso: string | undefined, locale: string): string {
  const date = iso ? new Date(iso) : undefined;
  if (!date || !Number.isFinite(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  } catch {
    return date.toISOString();
  }
}

function render(v: CardView, m: StatusModel): TemplateResult {
  const { t } = m.i18n;
  const tx = m.tx;
  const flow = v.name === 'error' ? tx.flow : v.flow;
  const message = v.name === 'done' ? v.message : tx.message;
  const cancelled = v.name === 'done' && v.status === 'declined' && isCancel(message);
  const reason = reasonOf(message);
  const status = v.name === 'error' ? 'refused' : v.name === 'done' ? v.status : v.status;
  const tone: Tone =
    v.name === 'error' || (v.name === 'done' && !cancelled && ['declined', 'failed', 'rejected'].includes(v.status))
      ? 'error'
      : v.name === 'done' && v.status === 'approved'
        ? 'success'
        : 'neutral';
  const headline =
    v.name === 'error'
      ? t(`refused.${v.error.refusal.reason}`)
      : v.name === 'done'
        ? t(cancelled ? `result.cancelled.${flow}` : `done.${flow}.${v.status}`)
        : t(v.status === 'unknown' ? `state.unknown.${flow}` : `state.awaiting_approval.${flow}`);
  const amount = tx.amount ? m.i18n.money(tx.amount, tx.currency ?? m.currency()) : '';
  const summary =
    amount && m.psp
      ? t(v.name === 'done' && v.status === 'approved' ? (flow === 'payout' ? 'result.withdrawn' : 'result.paid') : 'result.with', { amount, psp: m.psp })
      : '';
  const id = v.name === 'error' ? undefined : v.transactionId;
  const support = merchantUrl(m.page.supportUrl);
  const target = m.page.redirectTarget;
  // A merchant's page opens where the provider's page would (`redirect-target`).
  const go = (href: string, key: WidgetMessageKey, primary: boolean) =>
    html`<a
      part="link${primary ? ' button' : ''}"
      class=${primary ? 'cta' : ''}
      href=${href}
      target=${target === 'self' ? nothing : `_${target}`}
      rel=${target === 'blank' ? 'noopener' : nothing}
      >${t(key)}</a
    >`;
  const act = (key: WidgetMessageKey, onClick: () => void, primary: boolean) =>
    html`<button part="button ${primary ? 'next' : 'retry'}" class=${primary ? '' : 'secondary'} type="button" @click=${onClick}>${t(key)}</button>`;

  let details: unknown;
  let actions: unknown;
  const again = () => m.flow.again();
  if (v.name === 'error') {
    const r = v.error.refusal.reason;
    const params = refusalParams(v.error, m);
    const verify = r === 'verification_required' && merchantUrl(m.page.verificationUrl);
    const limits = merchantUrl(m.page.limitsUrl);
    const back = BACK_AFTER_REFUSAL.has(r);
    details = html`${r === 'limit_reached' && params.remaining && params.date ? html`<p part="detail">${t('refused.limit_until', params)}</p>` : nothing}
      <p part="detail">${t(`refused.next.${r}`)}</p>`;
    // The next step is the primary action: verifying, else back to the form.
    actions = html`${verify ? go(verify, 'refused.verify', true) : nothing} ${back ? act('action.back_to_form', again, !verify) : nothing}
    ${limits ? go(limits, 'refused.limits', false) : nothing}`;
  } else if (v.name === 'done') {
    const s = v.status;
    details = html`${reason && 'key' in reason ? html`<p part="detail">${t(reason.key)}</p>` : nothing}
    ${s === 'approved' || cancelled ? nothing : html`<p part="detail">${t(`done.next.${s}`)}</p>`}`;
    // "Try another method" opens the tiles; with one method (or after a cancel) "Try again" shows its form.
    const next: WidgetMessageKey | undefined =
      s === 'approved'
        ? `result.new.${flow}`
        : s === 'declined' && !cancelled && m.flow.canChoose
          ? 'action.try_another'
          : s === 'declined' || s === 'failed'
            ? 'action.try_again'
            : undefined;
    actions = next ? act(next, () => m.flow.again(next === 'action.try_another'), true) : undefined;
  } else {
    details = html`<p part="detail">
        ${t(v.status === 'unknown' ? (flow === 'payout' ? 'result.unknown_payout' : 'state.unknown_detail') : 'state.awaiting_approval_detail')}
      </p>
      ${v.reconnecting ? html`<p part="detail hint">${t('state.reconnecting')}</p>` : nothing}`;
    actions = m.toHistory ? act('result.to_history', m.toHistory, false) : undefined;
  }
  const failed =
    tone === 'error' ||
    (v.name === 'done' && (v.status === 'rejected' || v.status === 'review')) ||
    (v.name !== 'done' && v.name !== 'error' && v.status === 'unknown');
  const date = when(tx.at, m.i18n.locale());
  return html`<div part="status result" class="status card" data-status=${status} data-tone=${tone} aria-busy="false">
    <style>
      ${STYLES}
    </style>
    ${icon(tone)}
    <h2 part="message" class="headline" tabindex="-1">${headline}</h2>
    ${summary ? html`<p part="amount-line" class="sum">${summary}</p>` : nothing} ${details}
    <dl class="facts">
      ${
        date
          ? html`<div>
              <dt>${t(v.name === 'done' ? 'result.date' : 'result.requested')}</dt>
              <dd>${date}</dd>
            </div>`
          : nothing
      }
      ${
        reason && 'raw' in reason
          ? html`<div>
              <dt>${t('result.provider_message')}</dt>
              <dd>${reason.raw}</dd>
            </div>`
          : nothing
      }
    </dl>
    ${
      id
        ? html`<p part="reference" class="reference">
            <span>${t('state.reference', { id })}</span>
            <button part="button copy" class="copy secondary" type="button" @click=${() => m.copy(id)}>
              ${t(m.copied === id ? 'result.copied' : 'result.copy')}
            </button>
          </p>`
        : nothing
    }
    <div class="actions">${actions ?? nothing} ${support && failed ? go(support, 'result.support', !actions) : nothing}</div>
  </div>`;
}

const STYLES = `
.card{gap:.75rem;align-content:center}
.ricon{display:inline-flex;color:var(--_primary)}
.ricon[data-tone=success]{color:var(--_success)}
.ricon[data-tone=error]{color:var(--_error)}
.card .headline{font-size:1.375em}
.card[data-tone=success] .headline{color:var(--_success)}
.card[data-tone=error] .headline{color:var(--_error)}
.sum{font-size:1.125em;font-weight:600;font-variant-numeric:tabular-nums}
.facts{margin:0;display:grid;gap:.25rem;justify-items:center}
.facts div{display:flex;flex-wrap:wrap;gap:.25rem .5rem;justify-content:center}
.facts dt{opacity:.8}
.facts dd{margin:0;overflow-wrap:anywhere}
.card .reference{display:flex;flex-wrap:wrap;align-items:center;justify-content:center;gap:.25rem .5rem}
.copy{min-block-size:2rem;padding-block:.125rem;padding-inline:.75rem;font-size:.875em}
.card .actions{display:flex;flex-wrap:wrap;justify-content:center;gap:.5rem;margin-block-start:.25rem}
.cta{display:inline-flex;align-items:center;min-block-size:2.75rem;padding-inline:1.25rem;font-weight:600;color:var(--_on-primary);background:var(--_primary);border-radius:var(--_radius);text-decoration:none}
`;

const part: ResultPart = {
  install: (i18n) => i18n.addEnglish(RESULT_EN),
  render,
};
export default part;
