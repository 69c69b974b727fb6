/**
 * The widget's flow as a pure state machine (docs/design.md, "The widget"): no DOM, no Lit.
 *
 *   idle → [picking →] editing → submitting → redirecting | processing | awaiting-approval | done | error
 *
 * `picking` is the method picker (no `psp` attribute, several methods enabled); "Back" from the
 * form returns to it. Pages see it as part of the editing phase (`shownState`).
 *
 * `processing` and `awaiting-approval` are the two "watching" states (`isWatching`): the outcome
 * is not known yet and the element follows the transaction by push or polling. A pay-out an
 * operator must approve (Gigadat's approvals queue, ForumPay's "on hold") is `awaiting-approval`.
 *
 * `reduce` is total: an event that does not apply to the current state returns that same state
 * object, so a late answer (a double click, a restart while a request was in flight) cannot move
 * the flow backwards. The element renders the state; the flow controller (controllers/flow.ts)
 * runs the effects of each transition.
 */
import type { CreateTransactionRequest, CreateTransactionResponse } from '../core/contract.js';
import type { Flow } from '../core/psp/types.js';
import { checkRedirectUrl, isLoopbackHost } from '../core/redirect.js';
import { isFinal, type FinalStatus, type Status } from '../core/status.js';
import { widgetError, type WidgetError } from './errors.js';

/** What "Try again" does from the error state. */
export type RetryKind = 'config' | 'submit' | 'resume';

/** The outcome is not known yet; the element follows the transaction. */
export interface WatchingState {
  readonly name: 'processing' | 'awaiting-approval';
  readonly transactionId: string;
  readonly flow: Flow;
  readonly status: Status;
  /** Resuming: the first status answer is not in yet. */
  readonly checking?: boolean;
  /** The give-up limit passed; the outcome is still unknown ("Still processing", Check again). */
  readonly stalled?: boolean;
  /** The push channel or polls are failing; shown as a quiet "Reconnecting…" hint. */
  readonly reconnecting?: boolean;
  /** The provider's page was opened in another tab (`redirect-target="blank"`). */
  readonly url?: string;
}

export type FlowState =
  | { readonly name: 'idle' }
  | { readonly name: 'picking' }
  | { readonly name: 'editing'; readonly error?: WidgetError }
  | { readonly name: 'submitting' }
  /** `blocked`: the browser refused to open the page; the player follows the link instead. */
  | { readonly name: 'redirecting'; readonly transactionId: string; readonly url: string; readonly blocked?: boolean }
  | WatchingState
  | { readonly name: 'done'; readonly transactionId: string; readonly flow: Flow; readonly status: FinalStatus; readonly message?: string }
  | { readonly name: 'error'; readonly error: WidgetError; readonly retry?: RetryKind; readonly transactionId?: string };

export const isWatching = (s: FlowState): s is WatchingState => s.name === 'processing' || s.name === 'awaiting-approval';

/** Watching for real: not waiting for a resumed transaction's first answer, not stalled (then "Check again" decides). */
export const isLive = (s: FlowState): s is WatchingState => isWatching(s) && !s.checking && !s.stalled;

/**
 * Whether entering `next` from `prev` is news for the live region: a new panel, a status that
 * changed, "Still processing" — never the clock, never "Reconnecting…".
 */
export function isNews(prev: FlowState, next: FlowState): boolean {
  if (!isWatching(next)) return next.name !== 'picking' && next.name !== 'editing' && next.name !== 'submitting' && next.name !== 'idle';
  const sameTx = isWatching(prev) && prev.transactionId === next.transactionId;
  if (next.stalled) return !(sameTx && prev.stalled);
  if (next.name === 'awaiting-approval') return prev.name !== next.name;
  return !next.checking && (prev.name !== 'processing' || !!prev.checking);
}

export type StateName = FlowState['name'];

/**
 * The state's name as pages see it (`data-state`, `:state()`): the picker is part of the editing
 * phase, so styling and tests written for the form keep working when a picker comes first.
 */
export const shownState = (s: FlowState): Exclude<StateName, 'picking'> => (s.name === 'picking' ? 'editing' : s.name);

export type FlowEvent =
  | { readonly type: 'load' }
  /** Several methods to choose from (after loading), or "Back" from the form. */
  | { readonly type: 'pick' }
  /** "Try another method" after an outcome: the picker again (a plain `pick` never leaves an outcome). */
  | { readonly type: 'another' }
  /** The form of one method is set up (or chosen from the picker). */
  | { readonly type: 'ready' }
  | { readonly type: 'submit' }
  /** The proxy created the transaction; `request` is what was sent (its method and amount are remembered). */
  | {
      readonly type: 'created';
      readonly response: CreateTransactionResponse;
      readonly flow: Flow;
      readonly allowHosts?: readonly string[];
      readonly request?: CreateTransactionRequest;
    }
  /** The proxy refused the submission; `onFields`: every error landed on a field (nothing to show above the button). */
  | { readonly type: 'rejected'; readonly error: WidgetError; readonly onFields?: boolean }
  | { readonly type: 'resume'; readonly transactionId: string; readonly flow: Flow }
  | { readonly type: 'status'; readonly transactionId: string; readonly flow: Flow; readonly status: Status; readonly message?: string }
  | { readonly type: 'stalled' }
  | { readonly type: 'recheck' }
  /** The status channel works again (`ok`) or is failing (show "Reconnecting…"). */
  | { readonly type: 'connection'; readonly ok: boolean }
  /** The navigation to the provider's page was blocked (pop-up blocker, sandboxed frame). */
  | { readonly type: 'blocked' }
  /** The provider's page opened in another tab: follow the transaction here. */
  | { readonly type: 'opened'; readonly flow: Flow }
  | { readonly type: 'fail'; readonly error: WidgetError; readonly retry?: RetryKind; readonly transactionId?: string };

