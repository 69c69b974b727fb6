/**
 * Fault injection (issue 7), switchable per request: arms the next N calls to Mozarto's cashier
 * endpoint with a failure, so the proxy's and the widget's handling of each can be shown, not
 * assumed. A sandbox control, not a Mozarto feature (its answers are shaped as in
 * docs/mozarto-api.md §5).
 *
 *   POST   /__sandbox/faults   {"fault": "500", "count": 1, "ms": 2000}   arm (queued after any armed)
 *   GET    /__sandbox/faults                                              what is armed
 *   DELETE /__sandbox/faults                                              disarm everything
 *
 * What each fault does to a `POST /v1/api/mozarto/cashier` it catches:
 *
 * | fault                   | the request is processed? | the caller sees                                  |
 * |-------------------------|---------------------------|--------------------------------------------------|
 * | `500`                   | no                        | Mozarto's generic 500 (§5)                        |
 * | `504-after-hang`        | no                        | waits `ms` (default 1000), then a gateway's HTML 504 |
 * | `malformed-json`        | no                        | 200 with a truncated JSON body                    |
 * | `slow`                  | yes, after `ms` (default 1000); not if the caller gave up meanwhile | the normal answer, late |
 * | `late-answer`           | yes, at once              | the normal answer after `ms`, whether the caller still waits or not |
 * | `drop-connection`       | no                        | the TCP connection closed without an answer       |
 * | `duplicate-webhook`     | yes                       | normal answer; every webhook of that transaction is delivered twice |
 * | `out-of-order-webhooks` | yes                       | normal answer; each final webhook is followed by a stale `Pending` one |
 *
 * Faults that answer instead of the sandbox never create a transaction; `late-answer` creates one
 * the caller may never hear about (Mozarto took it but answered late): the proxy must keep the
 * Idempotency-Key bound and let the webhook settle it, never call a second time.
 */
import { parseJsonObject, readText } from './body.js';
import * as reply from './envelope.js';
import type { WebhookDelivery, WebhookPayload } from './webhooks.js';

export const FAULTS = [
  '500',
  '504-after-hang',
  'malformed-json',
  'slow',
  'late-answer',
  'drop-connection',
  'duplicate-webhook',
  'out-of-order-webhooks',
] as const;
export type Fault = (typeof FAULTS)[number];
export type WebhookFault = Extract<Fault, 'duplicate-webhook' | 'out-of-order-webhooks'>;

export const FAULTS_PATH = '/__sandbox/faults';
const DEFAULT_MS = 1000;
const MAX_COUNT = 10_000;
const MAX_MS = 120_000;

export interface ArmedFault {
  readonly fault: Fault;
  /** Cashier requests it still catches. */
  remaining: number;
  readonly ms: number;
}

export class FaultSwitch {
  readonly #armed: ArmedFault[] = [];
  readonly #webhookFaults = new Map<string, WebhookFault>();
  /** Faults applied so far, for tests and the back office. */
  applied = 0;

  arm(fault: Fault, count = 1, ms = DEFAULT_MS): void {
    this.#armed.push({ fault, remaining: count, ms });
  }

  clear(): void {
    this.#armed.length = 0;
    this.#webhookFaults.clear();
  }

  list(): ArmedFault[] {
    return this.#armed.map((a) => ({ ...a }));
  }

  /** The fault the next cashier request would meet, without using it up. */
  peek(): ArmedFault | undefined {
    return this.#armed[0];
  }

  /** Uses up one arming for a cashier request. */
  take(): ArmedFault | undefined {
    const next = this.#armed[0];
    if (!next) return undefined;
    next.remaining--;
    if (next.remaining <= 0) this.#armed.shift();
    this.applied++;
    return { ...next };
  }

  /** Marks a transaction created under a webhook fault. */
  markTransaction(transactionId: string, fault: WebhookFault): void {
    this.#webhookFaults.set(transactionId, fault);
  }

