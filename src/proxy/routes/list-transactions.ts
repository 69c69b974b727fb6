/**
 * `GET {endpoint}/transactions?limit=&cursor=`: the logged-in player's own transactions, newest
 * first, a page at a time. The cursor is opaque to the widget (the last row's position, base64url)
 * and says nothing about whose list it is: the user comes from the session, so another player's
 * transactions are never in the answer, whatever cursor is sent.
 */
import type { TransactionListResponse } from '../../core/history.js';
import { requireUser, type ProxyContext, type RequestScope } from '../http/context.js';
import { ProxyError } from '../http/errors.js';
import { jsonResponse } from '../http/http.js';
import { TRANSACTION_ID } from '../ids.js';
import type { HistoryPosition, StoredTransaction } from '../store/store.js';
import { statusBody } from '../transactions.js';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

export async function handleListTransactions(ctx: ProxyContext, scope: RequestScope): Promise<Response> {
  const user = await requireUser(ctx, scope);
  const query = new URL(scope.request.url).searchParams;
  const limit = readLimit(query.get('limit'));
  const cursor = query.get('cursor');
  const after = cursor ? readCursor(cursor) : undefined;
  // One more than asked tells whether there is a next page.
  const rows = await ctx.options.store.listTransactionsByUser(user.id, limit + 1, after);
  const page = rows.slice(0, limit);
  const body: TransactionListResponse = {
    transactions: page.map((tx) => ({ ...statusBody(tx), createdAt: tx.createdAt })),
    ...(rows.length > limit ? { nextCursor: writeCursor(page[page.length - 1]!) } : {}),
  };
  return jsonResponse(200, body);
}

function readLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_PAGE;
  const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_PAGE))
    throw new ProxyError('invalid_request', `limit must be a whole number from 1 to ${MAX_PAGE}, got ${JSON.stringify(raw.slice(0, 20))}.`, { field: 'limit' });
  return n;
}

// btoa, not Buffer: the handler runs on edge runtimes too. Ids and ISO dates are ASCII.
const writeCursor = (tx: StoredTransaction): string =>
  btoa(JSON.stringify([tx.createdAt, tx.id]))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** What `writeCursor` writes: an ISO time and one of our ids. Anything else (a NUL, which Postgres refuses in text) never reaches a store. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function readCursor(raw: string): HistoryPosition {
  try {
    if (raw.length <= 200 && /^[A-Za-z0-9_-]+$/.test(raw)) {
      const [createdAt, id] = JSON.parse(atob(raw.replace(/-/g, '+').replace(/_/g, '/'))) as unknown[];
      if (typeof createdAt === 'string' && typeof id === 'string' && CURSOR_TIME.test(createdAt) && TRANSACTION_ID.test(id)) return { createdAt, id };
    }
  } catch {
    // reported below
  }
  throw new ProxyError('invalid_request', 'cursor is not one this endpoint gave: pass nextCursor from the previous page as it is.', { field: 'cursor' });
}
