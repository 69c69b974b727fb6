/**
 * The one error shape the widget deals in: a stable code from the contract's closed list, a
 * developer-facing message, and whether "Try again" makes sense (CONVENTIONS.md, "Errors").
 */
import type { ErrorCode, Refusal } from '../core/contract.js';

export interface WidgetIssue {
  readonly field: string;
  /** A message key such as `error.phone_min_digits`. */
  readonly code: string;
  readonly message: string;
}

export interface WidgetError {
  readonly code: ErrorCode;
  /** For developers (logs, `mozarto-error`); players see the localized text for `key` or `code`. */
  readonly message: string;
  readonly retryable: boolean;
  readonly field?: string;
  readonly issues?: readonly WidgetIssue[];
  /** Message key shown to the player instead of the code's generic text. */
  readonly key?: string;
  /** With code `refused`: the merchant's reason (shown as its own state with the next step). */
  readonly refusal?: Refusal;
}

export function widgetError(code: ErrorCode, message: string, retryable: boolean, extra: Partial<WidgetError> = {}): WidgetError {
  return { ...extra, code, message, retryable };
}
