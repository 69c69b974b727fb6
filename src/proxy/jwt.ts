/**
 * A minimal HS256 JWT signer for the `x-user-token` header (mozarto-api.md §3).
 *
 * The docs' "How to create and sign JWT" section was not captured: the signing algorithm and the
 * key Mozarto verifies with are undocumented (§3, §12.13). HS256 with a secret agreed with
 * Mozarto is the reading chosen here — the most common choice for a shared-secret integration.
 * If Mozarto turns out to expect RS256 or another key, this file is the one place to change.
 */
import { createHmac } from 'node:crypto';

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
