/**
 * The operators' admin API (docs/adr/0023-operators.md, docs/operations.md), mounted at
 * `/admin/api` on the admin listener — never on the player's (src/standalone/admin-server.ts):
 *
 * - `GET  transactions?status=&user=&provider=&flow=&minAmount=&maxAmount=&from=&to=&olderThanMinutes=&limit=&cursor=`
 * - `GET  attention` — the needs-attention queue: counts, the transactions, the events failing delivery
 * - `GET  transactions/:id` — the transaction and its timeline (timeline.ts)
 * - `POST transactions/:id/resolve` `{ status, expectedStatus, reason }` — role `resolve`
 * - `POST events/:eventId/redeliver` `{ reason }` — role `resolve`: one of the merchant's events
 *   due again at once, delivered or not (merchant/redeliver.ts)
 * - `GET  export.csv?from=&to=` — a date range for reconciliation (csv.ts)
 *
 * Every route wants an admin bearer token (credentials.ts); none or a wrong one — a player's
 * session token included — is 401, a `read` token on a `resolve` route 403. Bad input is a 400
 * naming the problem; nothing here answers 5xx to a request's content.
 */
import type { ProxyContext } from '../http/context.js';
import { isJsonContentType, jsonResponse, parseJsonText, readBodyText } from '../http/http.js';
import { ProxyError } from '../http/errors.js';
import type { BoundLogger } from '../logger.js';
import { ATTENTION_STATUSES, WAITING_STATUSES } from '../store/search-sql.js';
import { deliveryState, type OutboxEvent, type StoredTransaction } from '../store/store.js';
import { resolveTransaction } from '../transactions.js';
import { redeliverEvent } from '../merchant/redeliver.js';
import { encodeCursor, readRedeliver, readResolve, readSearch } from './admin-query.js';
import { allows, bearerToken, identify, type AdminIdentity, type AdminRole } from './credentials.js';
import { csvHeader, csvRow } from './csv.js';
import { timeline } from './timeline.js';

export const ADMIN_API_PATH = '/admin/api';

/** Every route, for the listener's Allow header and the tests that try each. */
export const ADMIN_ROUTES = [
  { method: 'GET', path: '/transactions', role: 'read' },
  { method: 'GET', path: '/attention', role: 'read' },
  { method: 'GET', path: '/transactions/:id', role: 'read' },
  { method: 'POST', path: '/transactions/:id/resolve', role: 'resolve' },
  { method: 'POST', path: '/events/:id/redeliver', role: 'resolve' },
  { method: 'GET', path: '/export.csv', role: 'read' },
] as const satisfies readonly { method: string; path: string; role: AdminRole }[];

const EXPORT_MAX_ROWS = 100_000;
const PAGE = 500;

class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const adminError = (error: AdminError, requestId: string) =>
  jsonResponse(error.status, { error: { code: error.code, message: error.message, requestId } }, error.headers);

