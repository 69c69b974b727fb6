/**
 * A TransactionStore in process memory: for tests, examples and edge-runtime trials, where no
 * file or database is at hand. Nothing survives the process, so it is no production store. Each
 * method runs synchronously to completion, which makes every rule atomic within the process.
 * It applies the same `applyPatch` as the SQLite and Postgres stores and passes the same
 * conformance suite (conformance.ts).
 */
import { outboxRows } from '../merchant/merchant-event.js';
import { matchesQuery, needsAttention } from './search-sql.js';
import {
  applyPatch,
  redeliveryBefore,
  resolutionApplied,
  deliveryState,
  type AttentionCount,
  type AuditEntry,
  type TransactionQuery,
  isReportableOutcome,
  newRecord,
  type ClaimedEvent,
  type EventAttempt,
  type EventAttemptRecord,
  type EventClaim,
  type IdempotencyRecord,
  type HistoryPosition,
  type NewTransaction,
  type OutboxEvent,
  type Redelivery,
  type ReserveResult,
  type StoredTransaction,
  type StoredWebhookEvent,
  type TransactionPatch,
  type TransactionStore,
  type WebhookEvent,
  type WriteOptions,
} from './store.js';

interface Row {
  tx: StoredTransaction;
  claimedAt: string | null;
  idempotencyKey: string | null;
}

interface OutboxRecord {
  event: OutboxEvent;
  claim: string | null;
  claimedUntil: string | null;
}

