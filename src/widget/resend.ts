/**
 * A create whose fate is open is sent again by itself, with the same Idempotency-Key (issue 24):
 * the proxy unreachable (a deploy, a dropped connection), its retryable 5xx (`internal`), its
 * "still in progress" (a retryable `idempotency_conflict`). The proxy answers the transaction the
 * first try made, never a second one; while the pauses run the player sees the payment being
 * confirmed. After about 3.5 s the error shows, and "Try again" sends the same key once more.
 * Definite answers — a transaction, a refusal, the rate limit, Mozarto's own errors — are the
 * caller's at once.
 */
import type { ApiResult } from './api.js';

/** Sends (`send` carries the key) until a definite answer, the pauses run out, or `signal` aborts. */
export async function sendWithResends<T>(send: () => Promise<ApiResult<T>>, signal: AbortSignal): Promise<ApiResult<T>> {
  let res = await send();
  for (const pause of [500, 1000, 2000]) {
    if (res.ok || signal.aborted || !res.error.retryable || !/^(network|internal|idempotency_conflict)$/.test(res.error.code)) break;
    await new Promise((resolve) => setTimeout(resolve, pause));
    res = await send();
  }
  return res;
}
