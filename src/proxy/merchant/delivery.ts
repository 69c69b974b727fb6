/**
 * Delivers the outbox to the merchant's backend (docs/adr/0018-events-to-the-merchant.md): at
 * least once, in order per transaction, each attempt signed (signing.ts) and recorded.
 *
 * - **Who delivers.** An instance claims due events in the store (`claimEvents`: Postgres
 *   `FOR UPDATE SKIP LOCKED`, SQLite its write lock) with a lease longer than an attempt can
 *   take; until the lease ends no other instance may attempt them. A claim is only ever the oldest
 *   undelivered event of its transaction for its endpoint, so a transaction's events go in order.
 * - **When.** At once after the write that made the event (`kick`), and every `pollMs` for what
 *   is due (a retry, another instance's event, a restart's leftovers).
 * - **Retries.** Anything but a 2xx within `timeoutMs` (an error, a redirect, a timeout, no
 *   connection) is retried after `retryDelayMs`: 1 s doubled each time up to an hour, with
 *   jitter, until `retryForMs` (3 days) after the event was made; then it is abandoned (kept,
 *   listed for operators). The body and the `webhook-id` are the same on every attempt.
 * - **Never in the way.** Attempts run beside the requests, a few at a time; a slow endpoint holds
 *   an attempt no longer than `timeoutMs`. `close()` stops claiming, cuts the attempts in flight
 *   short (recorded, due again at once) and resolves when their records are written.
 */
import type { BoundLogger } from '../logger.js';
import type { ClaimedEvent, TransactionStore } from '../store/store.js';
import { signer } from './signing.js';

export interface EventDeliveryOptions {
  readonly store: TransactionStore;
  readonly endpoints: readonly string[];
  readonly secret: string;
  readonly timeoutMs: number;
  readonly retryForMs: number;
  readonly pollMs: number;
  /** This instance's name, recorded with each of its attempts. */
  readonly instance: string;
  readonly now: () => Date;
  readonly log: BoundLogger;
  /** For tests: the jitter's source. */
  readonly random?: () => number;
}

/** Attempts in flight at once, per instance. */
const MAX_IN_FLIGHT = 8;
const HOUR = 3_600_000;
/** What is kept of an answer that is not a 2xx, for the operator. */
const KEPT_ANSWER = 200;

/**
 * How long to wait after `failed` failed attempts: 1 s, 2 s, 4 s … capped at an hour, each drawn
 * from its upper half (equal jitter), so endpoints coming back are not hit by every event at once.
 */