export function createMemoryStore(): TransactionStore & { close(): void } {
  const transactions = new Map<string, Row>();
  const keys = new Map<string, IdempotencyRecord>();
  const events: StoredWebhookEvent[] = [];
  const audit: AuditEntry[] = [];
  let nextEventId = 1;
  const outbox: OutboxRecord[] = [];
  const attempts: EventAttempt[] = [];
  const addToOutbox = (before: StoredTransaction | null, after: StoredTransaction, options: WriteOptions | undefined) => {
    for (const row of outboxRows(before, after, options?.outbox)) {
      const event: OutboxEvent = {
        ...row,
        seq: outbox.length + 1,
        attempts: 0,
        nextAttemptAt: row.createdAt,
        deliveredAt: null,
        abandonedAt: null,
        lastStatusCode: null,
        lastError: null,
      };
      outbox.push({ event, claim: null, claimedUntil: null });
    }
  };
  const pendingEvent = (e: OutboxEvent) => e.deliveredAt === null && e.abandonedAt === null;
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
    insertTransaction: ({ idempotencyKey, ...tx }: NewTransaction, options?: WriteOptions) =>
      run(() => {
        if (transactions.has(tx.id)) throw new Error(`transaction ${tx.id} already exists`);
        const stored = newRecord(tx);
        transactions.set(tx.id, { tx: stored, claimedAt: null, idempotencyKey: idempotencyKey ?? null });
        addToOutbox(null, stored, options);
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

    updateTransaction: (id: string, patch: TransactionPatch, options?: WriteOptions) =>
      run(() => {
        const row = transactions.get(id);
        if (!row) return null;
        const before = row.tx;
        const next = applyPatch(before, patch);
        if (resolutionApplied(before, next, patch)) {
          if (!options?.audit) throw new TypeError('updateTransaction: a resolution needs its audit entry (WriteOptions.audit)');
          audit.push({ ...options.audit, id: audit.length + 1, transactionId: id, action: 'resolve', before: before.status, after: next.status });
          row.claimedAt = null;
        }
        row.tx = next;
        if (before.outcomeNotifiedAt && !row.tx.outcomeNotifiedAt) row.claimedAt = null; // reopened (store.ts reopensOutcome)
        addToOutbox(before, row.tx, options);
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

    releaseIdempotencyKey: (userId: string, key: string, reservedAt?: string) =>
      run(() => {
        const existing = keys.get(slot(userId, key));
        if (reservedAt !== undefined && (existing?.createdAt !== reservedAt || existing.statusCode !== null)) return;
        keys.delete(slot(userId, key));
      }),

    findByIdempotencyKey: (userId: string, key: string) =>
      run(() => {
        let found: StoredTransaction | null = null;
        for (const row of transactions.values()) {
          if (row.tx.userId === userId && row.idempotencyKey === key && (found === null || row.tx.createdAt >= found.createdAt)) found = row.tx;
        }
        return found ? copy(found) : null;
      }),

    listUnansweredTransactions: (createdBefore: string, limit: number) =>
      run(() =>
        [...transactions.values()]
          .map(({ tx }) => tx)
          .filter((tx) => tx.status === 'pending' && tx.outcome === null && tx.upstreamId === null && tx.createdAt < createdBefore)
          .sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0))
          .slice(0, Math.max(1, Math.floor(limit)))
          .map((tx) => tx.id),
      ),

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

    claimEvents: ({ endpoints, now, until, claim, limit }: EventClaim) =>
      run((): ClaimedEvent[] => {
        const heads = new Set<string>();
        const due: OutboxRecord[] = [];
        // In the outbox's order: the first pending event of a transaction and endpoint is its head.
        for (const record of outbox) {
          const { event } = record;
          if (!pendingEvent(event) || !endpoints.includes(event.endpoint)) continue;
          const queue = `${event.transactionId}\u0000${event.endpoint}`;
          if (heads.has(queue)) continue;
          heads.add(queue);
          if (event.nextAttemptAt <= now && (record.claimedUntil === null || record.claimedUntil <= now)) due.push(record);
        }
        due.sort((x, y) =>
          x.event.nextAttemptAt < y.event.nextAttemptAt ? -1 : x.event.nextAttemptAt > y.event.nextAttemptAt ? 1 : x.event.seq - y.event.seq,
        );
        return due.slice(0, Math.max(1, Math.floor(limit))).map((record) => {
          record.claim = claim;
          record.claimedUntil = until;
          return { ...copy(record.event), claim, attempt: record.event.attempts + 1 };
        });
      }),

    recordEventAttempt: (record: EventAttemptRecord) =>
      run(() => {
        const held = outbox[record.seq - 1];
        if (!held) return;
        const { event } = held;
        attempts.push({
          eventId: event.eventId,
          endpoint: event.endpoint,
          attempt: record.attempt,
          startedAt: record.startedAt,
          durationMs: record.durationMs,
          statusCode: record.statusCode,
          error: record.error,
          instance: record.instance,
        });
        const result = { attempts: event.attempts + 1, lastStatusCode: record.statusCode, lastError: record.error };
        if (held.claim !== record.claim || event.deliveredAt !== null) {
          held.event = { ...event, attempts: result.attempts };
          return;
        }
        held.claim = null;
        held.claimedUntil = null;
        held.event = {
          ...event,
          ...result,
          ...('deliveredAt' in record ? { deliveredAt: record.deliveredAt } : {}),
          ...('abandonedAt' in record ? { abandonedAt: record.abandonedAt } : {}),
          ...('retryAt' in record ? { nextAttemptAt: record.retryAt } : {}),
        };
      }),

    listEvents: (transactionId: string) => run(() => outbox.filter((r) => r.event.transactionId === transactionId).map((r) => copy(r.event))),

    listEventAttempts: (eventId: string) => run(() => attempts.filter((a) => a.eventId === eventId).map(copy)),

    redeliverEvent: ({ eventId, ...who }: Redelivery) =>
      run(() => {
        const rows = outbox.filter((r) => r.event.eventId === eventId);
        if (rows.length === 0) return [];
        const before = rows.map((r) => copy(r.event));
        for (const record of rows) {
          record.claim = null;
          record.claimedUntil = null;
          record.event = { ...record.event, deliveredAt: null, abandonedAt: null, nextAttemptAt: who.at };
        }
        audit.push({
          ...who,
          id: audit.length + 1,
          transactionId: before[0]!.transactionId,
          action: 'redeliver',
          eventId,
          before: redeliveryBefore(before),
          after: 'due',
        });
        return before;
      }),

    listFailingEvents: (limit: number) =>
      run(() =>
        outbox
          .map((r) => r.event)
          .filter((e) => ['failing', 'abandoned'].includes(deliveryState(e)))
          .sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.seq - y.seq))
          .slice(0, Math.max(1, Math.floor(limit)))
          .map(copy),
      ),

    outboxBacklog: () =>
      run(() => {
        const waiting = outbox.filter((r) => pendingEvent(r.event)).map((r) => r.event.createdAt);
        return { count: waiting.length, oldestCreatedAt: waiting.length ? waiting.reduce((x, y) => (y < x ? y : x)) : null };
      }),

    searchTransactions: (query: TransactionQuery) =>
      run(() =>
        [...transactions.values()]
          .map(({ tx }) => tx)
          .filter((tx) => matchesQuery(tx, query))
          .sort((a, b) => (a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id) ? -1 : 1))
          .slice(0, Math.max(1, Math.floor(query.limit)))
          .map(copy),
      ),

    countAttention: (pendingBefore: string) =>
      run(() => {
        const by = new Map<string, AttentionCount>();
        for (const { tx } of transactions.values()) {
          if (!needsAttention(tx, pendingBefore)) continue;
          const seen = by.get(tx.status);
          by.set(tx.status, {
            status: tx.status,
            count: (seen?.count ?? 0) + 1,
            oldestCreatedAt: seen && seen.oldestCreatedAt < tx.createdAt ? seen.oldestCreatedAt : tx.createdAt,
          });
        }
        return [...by.values()].sort((a, b) => (a.status < b.status ? -1 : 1));
      }),

    listAuditEntries: (transactionId: string) => run(() => audit.filter((e) => e.transactionId === transactionId).map(copy)),

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
