/**
 * Retention in the background (issue 13 rule 5): idempotency records and raw webhook payloads
 * older than the retention are removed by the store's `pruneExpired`, in bounded batches with a
 * yield between them, on an unref'd timer — so pruning never blocks a request nor keeps the
 * process alive, and two runs never overlap.
 */
import type { BoundLogger } from '../logger.js';
import type { TransactionStore } from './store.js';

export const PRUNE_BATCH = 500;
/** Batches per run: a huge backlog is worked off over several runs, not in one long loop. */
const MAX_BATCHES_PER_RUN = 20;

export class Pruner {
  readonly #store: TransactionStore;
  readonly #retentionMs: number;
  readonly #now: () => Date;
  readonly #log: BoundLogger;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<number> | undefined;
  #closed = false;

  constructor(options: { store: TransactionStore; retentionMs: number; intervalMs: number; now: () => Date; log: BoundLogger }) {
    this.#store = options.store;
    this.#retentionMs = options.retentionMs;
    this.#now = options.now;
    this.#log = options.log;
    this.#timer = setInterval(() => void this.run(), options.intervalMs);
    this.#timer.unref?.();
    // A first run soon after start, so a proxy restarted often still prunes.
    const first = setTimeout(() => void this.run(), 1000);
    first.unref?.();
  }

  /** Prunes now (or joins the run in progress); resolves with the rows changed. */
  run(): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    this.#running ??= this.#work().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #work(): Promise<number> {
    const before = new Date(this.#now().getTime() - this.#retentionMs).toISOString();
    let total = 0;
    try {
      for (let i = 0; i < MAX_BATCHES_PER_RUN && !this.#closed; i++) {
        const changed = await this.#store.pruneExpired(before, PRUNE_BATCH);
        total += changed;
        if (changed < PRUNE_BATCH) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (total > 0) this.#log.info('retention: pruned expired records', { rows: total, before });
    } catch (error) {
      this.#log.error('retention prune failed', { error: error instanceof Error ? error.message : String(error) });
    }
    return total;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running?.catch(() => {});
  }
}
