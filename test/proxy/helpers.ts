/**
 * Shared pieces of the proxy tests: temp databases, a proxy served over HTTP, a scriptable fake
 * Mozarto for error shapes the sandbox does not produce, and a capturing logger. Everything started
 * here is closed by its `close()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCashierProxy,
  openSqliteStore,
  toNodeListener,
  type CashierUser,
  type LogEntry,
  type Logger,
  type ProxyOptions,
  type TransactionStore,
} from '../../src/proxy/index.js';
import { PAYONE_PAYIN_RESPONSE_EXAMPLE } from '../../src/sandbox/payone.js';

export const ALICE: CashierUser = {
  id: 'user-alice',
  email: 'alice@example.com',
  firstName: 'Alice',
  lastName: 'Liddell',
  phone: '4915112345678',
  countryCode: 'DE',
};
export const BOB: CashierUser = { id: 'user-bob', email: 'bob@example.com' };

export const USER_TOKEN_SECRET = 'test-user-token-secret';
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const COMPANY_TOKEN = 'sandbox-company-token';

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'cashier-proxy-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Remembers every entry; `text()` is everything logged, for "never logs secrets" checks. */
export function captureLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  return { entries, log: (e) => entries.push(e), text: () => entries.map((e) => JSON.stringify(e)).join('\n') };
}

/** Picks the user from the `x-test-user` header: `alice`, `bob`, or none. */
export function userFromHeader(request: Request): CashierUser | null {
  const who = request.headers.get('x-test-user');
  if (who === 'alice') return ALICE;
  if (who === 'bob') return BOB;
  return null;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface StartedProxy {
  url: string;
  /** `${url}/api/cashier` */
  api: string;
  store: TransactionStore & { close(): void };
  logger: ReturnType<typeof captureLogger>;
  handle: ReturnType<typeof createCashierProxy>['handle'];
  /** Closes the HTTP server, the proxy (its hooks and event delivery) and the store (not the temp dir). */
  close(): Promise<void>;
}

export async function startProxy(dbPath: string, overrides: Partial<ProxyOptions> & Pick<ProxyOptions, 'upstreamUrl'>): Promise<StartedProxy> {
  const store = openSqliteStore(dbPath);
  const logger = captureLogger();
  const proxy = createCashierProxy({
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: userFromHeader,
    store,
    logger,
    ...overrides,
  });
  const server = createServer(toNodeListener((request, info) => proxy.handle(request, info)));
  const url = await listen(server);
  let closed: Promise<void> | undefined;
  return {
    url,
    api: `${url}/api/cashier`,
    store,
    logger,
    handle: proxy.handle,
    close() {
      closed ??= closeServer(server)
        .then(() => proxy.close())
        .then(() => store.close());
      return closed;
    },
  };
}

export interface UpstreamCall {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The body as sent (two decimals in `baseamount` survive only here). */
  raw: string;
}

export interface FakeUpstream {
  url: string;
  calls: UpstreamCall[];
  /** What the next calls answer; default a Payone-like success. */
  reply: (call: UpstreamCall) => { status: number; body: string; delayMs?: number };
  close(): Promise<void>;
}

/** The docs/mozarto-api.md §6.7 pay-in answer (src/sandbox/payone.ts), its data overridden. */
export function payoneSuccess(overrides: Record<string, unknown> = {}): string {
  const example = PAYONE_PAYIN_RESPONSE_EXAMPLE;
  return JSON.stringify({ ...example, data: { ...example.data, redirect_url: 'https://demo.payonepayment.com/webflow-payment/abc', ...overrides } });
}

/** A scriptable stand-in for Mozarto, for shapes the sandbox never answers with. */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const timers = new Set<NodeJS.Timeout>();
  const fake: FakeUpstream = {
    url: '',
    calls: [],
    reply: () => ({ status: 200, body: payoneSuccess() }),
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const call = { headers: req.headers, body: JSON.parse(raw || '{}') as Record<string, unknown>, raw };
      fake.calls.push(call);
      const { status, body, delayMs } = fake.reply(call);
      const send = () => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(body);
      };
      if (delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, delayMs);
        timers.add(timer);
      } else send();
    });
  });
  fake.url = await listen(server);
  fake.close = async () => {
    for (const t of timers) clearTimeout(t);
    await closeServer(server);
  };
  return fake;
}

export interface Call {
  status: number;
  headers: Headers;
  body: any;
}

/** fetch + JSON, with the test user header and JSON content type by default. */
export async function call(
  url: string,
  init: { method?: string; user?: 'alice' | 'bob' | null; body?: unknown; raw?: string; headers?: Record<string, string>; key?: string } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.user !== null) headers['x-test-user'] = init.user ?? 'alice';
  if (init.key) headers['idempotency-key'] = init.key;
  let body: string | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A valid Payone create request for the widget contract. */
export function payoneRequest(overrides: Record<string, unknown> = {}, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pspType: 'PAYONE',
    type: 'payin',
    amount: '10.00',
    currency: 'EUR',
    fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234 5678', ...fields },
    ...overrides,
  };
}

let keyCounter = 0;
export function newKey(): string {
  keyCounter += 1;
  return `key-${process.pid}-${Date.now()}-${keyCounter}`;
}

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
