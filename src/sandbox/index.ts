/**
 * The Mozarto sandbox: an embedded stand-in for the Mozarto payments API (docs/design.md "The
 * sandbox"), so the cashier runs on a fresh machine with no account and no network.
 *
 * - `POST /v1/api/mozarto/cashier` — Mozarto's endpoint, its auth rules, every PSP's validation and
 *   response shapes (docs/mozarto-api.md §3, §5, §6; cashier-endpoint.ts, payone.ts, psps/*.ts);
 * - `GET|POST /hpp/:id` — the hosted payment page a pay-in redirects to (hpp.ts);
 * - webhooks to `webhookUrl` for every outcome (§7; webhooks.ts);
 * - `/__sandbox/…` — back office: approval queue, forced outcomes, duplicate webhooks (backoffice.ts).
 *
 * Outcomes are picked by magic amounts (scenarios.ts). State is in memory.
 *
 * Deliberately imports nothing from src/core: it models Mozarto from the docs, so a wrong PSP
 * catalog entry fails a test instead of agreeing with itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '../http/node-adapter.js';
import { handleBackOffice } from './backoffice.js';
import { handleCashier } from './cashier-endpoint.js';
import { SandboxEngine } from './engine.js';
import { dropsConnection, FAULTS_PATH, handleFaults, withFault, type FaultSwitch } from './faults.js';
import * as reply from './envelope.js';
import { handleHpp } from './hpp.js';
import type { SandboxOptions } from './options.js';
import type { SandboxTransaction } from './ledger.js';
import type { WebhookDelivery } from './webhooks.js';

export type { SandboxOptions } from './options.js';
export type { SandboxTransaction, TransactionStatus } from './ledger.js';
export type { WebhookDelivery, WebhookPayload } from './webhooks.js';
export { FAULTS, type Fault, type FaultSwitch } from './faults.js';
export { scenarioFor, centsOf, type Scenario, type PayoutOutcome } from './scenarios.js';

export interface Sandbox {
  /** Answers one request; never throws (an unexpected error becomes Mozarto's generic 500). */
  handle(request: Request): Promise<Response>;
  /** Changes settings at run time, e.g. `webhookUrl` once the proxy is listening. Throws on a bad value. */
  configure(patch: Partial<SandboxOptions>): void;
  /** Copies of every transaction, newest first. */
  transactions(): SandboxTransaction[];
  /** Every webhook delivery attempt, oldest first: url, payload, HTTP status or error. */
  webhookLog(): WebhookDelivery[];
  /** Fault injection (faults.ts): what `/__sandbox/faults` arms, usable in-process too. */
  readonly faults: FaultSwitch;
  /** Cancels pay-out timers, pending retries and hanging requests. */
  close(): void;
}

export const CASHIER_PATH = '/v1/api/mozarto/cashier';
const HPP_PATH = /^\/hpp\/([^/]+)\/?$/;

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const engine = new SandboxEngine(options);

  async function route(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === CASHIER_PATH) {
      if (request.method !== 'POST') return reply.notFound();
      const faultContext = {
        faults: engine.faults,
        hang: (ms: number, signal: AbortSignal) => engine.hang(ms, signal),
        transactionIds: () => engine.ledger.list().map((t) => t.transactionId),
      };
      return withFault(faultContext, request, () => handleCashier(engine, request));
    }
    const hpp = HPP_PATH.exec(path);
    if (hpp) return handleHpp(engine, request, hpp[1]!);
    if (path === FAULTS_PATH) return handleFaults(engine.faults, request);
    if (path.startsWith('/__sandbox/')) return handleBackOffice(engine, request, path);
    return reply.notFound();
  }

  return {
    async handle(request) {
      try {
        return await route(request);
      } catch (err) {
        console.error('[mozarto sandbox] unexpected error:', err instanceof Error ? err.message : err);
        return reply.internalError();
      }
    },
    configure: (patch) => engine.configure(patch),
    transactions: () => engine.ledger.list(),
    webhookLog: () => engine.webhookLog(),
    faults: engine.faults,
    close: () => engine.close(),
  };
}

export interface StartedSandbox {
  /** Where the sandbox listens, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  url: string;
  sandbox: Sandbox;
  /** Closes the sandbox and the HTTP server, dropping open connections. */
  close(): Promise<void>;
}

/** Serves a sandbox over HTTP. `port: 0` (the default) picks a free port; `host` defaults to `127.0.0.1`. */
export async function startSandbox(options: SandboxOptions & { port?: number; host?: string } = {}): Promise<StartedSandbox> {
  const { port = 0, host = '127.0.0.1', ...sandboxOptions } = options;
  const sandbox = createSandbox(sandboxOptions);
  const listener = toNodeListener((request) => sandbox.handle(request));
  const server = createServer((req, res) => {
    // The `drop-connection` fault (faults.ts): close the socket without an answer.
    if (dropsConnection(sandbox.faults, req.method, (req.url ?? '').split('?')[0]!, CASHIER_PATH)) return void req.socket.destroy();
    listener(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    sandbox.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${urlHost(address.address)}:${address.port}`;
  if (!sandboxOptions.publicUrl) sandbox.configure({ publicUrl: url });

  let closing: Promise<void> | undefined;
  return {
    url,
    sandbox,
    close() {
      closing ??= new Promise<void>((resolve) => {
        sandbox.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** A host for a URL: wildcard binds are reached through loopback; IPv6 literals need brackets. */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}
