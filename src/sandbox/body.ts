/**
 * Request bodies, read with a size cap so a malformed or oversized request gets an answer
 * instead of filling memory. Mozarto documents no limit; 1 MiB is far above any cashier body.
 * The reading itself is the proxy's (`readBodyBytes`); invalid UTF-8 is replaced here, not refused.
 */
import { readBodyBytes } from '../http/read-body.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'unreadable' };

export async function readText(request: Request, max = MAX_BODY_BYTES): Promise<BodyText> {
  try {
    const bytes = await readBodyBytes(request, max);
    return bytes === 'too-large' ? { ok: false, reason: 'too-large' } : { ok: true, text: Buffer.from(bytes).toString('utf8') };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

export type JsonObject = Record<string, unknown>;

/** Parses a JSON object body, or names what is wrong with it (a docs/mozarto-api.md §5 `errors[]` message). */
export function parseJsonObject(text: string): { ok: true; value: JsonObject } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: 'body must be valid JSON' };
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { ok: true, value: value as JsonObject }
    : { ok: false, error: 'body must be a JSON object' };
}
