/**
 * The merchant's authorize over HTTP (`authorizeUrl`, `CASHIER_AUTHORIZE_URL`; README "Your
 * backend"): the in-process `authorize` (authorize.ts) as a signed POST, for merchants whose
 * backend is not Node. Before Mozarto hears anything the proxy sends
 *
 *   { authorizationId, user: { id, email?, firstName?, lastName?, phone?, countryCode? },
 *     type, pspType, amount, fee, total, currency }
 *
 * signed per Standard Webhooks (signing.ts; `webhook-id` a fresh `msg_…` per attempt), and reads
 * `{ "decision": "allow", "profile"?: {…} }` or `{ "decision": "refuse", "reason", "remaining"?,
 * "resetsAt"? }`. Anything else — a timeout, a non-2xx, a redirect, an answer that is not that
 * JSON — throws, and authorize.ts fails closed.
 */
import * as z from 'zod/mini';
import { REFUSAL_REASONS } from '../../core/contract.js';
import type { Authorize, AuthorizeDecision } from '../authorize.js';
import { randomHex } from '../ids.js';
import type { CashierUser } from '../options.js';
import { signer } from './signing.js';

export interface HttpAuthorizeOptions {
  readonly url: string;
  readonly secret: string;
  readonly timeoutMs: number;
  readonly now: () => Date;
}

/** The user's fields the merchant is sent: who the player is, as the session said (never the KYC block, which is theirs). */
const USER_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'countryCode'] as const;
/** An answer is a small JSON object; anything bigger is not one. */
const MAX_ANSWER_BYTES = 65_536;

export function httpAuthorize(options: HttpAuthorizeOptions): Authorize {
  const sign = signer(options.secret);
  return async ({ user, request }) => {
    const body = JSON.stringify({
      authorizationId: request.authorizationId,
      user: userOf(user),
      type: request.flow,
      pspType: request.pspType,
      amount: request.amount,
      fee: request.fee,
      total: request.total,
      currency: request.currency,
    });
    const timeout = AbortSignal.timeout(options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mozarto-cashier', ...sign.sign(`msg_${randomHex(12)}`, options.now(), body) },
        body,
        redirect: 'manual',
        signal: timeout,
      });
    } catch (error) {
      if (timeout.aborted) throw new Error(`no answer from authorizeUrl within ${options.timeoutMs} ms`, { cause: error });
      throw new Error(`authorizeUrl could not be reached: ${reachError(error)}`, { cause: error });
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new Error(timeout.aborted ? `no answer from authorizeUrl within ${options.timeoutMs} ms` : 'the answer of authorizeUrl broke off');
    }
    if (response.status < 200 || response.status > 299) throw new Error(`authorizeUrl answered HTTP ${response.status}`);
    if (text.length > MAX_ANSWER_BYTES) throw new Error('the answer of authorizeUrl is too large');
    return decisionOf(text);
  };
}

function userOf(user: CashierUser): Record<string, string> {
  const out: Record<string, string> = { id: user.id };
  for (const key of USER_FIELDS) if (typeof user[key] === 'string') out[key] = user[key];
  return out;
}

/**
 * The contract's answer (README "Your backend"). Unknown keys are ignored, as receivers of our
 * events ignore unknown types; the profile's keys are filtered and each value is checked by the
 * provider's own field schema (profile.ts, validate-request.ts), and a refusal's `remaining` and
 * `resetsAt` by authorize.ts, which drops what it cannot read.
 */
const Answer = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('allow'), profile: z.optional(z.nullable(z.record(z.string(), z.unknown()))) }),
  z.object({
    decision: z.literal('refuse'),
    reason: z.enum(REFUSAL_REASONS),
    remaining: z.optional(z.union([z.string(), z.number()])),
    resetsAt: z.optional(z.string()),
  }),
]);

/** The contract's answer as authorize.ts reads a decision; a malformed one throws, naming what is wrong. */
function decisionOf(text: string): AuthorizeDecision {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the answer of authorizeUrl is not JSON');
  }
  const answer = Answer.safeParse(json);
  if (!answer.success) {
    const issue = answer.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.map(String).join('.')}` : '';
    throw new Error(
      `the answer of authorizeUrl is not { "decision": "allow" } or { "decision": "refuse", "reason": … }${where}: ${issue?.message ?? 'invalid'}`.slice(
        0,
        300,
      ),
    );
  }
  const a = answer.data;
  if (a.decision === 'allow') return { ok: true, ...(a.profile ? { profile: a.profile as never } : {}) };
  return {
    ok: false,
    reason: a.reason,
    ...(a.remaining !== undefined ? { remaining: String(a.remaining) } : {}),
    ...(a.resetsAt !== undefined ? { resetsAt: a.resetsAt } : {}),
  };
}

function reachError(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const cause = error.cause instanceof Error ? `: ${(error.cause as { code?: string }).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 200);
}
