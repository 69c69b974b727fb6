/**
 * The HTTP call to Mozarto's one transaction endpoint (docs/mozarto-api.md §2 "The one transaction
 * endpoint", §3 headers). Only transport lives here: the answer is read by mozarto-response.ts.
 */
import { ProxyError } from '../http/errors.js';
import { signHs256 } from '../jwt.js';
import type { UserContext } from '../options.js';

export const CASHIER_PATH = '/v1/api/mozarto/cashier';

export interface CashierUserClaims {
  readonly id: string;
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly phone?: string;
  readonly countryCode?: string;
}

/**
 * The user-context header; §3 requires exactly one of the two.
 * - `token`: a JWT of the user (§3 payload table), sent as `x-user-token: Bearer <jwt>` like
 *   every Apidog example.
 * - `forward`: the player's own session token, forwarded as `x-user-authorization`, which Mozarto
 *   passes to the merchant's User Auth URL. Without one there is no user to vouch for: 401.
 */
export async function userContextHeaders(context: UserContext, user: CashierUserClaims, request: Request, now: Date): Promise<Record<string, string>> {
  if (context.mode === 'token') {
    const jwt = await signHs256(
      {
        userId: user.id,
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        phone: user.phone,
        countryCode: user.countryCode,
      },
      context.secret,
      { now },
    );
    return { 'x-user-token': `Bearer ${jwt}` };
  }
  const value = context.token ? bearer(context.token(request)) : request.headers.get(context.header ?? 'authorization');
  if (!value || value.trim() === '') {
    throw new ProxyError(
      'unauthorized',
      `No session token in the ${context.header ?? 'authorization'} header to forward to Mozarto (userContext.mode "forward").`,
    );
  }
  return { 'x-user-authorization': value.trim() };
}

function bearer(token: string | null): string | null {
  if (!token) return null;
  return /^Bearer\s/i.test(token) ? token : `Bearer ${token}`;
}

export interface CashierCall {
  readonly upstreamUrl: string;
  readonly companyToken: string;
  readonly userHeaders: Record<string, string>;
  /** The body, or its JSON text when already written (mozarto-body.ts `serializeMozartoBody`). */
  readonly body: Record<string, unknown> | string;
  readonly timeoutMs: number;
}

export interface CashierAnswer {
  readonly httpStatus: number;
  readonly text: string;
  readonly durationMs: number;
}

/**
 * A failed call to Mozarto, with what it proves. `sent: false` only when the connection was never
 * made (refused, no such host, unreachable): Mozarto cannot have created anything, so the
 * Idempotency-Key may be used again. Anything after the request may have left — a timeout, a
 * dropped connection, an unreadable answer — leaves the outcome unknown (README "Error classes").
 */
export class UpstreamCallError extends ProxyError {
  readonly sent: boolean;
  constructor(code: 'upstream_timeout' | 'upstream_error', message: string, sent: boolean, cause: unknown) {
    super(code, message, { cause, retryable: true });
    this.sent = sent;
  }
}

/** Error codes (Node's and undici's) of a connection that was never established. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let i = 0; i < 5 && current instanceof Error; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // An AggregateError (happy eyeballs) carries one error per address tried.
    const inner = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(inner) && inner.length) current = inner[0];
    else current = current.cause;
  }
  return undefined;
}

/**
 * Posts the body and reads the whole answer within `timeoutMs`. Deliberately not tied to the
 * browser's request signal: once a payment is sent, its answer is recorded even if the player
 * closed the tab, so a retry with the same Idempotency-Key can replay it.
 */
export async function postCashier(call: CashierCall): Promise<CashierAnswer> {
  const started = Date.now();
  const signal = AbortSignal.timeout(call.timeoutMs);
  let answered = false;
  try {
    const response = await fetch(joinUrl(call.upstreamUrl, CASHIER_PATH), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${call.companyToken}`,
        ...call.userHeaders,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
      signal,
      redirect: 'error',
    });
    answered = true;
    const text = await response.text();
    return { httpStatus: response.status, text, durationMs: Date.now() - started };
  } catch (error) {
    if (signal.aborted || (error instanceof Error && error.name === 'TimeoutError')) {
      throw new UpstreamCallError('upstream_timeout', `Mozarto did not answer within ${call.timeoutMs} ms.`, true, error);
    }
    if (answered) throw new UpstreamCallError('upstream_error', "Mozarto's answer broke off while it was read.", true, error);
    const code = causeCode(error) ?? (error instanceof Error && error.cause instanceof Error && error.cause.message === 'bad port' ? 'bad port' : undefined);
    if (code !== undefined && (NOT_CONNECTED.has(code) || code === 'bad port')) {
      throw new UpstreamCallError('upstream_error', `Mozarto could not be reached (${code}); nothing was sent.`, false, error);
    }
    throw new UpstreamCallError('upstream_error', 'The connection to Mozarto failed after the request was sent.', true, error);
  }
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
