/**
 * Mozarto's authentication headers (docs/mozarto-api.md §3): a company JWT as `Authorization: Bearer`,
 * plus exactly one user-context header, `x-user-token` or `x-user-authorization`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type UserContext =
  /** `x-user-token`: Mozarto decodes the JWT and uses its payload as user context (§3). */
  | { mode: 'token'; payload: Record<string, unknown> }
  /**
   * `x-user-authorization`: the real Mozarto forwards this value as `Authorization` to the
   * merchant's User Auth URL (Admin Center → API Credentials) and trusts its answer (§3, "Legacy
   * user-verification callback"). The sandbox has no such URL to call and accepts any non-empty
   * value.
   */
  | { mode: 'authorization' };

export type UserCheck =
  | { ok: true; user: UserContext }
  /** No user header, both user headers, or an empty one: 401 (§3). */
  | { ok: false; reason: 'unauthorized' }
  /** Not a decodable JWT: the request hangs, then 504 (§3). */
  | { ok: false; reason: 'undecodable' };

/** Bearer credentials from a header value; the scheme is case-insensitive (RFC 6750). */
export function bearer(value: string | null): string | undefined {
  const match = /^Bearer[ \t]+(\S.*)$/i.exec(value?.trim() ?? '');
  return match?.[1]?.trim();
}

/** Constant-time comparison of the presented company token with the expected one. */
export function companyTokenMatches(header: string | null, expected: string): boolean {
  const presented = bearer(header);
  if (presented === undefined) return false;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function checkUserHeaders(headers: Headers): UserCheck {
  const token = headers.get('x-user-token');
  const authorization = headers.get('x-user-authorization');
  // "exactly one user-context header (if neither is present → 401)" (§3). Both at once is not
  // "exactly one" either; the docs give no status for it, and 401 is the consistent answer.
  if ((token === null) === (authorization === null)) return { ok: false, reason: 'unauthorized' };
  if (authorization !== null) {
    return authorization.trim() ? { ok: true, user: { mode: 'authorization' } } : { ok: false, reason: 'unauthorized' };
  }
  if (!token!.trim()) return { ok: false, reason: 'unauthorized' };
  // Every example sends `x-user-token: Bearer <user-jwt>` (§3, §12.13); a bare JWT is accepted too.
  const jwt = bearer(token) ?? token!.trim();
  const payload = decodeJwtPayload(jwt);
  return payload ? { ok: true, user: { mode: 'token', payload } } : { ok: false, reason: 'undecodable' };
}

// Three dot-separated base64url parts; the signature may be empty (an unsigned JWT still
// decodes). This is the shape a JWT library's `decode()` accepts.
const JWT_SHAPE = /^([A-Za-z0-9_-]+={0,2})\.([A-Za-z0-9_-]+={0,2})\.([A-Za-z0-9_-]*={0,2})$/;

/**
 * Decodes (does not verify) a JWT and returns its payload, or undefined when it is not a
 * decodable JWT. The signing algorithm and key of the user token are not in the docs (§3,
 * §12.13), so the sandbox checks only that it decodes, which is what §3 says Mozarto needs.
 */
export function decodeJwtPayload(jwt: string): Record<string, unknown> | undefined {
  const parts = JWT_SHAPE.exec(jwt);
  if (!parts) return undefined;
  const header = decodeJsonObject(parts[1]!);
  const payload = decodeJsonObject(parts[2]!);
  return header && payload ? payload : undefined;
}

function decodeJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token's `userId` is the user Mozarto acts for (§3 payload table); a body naming another
 * user is refused as unauthorized. `userId` is a string in every table but a number in the legacy
 * example (§12.18), so the comparison is on the string forms.
 */
export function userIdsAgree(user: UserContext, bodyUserId: unknown): boolean {
  if (user.mode !== 'token') return true;
  const tokenUserId = user.payload['userId'];
  if (tokenUserId === undefined || tokenUserId === null || bodyUserId === undefined || bodyUserId === null) return true;
  return String(tokenUserId) === String(bodyUserId);
}
