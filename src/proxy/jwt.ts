/**
 * A minimal HS256 JWT signer for the `x-user-token` header (docs/mozarto-api.md §3).
 *
 * The docs' "How to create and sign JWT" section was not captured: the signing algorithm and the
 * key Mozarto verifies with are undocumented (§3, §12.13). HS256 with a secret agreed with
 * Mozarto is the reading chosen here — the most common choice for a shared-secret integration.
 * If Mozarto turns out to expect RS256 or another key, this file is the one place to change.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, string | number | boolean | null | undefined>;

export interface SignOptions {
  /** Lifetime in seconds; default 300 (5 minutes): the token only has to survive one upstream call. */
  readonly expiresInSeconds?: number;
  readonly now?: Date;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

export function signHs256(claims: JwtClaims, secret: string, options: SignOptions = {}): string {
  if (!secret) throw new Error('signHs256: an empty secret would produce a forgeable token');
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(claims)) if (value !== undefined) payload[key] = value;
  payload.iat = iat;
  payload.exp = iat + (options.expiresInSeconds ?? 300);
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(payload));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

export type VerifyResult = { readonly ok: true; readonly claims: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

export interface VerifyOptions {
  readonly now?: Date;
  /** Tokens must carry `exp`; a lifetime (`exp - iat`, or `exp - now`) above this is refused. */
  readonly maxLifetimeSeconds?: number;
  /** Clock skew tolerated on `exp` / `nbf` / `iat`; default 30 s. */
  readonly leewaySeconds?: number;
  /** When set, the `iss` claim must equal it. */
  readonly issuer?: string;
  /** When set, the `aud` claim (string or array) must contain it. */
  readonly audience?: string;
}

/**
 * Verifies an HS256 JWT (the standalone server's session token, ADR 0005). Only `alg: HS256` is
 * accepted — never `none`, never whatever the header asks for — the signature is compared in
 * constant time, and `exp` is required so a leaked token stops working on its own.
 */
export function verifyHs256(token: string, secret: string, options: VerifyOptions = {}): VerifyResult {
  if (!secret) return { ok: false, reason: 'no secret' };
  if (token.length > 8192) return { ok: false, reason: 'too long' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [head, body, signature] = parts as [string, string, string];
  let header: unknown;
  let claims: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof header !== 'object' || header === null || (header as Record<string, unknown>).alg !== 'HS256') return { ok: false, reason: 'algorithm' };
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'signature' };
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { ok: false, reason: 'claims' };
  const c = claims as Record<string, unknown>;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const leeway = options.leewaySeconds ?? 30;
  if (typeof c.exp !== 'number' || !Number.isFinite(c.exp)) return { ok: false, reason: 'no exp' };
  if (now > c.exp + leeway) return { ok: false, reason: 'expired' };
  if (typeof c.nbf === 'number' && now + leeway < c.nbf) return { ok: false, reason: 'not yet valid' };
  if (typeof c.iat === 'number' && now + leeway < c.iat) return { ok: false, reason: 'issued in the future' };
  if (options.maxLifetimeSeconds !== undefined) {
    const from = typeof c.iat === 'number' ? c.iat : now;
    if (c.exp - from > options.maxLifetimeSeconds) return { ok: false, reason: 'lifetime too long' };
  }
  if (options.issuer !== undefined && c.iss !== options.issuer) return { ok: false, reason: 'issuer' };
  if (options.audience !== undefined) {
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.includes(options.audience)) return { ok: false, reason: 'audience' };
  }
  return { ok: true, claims: c };
}
