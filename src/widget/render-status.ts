/**
 * The panels shown instead of the form: loading, redirecting, processing, awaiting approval,
 * the final outcome with its next action, and errors — what each state shows and what its
 * buttons do. Pure templates over a view model (`StatusModel`) that the element hands in from its
 * controllers: the texts, the chosen method, the clock, the merchant's pages, the flow's actions.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { WidgetError } from './errors.js';
import type { FlowEvent, FlowState, RetryKind } from './flow-machine.js';
import type { Translate } from './i18n/en.js';
import type { ResultPart } from './result/part.js';
import type { Flow } from '../core/psp/types.js';

export type RedirectTarget = 'self' | 'top' | 'blank';

/** What the status panels read. */
export interface StatusModel {
  readonly i18n: {
    t: Translate;
    errorMessage(error: WidgetError): string;
    money(amount: string, currency: string): string;
    locale(): string;
  };
  /** The chosen method's display name, if one is chosen (or the followed transaction's). */
  readonly psp?: string;
  /** What is known of the transaction shown: the form's at submit, then the proxy's answers. */
  readonly tx: TxFacts;
  /** The result cards, once loaded (./parts.ts); until then a card's state shows its headline and reference. */
  readonly card?: ResultPart;
  /** Copies a reference; `copied` is the last one copied. */
  copy(id: string): void;
  readonly copied?: string;
  /** Shows the history tab, when the element has one. */
  readonly toHistory?: () => void;
  /** The currency amounts are shown in: the form's, else the element's. */
  currency(): string;
  /** Ms of watching so far. */
  readonly elapsed: number;
  readonly page: {
    readonly redirectTarget: RedirectTarget;
    /** The merchant's account-verification page (`verification-url`), for `verification_required`. */
    readonly verificationUrl?: string;
    /** The merchant's limits / responsible-gambling page (`limits-url`), on every refusal. */
    readonly limitsUrl?: string;
    /** The merchant's support page (`support-url`): "Contact support" on the cards that need it. */
    readonly supportUrl?: string;
  };
  readonly flow: {
    /** Several methods to choose from: "Try another method" rather than "Try again". */
    readonly canChoose: boolean;
    /** After a final status: the form again (`another`: the picker, with several methods), a new transaction. */
    again(another?: boolean): void;
    /** "Try again" from the error state. */
    retry(kind: RetryKind | undefined, transactionId?: string): void;
    /** "Check again" from "Still processing": `recheck`. */
    dispatch(event: FlowEvent): void;
  };
}

/** The transaction as the cards show it; amounts canonical ("25.00"). */
export interface TxFacts {
  readonly flow: Flow;
  /** What the player pays (pay-in) or receives (pay-out), when known. */
  readonly amount?: string;
  readonly currency?: string;
  /** When its status last changed, or when it was requested. */
  readonly at?: string;
  /** The provider's text on its last status. */
  readonly message?: string;
}

/** `m:ss` (or `h:mm:ss`) for a duration in ms. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60);
  const ss = String(s % 60).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm.padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

const panel = (status: string, message: string, busy: boolean, extra: unknown = nothing, cls = ''): TemplateResult =>
  html`<div part="status" class="status ${cls}" data-status=${status} tabindex="-1" aria-busy=${busy ? 'true' : 'false'}>
    ${busy ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}
    <p part="message" class="headline">${message}</p>
    ${extra}
  </div>`;

const detail = (text: string, part = 'detail'): TemplateResult => html`<p part=${part}>${text}</p>`;

const button = (label: string, onClick: () => void): TemplateResult => html`<button part="button retry" type="button" @click=${onClick}>${label}</button>`;

export type StatusView = Exclude<FlowState, { name: 'picking' | 'editing' | 'submitting' }>;

/** The states a result card shows: an end, a refusal, a calm wait (awaiting approval, unknown). */
export type CardView =
  | Extract<StatusView, { name: 'done' }>
  | (Extract<StatusView, { name: 'error' }> & { readonly error: { readonly refusal: NonNullable<WidgetError['refusal']> } })
  | Extract<StatusView, { name: 'processing' | 'awaiting-approval' }>;

