/**
 * Idempotency per (user, Idempotency-Key) for `POST {endpoint}/transactions` (docs/design.md, "The
 * contract" and "The proxy": dedupe by idempotency key). Mozarto documents no idempotency header
 * (docs/mozarto-api.md §9), so this is the only thing standing between a double click or a network
 * retry and a second payment.
 *
 * - Same key, same body: the first answer is replayed, status and body, and no second
 *   transaction is created. "Same body" is an HMAC-SHA-256 with a server key (`idempotencySecret`)
 *   of the canonical JSON with card, CVC, PIN and voucher values left out (`hashableBody`): the
 *   stored record can neither be reversed nor brute-forced to a card number or voucher PIN.
 * - Same key, different body: 409 `idempotency_conflict`.
 * - Successes, non-retryable errors and unknown outcomes are kept; after a retryable error that
 *   proves nothing was created the key is forgotten so that a retry with the same key runs again. `work` throwing (a refusal before any transaction
 *   exists: validation, rate limit) also forgets the key, so a corrected request may reuse it.
 * - Two concurrent requests with one key: the key is claimed in the store before any work; a
 *   second request in this process waits for the first and gets its answer, one from another
 *   process sharing the store gets a retryable 409 "in progress" — retry it with the same key.
 * - A reservation older than `staleAfterMs` with no answer belonged to a request that died (or
 *   whose store failed) on the way. What was stored under its key decides (ADR 0021): a
 *   transaction means Mozarto may have the request, so the key answers with that transaction
 *   (`202`, `unknown` until its answer or a webhook is stored) and never runs again; nothing
 *   stored means nothing was sent, so the key is taken over and this request runs.
 * - A completion or release the store cannot take now is written later (write-behind.ts); the
 *   answer is given anyway. Once Mozarto may have the request, the answer is never an error that
 *   invites a second payment.
 */
import type { CreateTransactionResponse } from '../core/contract.js';
import { ProxyError } from './http/errors.js';
import { isUnanswered, type StoredTransaction, type TransactionStore } from './store/store.js';
import type { WriteBehind } from './write-behind.js';

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,128}$/;

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** true: keep it for replay (success, non-retryable error); false: forget the key so a retry runs again. */
  readonly keep: boolean;
}

export interface IdempotentResult {
  readonly reply: Reply;
  readonly replayed: boolean;
}

export function checkIdempotencyKey(value: string | null): string {
  if (value === null || value === '') {
    throw new ProxyError(
      'invalid_request',
      'The Idempotency-Key header is required: 1–128 characters of A–Z, a–z, 0–9, "_" and "-", new for each payment attempt.',
      {
        field: 'Idempotency-Key',
      },
    );
  }
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ProxyError('invalid_request', 'The Idempotency-Key header must be 1–128 characters of A–Z, a–z, 0–9, "_" and "-".', { field: 'Idempotency-Key' });
  }
  return value;
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Field names whose values are payment instruments: never part of the stored hash. */
const INSTRUMENT_FIELD = /card|pan$|cvc|cvv|pin|voucher|expir/i;

/**
 * The body as hashed: `fields` values under instrument-like names are replaced by a marker
 * (their presence still counts, their value not), everything else as sent.
 */
export function hashableBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const fields = (body as Record<string, unknown>).fields;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return body;
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) kept[name] = INSTRUMENT_FIELD.test(name) ? '[omitted]' : value;
  return { ...(body as Record<string, unknown>), fields: kept };
}

/**
 * Web Crypto's key type, named without DOM lib types: the proxy's room has Node's globals only,
 * where `CryptoKey` is not a global type name.
 */
