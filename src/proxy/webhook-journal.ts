/**
 * The webhook journal (ADR 0020): a webhook Mozarto delivered while the store could not take it
 * is kept durably and applied once the store is back, without an operator. Mozarto's retries
 * cannot be counted on for this — a failed delivery only "may be retried", with no count or
 * backoff (docs/mozarto-api.md §7, §12.7) — so an outage of seconds would otherwise lose an
 * outcome for good: a pay-out approved at Mozarto, `awaiting_approval` here for ever.
 *
 * It sits in front of `receiveWebhook` (transactions.ts): the webhook route tries the store
 * first; when that fails or hangs, the authenticated payload goes to the journal and Mozarto gets
 * its 200 (the journal's `append` resolves only once the entry would survive a crash). The
 * replayer below applies the kept entries, oldest first, through the same `receiveWebhook`, and
 * forgets each once it is applied. Applying one twice (a store that took it after all, two
 * instances replaying one shared directory) is harmless: the status only advances.
 *
 * This module is the contract and the replayer, web-standard only (the handler stays edge-safe);
 * `openFileJournal` (file-journal.ts) is the Node implementation the standalone server uses.
 */
import type { BoundLogger } from './logger.js';

export interface JournalEntry {
  readonly id: string;
  readonly payload: Record<string, unknown>;
  readonly receivedAt: string;
}

export interface WebhookJournal {
  /** Keeps one webhook; resolves once it would survive a crash (fsync), rejects if it cannot. */
  append(payload: Record<string, unknown>, receivedAt: string): Promise<void>;
  /** The kept entries, oldest first, at most `limit`. */
  list(limit: number): Promise<JournalEntry[]>;
  /** Forgets an applied entry; one already gone is no error. */
  remove(id: string): Promise<void>;
}

export interface JournalReplayerOptions {
  readonly journal: WebhookJournal;
  readonly log: BoundLogger;
  /** Applies one entry (`receiveWebhook`); throws while the store fails. */
  readonly apply: (entry: JournalEntry) => Promise<void>;
  /** How often the journal is looked at while entries wait (doubling to 2 s while the store fails). */
  readonly retryMs?: number;
  /** How often it is looked at while nothing is known to wait (another instance may share it). */
  readonly idleMs?: number;
}

const BATCH = 100;
/** A store that hangs rather than refuses: this replay gives up and the next one tries again. */
const APPLY_TIMEOUT_MS = 5000;

export class JournalReplayer {
  readonly #o: Required<JournalReplayerOptions>;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #delay: number;
  #waiting = 0;
  #closed = false;

  constructor(options: JournalReplayerOptions) {
    this.#o = { retryMs: 1000, idleMs: 30_000, ...options };
    this.#delay = this.#o.retryMs;
    // What an earlier process kept (it crashed, or the store was down when it stopped): now.
    this.#schedule(0);
  }

  /** Entries known to wait, as of the last look. */
  get waiting(): number {
    return this.#waiting;
  }

  /** An entry was just kept: look soon. */
  kick(): void {
    this.#waiting++;
    this.#delay = this.#o.retryMs;
    this.#schedule(this.#o.retryMs);
  }

  /** Replays now (or joins the replay in progress). */
  run(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#running ??= this.#replay().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running?.catch(() => {});
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.run(), ms);
    this.#timer.unref?.();
  }

  async #replay(): Promise<void> {
    const { journal, apply, log } = this.#o;
    let failed = false;
    try {
      for (;;) {
        const entries = await journal.list(BATCH);
        this.#waiting = entries.length;
        for (const entry of entries) {
          if (this.#closed) return;
          try {
            await withTimeout(apply(entry), APPLY_TIMEOUT_MS);
          } catch (error) {
            failed = true;
            log.warn('journaled webhook not applied yet; the store still fails', { entry: entry.id, waiting: this.#waiting, error: describe(error) });
            return;
          }
          await journal.remove(entry.id);
          this.#waiting--;
          log.info('journaled webhook applied', { entry: entry.id, receivedAt: entry.receivedAt, afterMs: Date.now() - Date.parse(entry.receivedAt) });
        }
        if (entries.length < BATCH) return;
      }
    } catch (error) {
      failed = true;
      log.error('the webhook journal could not be read', { error: describe(error) });
    } finally {
      this.#delay = failed ? Math.min(this.#delay * 2, 2000) : this.#o.retryMs;
      this.#schedule(this.#waiting > 0 || failed ? this.#delay : this.#o.idleMs);
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  work.catch(() => {}); // an abandoned attempt that fails later is no unhandled rejection
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}
