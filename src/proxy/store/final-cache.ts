/**
 * Transactions whose outcome can no longer change, kept in memory for the status poll: a final
 * status never reverts (store.ts `advanceStatus`), a final transaction takes no new message
 * (`acceptsMessage`) and a patch that changes nothing leaves it untouched (`applyPatch`), so a
 * poll of one reads the store once per instance, not once per poll. Our own `failed` after a
 * failed upstream call is not cached: a webhook may still turn it into the real outcome.
 * Bounded: the oldest entries go first.
 */
import { isReportableOutcome, type StoredTransaction } from './store.js';

export class FinalCache {
  readonly #max: number;
  readonly #entries = new Map<string, StoredTransaction>();

  constructor(max = 10_000) {
    this.#max = max;
  }

  get(id: string): StoredTransaction | undefined {
    return this.#entries.get(id);
  }

  /** Remembers `tx` if its outcome is settled for good. */
  offer(tx: StoredTransaction): void {
    if (!isReportableOutcome(tx) || this.#entries.has(tx.id)) return;
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(tx.id, tx);
  }

  get size(): number {
    return this.#entries.size;
  }
}
