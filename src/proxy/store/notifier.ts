/**
 * Change notifications for the push channel (`GET transactions/:id/events`). Mozarto tells us
 * about a change only through its webhook (docs/mozarto-api.md §7, §9), which reaches ONE proxy
 * instance; the instance holding the player's event stream may be another. The in-process
 * notifier below is enough for a single instance; several instances plug a shared one (Redis
 * pub/sub, Postgres LISTEN/NOTIFY…) in through this interface (`ProxyOptions.notifier`).
 */
import type { StoredTransaction } from './store.js';

export type TransactionListener = (transaction: StoredTransaction) => void;

export interface TransactionNotifier {
  /** Called after every stored change of a transaction (the new state). */
  publish(transaction: StoredTransaction): void | Promise<void>;
  /** Listens to changes of one transaction; returns the function that stops listening. */
  subscribe(transactionId: string, listener: TransactionListener): () => void;
  /**
   * A shared notifier's health: whether changes stored by other instances reach this one now
   * (Postgres: the LISTEN connection is up). Read by the readiness probe (readiness.ts); absent
   * means always, as for the in-process notifier.
   */
  readonly connected?: boolean;
}

/** The default: listeners in a map, for one process. */
export class InProcessNotifier implements TransactionNotifier {
  readonly #listeners = new Map<string, Set<TransactionListener>>();

  publish(transaction: StoredTransaction): void {
    const set = this.#listeners.get(transaction.id);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(transaction);
      } catch {
        // One broken listener must not starve the others.
      }
    }
  }

  subscribe(transactionId: string, listener: TransactionListener): () => void {
    let set = this.#listeners.get(transactionId);
    if (!set) this.#listeners.set(transactionId, (set = new Set()));
    set.add(listener);
    return () => {
      const current = this.#listeners.get(transactionId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) this.#listeners.delete(transactionId);
    };
  }

  /** The transactions someone listens to now (a shared notifier re-reads them after a gap). */
  ids(): string[] {
    return [...this.#listeners.keys()];
  }

  /** Listeners currently registered (all transactions, or one): lets tests prove clean-up. */
  listenerCount(transactionId?: string): number {
    if (transactionId !== undefined) return this.#listeners.get(transactionId)?.size ?? 0;
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }
}
