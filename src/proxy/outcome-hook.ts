/**
 * Runs the merchant's `onOutcome` hook once per reportable final outcome (options.ts, `onOutcome`).
 *
 * Mozarto wants the webhook answered within 10 s (docs/mozarto-api.md §7) and may deliver it more
 * than once, so the hook is never awaited by the webhook route: the status is written, the
 * webhook answered, and the hook runs after. "Once" rests on the store, not on memory: a claim
 * is taken atomically before the hook runs and the completion is stored after it, so a
 * duplicate webhook, a second instance or a restart finds it done. A hook that throws drops
 * its claim and is retried; a claim left by a crashed process is retried once it is stale.
 */
import type { BoundLogger } from './logger.js';
import type { StoredTransaction, TransactionStore } from './store/store.js';

export interface OutcomeHookOptions {
  readonly store: TransactionStore;
  readonly hook: (transaction: StoredTransaction) => void | Promise<void>;
  readonly timeoutMs: number;
  readonly retryMs: number;
  readonly now: () => Date;
  readonly log: BoundLogger;
}

export class OutcomeHook {
  readonly #o: OutcomeHookOptions;
  readonly #running = new Set<Promise<void>>();
  readonly #timer: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(options: OutcomeHookOptions) {
    this.#o = options;
    // Finishes what a previous run left undone (crash, failing hook), now and periodically.
    this.#timer = setInterval(() => this.sweep(), options.retryMs);
    this.#timer.unref?.();
    this.sweep();
  }

  /** Starts the hook for `id` if it is due; returns at once (the caller is answering a webhook). */
  trigger(id: string): void {
    if (this.#closed) return;
    const run = this.#run(id).finally(() => this.#running.delete(run));
    this.#running.add(run);
  }

  /** Retries every unfinished notification. */
  sweep(): void {
    if (this.#closed) return;
    const run = this.#o.store
      .listPendingOutcomeNotifications(100)
      .then((ids) => ids.forEach((id) => this.trigger(id)))
      .catch((error: unknown) => this.#o.log.error('outcome sweep failed', { error: message(error) }))
      .finally(() => this.#running.delete(run));
    this.#running.add(run);
  }

  /** Resolves when every hook started so far has settled (tests, graceful shutdown, edge waitUntil). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.idle();
    this.#closed = true;
  }

  async #run(id: string): Promise<void> {
    const { store, hook, timeoutMs, now, log } = this.#o;
    const at = now();
    // A claim older than the slow-hook threshold plus a margin belonged to a process that died.
    const staleBefore = new Date(at.getTime() - Math.max(2 * timeoutMs, 60_000)).toISOString();
    let tx: StoredTransaction | null;
    try {
      tx = await store.claimOutcomeNotification(id, at.toISOString(), staleBefore);
    } catch (error) {
      log.error('outcome claim failed', { transactionId: id, error: message(error) });
      return;
    }
    if (!tx) return;
    const slow = setTimeout(() => log.warn('onOutcome is slow', { transactionId: id, afterMs: timeoutMs }), timeoutMs);
    slow.unref?.();
    try {
      await hook(tx);
    } catch (error) {
      clearTimeout(slow);
      log.error('onOutcome threw; it will be retried', { transactionId: id, error: message(error) });
      await store.releaseOutcomeNotification(id).catch(() => {});
      return;
    }
    clearTimeout(slow);
    try {
      await store.completeOutcomeNotification(id, now().toISOString());
      log.info('onOutcome done', { transactionId: id, status: tx.status });
    } catch (error) {
      log.error('could not record onOutcome as done', { transactionId: id, error: message(error) });
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}
