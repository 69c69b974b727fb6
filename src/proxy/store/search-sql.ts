/**
 * The operators' search (`TransactionQuery`, store.ts) as SQL, for the SQLite file and the
 * Postgres schema alike: one builder, so the two stores cannot filter differently. Every value is
 * a bound parameter; `placeholder` says how a dialect numbers them. The in-memory store filters
 * with `matchesQuery`, the same rules in JavaScript.
 */
import type { AttentionCount, StoredTransaction, TransactionQuery } from './store.js';

export interface SearchSql {
  readonly text: string;
  readonly params: readonly unknown[];
}

/** The statuses the needs-attention queue counts, the stranded waits apart (store.ts `countAttention`). */
export const ATTENTION_STATUSES = ['review', 'unknown'] as const;
export const WAITING_STATUSES = ['pending', 'awaiting_approval'] as const;

export function searchSql(query: TransactionQuery, dialect: 'sqlite' | 'postgres'): SearchSql {
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return dialect === 'sqlite' ? '?' : `$${params.length}`;
  };
  const amount = dialect === 'sqlite' ? 'CAST(amount AS REAL)' : 'CAST(amount AS NUMERIC)';
  const number = (v: string) => (dialect === 'sqlite' ? Number(v) : v);
  const where: string[] = [];
  if (query.statuses && query.statuses.length > 0) where.push(`status IN (${query.statuses.map(p).join(', ')})`);
  if (query.userId !== undefined) where.push(`user_id = ${p(query.userId)}`);
  if (query.pspType !== undefined) where.push(`psp_type = ${p(query.pspType)}`);
  if (query.flow !== undefined) where.push(`flow = ${p(query.flow)}`);
  if (query.minAmount !== undefined) where.push(`${amount} >= ${p(number(query.minAmount))}`);
  if (query.maxAmount !== undefined) where.push(`${amount} <= ${p(number(query.maxAmount))}`);
  if (query.createdFrom !== undefined) where.push(`created_at >= ${p(query.createdFrom)}`);
  if (query.createdBefore !== undefined) where.push(`created_at < ${p(query.createdBefore)}`);
  if (query.after) {
    const at = p(query.after.createdAt);
    where.push(`(created_at < ${at} OR (created_at = ${p(query.after.createdAt)} AND id < ${p(query.after.id)}))`);
  }
  const text = `SELECT * FROM transactions${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ${p(Math.max(1, Math.floor(query.limit)))}`;
  return { text, params };
}

/** `countAttention` as SQL: one row per status (status, count, oldest). */
export function attentionSql(pendingBefore: string, dialect: 'sqlite' | 'postgres'): SearchSql {
  const p = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
  return {
    text: `SELECT status, COUNT(*) AS count, MIN(created_at) AS oldest FROM transactions
      WHERE status IN ('review', 'unknown') OR (status IN ('pending', 'awaiting_approval') AND created_at < ${p(1)})
      GROUP BY status ORDER BY status`,
    params: [pendingBefore],
  };
}

export function toAttention(row: Record<string, unknown>): AttentionCount {
  return { status: String(row.status) as AttentionCount['status'], count: Number(row.count), oldestCreatedAt: String(row.oldest) };
}

/** The same rules as `searchSql`, for a store that keeps its records in memory. */
export function matchesQuery(tx: StoredTransaction, query: TransactionQuery): boolean {
  if (query.statuses && query.statuses.length > 0 && !query.statuses.includes(tx.status)) return false;
  if (query.userId !== undefined && tx.userId !== query.userId) return false;
  if (query.pspType !== undefined && tx.pspType !== query.pspType) return false;
  if (query.flow !== undefined && tx.flow !== query.flow) return false;
  if (query.minAmount !== undefined && Number(tx.amount) < Number(query.minAmount)) return false;
  if (query.maxAmount !== undefined && Number(tx.amount) > Number(query.maxAmount)) return false;
  if (query.createdFrom !== undefined && tx.createdAt < query.createdFrom) return false;
  if (query.createdBefore !== undefined && tx.createdAt >= query.createdBefore) return false;
  const { after } = query;
  if (after && !(tx.createdAt < after.createdAt || (tx.createdAt === after.createdAt && tx.id < after.id))) return false;
  return true;
}

/** Whether a transaction is in the needs-attention queue (`countAttention`). */
export function needsAttention(tx: Pick<StoredTransaction, 'status' | 'createdAt'>, pendingBefore: string): boolean {
  if ((ATTENTION_STATUSES as readonly string[]).includes(tx.status)) return true;
  return (WAITING_STATUSES as readonly string[]).includes(tx.status) && tx.createdAt < pendingBefore;
}