export const initialState: FlowState = { name: 'idle' };

export function reduce(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'load':
      return state.name === 'idle' ? state : initialState;
    case 'pick':
      return state.name === 'idle' || state.name === 'editing' ? { name: 'picking' } : state;
    case 'another':
      return state.name === 'done' ? { name: 'picking' } : state;
    case 'ready':
      return state.name === 'idle' || state.name === 'picking' || state.name === 'done' || state.name === 'error' ? { name: 'editing' } : state;
    case 'submit':
      return state.name === 'editing' || (state.name === 'error' && state.retry === 'submit') ? { name: 'submitting' } : state;
    case 'created':
      return state.name === 'submitting' ? afterCreate(event.response, event.flow, event.allowHosts) : state;
    case 'rejected':
      if (state.name !== 'submitting') return state;
      if (event.onFields) return { name: 'editing' };
      // An unreadable answer leaves us not knowing whether the transaction exists: leave the
      // form, offer to resend the very same request (same Idempotency-Key).
      if (event.error.code === 'bad_response') return { name: 'error', error: event.error, retry: event.error.retryable ? 'submit' : undefined };
      // The merchant refused the payment (balance, verification, limits…): its own panel with the
      // next step, not a line above the button.
      if (event.error.code === 'refused' && event.error.refusal) return { name: 'error', error: event.error };
      return { name: 'editing', error: event.error };
    case 'resume':
      return { name: 'processing', transactionId: event.transactionId, flow: event.flow, status: 'pending', checking: true };
    case 'status': {
      if (!isWatching(state) || state.transactionId !== event.transactionId) return state;
      const next = statusState(event.transactionId, event.flow, event.status, event.message);
      if (!isWatching(next)) return next;
      // Keep the hints of the current watch; an unchanged status is the same state (no render).
      if (next.name === state.name && next.status === state.status && next.flow === state.flow && !state.checking) return state;
      const { checking: _, ...rest } = state;
      return { ...rest, ...next };
    }
    case 'stalled':
      return isWatching(state) && !state.stalled ? { ...state, stalled: true, reconnecting: false } : state;
    case 'recheck':
      return isWatching(state) && state.stalled ? { ...state, stalled: false } : state;
    case 'connection':
      return isWatching(state) && !state.stalled && !!state.reconnecting === event.ok ? { ...state, reconnecting: !event.ok } : state;
    case 'blocked':
      return state.name === 'redirecting' && !state.blocked ? { ...state, blocked: true } : state;
    case 'opened':
      return state.name === 'redirecting'
        ? { name: 'processing', transactionId: state.transactionId, flow: event.flow, status: 'pending', url: state.url }
        : state;
    case 'fail':
      return { name: 'error', error: event.error, retry: event.retry, transactionId: event.transactionId };
  }
}

/** A known status as a state: final → done, `awaiting_approval` → awaiting-approval, otherwise processing. */
export function statusState(transactionId: string, flow: Flow, status: Status, message?: string): FlowState {
  if (isFinal(status)) return message ? { name: 'done', transactionId, flow, status, message } : { name: 'done', transactionId, flow, status };
  return { name: status === 'awaiting_approval' ? 'awaiting-approval' : 'processing', transactionId, flow, status };
}

/**
 * Where a created transaction leads. A final status wins over the outcome kind; a redirect goes
 * only through `checkRedirectUrl` (docs/design.md "The widget": absolute https, optional host
 * allow-list) — anything else is an error and no navigation. Plain http only to a loopback host
 * and only while the page itself is on one (`localHttp`, by default read from the page's own
 * location): the demo and the embedded sandbox, never a shop in production.
 */
export function afterCreate(
  res: CreateTransactionResponse,
  flow: Flow,
  allowHosts?: readonly string[],
  localHttp = isLoopbackHost(globalThis.location?.hostname ?? ''),
): FlowState {
  const { transactionId, status } = res;
  if (isFinal(status) || res.outcome === 'sync') return statusState(transactionId, flow, status, res.message);
  if (res.outcome === 'redirect') {
    const check = checkRedirectUrl(res.redirectUrl, allowHosts, localHttp);
    if (check.ok) return { name: 'redirecting', transactionId, url: check.url.href };
    const error = widgetError('bad_response', `Refused redirect for ${transactionId}: ${check.reason}`, false, { key: 'error.redirect_unsafe' });
    return { name: 'error', error, transactionId };
  }
  return statusState(transactionId, flow, status);
}

/**
 * Idempotency keys: one key per distinct request. A resend (resend.ts) and "Try again" with
 * unchanged data send the same key (the proxy answers with the transaction it already made, never
 * a second one); changed data, a transaction that was created, or a definite conflict gets a fresh
 * key — never "still in progress", which is the same request's answer (ADR 0021).
 */
export class IdempotencyKeys {
  #fingerprint: string | undefined;
  #key: string | undefined;
  readonly #generate: () => string;

  constructor(generate: () => string = uuid) {
    this.#generate = generate;
  }

  keyFor(fingerprint: string): string {
    if (this.#key === undefined || this.#fingerprint !== fingerprint) {
      this.#key = this.#generate();
      this.#fingerprint = fingerprint;
    }
    return this.#key;
  }

  /** The request was settled (transaction created, or a definite key conflict): the next one is new. */
  settle(): void {
    this.#key = this.#fingerprint = undefined;
  }
}

/** RFC 4122 v4 from getRandomValues (`randomUUID` exists only in secure contexts). */
export function uuid(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
