/**
 * Constant-time comparison of shared secrets (docs/design.md "The proxy": "verify the webhook Authorization header
 * in constant time"). Both sides are hashed first so that `timingSafeEqual` always compares equal
 * lengths and the secret's length does not leak either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/**
 * Checks a webhook's `Authorization` header. The header format for `isWebhookSecured` is not
 * documented (docs/mozarto-api.md §7, §12.7); the legacy page shows `Authorization: Bearer ****`, so
 * `Bearer <secret>` is expected, and the bare secret is accepted too. Both comparisons always run.
 */
export function verifyWebhookAuthorization(header: string | null, secret: string): boolean {
  if (header === null || header.length === 0 || header.length > 4096) return false;
  const bearer = safeEqual(header, `Bearer ${secret}`);
  const bare = safeEqual(header, secret);
  return bearer || bare;
}
