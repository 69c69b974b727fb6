/**
 * The merchant proxy's request handler (docs/design.md, "The proxy"): web-standard Request/Response,
 * so it mounts in Node (see src/http/node-adapter.ts), the Vite dev server, Express/Fastify or an edge
 * runtime. It never throws: every path answers JSON with an `x-request-id`.
 */
import { ProxyError } from './http/errors.js';
import { errorResponse } from './http/http.js';
import { bodyHashKey, IdempotencyGuard } from './idempotency.js';
import { Pruner } from './store/pruner.js';
import { requestIdFrom } from './ids.js';
import { loadJose } from './jwt.js';
import { bindLogger, type BoundLogger } from './logger.js';
import type { ProxyOptions } from './options.js';
import { normalizeOrigin, resolveOptions, startWarnings } from './options-schema.js';
import type { ProxyContext, RequestScope } from './http/context.js';
import { ADMIN_API_PATH, handleAdminApi } from './admin/admin-api.js';
import { handleConfig } from './routes/config.js';
import { handleCreateTransaction } from './routes/create-transaction.js';
import { handleListTransactions } from './routes/list-transactions.js';
import { handleTransactionEvents } from './routes/transaction-events.js';
import { handleTransactionStatus } from './routes/transaction-status.js';
import { handleWebhook } from './routes/webhook.js';
import { OutcomeHook } from './outcome-hook.js';
import { EventDelivery } from './merchant/delivery.js';
import { newInstanceId } from './ids.js';
import { FinalCache } from './store/final-cache.js';
import { Drain } from './drain.js';
import { ReadinessProbe, type Readiness } from './readiness.js';
import { RecoverySweep } from './recovery-sweep.js';
import { markStranded, receiveWebhook } from './transactions.js';
import { JournalReplayer } from './webhook-journal.js';
import { WriteBehind } from './write-behind.js';

export interface HandleInfo {
  /** The client's address, for the per-IP rate limit. */
  readonly ip?: string;
  /** Edge runtimes: keeps the worker alive for work after the response (the outcome hook). */
  readonly waitUntil?: (promise: Promise<unknown>) => void;
}

export interface CashierProxy {
  handle(request: Request, info?: HandleInfo): Promise<Response>;
  /** The providers offered per flow, as `GET config` serves them (for start-up logs and health pages). */
  readonly offered: { readonly payin: readonly string[]; readonly payout: readonly string[] };
  /**
   * The operators' admin API (admin/admin-api.ts) for a request to `/admin/api/…`: mount it on a
   * listener of its own that players cannot reach (the standalone server's CASHIER_ADMIN_PORT),
   * never beside `handle`. Refuses every request unless `admin.tokens` are set.
   */
  handleAdmin(request: Request): Promise<Response>;
  /** Resolves when every outcome hook and event delivery started so far has settled. */
  idle(): Promise<void>;
  /** Runs the retention prune now (it also runs in the background); resolves with the rows changed. */
  prune(): Promise<number>;
  /**
   * Whether this proxy should get traffic: not while draining, nor while its store fails a read,
   * nor while a shared notifier has lost its connection (README "Several instances").
   */
  readiness(): Promise<Readiness>;
  /**
   * Starts a drain (a deploy stopping this instance): readiness turns false, every event stream
   * ends with a reconnect hint, and the promise resolves once the requests in flight are answered
   * (a create waits for Mozarto, so allow the upstream timeout) — true, or false when `timeoutMs`
   * (default the upstream timeout plus 5 s) ran out first. Then close the listener and `close()`.
   */
  drain(timeoutMs?: number): Promise<boolean>;
  /**
   * Stops the outcome retries, the event delivery (attempts in flight are cut short and due again
   * at once) and the prune timer, and waits for running work (the store is the caller's to close).
   */
  close(): Promise<void>;
}

type Route =
  | { readonly name: 'config' }
  | { readonly name: 'transactions' }
  | { readonly name: 'transaction'; readonly id: string }
  | { readonly name: 'events'; readonly id: string }
  | { readonly name: 'webhook' };

const ALLOWED_METHODS: Record<Route['name'], string> = { config: 'GET', transactions: 'GET, POST', transaction: 'GET', events: 'GET', webhook: 'POST' };

