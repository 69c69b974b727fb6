/**
 * The merchant's say before any money moves (issue 13 rule 4, issue 23 rule 2, docs/design.md
 * "The merchant's books"): the optional `authorize({ user, request })` — in process, or the
 * merchant's `authorizeUrl` over HTTP (merchant/authorize-http.ts) — runs after validation and
 * before Mozarto hears anything, for pay-ins and pay-outs. `request.authorizationId` is the
 * transaction's id, stored just before, so the merchant can hold the amount under it and capture
 * or release it on the transaction's terminal event (README "Your backend"). Balance, KYC,
 * deposit limits and self-exclusion are the merchant's; the proxy carries the answer, from a
 * closed list, to the widget, which shows each as its own state with the next step. An allowing
 * answer may carry the player's `profile` (the KYC block Cleo and Worldpay need, fresh at
 * payment time: profile.ts).
 *
 * Fail closed: a hook that throws, times out or answers anything but an allow or a valid refusal
 * lets nothing through (`authorize_unavailable`, "try again in a moment").
 */
import { parseAmount } from '../core/amount.js';
import { REFUSAL_REASONS, type Refusal, type RefusalReason } from '../core/contract.js';
import type { Flow } from '../core/psp/types.js';
import { ProxyError } from './http/errors.js';
import type { BoundLogger } from './logger.js';
import type { CashierUser } from './options.js';
import { readProfile, type MerchantProfile } from './profile.js';

/** What the player asked for, validated: the proxy has checked the method, currency and amount. */
export interface AuthorizeRequest {
  /**
   * The transaction's id (`tx_…`), the same in every event of it: hold under it, capture or
   * release on its terminal event. Asked again for the same id only if the same create is retried.
   */
  readonly authorizationId: string;
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
  | {
      readonly ok: true;
      /** The player's KYC and risk block, fresh now (profile.ts `PROFILE_KEYS`); over the user's own fields. */
      readonly profile?: MerchantProfile;
    }
  | {
      readonly ok: false;
      readonly reason: RefusalReason;
      /** With `limit_reached`: what may still be paid before the reset ("50.00"). */
      readonly remaining?: string;
      /** With `limit_reached`: when the limit resets (a Date or ISO 8601 text). */
      readonly resetsAt?: Date | string;
    };

export type Authorize = (args: { readonly user: CashierUser; readonly request: AuthorizeRequest }) => AuthorizeDecision | Promise<AuthorizeDecision>;

/**
 * What the proxy does next: go on (with the profile), or stop with `error` for the player and
 * `reason` for the transaction's terminal event and the log.
 */
export type AuthorizeOutcome =
  { readonly allowed: true; readonly profile: MerchantProfile } | { readonly allowed: false; readonly error: ProxyError; readonly reason: string };

/** English messages for developers; the widget shows its own localized text per reason. */
const MESSAGES: Record<RefusalReason, string> = {
  insufficient_balance: 'The balance does not cover this pay-out.',
  verification_required: 'The account must be verified before this payment.',
  limit_reached: 'A payment limit has been reached.',
  method_unavailable: 'This payment method is not available for this account.',
  self_excluded: 'The account is self-excluded from payments.',
};

const unavailable = (why: string) =>
  new ProxyError('authorize_unavailable', `The payment could not be authorized (${why}); nothing was sent. Try again in a moment.`);

export async function runAuthorize(
  authorize: Authorize | undefined,
  user: CashierUser,
  request: AuthorizeRequest,
  log: BoundLogger,
): Promise<AuthorizeOutcome> {
  if (!authorize) return { allowed: true, profile: {} };
  const fields = { transactionId: request.authorizationId, flow: request.flow, pspType: request.pspType };
  let decision: unknown;
  try {
    decision = await authorize({ user, request });
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
    log.error('authorize failed; the payment is refused', { ...fields, error: why });
    return { allowed: false, error: unavailable(why), reason: `authorize failed: ${why}` };
  }
  if (typeof decision === 'object' && decision !== null && (decision as { ok?: unknown }).ok === true) {
    const profile = readProfile((decision as { profile?: unknown }).profile);
    if (profile !== null) return { allowed: true, profile };
    log.error('authorize allowed with a profile that is not an object; the payment is refused', fields);
    return { allowed: false, error: unavailable('a malformed profile'), reason: 'authorize failed: a malformed profile' };
  }
  const refusal = readRefusal(decision);
  if (!refusal) {
    log.error('authorize answered neither an allow nor a known refusal; the payment is refused', fields);
    return { allowed: false, error: unavailable('a malformed answer'), reason: 'authorize failed: a malformed answer' };
  }
  log.info('authorize refused', { ...fields, reason: refusal.reason });
  return { allowed: false, error: new ProxyError('refused', MESSAGES[refusal.reason], { refusal }), reason: `refused: ${refusal.reason}` };
}

/** A refusal from `{ ok: false, reason, remaining?, resetsAt? }`; null for anything else. */
export function readRefusal(decision: unknown): Refusal | null {
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