/** Answers one admin API request; `path` is what follows `/admin/api`. Never throws. */
export async function handleAdminApi(ctx: ProxyContext, request: Request, path: string, log: BoundLogger, requestId: string): Promise<Response> {
  try {
    const route = matchAdminRoute(request.method, path);
    if (!route) throw new AdminError(404, 'not_found', `No such admin endpoint: ${request.method.slice(0, 10)} ${ADMIN_API_PATH}${path.slice(0, 100)}.`);
    // Who asks comes before what they ask: an unauthenticated caller learns nothing, not even a 405.
    const who = await identify(ctx.options.admin.credentials, bearerToken(request));
    if (!who) {
      log.warn('admin request refused: no or a wrong admin token', { route: route.name });
      throw new AdminError(401, 'unauthorized', 'An admin bearer token is required (Authorization: Bearer …).', {
        'www-authenticate': 'Bearer realm="mozarto-cashier-admin"',
      });
    }
    if ('allow' in route)
      throw new AdminError(405, 'method_not_allowed', `Method ${request.method.slice(0, 10)} is not allowed here; use ${route.allow}.`, {
        allow: route.allow!,
      });
    if (!allows(who, route.role)) throw new AdminError(403, 'forbidden', `The ${who.role} role may not ${route.name}; a resolve token may.`);
    return await run(ctx, request, route, who, log);
  } catch (error) {
    if (error instanceof AdminError) return adminError(error, requestId);
    if (error instanceof ProxyError && error.status < 500) return adminError(new AdminError(error.status, error.code, error.message), requestId);
    log.error('admin request failed', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return adminError(new AdminError(500, 'internal', 'Internal error; try again later.'), requestId);
  }
}

interface Matched {
  readonly name: string;
  readonly role: AdminRole;
  readonly id?: string;
  /** Set when the path exists but not for this method: the one it takes. */
  readonly allow?: string;
}

export function matchAdminRoute(method: string, path: string): Matched | null {
  const rest = path.replace(/\/+$/, '');
  const only = (allowed: string, matched: Matched): Matched =>
    method === allowed || (allowed === 'GET' && method === 'HEAD') ? matched : { ...matched, allow: allowed };
  if (rest === '/transactions') return only('GET', { name: 'search', role: 'read' });
  if (rest === '/attention') return only('GET', { name: 'attention', role: 'read' });
  if (rest === '/export.csv') return only('GET', { name: 'export', role: 'read' });
  const event = /^\/events\/([^/]{1,100})\/redeliver$/.exec(rest);
  if (event) return only('POST', { name: 'redeliver', role: 'resolve', id: event[1]! });
  const one = /^\/transactions\/([^/]{1,100})(\/resolve)?$/.exec(rest);
  if (!one) return null;
  return one[2] ? only('POST', { name: 'resolve', role: 'resolve', id: one[1]! }) : only('GET', { name: 'timeline', role: 'read', id: one[1]! });
}

async function run(ctx: ProxyContext, request: Request, route: Matched, who: AdminIdentity, log: BoundLogger): Promise<Response> {
  const url = new URL(request.url);
  const { store } = ctx.options;
  const now = ctx.options.now();
  switch (route.name) {
    case 'search': {
      const query = readSearch(url.searchParams, now);
      if (!query.ok) throw new AdminError(400, 'invalid_request', query.message);
      const rows = await store.searchTransactions({ ...query.value, limit: query.value.limit + 1 });
      const page = rows.slice(0, query.value.limit);
      const last = page[page.length - 1];
      return jsonResponse(200, { transactions: page.map(view), next: rows.length > page.length && last ? encodeCursor(last) : null });
    }
    case 'attention': {
      if ([...url.searchParams.keys()].length) throw new AdminError(400, 'invalid_request', 'attention takes no query parameters.');
      const strandedBefore = new Date(now.getTime() - ctx.options.admin.attentionAfterMs).toISOString();
      const [counts, needs, waits, failing] = await Promise.all([
        store.countAttention(strandedBefore),
        store.searchTransactions({ statuses: [...ATTENTION_STATUSES], limit: 200 }),
        store.searchTransactions({ statuses: [...WAITING_STATUSES], createdBefore: strandedBefore, limit: 200 }),
        store.listFailingEvents(200),
      ]);
      const queue = [...needs, ...waits].sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
      return jsonResponse(200, {
        attentionAfterMs: ctx.options.admin.attentionAfterMs,
        counts,
        transactions: queue.map(view),
        failingEvents: failing.map(eventView),
      });
    }
    case 'timeline': {
      const tx = await findTransaction(ctx, route.id!);
      const [webhooks, audit, events] = await Promise.all([store.listWebhookEvents(tx.id), store.listAuditEntries(tx.id), store.listEvents(tx.id)]);
      const attempts = (await Promise.all([...new Set(events.map((e) => e.eventId))].map((id) => store.listEventAttempts(id)))).flat();
      return jsonResponse(200, { transaction: view(tx), timeline: timeline(tx, webhooks, audit, events, attempts) });
    }
    case 'resolve': {
      const id = route.id!;
      if (!isJsonContentType(request.headers.get('content-type')))
        throw new AdminError(415, 'invalid_request', 'Send the body as JSON (Content-Type: application/json).');
      const body = readResolve(parseJsonText(await readBodyText(request, 8192)));
      if (!body.ok) throw new AdminError(400, 'invalid_request', body.message);
      const result = await resolveTransaction(ctx, log, id, {
        to: body.value.status,
        from: body.value.expectedStatus,
        reason: body.value.reason,
        actor: who.name,
      });
      if (!result.ok) throw new AdminError(result.why === 'not_found' ? 404 : 409, result.why, result.message);
      return jsonResponse(200, { transaction: view(result.transaction) });
    }
    case 'redeliver': {
      let eventId: string;
      try {
        eventId = decodeURIComponent(route.id!);
      } catch {
        eventId = '';
      }
      if (!isJsonContentType(request.headers.get('content-type')))
        throw new AdminError(415, 'invalid_request', 'Send the body as JSON (Content-Type: application/json).');
      const body = readRedeliver(parseJsonText(await readBodyText(request, 8192)));
      if (!body.ok) throw new AdminError(400, 'invalid_request', body.message);
      const result = await redeliverEvent(ctx, log, { eventId, actor: who.name, reason: body.value.reason });
      if (!result.ok) throw new AdminError(404, result.why, result.message);
      return jsonResponse(200, { events: result.after.map(eventView), unconfigured: result.unconfigured });
    }
    case 'export':
      return exportCsv(ctx, url.searchParams, now);
  }
  throw new AdminError(404, 'not_found', 'No such admin endpoint.');
}

async function findTransaction(ctx: ProxyContext, id: string): Promise<StoredTransaction> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(id);
  } catch {
    decoded = '';
  }
  const tx = /^tx_[0-9a-f]{24}$/.test(decoded) ? await ctx.options.store.getTransaction(decoded) : null;
  if (!tx) throw new AdminError(404, 'not_found', `No transaction ${JSON.stringify(decoded.slice(0, 40))}.`);
  return tx;
}