export function createCashierProxy(options: ProxyOptions): CashierProxy {
  const resolved = resolveOptions(options);
  const { logger } = resolved;
  const proxyLog = bindLogger(logger, resolved.now);
  // Anything weaker than the default says so in its option's name and here, at every start.
  for (const { msg, fields } of startWarnings(resolved)) proxyLog.warn(msg, { phase: 'start', ...fields });
  // Signing the x-user-token needs the optional peer `jose`: say so at start, not at the first payment.
  if (resolved.userContext.mode === 'token') loadJose().catch((error: Error) => proxyLog.error(error.message, { phase: 'start' }));
  const outcomeHook = resolved.onOutcome
    ? new OutcomeHook({
        store: resolved.store,
        hook: resolved.onOutcome,
        timeoutMs: resolved.onOutcomeTimeoutMs,
        retryMs: resolved.outcomeRetryMs,
        now: resolved.now,
        log: proxyLog,
      })
    : undefined;
  // Webhooks kept while the store failed, applied when it is back (its first look is after this
  // function has returned, so `ctx` exists by then).
  const journal = resolved.webhookJournal
    ? new JournalReplayer({
        journal: resolved.webhookJournal,
        log: proxyLog,
        apply: async (entry) => void (await receiveWebhook(ctx, proxyLog, entry.payload, entry.receivedAt)),
      })
    : undefined;
  const { events } = resolved;
  const delivery =
    events.urls.length > 0 && events.secret !== undefined
      ? new EventDelivery({
          store: resolved.store,
          endpoints: events.urls,
          secret: events.secret,
          timeoutMs: events.timeoutMs,
          retryForMs: events.retryForMs,
          pollMs: events.pollMs,
          instance: newInstanceId(),
          now: resolved.now,
          log: proxyLog,
        })
      : undefined;
  // What a failing store cannot take now, written when it is back (bounded by the stale limit).
  const later = new WriteBehind({ log: proxyLog, maxAgeMs: resolved.staleAfterMs });
  const ctx: ProxyContext = {
    options: resolved,
    // A reservation older than the stale limit belonged to a request that died (idempotency.ts).
    idempotency: new IdempotencyGuard(resolved.store, resolved.staleAfterMs, later),
    later,
    journal,
    bodyHashKey: bodyHashKey(resolved.idempotencySecret),
    finals: new FinalCache(),
    streams: new Map(),
    outcomes: outcomeHook,
    events: delivery,
    drain: new Drain(),
  };
  const readiness = new ReadinessProbe(resolved.store, resolved.notifier, () => ctx.drain.draining);
  const sweep = new RecoverySweep({
    store: resolved.store,
    staleAfterMs: resolved.staleAfterMs,
    now: resolved.now,
    log: proxyLog,
    move: async (id, at) => void (await markStranded(ctx, proxyLog, id, at)),
  });

  const pruner = new Pruner({
    store: resolved.store,
    retentionMs: resolved.retentionMs,
    intervalMs: resolved.pruneIntervalMs,
    now: resolved.now,
    log: proxyLog,
  });

  async function handle(request: Request, info: HandleInfo = {}): Promise<Response> {
    const started = Date.now();
    // Counted until answered, so that a drain waits for it (an event stream answers at once).
    const { response, routeName, log } = await ctx.drain.track(() => route(request, info));
    // The access line: method, route, status, time — never the query, headers or body.
    log.info('request', { method: request.method.slice(0, 10), route: routeName, status: response.status, durationMs: Date.now() - started });
    // Slow follow-ups (the merchant's hook and events) run after the answer; an edge runtime must be told.
    if ((outcomeHook || delivery) && info.waitUntil) info.waitUntil(idle());
    return response;
  }

  async function route(request: Request, info: HandleInfo): Promise<{ response: Response; routeName: string; log: BoundLogger }> {
    const requestId = requestIdFrom(safeHeader(request, 'x-request-id'));
    const log = bindLogger(logger, resolved.now, requestId);
    let cors: Record<string, string> = {};
    let response: Response;
    let matched: Route | null = null;
    try {
      const scope: RequestScope = { request, requestId, ip: info.ip, log };
      const url = new URL(request.url);
      const route = (matched = matchRoute(url.pathname, resolved.basePath));
      if (!route) throw new ProxyError('not_found', `No such endpoint: ${request.method} ${url.pathname}.`);

      // Origin check for browser-facing routes; Mozarto's webhook is server-to-server.
      if (route.name !== 'webhook') {
        const origin = request.headers.get('origin');
        // Whatever the answer, it depends on the Origin: a shared cache must not hand one
        // origin's grant (or refusal) to another.
        cors = { vary: 'Origin' };
        if (origin !== null) {
          if (!originAllowed(resolved.allowedOrigins, origin, request)) {
            log.warn('origin refused', { origin: origin.slice(0, 200) });
            throw new ProxyError('forbidden_origin', 'This origin may not use the cashier.');
          }
          // Same-origin requests need no CORS headers; a listed (or any) other origin does.
          if (resolved.allowedOrigins !== 'same') cors = corsHeaders(origin, resolved.userContext.mode === 'forward' ? resolved.userContext.header : undefined);
        }
        if (request.method === 'OPTIONS') {
          response = new Response(null, { status: 204, headers: { ...cors, 'access-control-allow-methods': ALLOWED_METHODS[route.name] } });
          return { response: finish(response, requestId, cors), routeName: route.name, log };
        }
      }

      const allowed = ALLOWED_METHODS[route.name];
      if (!allowed.split(', ').some((m) => m === request.method || (m === 'GET' && request.method === 'HEAD'))) {
        throw new ProxyError('invalid_request', `Method ${request.method} is not allowed here; use ${allowed}.`, { status: 405 });
      }

      switch (route.name) {
        case 'config':
          response = handleConfig(ctx);
          break;
        case 'transactions':
          response = request.method === 'POST' ? await handleCreateTransaction(ctx, scope) : await handleListTransactions(ctx, scope);
          break;
        case 'transaction':
          response = await handleTransactionStatus(ctx, scope, route.id);
          break;
        case 'events':
          response = await handleTransactionEvents(ctx, scope, route.id);
          break;
        case 'webhook':
          response = await handleWebhook(ctx, scope);
          break;
      }
    } catch (error) {
      if (error instanceof ProxyError) {
        response = errorResponse(error, requestId, error.status === 405 ? { allow: matched ? ALLOWED_METHODS[matched.name] : 'GET, POST' } : {});
      } else {
        log.error('unhandled error', { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        response = errorResponse(new ProxyError('internal', 'Internal error; try again later.'), requestId);
      }
    }
    return { response: finish(response, requestId, cors), routeName: matched?.name ?? 'none', log };
  }

  async function idle(): Promise<void> {
    await Promise.all([outcomeHook?.idle(), delivery?.idle()]);
  }

  async function handleAdmin(request: Request): Promise<Response> {
    const started = Date.now();
    const requestId = requestIdFrom(safeHeader(request, 'x-request-id'));
    const log = bindLogger(logger, resolved.now, requestId);
    let path: string;
    try {
      path = new URL(request.url).pathname;
    } catch {
      path = '';
    }
    const response = path.startsWith(`${ADMIN_API_PATH}/`)
      ? await handleAdminApi(ctx, request, path.slice(ADMIN_API_PATH.length), log, requestId)
      : errorResponse(new ProxyError('not_found', `No such admin endpoint: ${path.slice(0, 100)}.`), requestId);
    log.info('admin request', { method: request.method.slice(0, 10), path: path.slice(0, 100), status: response.status, durationMs: Date.now() - started });
    return finish(response, requestId, {});
  }

  return {
    handle,
    offered: { payin: [...resolved.methods.byFlow.payin.keys()], payout: [...resolved.methods.byFlow.payout.keys()] },
    idle,
    handleAdmin,
    prune: () => pruner.run(),
    readiness: () => readiness.check(),
    drain: async (timeoutMs = resolved.upstreamTimeoutMs + 5000) => {
      const deadline = Date.now() + timeoutMs;
      const answered = await ctx.drain.drain(timeoutMs);
      // Answers a failing store could not take yet: a little longer for them, then they are lost
      // to this process and the recovery sweep finds their transactions (write-behind.ts).
      const written = await later.idle(Math.max(1000, deadline - Date.now()));
      return answered && written;
    },
    close: async () => {
      await sweep.close();
      await journal?.close();
      later.close();
      await pruner.close();
      await Promise.all([outcomeHook?.close(), delivery?.close()]);
    },
  };
}

/**
 * With no `allowedOrigins`, only the request's own origin: the scheme of its URL and its Host
 * header (a reverse proxy terminating TLS must pass the scheme on, or list the origin).
 */
function originAllowed(allowed: ReadonlySet<string> | 'any' | 'same', origin: string, request: Request): boolean {
  // `null` is the opaque origin every sandboxed frame and file: page shares: never a grant.
  if (origin.trim().toLowerCase() === 'null') return false;
  if (allowed === 'any') return true;
  if (allowed !== 'same') return allowed.has(normalizeOrigin(origin));
  let own: string;
  try {
    const url = new URL(request.url);
    const host = request.headers.get('host') ?? url.host;
    own = normalizeOrigin(`${url.protocol}//${host}`);
  } catch {
    return false;
  }
  return normalizeOrigin(origin) === own;
}

/** Adds the request id and CORS headers; Response headers may be immutable, so copy if needed. */
function finish(response: Response, requestId: string, cors: Record<string, string>): Response {
  try {
    response.headers.set('x-request-id', requestId);
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set('x-request-id', requestId);
    for (const [name, value] of Object.entries(cors)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  }
}

/**
 * The grant for one allowed origin: that origin echoed exactly (never `*`, which browsers refuse
 * with credentials anyway), with credentials, since the widget's `credentials="include"` sends
 * the player's cookies to a proxy on a sibling origin.
 */
function corsHeaders(origin: string, forwardHeader: string | undefined): Record<string, string> {
  const requestHeaders = ['content-type', 'idempotency-key', 'x-request-id', ...(forwardHeader ? [forwardHeader.toLowerCase()] : ['authorization'])];
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': [...new Set(requestHeaders)].join(', '),
    'access-control-expose-headers': 'x-request-id, idempotent-replayed, retry-after',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function safeHeader(request: Request, name: string): string | null {
  try {
    return request.headers.get(name);
  } catch {
    return null;
  }
}

export function matchRoute(pathname: string, basePath: string): Route | null {
  if (basePath && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return null;
  const rest = pathname.slice(basePath.length).replace(/\/+$/, '');
  if (rest === '/config') return { name: 'config' };
  if (rest === '/transactions') return { name: 'transactions' };
  if (rest === '/webhooks/mozarto') return { name: 'webhook' };
  const match = /^\/transactions\/([^/]+)(\/events)?$/.exec(rest);
  if (match) {
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      id = '';
    }
    return match[2] ? { name: 'events', id } : { name: 'transaction', id };
  }
  return null;
}
