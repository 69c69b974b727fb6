/**
 * Shared pieces of the sandbox tests: a running sandbox, a webhook receiver on loopback, user
 * tokens and request builders. Every server started here is closed by `close()`.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type SandboxOptions, type StartedSandbox } from '../../src/sandbox/index.js';
import { PAYONE_PAYOUT_EXAMPLE_BODY } from '../../src/sandbox/payone.js';

export const COMPANY_TOKEN = 'test-company-token';
export const WEBHOOK_SECRET = 'test-webhook-secret';
export const SITE_URL = 'http://merchant.test/cashier/return?from=hpp';

/** An unsigned but decodable JWT, as `x-user-token` carries it (docs/mozarto-api.md §3). */
export function userToken(payload: Record<string, unknown> = { userId: 'user_123' }): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `Bearer ${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

/** A valid Payone body: the §6.7 pay-out example as a pay-in (with the §6.7 phone example) unless overridden. */
export function payoneBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...PAYONE_PAYOUT_EXAMPLE_BODY, type: 'PAYIN', phone: '4915112345678', merchantReference: 'order-42', ...overrides };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once `count` webhooks have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A webhook receiver that answers each request with the next of `statuses`, then 200. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/mozarto`,
    received,
    waitFor(count, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          cleanup();
          resolve(received.slice());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} webhook(s), got ${received.length}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface Harness {
  sandbox: StartedSandbox;
  receiver: Receiver;
  url: string;
  /** POSTs to the cashier endpoint with the company token and a user token unless overridden. */
  cashier(body: unknown, headers?: Record<string, string | undefined>): Promise<Response>;
  /** Creates a transaction and returns the response `data`. */
  create(overrides?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** GET or POST under `/__sandbox`. */
  backOffice(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** A sandbox wired to a webhook receiver, with fast timings. */
export async function startHarness(options: SandboxOptions = {}, receiverStatuses: number[] = []): Promise<Harness> {
  const receiver = await startReceiver(receiverStatuses);
  const sandbox = await startSandbox({
    companyToken: COMPANY_TOKEN,
    webhookUrl: receiver.url,
    webhookSecret: WEBHOOK_SECRET,
    siteUrl: SITE_URL,
    payoutSettleMs: 50,
    userTokenHangMs: 100,
    ...options,
  });
  const url = sandbox.url;

  async function cashier(body: unknown, headers: Record<string, string | undefined> = {}): Promise<Response> {
    const all: Record<string, string | undefined> = {
      authorization: `Bearer ${COMPANY_TOKEN}`,
      'x-user-token': userToken(),
      'content-type': 'application/json',
      ...headers,
    };
    const sent = Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
    return fetch(`${url}/v1/api/mozarto/cashier`, {
      method: 'POST',
      headers: sent,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  return {
    sandbox,
    receiver,
    url,
    cashier,
    async create(overrides = {}) {
      const response = await cashier(payoneBody(overrides));
      const json = (await response.json()) as { data: Record<string, unknown> };
      if (response.status !== 200) throw new Error(`create failed: ${response.status} ${JSON.stringify(json)}`);
      return json.data;
    },
    backOffice(method, path, body) {
      return fetch(`${url}/__sandbox${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    async close() {
      await sandbox.close();
      await receiver.close();
    },
  };
}

/** Submits the hosted payment page's form without following the redirect. */
export function decide(redirectUrl: string, decision: string): Promise<Response> {
  return fetch(redirectUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision }),
    redirect: 'manual',
  });
}