/** The range's transactions as CSV, oldest page last; `from` and `to` are required, 100 000 rows at most. */
async function exportCsv(ctx: ProxyContext, params: URLSearchParams, now: Date): Promise<Response> {
  if (!params.has('from') || !params.has('to'))
    throw new AdminError(400, 'invalid_request', 'export.csv needs from and to (e.g. from=2026-01-01&to=2026-02-01).');
  for (const key of params.keys())
    if (key !== 'from' && key !== 'to')
      throw new AdminError(400, 'invalid_request', `export.csv takes from and to only, not ${JSON.stringify(key.slice(0, 40))}.`);
  const query = readSearch(params, now);
  if (!query.ok) throw new AdminError(400, 'invalid_request', query.message);
  let text = csvHeader();
  let after = undefined as { createdAt: string; id: string } | undefined;
  for (let rows = 0; rows < EXPORT_MAX_ROWS;) {
    const page = await ctx.options.store.searchTransactions({ ...query.value, limit: PAGE, ...(after ? { after } : {}) });
    for (const tx of page) text += csvRow(tx);
    rows += page.length;
    if (page.length < PAGE) break;
    after = page[page.length - 1]!;
    if (rows >= EXPORT_MAX_ROWS) throw new AdminError(400, 'invalid_request', `More than ${EXPORT_MAX_ROWS} transactions in that range: export a shorter one.`);
  }
  const name = `transactions-${params.get('from')!.slice(0, 10)}-${params.get('to')!.slice(0, 10)}.csv`.replace(/[^A-Za-z0-9_.-]/g, '');
  return new Response(text, {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** A transaction as the operator reads it: the record, without the outcome hook's bookkeeping. */
function view(tx: StoredTransaction) {
  return {
    id: tx.id,
    userId: tx.userId,
    flow: tx.flow,
    pspType: tx.pspType,
    amount: tx.amount,
    currency: tx.currency,
    status: tx.status,
    upstreamId: tx.upstreamId,
    outcome: tx.outcome,
    errorCode: tx.errorCode,
    message: tx.message,
    reviewReason: tx.reviewReason ?? null,
    createdAt: tx.createdAt,
    updatedAt: tx.updatedAt,
  };
}

/** One outbox row as the operator reads it: where its delivery stands, without the payload. */
function eventView(event: OutboxEvent) {
  return {
    eventId: event.eventId,
    transactionId: event.transactionId,
    type: event.type,
    endpoint: event.endpoint,
    state: deliveryState(event),
    attempts: event.attempts,
    nextAttemptAt: event.nextAttemptAt,
    deliveredAt: event.deliveredAt,
    abandonedAt: event.abandonedAt,
    lastStatusCode: event.lastStatusCode,
    lastError: event.lastError,
    createdAt: event.createdAt,
  };
}
