/**
 * The merchant's say before any money moves (issue 13 rule 4, docs/design.md "The proxy"): the
 * optional `authorize({ user, request })` runs after validation and before the transaction is
 * stored or Mozarto is called, for pay-ins and pay-outs. Balance, KYC, deposit limits and
 * self-exclusion are the merchant's; the proxy only carries the answer, from a closed list, to
 * the widget, which shows each as its own state with the next step.
 *
 * Fail closed: a hook that throws, or answers anything but `{ ok: true }` or a valid refusal,
 * lets nothing through (a logged 500).
 */
import { parseAmount } from '../core/amount.js';
import { REFUSAL_REASONS, type Refusal, type RefusalReason } from '../core/contract.js';
import type { Flow } from '../core/psp/types.js';
import { ProxyError } from './http/errors.js';
import type { BoundLogger } from './logger.js';
import type { CashierUser } from './options.js';

/** What the player asked for, validated: the proxy has checked the method, currency and amount. */
export interface AuthorizeRequest {
  readonly flow: Flow;
  readonly pspType: string;
  /**
   * What the player's balance moves, a canonical decimal string ("100.00"): a pay-in credits it,
   * a pay-out debits it (docs/adr/0019-the-amounts-that-move.md).
   */
  readonly amount: string;
  /** The method's fee ("0.00" when none). */
  readonly fee: string;
  /** What Mozarto moves: a pay-in's amount + fee (the player pays it), a pay-out's amount − fee (the player receives it). */
  readonly total: string;
  readonly currency: string;
}

export type AuthorizeDecision =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: RefusalReason;
      /** With `limit_reached`: what may still be paid before the reset ("50.00"). */
      readonly remaining?: string;
      /** With `limit_reached`: when the limit resets (a Date or ISO 8601 text). */
      readonly resetsAt?: Date | string;
    };

export type Authorize = (args: { readonly user: CashierUser; readonly request: AuthorizeRequest }) => AuthorizeDecision | Promise<AuthorizeDecision>;

/** English messages for developers; the widget shows its own localized text per reason. */
const MESSAGES: Record<RefusalReason, string> = {
  insufficient_balance: 'The balance does not cover this pay-out.',
  verification_required: 'The account must be verified before this payment.',
  limit_reached: 'A payment limit has been reached.',
  method_unavailable: 'This payment method is not available for this account.',
  self_excluded: 'The account is self-excluded from payments.',
};

export async function runAuthorize(authorize: Authorize | undefined, user: CashierUser, request: AuthorizeRequest, log: BoundLogger): Promise<void> {
  if (!authorize) return;
  let decision: unknown;
  try {
    decision = await authorize({ user, request });
  } catch (error) {
    log.error('authorize threw; the payment is refused', { error: error instanceof Error ? error.message : String(error) });
    throw new ProxyError('internal', 'The payment could not be authorized; try again later.');
  }
  if (typeof decision === 'object' && decision !== null && (decision as { ok?: unknown }).ok === true) return;
  const refusal = readRefusal(decision);
  if (!refusal) {
    log.error('authorize answered neither { ok: true } nor a known refusal; the payment is refused');
    throw new ProxyError('internal', 'The payment could not be authorized; try again later.');
  }
  log.info('authorize refused', { reason: refusal.reason, flow: request.flow, pspType: request.pspType });
  throw new ProxyError('refused', MESSAGES[refusal.reason], { refusal });
}

function readRefusal(decision: unknown): Refusal | null {
  if (typeof decision !== 'object' || decision === null) return null;
  const d = decision as Record<string, unknown>;
  if (d.ok !== false || !(REFUSAL_REASONS as readonly unknown[]).includes(d.reason)) return null;
  const refusal: { -readonly [K in keyof Refusal]: Refusal[K] } = { reason: d.reason as RefusalReason };
  if (refusal.reason === 'limit_reached') {
    if (d.remaining !== undefined) {
      const remaining =
        typeof d.remaining === 'string' && /^0+(\.0+)?$/.test(d.remaining.trim()) ? { ok: true as const, value: '0.00' } : parseAmount(d.remaining);
      if (remaining.ok) refusal.remaining = remaining.value;
    }
    const resetsAt = d.resetsAt instanceof Date ? d.resetsAt : typeof d.resetsAt === 'string' ? new Date(d.resetsAt) : null;
    if (resetsAt && Number.isFinite(resetsAt.getTime())) refusal.resetsAt = resetsAt.toISOString();
  }
  return refusal;
}
