/**
 * Runs a web-standard `(Request) => Response` handler inside Node's http server or a
 * connect-style middleware stack (Vite, Express). Streams both ways, so Server-Sent Events work,
 * and aborts an event-stream request's signal when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { nodeRequestBody } from './node-body.js';

export interface RequestInfo {
  /** The client's address: the TCP peer, or from X-Forwarded-For behind `trustedProxies` hops. */
  readonly ip?: string;
}

export interface NodeListenerOptions {
  /**
   * How many reverse proxies in front of this server append to X-Forwarded-For (and set
   * X-Forwarded-Proto). Default 0: the headers are the client's to write, so they are ignored and
   * the TCP peer is the client.
   */
  readonly trustedProxies?: number;
}

export type WebHandler = (request: Request, info: RequestInfo) => Promise<Response> | Response;

/** What Express adds to IncomingMessage: the URL before mount-path stripping, a parsed body. */
type ExpressLike = IncomingMessage & { originalUrl?: string; body?: unknown };

export function toWebRequest(req: IncomingMessage, signal?: AbortSignal, trustedProxies = 0): Request {
  const host = req.headers.host ?? 'localhost';
  // The scheme matters for the same-origin check (src/proxy/proxy.ts): TLS here, or told by a trusted proxy.
  const forwardedProto = trustedProxies > 0 ? lastHop(req.headers['x-forwarded-proto']) : undefined;
  const scheme =
    forwardedProto === 'https' || forwardedProto === 'http'
      ? forwardedProto
      : (req.socket as { encrypted?: boolean } | undefined)?.encrypted
        ? 'https'
        : 'http';
  // Express's `app.use('/api/cashier', …)` strips the mount path from req.url; the proxy routes
  // on the full path (its basePath), so the original URL is used when there is one.
  const url = new URL((req as ExpressLike).originalUrl ?? req.url ?? '/', `${scheme}://${host}`).href;
  // A plain record, which the Request copies once (a Headers built first was copied again).
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // A body parser mounted before the proxy (express.json()) has consumed the stream: use what it
  // parsed. Mount the proxy before body parsers to keep the exact bytes.
  const parsed = (req as ExpressLike).body;
  if (hasBody && req.readableEnded && parsed !== undefined) {
    delete headers['content-length'];
    const text = typeof parsed === 'string' || parsed instanceof Uint8Array ? parsed : JSON.stringify(parsed);
    return new Request(url, { method, headers, signal, body: text as NonNullable<RequestInit['body']> });
  }
  return new Request(url, {
    method,
    headers,
    signal,
    // Not Readable.toWeb(req): cancelling that at the body cap could end the process (node-body.ts).
    body: hasBody ? nodeRequestBody(req) : undefined,
    // Node's fetch requires this for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  // A whole answer (JSON): one write with its length, no stream plumbing — the status poll is
  // the proxy's hottest path. Only an event stream is piped as it comes.
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    let bytes: ArrayBuffer;
    try {
      bytes = await response.arrayBuffer();
    } catch {
      res.destroy();
      return;
    }
    res.setHeader('content-length', bytes.byteLength);
    res.end(Buffer.from(bytes));
    return;
  }
  res.flushHeaders();
  const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  await new Promise<void>((resolve) => {
    body.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(res);
  });
}

/**
 * The client address: the TCP peer, or — behind `trustedProxies` reverse proxies that each
 * append to X-Forwarded-For — the entry that many hops from the right (entries further left are
 * written by the client and cannot be trusted).
 */
export function clientIp(forwardedFor: string | null | undefined, peer: string | undefined, trustedProxies: number): string | undefined {
  if (trustedProxies <= 0 || !forwardedFor) return peer;
  const hops = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return hops[hops.length - trustedProxies] ?? hops[0] ?? peer;
}

function lastHop(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value.join(',') : value;
  return text
    ?.split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .pop();
}

/** An answer the adapter writes itself, in the proxy's error shape, when there is no handler's. */
function endWithError(res: ServerResponse, status: number, error: { code: string; message: string; retryable: boolean }): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error }));
}

/**
 * Whether the path reaches the handler as it was sent. A URL parser resolves `.` and `..`
 * segments, also written `%2e`, and reads `\\` as `/`, so `/public/%2e%2e/api/cashier/webhooks/…`
 * would be routed to the webhook although a front proxy that filters by prefix let it pass as
 * `/public/…`. Such a path is refused rather than normalized.
 */
function plainPath(target: string): boolean {
  const path = target.split(/[?#]/, 1)[0]!;
  if (path.includes('\\')) return false;
  return !path.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}

function wantsEventStream(accept: string | undefined): boolean {
  return accept !== undefined && accept.toLowerCase().includes('text/event-stream');
}

/** A Node `request` listener, also usable as connect middleware (the `next` argument is ignored). */
export function toNodeListener(handler: WebHandler, options: NodeListenerOptions = {}) {
  const trustedProxies = Math.max(0, Math.floor(options.trustedProxies ?? 0));
  return (req: IncomingMessage, res: ServerResponse): void => {
    // Only an event stream lasts: it gets a signal that aborts when the client leaves. Every other
    // answer is short and finished whether or not the client stays (a payment sent upstream is
    // recorded anyway), and an AbortSignal per request was a tenth of a status poll (ADR 0012).
    let signal: AbortSignal | undefined;
    if (wantsEventStream(req.headers.accept)) {
      const controller = new AbortController();
      signal = controller.signal;
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
    }
    if (!plainPath((req as ExpressLike).originalUrl ?? req.url ?? '/')) {
      endWithError(res, 400, {
        code: 'invalid_request',
        message: 'The request path holds a dot segment (. or .., also as %2e) or a backslash; send it normalized.',
        retryable: false,
      });
      return;
    }
    let request: Request;
    try {
      request = toWebRequest(req, signal, trustedProxies);
    } catch {
      // A Host header that makes no URL ("a b", "[::1"): thrown here, outside any promise, it
      // was an uncaught exception that ended the whole process.
      endWithError(res, 400, { code: 'invalid_request', message: 'The Host header or the request path does not form a valid URL.', retryable: false });
      return;
    }
    const forwardedFor = req.headers['x-forwarded-for'];
    const ip = clientIp(Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor, req.socket.remoteAddress, trustedProxies);
    Promise.resolve()
      .then(() => handler(request, ip === undefined ? {} : { ip }))
      .then((response) => writeWebResponse(response, res))
      .catch((error: unknown) => {
        // The handler is meant never to throw; if it does, answer without leaking details.
        console.error('[mozarto-cashier] unhandled error in handler', error instanceof Error ? error.message : error);
        if (!res.headersSent) {
          endWithError(res, 500, { code: 'internal', message: 'Internal error', retryable: true });
        } else {
          res.destroy();
        }
      });
  };
}
