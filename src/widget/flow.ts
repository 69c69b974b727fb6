/**
 * The widget's flow as a pure state machine (design.md, "The widget"): no DOM, no Lit.
 *
 *   idle → editing → submitting → redirecting | processing | done | error
 *
 * `reduce` is total: an event that does not apply to the current state returns that same state
 * object, so a late answer (a double click, a restart while a request was in flight) cannot move
 * the flow backwards. The element renders the state and runs the effects of entering it.
 */
import type { CreateTransactionResponse } from '../core/contract.js';
import type { Flow } from '../core/psp/types.js';
import { checkRedirectUrl } from '../core/redirect.js';
import { isFinal, type FinalStatus, type Status } from '../core/status.js';
import { widgetError, type WidgetError } from './errors.js';

/** What "Try again" does from the error state. */
export type RetryKind = 'config' | 'submit' | 'resume';

export type FlowState =
  | { readonly name: 'idle' }
  | { readonly name: 'editing'; readonly error?: WidgetError }
  | { readonly name: 'submitting' }
  | { readonly name: 'redirecting'; readonly transactionId: string; readonly url: string }
  | {
      readonly name: 'processing';
      readonly transactionId: string;
      readonly flow: Flow;
      readonly status: Status;
      /** Resuming: the first status answer is not in yet. */
      readonly checking?: boolean;
      /** Polling gave up; the outcome is still unknown. */
      readonly stalled?: boolean;
    }
  | { readonly name: 'done'; readonly transactionId: string; readonly flow: Flow; readonly status: FinalStatus; readonly message?: string }
  | { readonly name: 'error'; readonly error: WidgetError; readonly retry?: RetryKind; readonly transactionId?: string };

export type StateName = FlowState['name'];

export type FlowEvent =
  | { readonly type: 'load' }
  | { readonly type: 'ready' }
  | { readonly type: 'submit' }
  | { readonly type: 'created'; readonly response: CreateTransactionResponse; readonly flow: Flow; readonly allowHosts?: readonly string[] }
  /** The proxy refused the submission; `error` is what to show above the button (none when it all landed on fields). */
  | { readonly type: 'rejected'; readonly error?: WidgetError }
  | { readonly type: 'resume'; readonly transactionId: string; readonly flow: Flow }
  | { readonly type: 'status'; readonly transactionId: string; readonly flow: Flow; readonly status: Status; readonly message?: string }
  | { readonly type: 'stalled' }
  | { readonly type: 'recheck' }
  | { readonly type: 'fail'; readonly error: WidgetError; readonly retry?: RetryKind; readonly transactionId?: string };

export const initialState: FlowState = { name: 'idle' };

export function reduce(state: FlowState, event: FlowEvent): FlowState {
  switch (event.type) {
    case 'load':
      return state.name === 'idle' ? state : initialState;
    case 'ready':
      return state.name === 'idle' || state.name === 'done' || state.name === 'error' ? { name: 'editing' } : state;
    case 'submit':
      return state.name === 'editing' || (state.name === 'error' && state.retry === 'submit') ? { name: 'submitting' } : state;
    case 'created':
      return state.name === 'submitting' ? afterCreate(event.response, event.flow, event.allowHosts) : state;
    case 'rejected':
      if (state.name !== 'submitting') return state;
      // An unreadable answer leaves us not knowing whether the transaction exists: leave the
      // form, offer to resend the very same request (same Idempotency-Key).
      if (event.error?.code === 'bad_response') return { name: 'error', error: event.error, retry: event.error.retryable ? 'submit' : undefined };
      return event.error ? { name: 'editing', error: event.error } : { name: 'editing' };
    case 'resume':
      return { name: 'processing', transactionId: event.transactionId, flow: event.flow, status: 'pending', checking: true };
    case 'status':
      if (state.name !== 'processing' || state.transactionId !== event.transactionId) return state;
      return statusState(event.transactionId, event.flow, event.status, event.message);
    case 'stalled':
      return state.name === 'processing' && !state.stalled ? { ...state, stalled: true } : state;
    case 'recheck':
      return state.name === 'processing' && state.stalled ? { ...state, stalled: false } : state;
    case 'fail':
      return { name: 'error', error: event.error, retry: event.retry, transactionId: event.transactionId };
  }
}

/** A known status as a state: final → done, otherwise keep processing (and polling). */
export function statusState(transactionId: string, flow: Flow, status: Status, message?: string): FlowState {
  if (isFinal(status)) return message ? { name: 'done', transactionId, flow, status, message } : { name: 'done', transactionId, flow, status };
  return { name: 'processing', transactionId, flow, status };
}

/**
 * Where a created transaction leads. A final status wins over the outcome kind; a redirect goes
 * only through `checkRedirectUrl` (design.md: absolute https, http only for localhost, optional
 * host allow-list) — anything else is an error and no navigation.
 */
export function afterCreate(res: CreateTransactionResponse, flow: Flow, allowHosts?: readonly string[]): FlowState {
  const { transactionId, status } = res;
  if (isFinal(status) || res.outcome === 'sync') return statusState(transactionId, flow, status, res.message);
  if (res.outcome === 'redirect') {
    const check = checkRedirectUrl(res.redirectUrl, allowHosts);
    if (check.ok) return { name: 'redirecting', transactionId, url: check.url.href };
    const error = widgetError('bad_response', `Refused redirect for ${transactionId}: ${check.reason}`, false, { key: 'error.redirect_unsafe' });
    return { name: 'error', error, transactionId };
  }
  return { name: 'processing', transactionId, flow, status };
}

/**
 * Idempotency keys: one key per distinct request. "Try again" with unchanged data resends the
 * same key (the proxy answers with the transaction it already made, never a second one); changed
 * data, or a transaction that was created, gets a fresh key.
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

  /** The request was settled (transaction created, or a key conflict): the next one is new. */
  settle(): void {
    this.#key = this.#fingerprint = undefined;
  }
}

/** RFC 4122 v4; `randomUUID` only exists in secure contexts, so fall back to getRandomValues. */
export function uuid(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
