/**
 * Request bodies, read with a size cap so a malformed or oversized request gets an answer
 * instead of filling memory. Mozarto documents no limit; 1 MiB is far above any cashier body.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyText = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'unreadable' };

export async function readText(request: Request, max = MAX_BODY_BYTES): Promise<BodyText> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) return { ok: false, reason: 'too-large' };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
}

export type JsonObject = Record<string, unknown>;

/** Parses a JSON object body, or names what is wrong with it (a §5 `errors[]` message). */
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
