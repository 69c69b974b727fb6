/**
 * The element's events: prefixed `mozarto-`, bubbling and composed. "Before" events
 * (`mozarto-submit`, `mozarto-redirect`) are cancelable so an app can veto or take over. No detail
 * ever carries what the player typed: names, phone numbers and the like are personal data.
 */
import type { ErrorCode, CreateTransactionResponse } from '../core/contract.js';
import type { Flow } from '../core/psp/types.js';
import type { FinalStatus, Status } from '../core/status.js';
import type { WidgetError } from './errors.js';

/** Before the request is sent; cancel to stop it. */
export interface MozartoSubmitDetail {
  readonly pspType: string;
  readonly type: Flow;
  /** Canonical decimal string, e.g. "100.00". */
  readonly amount: string;
  readonly currency: string;
}
/** The proxy created the transaction. */
export interface MozartoCreatedDetail {
  readonly transactionId: string;
  readonly status: Status;
  readonly outcome: CreateTransactionResponse['outcome'];
}
/** About to open the provider's hosted page (in `redirect-target`); cancel to navigate yourself. */
export interface MozartoRedirectDetail {
  readonly url: string;
  readonly transactionId: string;
}
/**
 * The widget learned a new status for a transaction, by push or polling; once per change
 * (`pending`, `awaiting_approval` when an operator must approve, then a final one).
 */
export interface MozartoStatusDetail {
  readonly transactionId: string;
  readonly status: Status;
}
/** The transaction reached a final status; the widget shows it with the next step. */
export interface MozartoCompleteDetail {
  readonly transactionId: string;
  readonly status: FinalStatus;
}
/** Something went wrong; `message` is for developers, the player sees localized text. */
export interface MozartoErrorDetail {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly field?: string;
}

export interface MozartoEventDetails {
  'mozarto-submit': MozartoSubmitDetail;
  'mozarto-created': MozartoCreatedDetail;
  'mozarto-redirect': MozartoRedirectDetail;
  'mozarto-status': MozartoStatusDetail;
  'mozarto-complete': MozartoCompleteDetail;
  'mozarto-error': MozartoErrorDetail;
}

export type MozartoSubmitEvent = CustomEvent<MozartoSubmitDetail>;
export type MozartoCreatedEvent = CustomEvent<MozartoCreatedDetail>;
export type MozartoRedirectEvent = CustomEvent<MozartoRedirectDetail>;
export type MozartoStatusEvent = CustomEvent<MozartoStatusDetail>;
export type MozartoCompleteEvent = CustomEvent<MozartoCompleteDetail>;
export type MozartoErrorEvent = CustomEvent<MozartoErrorDetail>;

// On GlobalEventHandlersEventMap too: the events bubble out of the shadow root (composed), so a
// listener on `document` or `window` hears them, typed.
declare global {
  interface GlobalEventHandlersEventMap {
    'mozarto-submit': MozartoSubmitEvent;
    'mozarto-created': MozartoCreatedEvent;
    'mozarto-redirect': MozartoRedirectEvent;
    'mozarto-status': MozartoStatusEvent;
    'mozarto-complete': MozartoCompleteEvent;
    'mozarto-error': MozartoErrorEvent;
  }
  interface HTMLElementEventMap {
    'mozarto-submit': MozartoSubmitEvent;
    'mozarto-created': MozartoCreatedEvent;
    'mozarto-redirect': MozartoRedirectEvent;
    'mozarto-status': MozartoStatusEvent;
    'mozarto-complete': MozartoCompleteEvent;
    'mozarto-error': MozartoErrorEvent;
  }
}

/** Dispatches a `mozarto-*` event; returns false when a listener canceled it. */
export function emit<K extends keyof MozartoEventDetails>(target: EventTarget, name: K, detail: MozartoEventDetails[K], cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}

/** `mozarto-error` for a widget error: its code, message, retryable flag and field, nothing else. */
export function emitError(target: EventTarget, error: WidgetError): void {
  emit(target, 'mozarto-error', { code: error.code, message: error.message, retryable: error.retryable, ...(error.field ? { field: error.field } : {}) });
}
