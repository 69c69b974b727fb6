// The sandbox and the proxy, each on its own real HTTP server on loopback, as `npm run bench`
// and `npm run load` drive them. Run under `node --import tsx` (the sources are TypeScript).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCashierProxy, openSqliteStore, toNodeListener } from '../../src/proxy/index.ts';
import { startSandbox } from '../../src/sandbox/index.ts';

export const COMPANY_TOKEN = 'bench-company-token';
export const WEBHOOK_SECRET = 'bench-webhook-secret';
export const USER_TOKEN_SECRET = 'bench-user-token-secret';

/** Users are named by the `x-bench-user` header (u0, u1, …): the bench's stand-in for a session. */
function userFrom(request) {
  const id = request.headers.get('x-bench-user');
  return id ? { id, email: `${id}@example.com`, firstName: 'Ada', lastName: 'Lovelace', phone: '4915112345678', countryCode: 'DE' } : null;
}

/**
 * A proxy on `store` in front of `upstreamUrl`, on its own loopback HTTP server, with the bench's
 * users and no rate limit or logging: what `npm run bench`, `load` and `bench:scale` measure.
 */
export async function serveProxy(upstreamUrl, store) {
  const proxy = createCashierProxy({
    upstreamUrl,
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: userFrom,
    store,
    rateLimit: false,
    logger: { log() {} },
  });
  const server = createServer(toNodeListener((request, info) => proxy.handle(request, info)));
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    api: `http://127.0.0.1:${server.address().port}/api/cashier`,
    /** Stops the server and the proxy; the store is the caller's to close. */
    async close() {
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await proxy.close();
    },
  };
}

export async function startStack({ payoutSettleMs = 60_000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cashier-bench-'));
  const sandbox = await startSandbox({
    port: 0,
    companyToken: COMPANY_TOKEN,
    webhookSecret: WEBHOOK_SECRET,
    payoutSettleMs,
    siteUrl: 'http://localhost/return',
  });
  const store = openSqliteStore(join(dir, 'bench.db'));
  const proxy = await serveProxy(sandbox.url, store);
  const { api } = proxy;
  sandbox.sandbox.configure({ webhookUrl: `${api}/webhooks/mozarto` });
  return {
    sandbox,
    api,
    store,
    async close() {
      await proxy.close();
      await store.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid Payone pay-in request of the widget contract. */
export function payinRequest(amount = '10.00') {
  return {
    pspType: 'PAYONE',
    type: 'payin',
    amount,
    currency: 'EUR',
    fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234 5678' },
  };
}

let keys = 0;
/** Creates a transaction through the proxy; resolves with its id. */
export async function createThroughProxy(api, user, amount) {
  const res = await fetch(`${api}/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${process.pid}-${++keys}`, 'x-bench-user': user },
    body: JSON.stringify(payinRequest(amount)),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(body)}`);
  return body.transactionId;
}

/** An unsigned but decodable user JWT, as the sandbox accepts in `x-user-token` (docs/mozarto-api.md §3). */
export function sandboxUserToken(userId) {
  const part = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `Bearer ${part({ alg: 'HS256', typ: 'JWT' })}.${part({ userId })}.c2ln`;
}

/** The Mozarto body the proxy would send for `payinRequest()` (for direct sandbox calls). */
export function mozartoPayinBody(userId, amount = 10) {
  return {
    pspType: 'PAYONE',
    type: 'PAYIN',
    isTestMode: false,
    baseamount: amount,
    currency: 'EUR',
    currencyCode: 'EUR',
    userId,
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '4915112345678',
    merchantReference: `direct-${Date.now()}`,
  };
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
