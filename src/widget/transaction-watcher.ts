/**
 * Follows a transaction until its status is final (docs/design.md, "The widget"): the proxy's push
 * channel (`GET {endpoint}/transactions/:id/events`, Server-Sent Events) when it works, polling
 * with backoff and jitter otherwise.
 *
 * - The stream fails before its first message (no such route, no EventSource): poll instead.
 * - It drops later: a quiet "reconnecting" (`onConnection(false)`), poll meanwhile, reopen it
 *   with backoff; the next status heard clears the hint.
 * - Hidden tab (`pause`): no requests, the stream closed; `resume` checks at once.
 * - `giveUpAfter` ms of visible watching without a final status: stop and `onGiveUp`.
 *
 * No DOM: the stream, timers and clock are injected, so tests run on a fake clock.
 */
import type { TransactionStatusResponse } from '../core/contract.js';
import { isFinal } from '../core/status.js';
import type { ApiResult } from './api.js';
import type { WidgetError } from './errors.js';
import { createPoller, pollDelay, resolvePollTiming, scheduling, type PollTiming, type Scheduling } from './poller.js';

export interface StreamHandlers {
  /** A status parsed with the contract's schema. */
  message(status: TransactionStatusResponse): void;
  /** The connection failed or dropped, or a message could not be trusted. */
  error(): void;
}
export type OpenStream = (handlers: StreamHandlers) => { close(): void };

export interface WatchOptions extends Scheduling {
  readonly poll: () => Promise<ApiResult<TransactionStatusResponse>>;
  /** The push channel; absent: poll only. */
  readonly stream?: OpenStream;
  readonly onStatus: (status: TransactionStatusResponse) => void;
  /** A non-retryable error (e.g. `not_found`); watching has stopped. */
  readonly onError: (error: WidgetError) => void;
  /** The limit passed without a final status; watching has stopped. */
  readonly onGiveUp: () => void;
  /** false: requests or the stream are failing ("Reconnecting…"); true: working again. */
  readonly onConnection?: (ok: boolean) => void;
  readonly giveUpAfter: number;
  readonly timing?: Partial<PollTiming>;
  /** Whether the page is hidden now (start paused). */
  readonly hidden?: () => boolean;
  /** The clock for visible time (tests inject a fake one with the timers). */
  readonly now?: () => number;
}

export interface Watcher {
  start(): void;
  stop(): void;
  pause(): void;
  resume(): void;
  /** `push` while a stream is open, `poll` while polling, `off` when stopped. */
  readonly mode: 'push' | 'poll' | 'off';
}

/** After a hidden tab comes back past the limit, it still gets this long for one last check. */
export const RESUME_GRACE_MS = 3000;

export function watchTransaction(o: WatchOptions): Watcher {
  const now = o.now ?? Date.now;
  const { random, setTimer, clearTimer } = scheduling(o);
  const timing = resolvePollTiming(o.timing ?? {});

  let running = false;
  let paused = false;
  let push = !!o.stream; // false for good once the stream failed before any message
  let streamed = false; // the stream has delivered at least once
  let drops = 0;
  let ok = true;
  let stream: { close(): void } | undefined;
  let gen = 0;
  let reopen: unknown;
  let giveUp: unknown;
  let used = 0; // visible ms watched before the current stretch
  let since = 0;

  const connection = (v: boolean) => {
    if (v !== ok) o.onConnection?.((ok = v));
  };
  const deliver = (s: TransactionStatusResponse) => {
    if (!running) return;
    connection(true);
    if (isFinal(s.status)) stop();
    o.onStatus(s);
  };
  const poller = createPoller({
    timing,
    fetch: o.poll,
    done: (s) => isFinal(s.status),
    onAnswer: deliver,
    onError: (e) => {
      stop();
      o.onError(e);
    },
    onRetry: () => connection(false),
    random,
    setTimer,
    clearTimer,
  });
  const poll = () => {
    if (poller.state === 'paused') poller.resume();
    else if (poller.state === 'stopped') poller.start();
  };
  const clear = (h: unknown) => h !== undefined && clearTimer(h);
  const close = () => {
    gen++;
    stream?.close();
    stream = undefined;
    clear(reopen);
    reopen = undefined;
  };

  function open(): void {
    close();
    const mine = ++gen;
    stream = o.stream!({
      message(s) {
        if (mine !== gen) return;
        streamed = true;
        drops = 0;
        poller.stop();
        deliver(s);
      },
      error() {
        if (mine !== gen) return;
        close();
        if (!streamed) push = false;
        else {
          connection(false);
          reopen = setTimer(open, pollDelay(drops++, timing, random));
        }
        poll();
      },
    });
  }

  function stop(): void {
    running = paused = false;
    clear(giveUp);
    giveUp = undefined;
    close();
    poller.stop();
  }

  function resume(): void {
    if (!running || !paused) return;
    paused = false;
    since = now();
    giveUp = setTimer(
      () => {
        stop();
        o.onGiveUp();
      },
      Math.max(o.giveUpAfter - used, used > 0 ? RESUME_GRACE_MS : 0),
    );
    if (push) {
      poller.stop();
      open();
    } else poll();
  }

  return {
    get mode() {
      return !running ? 'off' : stream ? 'push' : 'poll';
    },
    start() {
      stop();
      running = paused = true;
      used = 0;
      if (!o.hidden?.()) resume();
    },
    stop,
    pause() {
      if (!running || paused) return;
      paused = true;
      used += now() - since;
      clear(giveUp);
      giveUp = undefined;
      close();
      poller.pause();
    },
    resume,
  };
}
