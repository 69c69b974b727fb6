/**
 * What the sandbox needs to know about one PSP to stand in for Mozarto: its request rules and
 * its response shapes, taken from the docs' examples (one file per PSP: payone.ts, psps/*.ts).
 */
import type { SandboxTransaction } from './ledger.js';

/** How a transaction ended, before the PSP names it in its own words. */
export type Outcome = 'approved' | 'declined' | 'cancelled' | 'failed' | 'rejected';

export interface PspModel {
  /** The `pspType` code (docs/mozarto-api.md §6). */
  readonly pspType: string;
  /** Shown on the hosted payment page. */
  readonly name: string;
  /** Prefix of the PSP's own transaction id in webhooks (`po-` for Payone, §7). */
  readonly pspIdPrefix: string;
  /**
   * How a pay-in ends: on the hosted page (most), at once in the response (Flexepin, §6.3), or by
   * a webhook with no page (Neosurf, §6.6). Default `hosted-page`.
   */
  readonly payinMode?: 'hosted-page' | 'sync' | 'webhook';
  /** Every failing rule's message, or `[]` (§5 "Validation failed"); `raw` is the JSON text as sent. */
  validate(body: Record<string, unknown>, raw?: string): string[];
  /** The success envelope's `message` and `data` for a created pay-in. */
  payinCreated(tx: SandboxTransaction, redirectUrl: string): { message: string; data: Record<string, unknown> };
  /** The same for a created pay-out; `queued` when it waits for back-office approval. */
  payoutCreated(tx: SandboxTransaction, queued: boolean): { message: string; data: Record<string, unknown> };
  /** Synchronous pay-ins: the provider's refusal (message and raw `data`), or undefined when redeemed. */
  redeem?(body: Record<string, unknown>): { message: string; data: Record<string, unknown> } | undefined;
  /** Normalized and raw status and the message a webhook carries for an outcome (§7). */
  outcome(outcome: Outcome): { transaction_status: SandboxTransaction['transaction_status']; status: string; message: string };
}

/** The outcome behind each final normalized status (a Declined reached by cancelling is `cancelled`). */
export const OUTCOME_OF_STATUS: Readonly<Record<'Approved' | 'Declined' | 'Failed' | 'Rejected', Outcome>> = {
  Approved: 'approved',
  Declined: 'declined',
  Failed: 'failed',
  Rejected: 'rejected',
};
