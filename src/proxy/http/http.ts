/**
 * Request/response plumbing shared by the routes: JSON answers with the proxy's standard headers,
 * and a body reader that enforces the size cap on the bytes actually read (a missing or lying
 * Content-Length must not get a large body through).
 */
import { readBodyBytes } from '../../http/read-body.js';
import { ProxyError } from './errors.js';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // Payment state must never be served from a cache (docs/design.md, "The contract").
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

export function errorResponse(error: ProxyError, requestId: string, headers: Record<string, string> = {}): Response {
  const retry: Record<string, string> = error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) };
  return jsonResponse(error.status, { error: error.toBody(requestId) }, { ...retry, ...headers });
}

/** Reads the body as UTF-8 text, refusing more than `maxBytes` (413) and invalid UTF-8 (400). */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  let bytes: Uint8Array | 'too-large';
  try {
    bytes = await readBodyBytes(request, maxBytes);
  } catch (error) {
    throw new ProxyError('invalid_request', 'The request body could not be read.', { cause: error });
  }
  if (bytes === 'too-large') throw tooLarge(maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProxyError('invalid_request', 'The request body is not valid UTF-8.');
  }
}

/**
 * Deepest nesting accepted in a JSON body. Ours are two levels deep and Mozarto's webhooks a few;
 * a body of thousands of `[` parses, then overflows the stack of whatever walks it (hashing,
 * redaction, validation): a 500 that a 16 KB body could cause at will.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses nesting deeper than `max` by scanning the text before parsing: iterative, so the
 * check itself cannot overflow, and strings (where brackets mean nothing) are skipped.
 */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Parses JSON text as a request body: invalid or too deeply nested is a 400, never a 500. */
export function parseJsonText(text: string, what = 'The request body'): unknown {
  if (jsonTooDeep(text)) throw new ProxyError('invalid_request', `${what} is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProxyError('invalid_request', `${what} is not valid JSON.`);
  }
}

/** Reads and parses a JSON body; anything unreadable is a 400, never a 500. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  if (text.trim() === '') throw new ProxyError('invalid_request', 'The request body is empty; send a JSON object.');
  return parseJsonText(text);
}

function tooLarge(maxBytes: number): ProxyError {
  return new ProxyError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);
}

/** True for `application/json` with or without parameters (charset). */
export function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}
