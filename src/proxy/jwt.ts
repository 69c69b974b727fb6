/**
 * HS256 JWTs on `jose`: the `x-user-token` the proxy signs for Mozarto (docs/mozarto-api.md §3)
 * and the standalone server's session tokens (ADR 0005). `jose` runs on Web Crypto, so this works
 * wherever the handler does (Node, an edge runtime) with no `node:` module.
 *
 * The docs' "How to create and sign JWT" section was not captured: the signing algorithm and the
 * key Mozarto verifies with are undocumented (§3, §12.13). HS256 with a secret agreed with
 * Mozarto is the reading chosen here — the most common choice for a shared-secret integration.
 * If Mozarto turns out to expect RS256 or another key, this file is the one place to change.
 *
 * `jose` is an optional peer dependency (ADR 0016): only a proxy needs it, so an app that installs
 * the package for the widget alone does not get it. It is imported on first use, by `import()`
 * rather than `require`, so that the handler still needs no `node:` module.
 */
import type * as Jose from 'jose';

let loading: Promise<typeof Jose> | undefined;

/** `jose`, once; missing, an error that says what to install instead of "Cannot find package". */
export function loadJose(): Promise<typeof Jose> {
  loading ??= import('jose').catch((error: unknown) => {
    loading = undefined;
    const code = (error as { code?: unknown }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error instanceof Error && error.message.includes("'jose'")) {
      throw new Error('The proxy signs and verifies tokens with the peer dependency "jose", which is not installed: npm install jose', { cause: error });
    }
    throw error;
  });
  return loading;
}

export type JwtClaims = Record<string, string | number | boolean | null | undefined>;

export interface SignOptions {
  /** Lifetime in seconds; default 300 (5 minutes): the token only has to survive one upstream call. */
  readonly expiresInSeconds?: number;
  readonly now?: Date;
}

/**
 * The HMAC key for a secret, imported once: handing jose the raw bytes makes it import a Web
 * Crypto key on every sign and verify, which was most of a token's cost (issue 17 profile: the
 * x-user-token on every create, the session check on every poll). A proxy has one or two
 * secrets; the map stays tiny (and is cleared if something feeds it many).
 */
type HmacCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const keys = new Map<string, Promise<HmacCryptoKey>>();
function key(secret: string): Promise<HmacCryptoKey> {
  let imported = keys.get(secret);
  if (!imported) {
    if (keys.size >= 32) keys.clear();
    imported = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, imported);
    imported.catch(() => keys.delete(secret));
  }
  return imported;
}

export async function signHs256(claims: JwtClaims, secret: string, options: SignOptions = {}): Promise<string> {
  if (!secret) throw new Error('signHs256: an empty secret would produce a forgeable token');
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload: Record<string, string | number | boolean | null> = {};
  for (const [name, value] of Object.entries(claims)) if (value !== undefined) payload[name] = value;
  const { SignJWT } = await loadJose();
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? 300))
    .sign(await key(secret));
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

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded RFC 4648 §5 text whose last character carries no stray bits (it re-encodes to itself). */
export function isCanonicalBase64url(part: string): boolean {
  if (part.length === 0 || part.length % 4 === 1 || !/^[A-Za-z0-9_-]+$/.test(part)) return false;
  const last = BASE64URL.indexOf(part[part.length - 1]!);
  // 2 characters left over carry 1 byte (4 spare bits), 3 carry 2 bytes (2 spare bits).
  if (part.length % 4 === 2) return (last & 0b1111) === 0;
  if (part.length % 4 === 3) return (last & 0b11) === 0;
  return true;
}

/** Why jose refused a token, in the short words the callers log. */
function reasonOf(error: unknown, errors: typeof Jose.errors): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'algorithm';
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (claim === 'exp') return 'no exp';
    if (claim === 'nbf') return 'not yet valid';
    if (claim === 'iss') return 'issuer';
    if (claim === 'aud') return 'audience';
    return 'claims';
  }
  return 'malformed';
}

/**
 * Verifies an HS256 JWT (the standalone server's session token, ADR 0005). Only `alg: HS256` is
 * accepted — never `none`, never whatever the header asks for — and `exp` is required so a leaked
 * token stops working on its own. A bad token is a reason, never an error (only a missing `jose` throws).
 */
export async function verifyHs256(token: string, secret: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (!secret) return { ok: false, reason: 'no secret' };
  if (token.length > 8192) return { ok: false, reason: 'too long' };
  // Lenient base64url decoders skip characters outside the alphabet, padding and stray bits, so
  // "sig!", "sig=" and "sig" could all verify: each part must be canonical base64url.
  if (!token.split('.').every(isCanonicalBase64url)) return { ok: false, reason: 'malformed' };
  const leeway = options.leewaySeconds ?? 30;
  const currentDate = options.now ?? new Date();
  let claims: Record<string, unknown>;
  const { errors, jwtVerify } = await loadJose();
  try {
    ({ payload: claims } = await jwtVerify(token, await key(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
      currentDate,
      clockTolerance: leeway,
      ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
      ...(options.audience !== undefined ? { audience: options.audience } : {}),
    }));
  } catch (error) {
    return { ok: false, reason: reasonOf(error, errors) };
  }
  // Policy beyond the standard claims: no token issued in the future, none that lives too long.
  const now = Math.floor(currentDate.getTime() / 1000);
  const exp = claims.exp as number;
  if (typeof claims.iat === 'number' && now + leeway < claims.iat) return { ok: false, reason: 'issued in the future' };
  if (options.maxLifetimeSeconds !== undefined) {
    const from = typeof claims.iat === 'number' ? claims.iat : now;
    if (exp - from > options.maxLifetimeSeconds) return { ok: false, reason: 'lifetime too long' };
  }
  return { ok: true, claims };
}
