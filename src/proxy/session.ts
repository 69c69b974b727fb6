/**
 * The standalone server's `getUser` (ADR 0005): the merchant's site issues a short-lived HS256
 * session JWT `{ sub, email?, firstName?, lastName?, phone?, countryCode?, exp }` signed with
 * `CASHIER_SESSION_SECRET`; the browser presents it either as `Authorization: Bearer <jwt>` or
 * in a cookie (default `cashier_session`, which the widget's same-origin fetch and EventSource send
 * when the proxy is served under the merchant's own origin).
 *
 * Nothing from the token is trusted before the signature, `alg`, `exp`, the lifetime cap, the
 * issuer and the audience pass. `iss` and `aud` are required (ADR 0017): a key the merchant also
 * signs other tokens with — for its own API, for a game provider — would otherwise let any of
 * them, with a player's `sub`, pay out of the cashier. A bad token is "nobody" (401), never an
 * error that says why: the reason is logged by the caller.
 */
import { verifyHs256 } from './jwt.js';
import type { CashierUser } from './options.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface SessionOptions {
  /** The HS256 key: at least 32 bytes, and not guessable (`sessionSecretProblem`). */
  readonly secret: string;
  /** The `iss` every token must carry: who signs them, e.g. `https://shop.example`. */
  readonly issuer: string;
  /** The `aud` every token must carry; default `mozarto-cashier`. */
  readonly audience?: string;
  /** Cookie carrying the token; default `cashier_session`; `null` turns cookies off. */
  readonly cookieName?: string | null;
  /** Longest accepted `exp - iat`; default 3600 s: a session token only has to outlive a payment. */
  readonly maxLifetimeSeconds?: number;
  readonly now?: () => Date;
  /** Told why a presented token was refused (the reason only, never the token). */
  readonly onRejected?: (reason: string) => void;
}

export const DEFAULT_SESSION_COOKIE = 'cashier_session';
/** The audience a session token is for, unless `audience` says otherwise. */
export const DEFAULT_SESSION_AUDIENCE = 'mozarto-cashier';

/**
 * Why `secret` is too weak for an HS256 session key, or undefined. At least 32 bytes (RFC 7518,
 * section 3.2: a key as long as the hash), and at least 128 bits by the spread of its characters (length
 * × their Shannon entropy), which a repeated or few-letter text ("aaaa…", "changeme-changeme-…")
 * cannot reach and 32 random bytes in hex or base64 pass easily. A guard against the obvious, not
 * a proof of randomness.
 */
export function sessionSecretProblem(secret: string): string | undefined {
  const bytes = new TextEncoder().encode(secret).length;
  if (bytes < 32) return `must be at least 32 bytes (HS256 key), got ${bytes}`;
  const counts = new Map<string, number>();
  for (const char of secret) counts.set(char, (counts.get(char) ?? 0) + 1);
  const length = [...secret].length;
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / length);
  if (bits < 128)
    return `looks guessable: about ${Math.floor(bits)} bits by the spread of its characters, at least 128 needed; use 32 random bytes, e.g. \`openssl rand -base64 32\``;
  return undefined;
}

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

/**
 * Builds the `getUser` of ProxyOptions from a session secret. It says which fields it can return
 * (`profileFields`: the token's claims), so the proxy knows at start which providers' player
 * fields must come from elsewhere (the authorize answer's profile, profile.ts).
 */
export function sessionUser(options: SessionOptions): ((request: Request) => Promise<CashierUser | null>) & { readonly profileFields: readonly string[] } {
  const weak = typeof options.secret === 'string' ? sessionSecretProblem(options.secret) : 'must be a string';
  if (weak) throw new TypeError(`sessionUser: secret ${weak}`);
  if (typeof options.issuer !== 'string' || options.issuer.trim() === '')
    throw new TypeError('sessionUser: issuer is required: the `iss` your site puts in every session token, e.g. "https://shop.example"');
  const audience = options.audience ?? DEFAULT_SESSION_AUDIENCE;
  const cookieName = options.cookieName === undefined ? DEFAULT_SESSION_COOKIE : options.cookieName;
  const verified = new VerifiedTokens<CashierUser>();
  return Object.assign(read, { profileFields: ['id', ...PROFILE] as const });
  async function read(request: Request): Promise<CashierUser | null> {
    const token = sessionToken(request, cookieName);
    if (token === null) return null;
    const now = options.now?.() ?? new Date();
    const known = verified.get(token, Math.floor(now.getTime() / 1000));
    // A copy: the caller may add to the user it is given.
    if (known) return { ...known };
    const result = await verifyHs256(token, options.secret, {
      now,
      maxLifetimeSeconds: options.maxLifetimeSeconds ?? 3600,
      issuer: options.issuer,
      audience,
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
  }
}
