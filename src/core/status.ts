/**
 * The normalized status model (design.md, "Statuses"): Mozarto's `transaction_status`,
 * compared case-insensitively and lower-cased. Only `Pending`, `Approved` and `Declined` were
 * seen in the docs (mozarto-api.md §7, §12.5); `Failed`/`Rejected` are accepted because the
 * redirect-flow page promises terminal values beyond those two.
 */
export const STATUSES = ['pending', 'awaiting_approval', 'approved', 'declined', 'failed', 'rejected'] as const;
export type Status = (typeof STATUSES)[number];
export type FinalStatus = Extract<Status, 'approved' | 'declined' | 'failed' | 'rejected'>;

const FINAL: ReadonlySet<Status> = new Set(['approved', 'declined', 'failed', 'rejected']);

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
  const value = typeof raw === 'string' ? raw.trim().toLowerCase().replace(/[\s-]+/g, '_') : '';
  switch (value) {
    case 'pending':
      return { status: 'pending', known: true };
    case 'awaiting_approval':
    case 'on_hold': // ForumPay: "Transaction is on hold" (mozarto-api.md §6.4)
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

/** A final status never changes; anything may move forward from pending or awaiting approval. */
export function nextStatus(current: Status, incoming: Status): Status {
  if (isFinal(current)) return current;
  if (incoming === 'pending' && current === 'awaiting_approval') return current;
  return incoming;
}
