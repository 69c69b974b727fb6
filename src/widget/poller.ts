/**
 * The widget's one polling loop (docs/design.md "The widget": back off with jitter, pause while the
 * tab is hidden, stop once an answer says so). It follows a transaction's status for the watcher
 * (transaction-watcher.ts, which owns giving up and counts only visible time across push and
 * polling) and the unfinished rows of the history (history/part.ts). Pure of DOM: timers and
 * randomness are injectable so tests run on a fake clock; page-visibility.ts pauses it while the
 * tab is hidden.
 */
import type { ApiResult } from './api.js';
import type { WidgetError } from './errors.js';

export interface PollTiming {
  /** First poll after this many ms. */
  readonly initialDelay: number;
  /** Each following delay is the previous one times this… */
  readonly factor: number;
  /** …up to this many ms. */
  readonly maxDelay: number;
  /** ± this fraction of random spread on every delay, so many tabs do not poll in step. */
  readonly jitter: number;
}

export const DEFAULT_POLL_TIMING: PollTiming = {
  initialDelay: 1000,
  factor: 1.5,
  maxDelay: 5000,
  jitter: 0.2,
};

/** What tests inject to run on a fake clock: randomness (jitter) and timers. Default: the real ones. */
export interface Scheduling {
  readonly random?: () => number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

/** `s`'s timers and randomness, the real ones where it brings none. */
export function scheduling(s: Scheduling): Required<Scheduling> {
  return {
    random: s.random ?? Math.random,
    setTimer: s.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimer: s.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)),
  };
}

export interface PollerOptions<T> extends Scheduling {
  readonly timing?: PollTiming;
  readonly fetch: () => Promise<ApiResult<T>>;
  /** Whether an answer ends the polling (a final status); absent, only `stop` does. */
  readonly done?: (answer: T) => boolean;
  /** Every answer; polling has already stopped when `done` said so. */
  readonly onAnswer: (answer: T) => void;
  /** A non-retryable error (e.g. `not_found`); polling has stopped. Retryable ones are retried quietly. */
  readonly onError?: (error: WidgetError) => void;
  /** A retryable failure (network, bad answer): polling goes on; a quiet "Reconnecting…" hint may show. */
  readonly onRetry?: (error: WidgetError) => void;
}

export interface Poller {
  start(): void;
  stop(): void;
  /** Stop timing while the tab is hidden; `resume` polls at once. */
  pause(): void;
  resume(): void;
  readonly state: 'stopped' | 'running' | 'paused';
}

/** The delay before poll number `attempt` (0-based). */
export function pollDelay(attempt: number, timing: PollTiming = DEFAULT_POLL_TIMING, random: () => number = Math.random): number {
  const base = Math.min(timing.initialDelay * timing.factor ** attempt, timing.maxDelay);
  return Math.max(0, Math.round(base * (1 + (random() * 2 - 1) * timing.jitter)));
}

/** The defaults, overridden by whichever timing numbers `source` carries (other keys ignored). */
export function resolvePollTiming(source: Partial<PollTiming>): PollTiming {
  const timing: PollTiming = { ...DEFAULT_POLL_TIMING };
  for (const k of Object.keys(DEFAULT_POLL_TIMING) as (keyof PollTiming)[]) {
    const v = source[k];
    if (typeof v === 'number') (timing as Record<keyof PollTiming, number>)[k] = v;
  }
  return timing;
}

export function createPoller<T>(options: PollerOptions<T>): Poller {
  const timing = options.timing ?? DEFAULT_POLL_TIMING;
  const { random, setTimer, clearTimer } = scheduling(options);

  let state: Poller['state'] = 'stopped';
  let timer: unknown;
  let attempt = 0;
  let inFlight = false;
  let generation = 0; // a stop/start while a request is in flight makes its answer stale
  const current = (): Poller['state'] => state; // read afresh after an await (callbacks may stop us)

  const cancelTimer = () => {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  };
  const schedule = (ms: number) => {
    cancelTimer();
    timer = setTimer(() => void tick(), ms);
  };
  const stop = () => {
    state = 'stopped';
    generation++;
    cancelTimer();
  };

  async function tick(): Promise<void> {
    timer = undefined;
    if (state !== 'running') return;
    const gen = generation;
    inFlight = true;
    let result: ApiResult<T>;
    try {
      result = await options.fetch();
    } catch (cause) {
      result = { ok: false, error: { code: 'network', message: String(cause), retryable: true } };
    } finally {
      inFlight = false;
    }
    if (gen !== generation || current() === 'stopped') return;
    if (result.ok) {
      if (options.done?.(result.data)) stop();
      options.onAnswer(result.data);
      if (current() === 'stopped') return;
    } else if (!result.error.retryable) {
      stop();
      options.onError?.(result.error);
      return;
    } else {
      options.onRetry?.(result.error);
    }
    attempt++;
    if (current() === 'running') schedule(pollDelay(attempt, timing, random));
  }

  return {
    get state() {
      return state;
    },
    start() {
      stop();
      state = 'running';
      attempt = 0;
      schedule(pollDelay(0, timing, random));
    },
    stop,
    pause() {
      if (state !== 'running') return;
      state = 'paused';
      cancelTimer();
    },
    resume() {
      if (state !== 'paused') return;
      state = 'running';
      if (!inFlight) schedule(0);
    },
  };
}
