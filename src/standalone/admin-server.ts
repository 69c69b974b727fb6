/**
 * The operators' listener (CASHIER_ADMIN_PORT, docs/operations.md): a server of its own, on
 * loopback unless CASHIER_ADMIN_HOST says otherwise, so nothing of it is reachable on the
 * player's port. It serves
 *
 * - `/admin/api/…`: the admin API (src/proxy/admin/admin-api.ts, the proxy's `handleAdmin`);
 * - `/metrics`: Prometheus's text format (prometheus.ts), for a `read` or `resolve` token;
 * - `/admin`: the operator page (src/admin/, built to dist/admin/admin.js) — the page itself is
 *   static and public; everything it reads goes through the admin API with the operator's token.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { toNodeListener } from '../http/node-adapter.js';
import { bearerToken, identify, type AdminCredential } from '../proxy/admin/credentials.js';
import type { Prometheus } from './prometheus.js';

export interface AdminServerOptions {
  readonly handleAdmin: (request: Request) => Promise<Response>;
  readonly prometheus: Prometheus;
  readonly credentials: readonly AdminCredential[];
  readonly requestTimeoutMs: number;
}

/** The page's strict policy: its own script and styles, calls to itself, nothing else. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Cashier operations</title>
    <link rel="icon" href="data:," />
    <script type="module" src="/admin/admin.js"></script>
  </head>
  <body>
    <cashier-admin></cashier-admin>
  </body>
</html>
`;

/**
 * The operator page's script: dist/admin/admin.js beside the built server (dist/proxy/), or the
 * repository's dist/ when the server runs from its sources. Read once; null when not built.
 */
function adminScript(): string | null {
  for (const candidate of ['../admin/admin.js', '../../dist/admin/admin.js']) {
    try {
      return readFileSync(fileURLToPath(new URL(candidate, import.meta.url)), 'utf8');
    } catch {
      // the next candidate
    }
  }
  return null;
}

export function createAdminServer(options: AdminServerOptions): Server {
  let script: string | null | undefined;
  const text = (status: number, body: string, headers: Record<string, string> = {}) =>
    new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } });
  const listener = toNodeListener(async (request) => {
    const path = new URL(request.url).pathname;
    const read = request.method === 'GET' || request.method === 'HEAD';
    if (path === '/metrics') {
      if (!(await identify(options.credentials, bearerToken(request)))) {
        return text(401, 'An admin bearer token is required (Authorization: Bearer …).\n', { 'www-authenticate': 'Bearer realm="mozarto-cashier-admin"' });
      }
      if (!read) return text(405, 'Use GET.\n', { allow: 'GET' });
      const { text: body, contentType } = await options.prometheus.scrape();
      return new Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
    }
    if (path === '/admin' || path === '/admin/') {
      if (!read) return text(405, 'Use GET.\n', { allow: 'GET' });
      return new Response(PAGE, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...PAGE_HEADERS } });
    }
    if (path === '/admin/admin.js') {
      if (!read) return text(405, 'Use GET.\n', { allow: 'GET' });
      script ??= adminScript();
      if (script === null) return text(404, 'The operator page is not built: run npm run build.\n');
      return new Response(script, { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', ...PAGE_HEADERS } });
    }
    return options.handleAdmin(request);
  });
  return createServer({ requestTimeout: options.requestTimeoutMs, headersTimeout: Math.min(10_000, options.requestTimeoutMs) }, listener);
}