const isCard = (v: StatusView): boolean =>
  v.name === 'done' ||
  (v.name === 'error' && !!v.error.refusal) ||
  ((v.name === 'awaiting-approval' || (v.name === 'processing' && v.status === 'unknown')) && !v.stalled && !v.checking && !v.url);

/** A panel's headline; the element's live region announces the same words when the state changes. */
export function headline(v: StatusView, m: Pick<StatusModel, 'psp'> & { readonly i18n: Pick<StatusModel['i18n'], 't' | 'errorMessage'> }): string {
  const { t } = m.i18n;
  const psp = m.psp ?? '';
  switch (v.name) {
    case 'idle':
      return t('state.loading');
    case 'redirecting':
      return t(v.blocked ? 'state.blocked' : 'state.redirecting', { psp });
    case 'processing':
    case 'awaiting-approval':
      return t(
        v.stalled
          ? 'state.stalled_title'
          : v.checking
            ? 'state.checking'
            : v.status === 'unknown'
              ? `state.unknown.${v.flow}`
              : `state.${v.name === 'awaiting-approval' ? 'awaiting_approval' : 'processing'}.${v.flow}`,
      );
    case 'done':
      return t(`done.${v.flow}.${v.status}`);
    case 'error':
      return v.error.refusal ? t(`refused.${v.error.refusal.reason}`) : m.i18n.errorMessage(v.error);
  }
}

export function renderStatus(v: StatusView, m: StatusModel): TemplateResult {
  const { t } = m.i18n;
  const psp = m.psp ?? '';
  const target = m.page.redirectTarget;
  const message = headline(v, m);
  const ref = (id: string) => html`<p part="reference" class="reference">${t('state.reference', { id })}</p>`;
  // An end, a refusal, a calm wait: the result cards (./result/part.ts, loaded once the form is
  // left); until they are here, the headline and the reference.
  const card = isCard(v);
  if (card && m.card) return m.card.render(v as CardView, m);
  // If that part cannot load (parts.ts), a decline or a refusal still offers its way back to the form.
  const bare = (status: string, id?: string, again = false) =>
    panel(status, message, false, html`${id ? ref(id) : nothing} ${again ? button(t('action.try_again'), () => m.flow.again()) : nothing}`);
  const link = (url: string) => {
    return html`<a part="link" href=${url} target=${target === 'self' ? nothing : `_${target}`} rel=${target === 'blank' ? 'noopener' : nothing}
      >${t('action.continue', { psp })}</a
    >`;
  };
  switch (v.name) {
    case 'idle':
      return panel('loading', message, true);
    case 'redirecting':
      return v.blocked ? panel('blocked', message, false, link(v.url)) : panel('redirecting', message, true, link(v.url));
    case 'processing':
    case 'awaiting-approval': {
      if (card) return bare(v.status, v.transactionId);
      const approval = v.name === 'awaiting-approval';
      if (v.stalled) {
        return panel(
          'stalled',
          message,
          false,
          html`${detail(t(approval ? 'state.stalled_approval' : 'state.stalled'))} ${ref(v.transactionId)}
          ${button(t('action.check_again'), () => m.flow.dispatch({ type: 'recheck' }))}`,
        );
      }
      return panel(
        v.status,
        message,
        true,
        html`${approval ? detail(t('state.awaiting_approval_detail')) : nothing} ${v.status === 'unknown' ? detail(t('state.unknown_detail')) : nothing}
        ${v.url ? html`${detail(t('state.opened', { psp }))} ${link(v.url)}` : nothing}
        ${v.reconnecting ? detail(t('state.reconnecting'), 'detail hint') : nothing}
        ${v.checking ? nothing : html`<p part="elapsed" class="elapsed" aria-hidden="true">${t('state.elapsed', { time: clock(m.elapsed) })}</p>`}
        ${ref(v.transactionId)}`,
      );
    }
    case 'done':
      return bare(v.status, v.transactionId, v.status === 'declined' || v.status === 'failed');
    case 'error':
      if (card) return bare('refused', undefined, true);
      return panel(
        'error',
        message,
        false,
        html`${v.transactionId ? ref(v.transactionId) : nothing}
        ${v.error.retryable && v.retry ? button(t('action.try_again'), () => m.flow.retry(v.retry, v.transactionId)) : nothing}`,
        'failure',
      );
  }
}
