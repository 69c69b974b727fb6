/**
 * The options of the proxy's "live" side: the push channel and the merchant's outcome hook.
 * Kept apart from options.ts so each part resolves its own defaults.
 */
import type { TransactionNotifier } from './store/notifier.js';
import type { StoredTransaction } from './store/store.js';

export interface LiveOptions {
  /**
   * Carries changes from the instance that receives a webhook to the instance streaming the
   * player's events. Default: the store's own when it has one (`openPostgresStore`: LISTEN/NOTIFY,
   * across instances), else in-process (one instance).
   */
  notifier?: TransactionNotifier;
  /**
   * Called once per final outcome (approved, declined, failed, rejected) of a transaction that
   * exists at Mozarto — after the webhook has been answered, never twice: that it ran is stored
   * with the transaction, so duplicate webhooks and restarts do not call it again. If it throws
   * it is retried (next delivery of the webhook, next start, or every `outcomeRetryMs`). A crash
   * while it runs means it runs again after the restart: make it idempotent by `transaction.id`.
   */
  onOutcome?: (transaction: StoredTransaction) => void | Promise<void>;
  /** After this long a running `onOutcome` is logged as slow; default 30 000 ms. */
  onOutcomeTimeoutMs?: number;
  /** How often unfinished outcome notifications are retried; default 60 000 ms. */
  outcomeRetryMs?: number;
  /** The event stream's `: ping` comment interval; default 15 000 ms (keeps idle proxies from closing it). */
  eventsPingMs?: number;
  /**
   * Open event streams one user may hold on this instance; default 10 (more are 429). Counted in
   * this process: behind N instances a user may hold up to N × this (the streams are cheap; the
   * shared rate limits guard what costs money).
   */
  maxEventStreamsPerUser?: number;
}

export interface ResolvedLiveOptions {
  readonly notifier: TransactionNotifier;
  readonly onOutcome: LiveOptions['onOutcome'];
  readonly onOutcomeTimeoutMs: number;
  readonly outcomeRetryMs: number;
  readonly eventsPingMs: number;
  readonly maxEventStreamsPerUser: number;
}

export function resolveLiveOptions(options: LiveOptions, fallbackNotifier: () => TransactionNotifier): ResolvedLiveOptions {
  const problems: string[] = [];
  const positive = (name: string, value: number | undefined, fallback: number) => {
    const v = value ?? fallback;
    if (!Number.isFinite(v) || v <= 0) problems.push(`${name} must be a positive number`);
    return v;
  };
  if (options.onOutcome !== undefined && typeof options.onOutcome !== 'function') problems.push('onOutcome must be a function');
  const resolved = {
    notifier: options.notifier ?? fallbackNotifier(),
    onOutcome: options.onOutcome,
    onOutcomeTimeoutMs: positive('onOutcomeTimeoutMs', options.onOutcomeTimeoutMs, 30_000),
    outcomeRetryMs: positive('outcomeRetryMs', options.outcomeRetryMs, 60_000),
    eventsPingMs: positive('eventsPingMs', options.eventsPingMs, 15_000),
    maxEventStreamsPerUser: positive('maxEventStreamsPerUser', options.maxEventStreamsPerUser, 10),
  };
  if (problems.length) throw new TypeError(`createCashierProxy: ${problems.join('; ')}`);
  return resolved;
}
