/**
 * Store writes that must not be lost to a store that is failing for a moment (a database restart,
 * a failover): once Mozarto has answered a create, that answer, the Idempotency-Key's completion
 * and a release after a refusal are facts the store has to learn, but the player must not wait
 * for — nor be told to retry — while it cannot take them (ADR 0021). `write` tries at once; when
 * that fails the write is kept here and retried with backoff until it lands or `maxAgeMs` has
 * passed (then logged as given up: the recovery sweep and a stranded key's take-over cover what
 * it would have written). Writes under one `chain` (a transaction id, a key) land in the order
 * given; different chains do not wait for one another. At most `maxPending` are kept.
 *
 * In memory only: a process that dies loses them, and what they would have said is then found by
 * the recovery sweep (recovery-sweep.ts) and a webhook, as after any crash mid-create.
 */
import type { BoundLogger } from './logger.js';

interface Job {
  readonly what: string;
  readonly run: () => Promise<unknown>;
  readonly since: number;
  readonly fields: Record<string, unknown>;
}

export interface WriteBehindOptions {
  readonly log: BoundLogger;
  /** How long a write is retried before it is given up. */
  readonly maxAgeMs: number;
  readonly maxPending?: number;
  /** Retry delays start here and double up to `maxDelayMs`. */
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

export class WriteBehind {
  readonly #o: Required<WriteBehindOptions>;
  readonly #chains = new Map<string, Job[]>();
  readonly #idle = new Set<() => void>();
  #pending = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #delay: number;
  #flushing = false;

  constructor(options: WriteBehindOptions) {
    this.#o = { maxPending: 10_000, firstDelayMs: 200, maxDelayMs: 2000, ...options };
    this.#delay = this.#o.firstDelayMs;
  }

  /** Writes kept for a retry. */
  get pending(): number {
    return this.#pending;
  }

  /**
   * Runs `run` now, unless writes of the same chain are waiting (then after them). Resolves true
   * when it landed now, false when it was kept for later (or dropped: too many kept).
   */
  async write(chain: string, what: string, run: () => Promise<unknown>, fields: Record<string, unknown> = {}): Promise<boolean> {
    if (!this.#chains.has(chain)) {
      try {
        await run();
        return true;
      } catch (error) {
        this.#o.log.warn('store write failed; kept to retry', { what, ...fields, error: describe(error) });
      }
    }
    if (this.#pending >= this.#o.maxPending) {
      this.#o.log.error('store write dropped: too many kept', { what, ...fields, pending: this.#pending });
      return false;
    }
    const jobs = this.#chains.get(chain) ?? [];
    jobs.push({ what, run, since: Date.now(), fields });
    this.#chains.set(chain, jobs);
    this.#pending++;
    this.#schedule();
    return false;
  }

  /** Resolves when nothing is kept, or after `timeoutMs` (false then). */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.#pending === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done!: () => void;
    try {
      return await new Promise<boolean>((resolve) => {
        done = () => resolve(true);
        this.#idle.add(done);
        timer = setTimeout(() => resolve(false), timeoutMs);
        // The drain should not wait a whole backoff step: retry now.
        this.#retrySoon();
      });
    } finally {
      clearTimeout(timer);
      this.#idle.delete(done);
    }
  }

  /** Stops retrying; what is kept is logged as lost. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const jobs of this.#chains.values())
      for (const job of jobs) this.#o.log.error('store write lost at close', { what: job.what, ...job.fields, ageMs: Date.now() - job.since });
    this.#chains.clear();
    this.#pending = 0;
  }

  #schedule(): void {
    if (this.#timer || this.#flushing) return;
    this.#timer = setTimeout(() => void this.#flush(), this.#delay);
    this.#timer.unref?.();
  }

  #retrySoon(): void {
    if (this.#flushing) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#delay = this.#o.firstDelayMs;
    this.#schedule();
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    this.#flushing = true;
    let failed = false;
    await Promise.all(
      [...this.#chains.entries()].map(async ([chain, jobs]) => {
        while (jobs.length) {
          const job = jobs[0]!;
          try {
            await job.run();
            this.#o.log.info('kept store write landed', { what: job.what, ...job.fields, afterMs: Date.now() - job.since });
          } catch (error) {
            if (Date.now() - job.since < this.#o.maxAgeMs) {
              failed = true;
              return;
            }
            this.#o.log.error('kept store write given up', { what: job.what, ...job.fields, ageMs: Date.now() - job.since, error: describe(error) });
          }
          jobs.shift();
          this.#pending--;
        }
        this.#chains.delete(chain);
      }),
    );
    this.#flushing = false;
    this.#delay = failed ? Math.min(this.#delay * 2, this.#o.maxDelayMs) : this.#o.firstDelayMs;
    if (this.#pending > 0) this.#schedule();
    else for (const resolve of [...this.#idle]) resolve();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}
