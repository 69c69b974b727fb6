/**
 * The HTTP call to Mozarto's one transaction endpoint (mozarto-api.md §2 "The one transaction
 * endpoint", §3 headers). Only transport lives here: the answer is read by mozarto-errors.ts.
 */
import { ProxyError } from './errors.js';
import { signHs256 } from './jwt.js';

export const CASHIER_PATH = '/v1/api/mozarto/cashier';

export interface CashierUserClaims {
  readonly id: string;
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly phone?: string;
  readonly countryCode?: string;
}

export type UserContext =
  | { readonly mode: 'token'; readonly secret: string }
  | {
      readonly mode: 'forward';
      readonly header?: string;
      /** Finds the player's token some other way (e.g. a session cookie, ADR 0005); wins over `header`. */
      readonly token?: (request: Request) => string | null;
    };

/**
 * The user-context header; §3 requires exactly one of the two.
 * - `token`: a JWT of the user (§3 payload table), sent as `x-user-token: Bearer <jwt>` like
 *   every Apidog example.
 * - `forward`: the player's own session token, forwarded as `x-user-authorization`, which Mozarto
 *   passes to the merchant's User Auth URL. Without one there is no user to vouch for: 401.
 */
export function userContextHeaders(context: UserContext, user: CashierUserClaims, request: Request, now: Date): Record<string, string> {
  if (context.mode === 'token') {
    const jwt = signHs256(
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
    throw new ProxyError('unauthorized', `No session token in the ${context.header ?? 'authorization'} header to forward to Mozarto (userContext.mode "forward").`);
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
 * Posts the body and reads the whole answer within `timeoutMs`. Deliberately not tied to the
 * browser's request signal: once a payment is sent, its answer is recorded even if the player
 * closed the tab, so a retry with the same Idempotency-Key can replay it.
 */
export async function postCashier(call: CashierCall): Promise<CashierAnswer> {
  const started = Date.now();
  const signal = AbortSignal.timeout(call.timeoutMs);
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
    const text = await response.text();
    return { httpStatus: response.status, text, durationMs: Date.now() - started };
  } catch (error) {
    if (signal.aborted || (error instanceof Error && error.name === 'TimeoutError')) {
      throw new ProxyError('upstream_timeout', `Mozarto did not answer within ${call.timeoutMs} ms.`, { cause: error });
    }
    throw new ProxyError('upstream_error', 'Mozarto could not be reached (network error).', { cause: error, retryable: true });
  }
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}
