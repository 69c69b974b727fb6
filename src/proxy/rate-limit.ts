/**
 * Per-user and per-IP limits on creating transactions (docs/design.md, "The proxy": limit rate per
 * user and IP). `RateLimiter` is the engine behind them: the default keeps a sliding log per key
 * in process memory (one instance's share); a proxy given a Postgres store uses its shared
 * limiter (store/postgres-rate-limit.ts), so several instances enforce one limit. `rateLimiter` in the
 * options plugs any other shared engine in; the limits themselves (`RateLimitOptions`) are in options.ts.
 */
export interface RateLimiter {
  /** Records a hit unless `key` already has `max` in the window; resolves to ms to wait, or 0. */
  take(key: string, max: number, windowMs: number, nowMs: number): number | Promise<number>;
}

/**
 * The default: a sliding log of timestamps per key, without timers (nothing to close): old
 * entries are dropped when a key is touched and the map is swept when it grows.
 */
export class MemoryRateLimiter implements RateLimiter {
  readonly #hits = new Map<string, number[]>();

  take(key: string, max: number, windowMs: number, nowMs: number): number {
    const since = nowMs - windowMs;
    const list = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= max) {
      this.#hits.set(key, list);
      return Math.max(1, list[0]! + windowMs - nowMs);
    }
    list.push(nowMs);
    this.#hits.set(key, list);
    if (this.#hits.size > 10_000) this.#sweep(since);
    return 0;
  }

  #sweep(since: number): void {
    for (const [key, list] of this.#hits) if (!list.some((t) => t > since)) this.#hits.delete(key);
  }
}
