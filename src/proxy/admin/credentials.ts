/**
 * The operators' credentials (docs/adr/0023-operators.md): named bearer tokens, each with a role,
 * never a player's session. Only SHA-256 digests are compared: a configured `sha256:<hex>` is one
 * already (so the secret itself need be in no environment), a plain token is hashed once. A
 * request's token is hashed and compared with every digest in constant time (secrets.ts
 * `safeEqual`: Web Crypto's HMAC verify), so neither its length nor its prefix leaks — on Web
 * Crypto only, like the rest of the handler, so it runs on edge runtimes too.
 */
import { safeEqual } from '../secrets.js';

export const ADMIN_ROLES = ['read', 'resolve'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

/** As a merchant configures one (ProxySettings `admin.tokens`). */
export interface AdminTokenSetting {
  /** Who it is: written to the audit log as the actor (letters, digits, `_ . @ -`, at most 64). */
  readonly name: string;
  /** `read`: search, timelines, export, metrics; `resolve`: that, and resolving and re-delivering. */
  readonly role: AdminRole;
  /** At least 32 characters, or `sha256:` and the token's SHA-256 in hex. */
  readonly token: string;
}

export interface AdminCredential {
  readonly name: string;
  readonly role: AdminRole;
  /** The token's SHA-256, lower-case hex (computed on first use for a plain token). */
  digest(): Promise<string>;
}

export interface AdminIdentity {
  readonly name: string;
  readonly role: AdminRole;
}

export const MIN_ADMIN_TOKEN_LENGTH = 32;
const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;
const DIGEST = /^sha256:([0-9a-f]{64})$/i;

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Why one configured token cannot be used, or null. */
export function adminTokenProblem(setting: unknown): string | null {
  if (typeof setting !== 'object' || setting === null) return 'must be { name, role, token }';
  const { name, role, token } = setting as Record<string, unknown>;
  if (typeof name !== 'string' || !NAME.test(name)) return `name must be letters, digits, _ . @ - (at most 64), got ${JSON.stringify(name)}`;
  if (!ADMIN_ROLES.includes(role as AdminRole)) return `role must be ${ADMIN_ROLES.join(' or ')}, got ${JSON.stringify(role)}`;
  if (typeof token !== 'string') return 'token must be a string';
  if (DIGEST.test(token)) return null;
  if (token.startsWith('sha256:')) return 'token "sha256:…" must be followed by 64 hex digits';
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) return `token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 32)`;
  return null;
}

export function toCredential(setting: AdminTokenSetting): AdminCredential {
  const given = DIGEST.exec(setting.token)?.[1]?.toLowerCase();
  const token = setting.token;
  let digest: Promise<string> | undefined;
  return { name: setting.name, role: setting.role, digest: () => (digest ??= given !== undefined ? Promise.resolve(given) : sha256(token)) };
}

/** The bearer token of `Authorization: Bearer …`, or null. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer[ ]+([\x21-\x7e]{1,4096})$/.exec(header.trim()) : null;
  return match ? match[1]! : null;
}

/**
 * Who presents `token`, or null. Every credential is compared (no early exit), so the time taken
 * says nothing about which one matched, if any.
 */
export async function identify(credentials: readonly AdminCredential[], token: string | null): Promise<AdminIdentity | null> {
  if (token === null) return null;
  const presented = await sha256(token);
  const matches = await Promise.all(credentials.map(async (credential) => safeEqual(presented, await credential.digest())));
  const found = credentials[matches.indexOf(true)];
  return found ? { name: found.name, role: found.role } : null;
}

/** Whether `identity` may do what `needed` allows (`resolve` includes `read`). */
export function allows(identity: AdminIdentity, needed: AdminRole): boolean {
  return needed === 'read' || identity.role === 'resolve';
}