  /**
   * Delivers a webhook the way the transaction's fault says: once (no fault), twice, or followed
   * by a stale `Pending` copy when the payload is final.
   */
  async deliver(payload: WebhookPayload, send: (p: WebhookPayload) => Promise<WebhookDelivery[]>): Promise<WebhookDelivery[]> {
    const fault = this.#webhookFaults.get(payload.transaction_id);
    const first = await send(payload);
    if (fault === 'duplicate-webhook') return [...first, ...(await send(payload))];
    if (fault === 'out-of-order-webhooks' && payload.transaction_status !== 'Pending') {
      return [...first, ...(await send({ ...payload, transaction_status: 'Pending', status: 'pending', message: 'Transaction is pending' }))];
    }
    return first;
  }
}

/** `GET|POST|DELETE /__sandbox/faults`. */
export async function handleFaults(faults: FaultSwitch, request: Request): Promise<Response> {
  if (request.method === 'GET') return reply.json(200, { armed: faults.list(), applied: faults.applied });
  if (request.method === 'DELETE') {
    faults.clear();
    return reply.json(200, { armed: [] });
  }
  if (request.method !== 'POST') return reply.notFound();
  const text = await readText(request);
  const body = text.ok ? parseJsonObject(text.text) : undefined;
  if (!body?.ok) return reply.validationFailed(['body must be a JSON object']);
  const { fault, count = 1, ms = DEFAULT_MS } = body.value;
  const errors: string[] = [];
  if (typeof fault !== 'string' || !(FAULTS as readonly string[]).includes(fault)) errors.push(`fault must be one of: ${FAULTS.join(', ')}`);
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_COUNT) errors.push(`count must be an integer from 1 to ${MAX_COUNT}`);
  if (!Number.isInteger(ms) || (ms as number) < 0 || (ms as number) > MAX_MS) errors.push(`ms must be an integer from 0 to ${MAX_MS}`);
  if (errors.length) return reply.validationFailed(errors);
  faults.arm(fault as Fault, count as number, ms as number);
  return reply.json(200, { armed: faults.list() });
}

export interface FaultContext {
  readonly faults: FaultSwitch;
  /** Waits `ms`, cut short when the caller leaves or the sandbox closes. */
  hang(ms: number, signal: AbortSignal): Promise<void>;
  /** Ids of the transactions that exist now. */
  transactionIds(): string[];
}

/**
 * Runs one cashier request under the next armed fault, if any; `process` is the normal handler.
 * `drop-connection` is done by the HTTP server (`dropsConnection`); reaching here (the sandbox
 * used in-process) it answers with a body that fails mid-stream, the nearest a Response can get.
 */
export async function withFault(ctx: FaultContext, request: Request, process: () => Promise<Response>): Promise<Response> {
  const armed = ctx.faults.take();
  if (!armed) return process();
  switch (armed.fault) {
    case '500':
      return reply.internalError();
    case '504-after-hang':
      await ctx.hang(armed.ms, request.signal);
      return reply.gatewayTimeout();
    case 'malformed-json':
      return new Response('{"status":"success","isSuccess":true,"data":{"transactionId":', {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    case 'slow':
      await ctx.hang(armed.ms, request.signal);
      // The caller gave up (its timeout): like a request that never reached the PSP.
      if (request.signal.aborted) return reply.gatewayTimeout();
      return process();
    case 'late-answer': {
      const response = await process();
      await ctx.hang(armed.ms, request.signal);
      return response;
    }
    case 'drop-connection':
      return new Response(
        new ReadableStream({
          start: (controller) => controller.error(new Error('sandbox fault: connection dropped')),
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    case 'duplicate-webhook':
    case 'out-of-order-webhooks': {
      const before = new Set(ctx.transactionIds());
      const response = await process();
      for (const id of ctx.transactionIds()) if (!before.has(id)) ctx.faults.markTransaction(id, armed.fault);
      return response;
    }
  }
}

/**
 * For the HTTP server: true when this request is a cashier call the next armed fault drops.
 * The fault is used up; the caller destroys the socket without answering.
 */
export function dropsConnection(faults: FaultSwitch, method: string | undefined, path: string, cashierPath: string): boolean {
  if (method !== 'POST' || path !== cashierPath || faults.peek()?.fault !== 'drop-connection') return false;
  faults.take();
  return true;
}