export type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** An HMAC-SHA-256 key for body hashes (Web Crypto, so the proxy runs on edge runtimes too). */
export function bodyHashKey(secret: string): Promise<HmacKey> {
  // A label keeps this key apart from any other use of the same secret.
  const bytes = new TextEncoder().encode(`mozarto-cashier idempotency v1\u0000${secret}`);
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** Hex HMAC-SHA-256 of the canonical `hashableBody`. */
export async function bodyHash(body: unknown, key: HmacKey): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(canonicalJson(hashableBody(body))));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export class IdempotencyGuard {
  readonly #store: TransactionStore;
  readonly #staleAfterMs: number;
  readonly #later: WriteBehind;
  readonly #inflight = new Map<string, { hash: string; promise: Promise<Reply> }>();

  constructor(store: TransactionStore, staleAfterMs: number, later: WriteBehind) {
    this.#store = store;
    this.#staleAfterMs = staleAfterMs;
    this.#later = later;
  }

  /** Runs `work` at most once per (user, key) and body; see the file comment for the rules. */
  async run(userId: string, key: string, hash: string, now: Date, work: () => Promise<Reply>): Promise<IdempotentResult> {
    const slot = `${userId}\u0000${key}`;
    const running = this.#inflight.get(slot);
    if (running) {
      if (running.hash !== hash) throw conflict();
      return { reply: await running.promise, replayed: true };
    }
    let replayed = false;
    const reservedAt = now.toISOString();
    const chain = `key\u0000${slot}`;
    // Registered synchronously, before the first await, so a concurrent request cannot slip in.
    const promise = (async (): Promise<Reply> => {
      for (let tries = 0; ; tries++) {
        const claim = await this.#store.reserveIdempotencyKey(userId, key, hash, reservedAt).catch(unrecorded);
        if (claim.reserved) break;
        const existing = claim.existing;
        if (existing.bodyHash !== hash) throw conflict();
        if (existing.statusCode !== null) {
          replayed = true;
          return { status: existing.statusCode, body: existing.response, keep: true };
        }
        const age = now.getTime() - Date.parse(existing.createdAt);
        if (!(Number.isFinite(age) && age > this.#staleAfterMs) || tries > 0) {
          throw new ProxyError('idempotency_conflict', 'A request with this Idempotency-Key is still in progress; retry shortly with the same key.', {
            retryable: true,
            retryAfterSeconds: 1,
          });
        }
        // Stranded: its request died on the way, or its store failed, before the answer was stored.
        const tx = await this.#store.findByIdempotencyKey(userId, key).catch(unrecorded);
        if (tx && tx.createdAt >= existing.createdAt) {
          const reply = strandedReply(tx);
          await this.#later.write(chain, 'complete a stranded key', () => this.#store.completeIdempotencyKey(userId, key, reply.status, reply.body), {
            transactionId: tx.id,
          });
          replayed = true;
          return reply;
        }
        // Nothing stored under it, so nothing was sent: this request takes the key over.
        await this.#store.releaseIdempotencyKey(userId, key, existing.createdAt).catch(unrecorded);
      }
      let reply: Reply;
      try {
        reply = await work();
      } catch (error) {
        // Nothing was sent: the key is free again, now or once the store takes the release.
        await this.#later.write(chain, 'release a key', () => this.#store.releaseIdempotencyKey(userId, key, reservedAt));
        throw error;
      }
      if (reply.keep) await this.#later.write(chain, 'complete a key', () => this.#store.completeIdempotencyKey(userId, key, reply.status, reply.body));
      else await this.#later.write(chain, 'release a key', () => this.#store.releaseIdempotencyKey(userId, key, reservedAt));
      return reply;
    })();
    this.#inflight.set(slot, { hash, promise });
    try {
      return { reply: await promise, replayed };
    } finally {
      this.#inflight.delete(slot);
    }
  }
}

/**
 * The answer for a stranded key whose transaction exists: what was stored of it. Its create's
 * answer was never stored (else the key would hold it): `unknown`, to be settled by a webhook;
 * if the answer did land but the key's completion did not, that answer's status and redirect.
 */
function strandedReply(tx: StoredTransaction): Reply {
  const unanswered = isUnanswered(tx);
  const body: CreateTransactionResponse = {
    transactionId: tx.id,
    status: unanswered ? 'unknown' : tx.status,
    outcome: unanswered ? 'await' : (tx.outcome ?? 'await'),
    ...(tx.redirectUrl && !unanswered ? { redirectUrl: tx.redirectUrl } : {}),
  };
  return { status: unanswered || tx.status === 'unknown' ? 202 : 201, body, keep: true };
}

/**
 * The store failed before anything was sent (reserving or taking over the key): a retryable 503
 * that says so, as when the transaction itself cannot be stored (create-transaction.ts), not an
 * unexplained 500.
 */
function unrecorded(error: unknown): never {
  throw new ProxyError('internal', 'The payment could not be recorded, so nothing was sent; try again in a moment.', {
    status: 503,
    retryAfterSeconds: 1,
    cause: error,
  });
}

function conflict(): ProxyError {
  return new ProxyError('idempotency_conflict', 'This Idempotency-Key was already used with a different request body; use a new key for a new payment.', {
    retryable: false,
  });
}
