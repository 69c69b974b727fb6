/**
 * Test scenarios chosen by magic amounts: the **cents** of `baseamount` pick what the sandbox
 * does, so designers (in the demo) and tests reach every state without code. This module is the
 * only place that knows the table; the README copies it.
 *
 * | Cents | Flow     | What the sandbox does                                                                 |
 * |-------|----------|---------------------------------------------------------------------------------------|
 * | `.13` | pay-out  | settles **Declined** (webhook `status: "declined"`) after `payoutSettleMs`              |
 * | `.14` | pay-out  | settles **Failed** (webhook `status: "failed"`) after `payoutSettleMs`                  |
 * | `.15` | pay-out  | settles **Rejected** (webhook `status: "rejected"`) after `payoutSettleMs`              |
 * | `.16` | pay-out  | goes to the **approval queue**: answers `method: "AWAITING_APPROVAL"`, stays `Pending` until `POST /__sandbox/transactions/:id/approve` (→ Approved) or `/reject` (→ Rejected) |
 * | `.17` | pay-out  | **never settles** (stays `Pending`; no webhook unless forced with `/settle`)            |
 * | other | pay-out  | settles **Approved** (webhook `status: "success"`) after `payoutSettleMs` (default 1500 ms) |
 * | any   | pay-in   | the hosted payment page decides: Approve → Approved, Decline → Declined, Cancel → Declined (`status: "cancelled"`) |
 * | `.97` | any      | **400** `errorCode: "PSP_UNAVAILABLE"` (transport error, retryable); no webhook          |
 * | `.98` | any      | **500** "Internal server error" (`data: "Something went wrong"`); no webhook            |
 *
 * Examples: `10.00` approves, `10.13` declines, `25.16` waits for approval, `5.98` fails with 500.
 * Magic amounts apply only after the request passed authentication and validation.
 */

/** The normalized outcomes a pay-out can settle to (docs/mozarto-api.md §7). */
export type PayoutOutcome = 'Approved' | 'Declined' | 'Failed' | 'Rejected';

export type Scenario =
  /** `.98` — Mozarto's generic 500 (§5, Flexepin page). */
  | { kind: 'server-error' }
  /** `.97` — a normalized transport error from the PSP (§5 `errorCode`). */
  | { kind: 'psp-unavailable' }
  /** Pay-in: the hosted payment page decides. */
  | { kind: 'hosted-page' }
  /** Pay-out: settles by itself after `payoutSettleMs`. */
  | { kind: 'settles'; outcome: PayoutOutcome }
  /** `.16` — pay-out waits in the back-office approval queue (§8 "Some pay-outs need back-office approval"). */
  | { kind: 'approval-queue' }
  /** `.17` — pay-out stays pending for ever. */
  | { kind: 'never-settles' };

const PAYOUT_BY_CENTS: Record<number, Scenario> = {
  13: { kind: 'settles', outcome: 'Declined' },
  14: { kind: 'settles', outcome: 'Failed' },
  15: { kind: 'settles', outcome: 'Rejected' },
  16: { kind: 'approval-queue' },
  17: { kind: 'never-settles' },
};

/** The cents of an amount, robust to binary floating point (10.13 * 100 = 1012.9999…). */
export function centsOf(amount: number): number {
  return Math.round(Math.abs(amount) * 100) % 100;
}

export function scenarioFor(type: 'PAYIN' | 'PAYOUT', amount: number): Scenario {
  const cents = centsOf(amount);
  if (cents === 98) return { kind: 'server-error' };
  if (cents === 97) return { kind: 'psp-unavailable' };
  if (type === 'PAYIN') return { kind: 'hosted-page' };
  return PAYOUT_BY_CENTS[cents] ?? { kind: 'settles', outcome: 'Approved' };
}
