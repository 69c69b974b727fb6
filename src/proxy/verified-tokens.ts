/**
 * Session tokens that already passed `verifyHs256`, kept until they expire. A widget polls with
 * the same token every few seconds, and the HMAC check through Web Crypto was the largest single
 * cost of a status poll (ADR 0012). A hit is as good as a fresh check: the key is the whole token
 * text, so only the exact bytes that verified can match, and every claim checked at verification
 * (signature, `alg`, `nbf`, `iat`, lifetime, issuer, audience) cannot change while the secret
 * stays the same. Only `exp` moves with time, and a hit checks it again, without the leeway a
 * fresh check grants. Refusals are never kept, so a bad token costs a full check every time.
 *
 * Bounded: the oldest entries go first; very long tokens are not kept.
 */
export class VerifiedTokens<T> {
  readonly #max: number;
  readonly #entries = new Map<string, { readonly value: T; readonly exp: number }>();

  constructor(max = 10_000) {
    this.#max = max;
  }

  /** The value kept for `token` while `nowSeconds` is before its `exp`; else undefined. */
  get(token: string, nowSeconds: number): T | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (nowSeconds >= entry.exp) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps a verified token's value until `exp` (seconds since the epoch). */
  set(token: string, exp: number, value: T): void {
    if (token.length > 2048 || !Number.isFinite(exp)) return;
    this.#entries.delete(token);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { value, exp });
  }

  get size(): number {
    return this.#entries.size;
  }
}
