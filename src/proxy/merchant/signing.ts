/**
 * Signing what the proxy sends the merchant's backend — the events and the authorize requests —
 * per the Standard Webhooks specification (https://www.standardwebhooks.com/), with its maintained
 * implementation, the `standardwebhooks` package (docs/adr/0018-events-to-the-merchant.md): headers
 * `webhook-id`, `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 * (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the secret after `whsec_`).
 * No `node:` module: it runs wherever the handler does, edge runtimes included.
 */
import { Webhook } from 'standardwebhooks';

const PREFIX = 'whsec_';
/** The specification's range for a secret's key: 24 to 64 random bytes. */
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

/** The problem with a secret, or null when it is `whsec_` + the base64 of 24 to 64 bytes. */
export function secretProblem(secret: unknown): string | null {
  const how = `whsec_ followed by the base64 of ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} random bytes, e.g. from: node -e "console.log('whsec_' + crypto.randomBytes(32).toString('base64'))"`;
  if (typeof secret !== 'string' || !secret.startsWith(PREFIX)) return `must be a Standard Webhooks secret: ${how}`;
  let bytes: number;
  try {
    bytes = atob(secret.slice(PREFIX.length)).length;
  } catch {
    return `is not base64 after whsec_: ${how}`;
  }
  if (bytes < MIN_KEY_BYTES || bytes > MAX_KEY_BYTES) return `decodes to ${bytes} bytes; it must be ${how}`;
  return null;
}

export type SignedHeaders = Readonly<Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>>;

/** Signs bodies with one secret (already checked by `secretProblem`). */
export interface Signer {
  sign(id: string, at: Date, body: string): SignedHeaders;
}

export function signer(secret: string): Signer {
  const webhook = new Webhook(secret);
  return {
    sign: (id, at, body) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': webhook.sign(id, at, body),
    }),
  };
}