export function retryDelayMs(failed: number, random: () => number = Math.random): number {
  const ceiling = Math.min(HOUR, 1000 * 2 ** Math.min(Math.max(failed, 1) - 1, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class EventDelivery {
  readonly #o: EventDeliveryOptions;
  readonly #sign: ReturnType<typeof signer>;
  readonly #inFlight = new Map<number, { abort: AbortController; done: Promise<void> }>();
  readonly #timer: ReturnType<typeof setInterval>;
  #pumping: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: EventDeliveryOptions) {
    this.#o = options;
    this.#sign = signer(options.secret);
    this.#timer = setInterval(() => this.kick(), options.pollMs);
    this.#timer.unref?.();
    this.kick();
  }

  /** Looks for due events now (after a write that made one); returns at once. */
  kick(): void {
    if (this.#closed) return;
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = undefined;
      if (this.#again) {
        this.#again = false;
        this.kick();
      }
    });
  }

  /** Resolves when nothing is being claimed or attempted (tests, edge waitUntil). */
  async idle(): Promise<void> {
    while (this.#pumping || this.#inFlight.size > 0) {
      await Promise.allSettled([this.#pumping, ...[...this.#inFlight.values()].map((a) => a.done)]);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#pumping;
    for (const attempt of this.#inFlight.values()) attempt.abort.abort();
    await Promise.allSettled([...this.#inFlight.values()].map((a) => a.done));
  }

  async #pump(): Promise<void> {
    const { store, endpoints, timeoutMs, instance, now, log } = this.#o;
    try {
      while (!this.#closed && this.#inFlight.size < MAX_IN_FLIGHT) {
        const at = now();
        // The lease outlives the attempt's timeout by a wide margin: only a dead instance loses it.
        const until = new Date(at.getTime() + 2 * timeoutMs + 30_000);
        const claimed = await store.claimEvents({
          endpoints,
          now: at.toISOString(),
          until: until.toISOString(),
          claim: instance,
          limit: MAX_IN_FLIGHT - this.#inFlight.size,
        });
        if (claimed.length === 0) return;
        for (const event of claimed) this.#start(event);
      }
    } catch (error) {
      log.error('event delivery: claiming failed; retried on the next poll', { error: describe(error) });
    }
  }

  #start(event: ClaimedEvent): void {
    const abort = new AbortController();
    const done = this.#attempt(event, abort.signal).finally(() => {
      this.#inFlight.delete(event.seq);
      this.kick();
    });
    this.#inFlight.set(event.seq, { abort, done });
  }

  async #attempt(event: ClaimedEvent, closing: AbortSignal): Promise<void> {
    const { store, timeoutMs, retryForMs, instance, now, log } = this.#o;
    const startedAt = now();
    const started = performance.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(event.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'mozarto-cashier', ...this.#sign.sign(event.eventId, startedAt, event.payload) },
        body: event.payload,
        // A redirect is not an acknowledgement, and a signed body is not re-sent elsewhere.
        redirect: 'manual',
        signal: AbortSignal.any([timeout, closing]),
      });
      statusCode = response.status;
      const answer = await response.text().catch(() => '');
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}${answer ? `: ${answer.replace(/\s+/g, ' ').slice(0, KEPT_ANSWER)}` : ''}`;
    } catch (thrown) {
      if (statusCode === null) {
        error = closing.aborted ? 'cut short: the proxy was stopping' : timeout.aborted ? `no answer within ${timeoutMs} ms` : describe(thrown);
      } else if (statusCode >= 200 && statusCode <= 299) {
        // Acknowledged; only the rest of the answer was lost.
      } else error ??= `HTTP ${statusCode}`;
    }
    const durationMs = Math.round(performance.now() - started);
    const finished = now();
    const attempt = { attempt: event.attempt, startedAt: startedAt.toISOString(), durationMs, statusCode, error, instance };
    let next: { deliveredAt: string } | { retryAt: string } | { abandonedAt: string };
    if (error === null) next = { deliveredAt: finished.toISOString() };
    else {
      // Stopping is not the endpoint's fault: due again at once, for a restart or another instance.
      const wait = closing.aborted ? 0 : retryDelayMs(event.attempt, this.#o.random);
      const retryAt = new Date(finished.getTime() + wait);
      next = retryAt.getTime() - Date.parse(event.createdAt) > retryForMs ? { abandonedAt: finished.toISOString() } : { retryAt: retryAt.toISOString() };
    }
    try {
      await store.recordEventAttempt({ seq: event.seq, claim: instance, ...attempt, ...next });
    } catch (thrown) {
      // Unrecorded, the lease runs out and the event is attempted again: at least once holds.
      log.error('event delivery: the attempt could not be recorded', { eventId: event.eventId, error: describe(thrown) });
      return;
    }
    const fields = { eventId: event.eventId, type: event.type, transactionId: event.transactionId, attempt: event.attempt, statusCode, durationMs };
    if ('deliveredAt' in next) log.info('event delivered', fields);
    else if ('abandonedAt' in next) log.error('event abandoned: not delivered within events.retryForMs', { ...fields, error });
    else log.warn('event not delivered; retried', { ...fields, error, retryAt: next.retryAt });
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  // fetch's "fetch failed" hides the reason (ECONNREFUSED, a reset) in its cause.
  const cause = error.cause instanceof Error ? `: ${(error.cause as { code?: string }).code ?? error.cause.message}` : '';
  return `${error.message}${cause}`.slice(0, 300);
}
