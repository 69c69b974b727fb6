/**
 * Remembers the transaction a player was sent away for, so the page the hosted payment page
 * returns to can show its outcome:
 *
 *   el.transaction = new URLSearchParams(location.search).get('transaction') ?? lastTransactionId();
 *
 * sessionStorage is per tab and may be unavailable (privacy modes, sandboxed frames): every access
 * is guarded and failure reads as "nothing remembered".
 */
export const LAST_TRANSACTION_KEY = 'mozarto-cashier:last';

/** The id of the last transaction this tab was redirected for, or null. */
export function lastTransactionId(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(LAST_TRANSACTION_KEY) ?? null;
  } catch {
    return null;
  }
}

export function rememberTransaction(id: string): void {
  try {
    globalThis.sessionStorage?.setItem(LAST_TRANSACTION_KEY, id);
  } catch {
    // storage unavailable: the return page needs the id in its URL instead
  }
}

/** Forgets the remembered id (only if it is `id`, when given). */
export function forgetTransaction(id?: string): void {
  try {
    if (id === undefined || lastTransactionId() === id) globalThis.sessionStorage?.removeItem(LAST_TRANSACTION_KEY);
  } catch {
    // nothing to forget
  }
}

/**
 * The transaction this tab is watching (a pay-out in processing, a pay-in opened in a new tab),
 * so a reload resumes it even without a `transaction` attribute. Forgotten once final: a reload
 * after the outcome shows the form again.
 */
export const IN_FLIGHT_KEY = 'mozarto-cashier:in-flight';

interface InFlight {
  readonly id: string;
  readonly flow: string;
  readonly endpoint: string;
}

export function rememberInFlight(endpoint: string, id: string, flow: string): void {
  try {
    globalThis.sessionStorage?.setItem(IN_FLIGHT_KEY, JSON.stringify({ id, flow, endpoint } satisfies InFlight));
  } catch {
    // storage unavailable: a reload shows the form
  }
}

/** The in-flight transaction for this endpoint and flow, or null. */
export function inFlight(endpoint: string, flow: string): string | null {
  try {
    const v = JSON.parse(globalThis.sessionStorage?.getItem(IN_FLIGHT_KEY) ?? 'null') as Partial<InFlight> | null;
    return v && typeof v.id === 'string' && v.endpoint === endpoint && v.flow === flow ? v.id : null;
  } catch {
    return null;
  }
}

/** Forgets the in-flight transaction if it is `id`. */
export function forgetInFlight(id: string): void {
  try {
    const v = JSON.parse(globalThis.sessionStorage?.getItem(IN_FLIGHT_KEY) ?? 'null') as Partial<InFlight> | null;
    if (v?.id === id) globalThis.sessionStorage?.removeItem(IN_FLIGHT_KEY);
  } catch {
    // nothing to forget
  }
}
