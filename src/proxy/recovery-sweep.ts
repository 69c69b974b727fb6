/**
 * The recovery sweep (docs/design.md "Statuses": `unknown`; ADR 0021): a create stores its
 * transaction before Mozarto hears anything and its answer after. A process that dies in between
 * — a crash, a kill, a deploy that did not drain — or a store that stayed down past the
 * write-behind's patience (write-behind.ts) leaves the row `pending` with no outcome and no
 * Mozarto id, for ever, where nobody looks. Once such a row is older than `staleAfterMs` (no live
 * create is still waiting on it), the sweep moves it to `unknown` through the one write path
 * (transactions.ts `changeTransaction`), so the event streams, the merchant's outcome hook and
 * events hear of it, and an operator sees it; a webhook matched by `merchantReference` then
 * settles it as for any unknown outcome.
 *
 * Every instance sweeps; two moving one row is harmless (the second change changes nothing).
 * It runs soon after start — what the last process left is found at once — and then every
 * half stale limit (at most every 30 s), on an unref'd timer, never overlapping.
 */
import type { BoundLogger } from './logger.js';
import type { TransactionStore } from './store/store.js';

const BATCH = 100;

export interface RecoverySweepOptions {
  readonly store: TransactionStore;
  readonly staleAfterMs: number;
  readonly now: () => Date;
  readonly log: BoundLogger;
  /** Moves one stranded transaction to `unknown` (the write path). */
  readonly move: (id: string, at: string) => Promise<void>;
}

export class RecoverySweep {
  readonly #o: RecoverySweepOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #first: ReturnType<typeof setTimeout>;
  #running: Promise<number> | undefined;
  #closed = false;

  constructor(options: RecoverySweepOptions) {
    this.#o = options;
    this.#timer = setInterval(() => void this.run(), Math.min(30_000, Math.max(1000, Math.floor(options.staleAfterMs / 2))));
    this.#timer.unref?.();
    this.#first = setTimeout(() => void this.run(), 1000);
    this.#first.unref?.();
  }

  /** Sweeps now (or joins the sweep in progress); resolves with how many it moved. */
  run(): Promise<number> {
    if (this.#closed) return Promise.resolve(0);
    this.#running ??= this.#sweep().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #sweep(): Promise<number> {
    const { store, staleAfterMs, now, log, move } = this.#o;
    const at = now();
    const before = new Date(at.getTime() - staleAfterMs).toISOString();
    let moved = 0;
    const seen = new Set<string>();
    try {
      for (;;) {
        const ids = (await store.listUnansweredTransactions(before, BATCH)).filter((id) => !seen.has(id));
        for (const id of ids) {
          seen.add(id);
          await move(id, at.toISOString());
          moved++;
          log.warn('recovery sweep: a create never stored its answer; its transaction is now unknown', { transactionId: id, staleAfterMs });
        }
        // A short batch is the end; one that only repeats rows it could not move, too.
        if (ids.length < BATCH || this.#closed) break;
      }
    } catch (error) {
      // The store is failing: the next sweep tries again.
      log.warn('recovery sweep failed', { error: error instanceof Error ? error.message : String(error) });
    }
    return moved;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    clearTimeout(this.#first);
    await this.#running?.catch(() => {});
  }
}
