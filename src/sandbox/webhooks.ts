/**
 * Outbound webhooks (docs/mozarto-api.md §7): one JSON POST per outcome to the configured `webhookUrl`,
 * retried on failure, every attempt recorded.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SandboxTransaction } from './ledger.js';

/**
 * The Payone status webhook (§7): the same payload for pay-in and pay-out, no flow indicator.
 * `amount` is a string with two decimals; `currency` comes from the generic payload table
 * (the Payone example omits it, the generic one has it).
 */
export interface WebhookPayload {
  transaction_id: string;
  psp_transaction_id: string;
  user_id: string;
  /** Raw PSP status, not normalized: `success`, `declined`, `cancelled`, `failed`, `rejected`. */
  status: string;
  /** Normalized status: the one to branch on. */
  transaction_status: string;
  message: string;
  amount: string;
  currency: string;
  merchantReference: string;
}

/** One delivery attempt, as `Sandbox.webhookLog()` reports it. */
export interface WebhookDelivery {
  transactionId: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** `null` when no `webhookUrl` was configured (nothing was sent). */
  url: string | null;
  payload: WebhookPayload;
  /** The receiver's HTTP status, when it answered. */
  httpStatus?: number;
  /** Why the attempt failed without an HTTP status (network error, timeout, no URL). */
  error?: string;
  /** A 2xx answer within the time limit. */
  ok: boolean;
  /** ISO time the attempt started. */
  at: string;
}

/** §7: "responds HTTP 200 within 10 seconds. Timeout or non-2xx = failed delivery". */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** §7 says failed deliveries "may be retried" with no count or backoff; the sandbox doubles from 200 ms. */
export const WEBHOOK_FIRST_BACKOFF_MS = 200;

export function webhookPayload(tx: SandboxTransaction): WebhookPayload {
  return {
    transaction_id: tx.transactionId,
    psp_transaction_id: tx.pspTransactionId,
    user_id: tx.userId,
    status: tx.status,
    transaction_status: tx.transaction_status,
    message: tx.message,
    amount: tx.amount.toFixed(2),
    currency: tx.currency,
    merchantReference: tx.merchantReference,
  };
}

export interface WebhookTarget {
  url: string | undefined;
  /** `isWebhookSecured` (§6 back-office fields): sent as `Authorization: Bearer <secret>`, the legacy webhook page's format (§7). */
  secret: string | undefined;
  /** Redeliveries after the first failed attempt. */
  retries: number;
}

/**
 * Delivers one payload, retrying with a doubling backoff until a 2xx or the retries run out.
 * Resolves (never rejects) with the attempts made; `signal` (the sandbox closing) stops it.
 */
export async function deliverWebhook(
  target: WebhookTarget,
  payload: WebhookPayload,
  signal: AbortSignal,
  record: (attempt: WebhookDelivery) => void,
): Promise<WebhookDelivery[]> {
  const attempts: WebhookDelivery[] = [];
  const base = { transactionId: payload.transaction_id, payload };
  if (!target.url) {
    const attempt = { ...base, attempt: 1, url: null, ok: false, error: 'no webhookUrl configured', at: new Date().toISOString() };
    record(attempt);
    return [attempt];
  }
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'mozarto-cashier-sandbox' };
  if (target.secret) headers['authorization'] = `Bearer ${target.secret}`;
  const body = JSON.stringify(payload);

  for (let n = 1; n <= 1 + target.retries && !signal.aborted; n++) {
    if (n > 1) {
      try {
        await delay(WEBHOOK_FIRST_BACKOFF_MS * 2 ** (n - 2), undefined, { signal });
      } catch {
        break; // the sandbox closed while waiting
      }
    }
    const attempt: WebhookDelivery = { ...base, attempt: n, url: target.url, ok: false, at: new Date().toISOString() };
    const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual', // a redirect is not a 2xx: a failed delivery, as §7 counts it
        signal: AbortSignal.any([signal, timeout]),
      });
      await response.arrayBuffer(); // drain, so the connection can be reused
      attempt.httpStatus = response.status;
      attempt.ok = response.status >= 200 && response.status < 300;
    } catch (err) {
      attempt.error = timeout.aborted ? `timeout after ${WEBHOOK_TIMEOUT_MS} ms` : signal.aborted ? 'sandbox closed' : describe(err);
    }
    attempts.push(attempt);
    record(attempt);
    if (attempt.ok) break;
  }
  return attempts;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
    if (cause && typeof cause.code === 'string') return `${err.message} (${cause.code})`;
    return err.message;
  }
  return String(err);
}
