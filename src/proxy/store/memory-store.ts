/**
 * A TransactionStore in process memory: for tests, examples and edge-runtime trials, where no
 * file or database is at hand. Nothing survives the process, so it is no production store. Each
 * method runs synchronously to completion, which makes every rule atomic within the process.
 * It applies the same `applyPatch` as the SQLite and Postgres stores and passes the same
 * conformance suite (conformance.ts).
 */
import {
  applyPatch,
  isReportableOutcome,
  newRecord,
  type IdempotencyRecord,
  type HistoryPosition,
  type NewTransaction,
  type ReserveResult,
  type StoredTransaction,
  type StoredWebhookEvent,
  type TransactionPatch,
  type TransactionStore,
  type WebhookEvent,
} from './store.js';

interface Row {
  tx: StoredTransaction;
  claimedAt: string | null;
}

export function createMemoryStore(): TransactionStore & { close(): void } {
  const transactions = new Map<string, Row>();
  const keys = new Map<string, IdempotencyRecord>();
  const events: StoredWebhookEvent[] = [];
  let nextEventId = 1;
  const slot = (userId: string, key: string) => `${userId}\u0000${key}`;
  const copy = <T>(value: T): T => structuredClone(value);
  const run = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return {
    insertTransaction: (tx: NewTransaction) =>
      run(() => {
        if (transactions.has(tx.id)) throw new Error(`transaction ${tx.id} already exists`);
        const stored = newRecord(tx);
        transactions.set(tx.id, { tx: stored, claimedAt: null });
        return copy(stored);
      }),

    getTransaction: (id: string) => run(() => (transactions.has(id) ? copy(transactions.get(id)!.tx) : null)),

    listTransactionsByUser: (userId: string, limit: number, after?: HistoryPosition) =>
      run(() => {
        const newer = (a: StoredTransaction, b: { createdAt: string; id: string }) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);
        return [...transactions.values()]
          .map(({ tx }) => tx)
          .filter((tx) => tx.userId === userId && (!after || newer(after as StoredTransaction, tx)))
          .sort((a, b) => (newer(a, b) ? -1 : 1))
          .slice(0, limit)
          .map(copy);
      }),

    findByUpstreamId: (upstreamId: string) =>
      run(() => {
        let found: StoredTransaction | null = null;
        for (const { tx } of transactions.values()) {
          if (tx.upstreamId === upstreamId && (found === null || tx.createdAt < found.createdAt)) found = tx;
        }
        return found ? copy(found) : null;
      }),

    updateTransaction: (id: string, patch: TransactionPatch) =>
      run(() => {
        const row = transactions.get(id);
        if (!row) return null;
        row.tx = applyPatch(row.tx, patch);
        return copy(row.tx);
      }),

    reserveIdempotencyKey: (userId: string, key: string, bodyHash: string, createdAt: string) =>
      run((): ReserveResult => {
        const existing = keys.get(slot(userId, key));
        if (existing) return { reserved: false, existing: copy(existing) };
        keys.set(slot(userId, key), { userId, key, bodyHash, statusCode: null, response: null, createdAt });
        return { reserved: true };
      }),

    completeIdempotencyKey: (userId: string, key: string, statusCode: number, response: unknown) =>
      run(() => {
        const existing = keys.get(slot(userId, key));
        if (existing) keys.set(slot(userId, key), { ...existing, statusCode, response: copy(response) });
      }),

    releaseIdempotencyKey: (userId: string, key: string) =>
      run(() => {
        keys.delete(slot(userId, key));
      }),

    addWebhookEvent: (event: WebhookEvent) =>
      run(() => {
        events.push({ ...copy(event), payload: copy(event.payload ?? null), id: nextEventId++ });
      }),

    listWebhookEvents: (transactionId: string) => run(() => events.filter((e) => e.transactionId === transactionId).map(copy)),

    listUnmatchedWebhookEvents: (upstreamId: string) => run(() => events.filter((e) => e.transactionId === null && e.upstreamId === upstreamId).map(copy)),

    linkWebhookEvents: (upstreamId: string, transactionId: string) =>
      run(() => {
        for (let i = 0; i < events.length; i++) {
          const e = events[i]!;
          if (e.transactionId === null && e.upstreamId === upstreamId) events[i] = { ...e, transactionId };
        }
      }),

    claimOutcomeNotification: (id: string, claimedAt: string, staleBefore: string) =>
      run(() => {
        const row = transactions.get(id);
        if (!row || !isReportableOutcome(row.tx) || row.tx.outcomeNotifiedAt) return null;
        if (row.claimedAt !== null && row.claimedAt >= staleBefore) return null;
        row.claimedAt = claimedAt;
        return copy(row.tx);
      }),

    completeOutcomeNotification: (id: string, at: string) =>
      run(() => {
        const row = transactions.get(id);
        if (row && !row.tx.outcomeNotifiedAt) row.tx = { ...row.tx, outcomeNotifiedAt: at };
      }),

    releaseOutcomeNotification: (id: string) =>
      run(() => {
        const row = transactions.get(id);
        if (row && !row.tx.outcomeNotifiedAt) row.claimedAt = null;
      }),

    listPendingOutcomeNotifications: (limit: number) =>
      run(() =>
        [...transactions.values()]
          .filter(({ tx }) => !tx.outcomeNotifiedAt && isReportableOutcome(tx))
          .sort((a, b) => (a.tx.updatedAt < b.tx.updatedAt ? -1 : a.tx.updatedAt > b.tx.updatedAt ? 1 : 0))
          .slice(0, Math.max(1, Math.floor(limit)))
          .map(({ tx }) => tx.id),
      ),

    pruneExpired: (before: string, limit: number) =>
      run(() => {
        const n = Math.max(1, Math.floor(limit));
        let changed = 0;
        const old = [...keys.entries()].filter(([, r]) => r.createdAt < before).sort((x, y) => (x[1].createdAt < y[1].createdAt ? -1 : 1));
        for (const [slotKey] of old.slice(0, n)) {
          keys.delete(slotKey);
          changed++;
        }
        let emptied = 0;
        for (let i = 0; i < events.length && emptied < n; i++) {
          const e = events[i]!;
          if (e.receivedAt < before && e.payload !== null) {
            events[i] = { ...e, payload: null };
            emptied++;
          }
        }
        return changed + emptied;
      }),

    close() {},
  };
}
