/**
 * The client for the merchant's proxy (docs/design.md, "The contract"). Every
 * answer is parsed with the contract's schemas; nothing here throws: a failure is a `WidgetError`
 * in a discriminated result.
 */
import { ConfigResponse, CreateTransactionResponse, ErrorResponse, TransactionStatusResponse, type CreateTransactionRequest } from '../core/contract.js';
import { widgetError, type WidgetError } from './errors.js';
import type { OpenStream } from './transaction-watcher.js';

export type ApiResult<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: WidgetError };

/**
 * Each call takes an optional `signal`: the element aborts what is in flight when it starts over
 * or leaves the page (controllers/flow.ts, with the client from `proxyClient`); an aborted call answers a `network` error.
 */
export interface CashierApi {
  config(signal?: AbortSignal): Promise<ApiResult<ConfigResponse>>;
  create(body: CreateTransactionRequest, idempotencyKey: string, signal?: AbortSignal): Promise<ApiResult<CreateTransactionResponse>>;
  status(transactionId: string, signal?: AbortSignal): Promise<ApiResult<TransactionStatusResponse>>;
  /** The push channel for one transaction; undefined where EventSource does not exist. */
  stream(transactionId: string): OpenStream | undefined;
  /** Any GET of the contract, parsed with `schema` (the history view's list). */
  get<T>(schema: Schema<T>, path: string, signal?: AbortSignal): Promise<ApiResult<T>>;
}

interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

/**
 * Whether the browser sends the player's cookies with each request (`RequestInit.credentials`):
 * `same-origin` (the default) only to a proxy on the page's own origin; `include` also to a
 * proxy on another origin, which must then answer CORS with credentials for this page's origin.
 */
export type ApiCredentials = 'same-origin' | 'include';

/** An attribute's value as credentials; anything else (`omit` too: the proxy needs the session) is the default, `same-origin`. */
export function credentialsOf(value: string | null | undefined): ApiCredentials {
  return value === 'include' ? value : 'same-origin';
}

/** Answers already reported on the console, so a poll against a broken proxy says it once. */
const reported = new Set<string>();

/**
 * Says on the console what the player's "Something went wrong" cannot: an answer that is not the
 * proxy's (an HTML page, a 404 from the app's router, another API) usually means `endpoint`
 * does not point at the proxy. Once per URL and status.
 */
function reportForeignAnswer(method: string, url: string, res: Response): void {
  const key = `${method} ${url} ${res.status}`;
  if (reported.has(key)) return;
  reported.add(key);
  const type = res.headers.get('content-type')?.split(';')[0] || 'no content type';
  console.warn(
    `mozarto-cashier: ${method} ${url} answered HTTP ${res.status} (${type}), not the proxy's JSON. ` +
      `Is \`endpoint\` the URL where the proxy (mozarto-cashier/proxy or mozarto-cashier-proxy) is mounted?`,
  );
}

/** How long one request may take before it counts as a network failure. */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The element's client: one per (endpoint, credentials), made again only when either changes
 * (which also starts the flow over). The flow, the watch and the history all ask it.
 */
export function proxyClient(host: { readonly endpoint: string; readonly credentials?: string }): () => CashierApi {
  let key: string | undefined;
  let api: CashierApi;
  return () => {
    const now = `${host.credentials} ${host.endpoint}`;
    if (now !== key) {
      key = now;
      api = createApi(host.endpoint, REQUEST_TIMEOUT_MS, credentialsOf(host.credentials));
    }
    return api;
  };
}

export function createApi(endpoint: string, timeoutMs = REQUEST_TIMEOUT_MS, credentials: ApiCredentials = 'same-origin'): CashierApi {
  const base = (endpoint || '/api/cashier').replace(/\/+$/, '');

  async function call<T>(schema: Schema<T>, path: string, init: RequestInit = {}, signal?: AbortSignal): Promise<ApiResult<T>> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    // The caller's signal and the timeout abort the same request (AbortSignal.any needs Safari 17.4).
    const cancel = () => abort.abort();
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel);
    try {
      let res: Response;
      try {
        // Looked up at call time so a page (or a test) may replace window.fetch.
        res = await globalThis.fetch(base + path, {
          ...init,
          credentials,
          signal: abort.signal,
          headers: { Accept: 'application/json', ...init.headers },
        });
      } catch (cause) {
        return { ok: false, error: widgetError('network', `Could not reach ${base + path}: ${String(cause)}`, true) };
      }
      let json: unknown;
      try {
        json = await res.json();
      } catch {
        json = undefined;
      }
      if (res.ok) {
        const parsed = schema.safeParse(json);
        if (parsed.success) return { ok: true, data: parsed.data };
      } else {
        const parsed = ErrorResponse.safeParse(json);
        if (parsed.success) return { ok: false, error: parsed.data.error };
      }
      // A gateway's HTML error page, a truncated body, a shape from another version: retrying
      // is safe because the request carries the same Idempotency-Key.
      reportForeignAnswer(init.method ?? 'GET', base + path, res);
      return { ok: false, error: widgetError('bad_response', `Unexpected answer (HTTP ${res.status}) from ${base + path}`, true) };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  }

  return {
    config: (signal) => call(ConfigResponse, '/config', {}, signal),
    create: (body, idempotencyKey, signal) =>
      call(
        CreateTransactionResponse,
        '/transactions',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
          body: JSON.stringify(body),
        },
        signal,
      ),
    get: (schema, path, signal) => call(schema, path, {}, signal),
    status: (transactionId, signal) => call(TransactionStatusResponse, `/transactions/${encodeURIComponent(transactionId)}`, {}, signal),
    stream(transactionId) {
      // Looked up at call time, like fetch. An EventSource sends cookies to its own origin only,
      // unless `withCredentials`: the same choice as the fetches.
      const ES = globalThis.EventSource;
      if (typeof ES !== 'function') return undefined;
      return (h) => {
        const es = new ES(`${base}/transactions/${encodeURIComponent(transactionId)}/events`, { withCredentials: credentials === 'include' });
        // `event: status`, `data:` = a TransactionStatusResponse; trust nothing that fails the schema.
        es.addEventListener('status', (e) => {
          let json: unknown;
          try {
            json = JSON.parse((e as MessageEvent).data);
          } catch {
            // unreadable: refused below
          }
          const parsed = TransactionStatusResponse.safeParse(json);
          if (parsed.success && parsed.data.transactionId === transactionId) h.message(parsed.data);
          else h.error();
        });
        es.onerror = () => h.error();
        return es;
      };
    },
  };
}
