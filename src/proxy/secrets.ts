/**
 * Constant-time comparison of shared secrets on Web Crypto (docs/design.md "The proxy": "verify
 * the webhook Authorization header in constant time"). `crypto.subtle.verify` compares an HMAC in
 * constant time: the expected value is MACed under a key made for this process, and the given
 * value is verified against that MAC, so neither the content nor the length of the secret leaks.
 */
type MacKey = Parameters<typeof crypto.subtle.sign>[1];

let macKey: Promise<MacKey> | undefined;

const key = () => (macKey ??= crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']) as Promise<MacKey>);

const bytes = (s: string) => new TextEncoder().encode(s);

export async function safeEqual(given: string, expected: string): Promise<boolean> {
  const k = await key();
  const mac = await crypto.subtle.sign('HMAC', k, bytes(expected));
  return crypto.subtle.verify('HMAC', k, mac, bytes(given));
}

/**
 * Checks a webhook's `Authorization` header. The header format for `isWebhookSecured` is not
 * documented (docs/mozarto-api.md §7, §12.7); the legacy page shows `Authorization: Bearer ****`, so
 * `Bearer <secret>` is expected, and the bare secret is accepted too. Both comparisons always run.
 */
export async function verifyWebhookAuthorization(header: string | null, secret: string): Promise<boolean> {
  if (header === null || header.length === 0 || header.length > 4096) return false;
  const [bearer, bare] = await Promise.all([safeEqual(header, `Bearer ${secret}`), safeEqual(header, secret)]);
  return bearer || bare;
}
