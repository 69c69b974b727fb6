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
