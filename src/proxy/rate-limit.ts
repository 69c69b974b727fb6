/**
 * Per-user and per-IP limits on creating transactions (docs/design.md, "The proxy": limit rate per
 * user and IP). A sliding log of timestamps per key, in memory, without timers (nothing to close):
 * old entries are dropped when a key is touched and the map is swept when it grows.
 * With several proxy processes each enforces its own share; a shared store could take this over.
 */
export interface RateLimitOptions {
  /** Window length; default 60 000 ms. */
  readonly windowMs?: number;
  /** Transactions one user may create per window; default 20. */
  readonly perUser?: number;
  /** Transactions one IP address may create per window; default 60. */
  readonly perIp?: number;
}

export class RateLimiter {
  readonly #windowMs: number;
  readonly #hits = new Map<string, number[]>();

  constructor(windowMs: number) {
    this.#windowMs = windowMs;
  }

  /** Records a hit unless `key` already has `max` in the window; returns ms to wait, or 0. */
  take(key: string, max: number, nowMs: number): number {
    const since = nowMs - this.#windowMs;
    const list = (this.#hits.get(key) ?? []).filter((t) => t > since);
    if (list.length >= max) {
      this.#hits.set(key, list);
      return Math.max(1, list[0]! + this.#windowMs - nowMs);
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
