/**
 * Runs a web-standard `(Request) => Response` handler inside Node's http server or a
 * connect-style middleware stack (Vite, Express). Streams both ways, so Server-Sent Events work,
 * and aborts the Request's signal when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export interface RequestInfo {
  /** The TCP peer's address; trust X-Forwarded-For only behind a proxy you configure. */
  readonly ip?: string;
}

export type WebHandler = (request: Request, info: RequestInfo) => Promise<Response> | Response;

/** What Express adds to IncomingMessage: the URL before mount-path stripping, a parsed body. */
type ExpressLike = IncomingMessage & { originalUrl?: string; body?: unknown };

export function toWebRequest(req: IncomingMessage, signal?: AbortSignal): Request {
  const host = req.headers.host ?? 'localhost';
  // Express's `app.use('/api/cashier', …)` strips the mount path from req.url; the proxy routes
  // on the full path (its basePath), so the original URL is used when there is one.
  const url = new URL((req as ExpressLike).originalUrl ?? req.url ?? '/', `http://${host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // A body parser mounted before the proxy (express.json()) has consumed the stream: use what it
  // parsed. Mount the proxy before body parsers to keep the exact bytes.
  const parsed = (req as ExpressLike).body;
  if (hasBody && req.readableEnded && parsed !== undefined) {
    headers.delete('content-length');
    const text = typeof parsed === 'string' || parsed instanceof Uint8Array ? parsed : JSON.stringify(parsed);
    return new Request(url, { method, headers, signal, body: text as BodyInit });
  }
  return new Request(url, {
    method,
    headers,
    signal,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
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

/** A Node `request` listener, also usable as connect middleware (the `next` argument is ignored). */
export function toNodeListener(handler: WebHandler) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = toWebRequest(req, controller.signal);
    Promise.resolve()
      .then(() => handler(request, { ip: req.socket.remoteAddress }))
      .then((response) => writeWebResponse(response, res))
      .catch((error: unknown) => {
        // The handler is meant never to throw; if it does, answer without leaking details.
        console.error('[mozarto-cashier] unhandled error in handler', error instanceof Error ? error.message : error);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ error: { code: 'internal', message: 'Internal error', retryable: true } }));
        } else {
          res.destroy();
        }
      });
  };
}
