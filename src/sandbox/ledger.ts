/**
 * The sandbox's ledger: Mozarto's side of each transaction, in memory. It is a stand-in: the
 * merchant proxy's store (src/proxy/store/) is the durable side, and a restarted sandbox simply
 * forgets (docs/design.md "The sandbox").
 */
import { randomBytes } from 'node:crypto';
import type { Scenario } from './scenarios.js';

/**
 * Normalized `transaction_status` (docs/mozarto-api.md §5, §7). Pending/Approved/Declined are the values
 * the docs show; Failed and Rejected are the design's other final states (docs/design.md "Statuses"),
 * not seen in the copies (§12.5), so the sandbox uses them only for pay-outs and forced settles.
 */
export type TransactionStatus = 'Pending' | 'Approved' | 'Declined' | 'Failed' | 'Rejected';
export const FINAL_STATUSES: readonly TransactionStatus[] = ['Approved', 'Declined', 'Failed', 'Rejected'];

export interface SandboxTransaction {
  /** Mozarto's id: 24 hex characters, like every example's (§5). */
  transactionId: string;
  /** The PSP's own id, as in the Payone webhook (`po-9f3c1a2b4d5e`, §7). */
  pspTransactionId: string;
  pspType: string;
  type: 'PAYIN' | 'PAYOUT';
  userId: string;
  amount: number;
  currency: string;
  /** Echoed from the request, `''` when none (§6.7 response, §6.8). */
  merchantReference: string;
  /** Normalized status (§7): what business logic uses. */
  transaction_status: TransactionStatus;
  /**
   * Raw status (§7 "raw PSP/internal status, not normalized"): `PENDING` on creation,
   * `AWAITING_APPROVAL` in the approval queue (§6.5, §8), then the webhook's raw `status`
   * (`success`, `declined`, `cancelled`, `failed`, `rejected`), or `ERROR`/`PSP_UNAVAILABLE` for
   * the error scenarios.
   */
  status: string;
  /** The last outcome message, as sent in the webhook. */
  message: string;
  scenario: Scenario['kind'];
  createdAt: string;
  updatedAt: string;
}

export type NewSandboxTransaction = Omit<
  SandboxTransaction,
  'transactionId' | 'pspTransactionId' | 'createdAt' | 'updatedAt' | 'transaction_status' | 'status' | 'message'
> &
  Partial<Pick<SandboxTransaction, 'transaction_status' | 'status' | 'message'>>;

export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export class SandboxLedger {
  readonly #byId = new Map<string, SandboxTransaction>();

  create(fields: NewSandboxTransaction, pspIdPrefix: string): SandboxTransaction {
    const now = new Date().toISOString();
    const tx: SandboxTransaction = {
      transaction_status: 'Pending',
      status: 'PENDING',
      message: '',
      ...fields,
      transactionId: hexId(12),
      pspTransactionId: `${pspIdPrefix}${hexId(6)}`,
      createdAt: now,
      updatedAt: now,
    };
    this.#byId.set(tx.transactionId, tx);
    return tx;
  }

  get(id: string): SandboxTransaction | undefined {
    return this.#byId.get(id);
  }

  update(tx: SandboxTransaction, patch: Partial<Pick<SandboxTransaction, 'transaction_status' | 'status' | 'message'>>): void {
    Object.assign(tx, patch, { updatedAt: new Date().toISOString() });
  }

  /** Copies, newest first, so callers cannot change the sandbox's state by accident. */
  list(): SandboxTransaction[] {
    return [...this.#byId.values()].reverse().map((tx) => ({ ...tx }));
  }
}
