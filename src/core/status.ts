/**
 * The normalized status model (docs/design.md, "Statuses"): Mozarto's `transaction_status`,
 * compared case-insensitively and lower-cased. Only `Pending`, `Approved` and `Declined` were
 * seen in the docs (docs/mozarto-api.md §7, §12.5); `Failed`/`Rejected` are accepted because the
 * redirect-flow page promises terminal values beyond those two.
 */
export const STATUSES = ['pending', 'awaiting_approval', 'unknown', 'approved', 'declined', 'failed', 'rejected', 'review'] as const;
export type Status = (typeof STATUSES)[number];
/**
 * Two statuses are ours, not Mozarto's (docs/design.md "Statuses"):
 * - `unknown`: the upstream call's outcome could not be known (timeout or dropped connection after
 *   the request was sent, an unreadable answer). Not final: the Idempotency-Key stays bound to the
 *   transaction and a webhook (matched by merchantReference) settles it.
 * - `review`: a webhook whose amount, currency or user did not match the stored transaction.
 *   Final for the player (never `approved`), flagged for the merchant.
 */
export type FinalStatus = Extract<Status, 'approved' | 'declined' | 'failed' | 'rejected' | 'review'>;

const FINAL: ReadonlySet<Status> = new Set(['approved', 'declined', 'failed', 'rejected', 'review']);

export function isFinal(status: Status): status is FinalStatus {
  return FINAL.has(status);
}

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/**
 * Maps a Mozarto status string to ours. `known` is false for a value we do not recognise, which
 * reads as `pending` so that the proxy can log it and keep waiting for a real outcome.
 */
export function normalizeStatus(raw: unknown): { status: Status; known: boolean } {
  const value =
    typeof raw === 'string'
      ? raw
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      : '';
  switch (value) {
    case 'pending':
      return { status: 'pending', known: true };
    case 'awaiting_approval':
    case 'on_hold': // ForumPay: "Transaction is on hold" (docs/mozarto-api.md §6.4)
      return { status: 'awaiting_approval', known: true };
    case 'approved':
    case 'declined':
    case 'failed':
    case 'rejected':
      return { status: value, known: true };
    default:
      return { status: 'pending', known: false };
  }
}

/**
 * A final status never changes; anything may move forward from pending, awaiting approval or
 * unknown. `unknown` is only ever set by the proxy itself, and a webhook's `Pending` does not turn
 * awaiting approval back, nor does anything but an outcome move `unknown` back to a plain wait.
 */
export function nextStatus(current: Status, incoming: Status): Status {
  if (isFinal(current)) return current;
  if (incoming === 'pending' && current === 'awaiting_approval') return current;
  if (incoming === 'unknown' && current !== 'pending') return current;
  return incoming;
}
