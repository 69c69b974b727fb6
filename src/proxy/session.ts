/**
 * The standalone server's `getUser` (ADR 0005): the merchant's site issues a short-lived HS256
 * session JWT `{ sub, email?, firstName?, lastName?, phone?, countryCode?, exp }` signed with
 * `CASHIER_SESSION_SECRET`; the browser presents it either as `Authorization: Bearer <jwt>` or
 * in a cookie (default `cashier_session`, which the widget's same-origin fetch and EventSource send
 * when the proxy is served under the merchant's own origin).
 *
 * Nothing from the token is trusted before the signature, `alg`, `exp` and the lifetime cap pass.
 * A bad token is "nobody" (401), never an error that says why: the reason is logged by the caller.
 */
import { verifyHs256 } from './jwt.js';
import type { CashierUser } from './options.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface SessionOptions {
  readonly secret: string;
  /** Cookie carrying the token; default `cashier_session`; `null` turns cookies off. */
  readonly cookieName?: string | null;
  /** Longest accepted `exp - iat`; default 3600 s: a session token only has to outlive a payment. */
  readonly maxLifetimeSeconds?: number;
  readonly issuer?: string;
  readonly audience?: string;
  readonly now?: () => Date;
  /** Told why a presented token was refused (the reason only, never the token). */
  readonly onRejected?: (reason: string) => void;
}

export const DEFAULT_SESSION_COOKIE = 'cashier_session';

/** The raw session token from `Authorization: Bearer …`, else from the cookie; null when absent. */
export function sessionToken(request: Request, cookieName: string | null = DEFAULT_SESSION_COOKIE): string | null {
  const authorization = request.headers.get('authorization');
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer) return bearer[1]!;
  if (cookieName === null) return null;
  const cookies = request.headers.get('cookie');
  if (!cookies) return null;
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === cookieName) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}

const PROFILE = ['email', 'firstName', 'lastName', 'phone', 'countryCode'] as const;

/** Builds the `getUser` of ProxyOptions from a session secret. */
export function sessionUser(options: SessionOptions): (request: Request) => Promise<CashierUser | null> {
  const cookieName = options.cookieName === undefined ? DEFAULT_SESSION_COOKIE : options.cookieName;
  const verified = new VerifiedTokens<CashierUser>();
  return async (request) => {
    const token = sessionToken(request, cookieName);
    if (token === null) return null;
    const now = options.now?.() ?? new Date();
    const known = verified.get(token, Math.floor(now.getTime() / 1000));
    // A copy: the caller may add to the user it is given.
    if (known) return { ...known };
    const result = await verifyHs256(token, options.secret, {
      now,
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 3600,
      ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
      ...(options.audience !== undefined ? { audience: options.audience } : {}),
    });
    if (!result.ok) {
      options.onRejected?.(result.reason);
      return null;
    }
    const { claims } = result;
    if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) {
      options.onRejected?.('no sub');
      return null;
    }
    const user: CashierUser = { id: claims.sub };
    for (const name of PROFILE) {
      const value = claims[name];
      if (typeof value === 'string' && value.length > 0 && value.length <= 256) user[name] = value;
    }
    verified.set(token, claims.exp as number, user);
    return { ...user };
  };
}
