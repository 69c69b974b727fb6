/**
 * The reconciliation export (admin API `GET export.csv`): one row per transaction, RFC 4180
 * quoting, and a cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR)
 * prefixed with `'` — a player's id is their merchant's text, not ours to trust. `total` is what
 * Mozarto moved (its `baseamount`, docs/adr/0019-the-amounts-that-move.md): the column to match
 * against Mozarto's back office; `amount` is what the merchant's wallet moves.
 */
import type { StoredTransaction } from '../store/store.js';

export const CSV_COLUMNS = [
  'transactionId',
  'createdAt',
  'updatedAt',
  'userId',
  'flow',
  'pspType',
  'amount',
  'fee',
  'total',
  'currency',
  'status',
  'upstreamId',
  'errorCode',
  'reviewReason',
] as const;

function cell(value: string | null | undefined): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(tx: StoredTransaction): string {
  return `${[tx.id, tx.createdAt, tx.updatedAt, tx.userId, tx.flow, tx.pspType, tx.amount, tx.fee, tx.total, tx.currency, tx.status, tx.upstreamId, tx.errorCode, tx.reviewReason].map(cell).join(',')}\r\n`;
}
