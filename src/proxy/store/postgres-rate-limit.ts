/**
 * The rate limits shared by every instance on one Postgres database: a counter per key and fixed
 * window, taken by one atomic upsert that only counts while under the limit (so a refused attempt
 * does not extend the wait). A fixed window lets a burst of up to twice the limit straddle a
 * window edge; the in-memory limiter's sliding log does not, at the price of being per instance.
 */
import type { Sql } from 'postgres';
import type { RateLimiter } from '../rate-limit.js';

export function postgresRateLimiter(sql: Sql): RateLimiter {
  let calls = 0;
  return {
    async take(key, max, windowMs, nowMs) {
      const windowStart = Math.floor(nowMs / windowMs) * windowMs;
      const rows = await sql`
        INSERT INTO rate_limits (key, window_start, hits) VALUES (${key}, ${windowStart}, 1)
        ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1 WHERE rate_limits.hits < ${max}
        RETURNING hits`;
      if (++calls % 1000 === 0) void sql`DELETE FROM rate_limits WHERE window_start < ${windowStart - windowMs}`.catch(() => {});
      return rows.length > 0 ? 0 : Math.max(1, windowStart + windowMs - nowMs);
    },
  };
}
