/**
 * Follows one transaction for the element (push, else polling: ../transaction-watcher.ts) and keeps the
 * "elapsed" clock. A Lit reactive controller: a hidden tab pauses the watch (page-visibility.ts),
 * leaving the page stops it and aborts the status request in flight.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TransactionStatusResponse } from '../../core/contract.js';
import type { CashierApi } from '../api.js';
import type { WidgetError } from '../errors.js';
import { pauseWhileHidden } from '../page-visibility.js';
import type { PollTiming } from '../poller.js';
import { watchTransaction, type Watcher } from '../transaction-watcher.js';

export interface WatchHost extends ReactiveControllerHost {
  /** Seconds of visible watching before "Still processing". */
  readonly giveUpAfter: number;
}

/** Poll timing and the give-up in ms (else the host's `giveUpAfter`). */
export type WatchTiming = Partial<PollTiming> & { giveUpAfter?: number };

export interface WatchHandlers {
  onStatus(status: TransactionStatusResponse): void;
  onError(error: WidgetError): void;
  onGiveUp(): void;
  onConnection(ok: boolean): void;
}

export class WatchController implements ReactiveController {
  readonly #host: WatchHost;
  readonly #api: () => CashierApi;
  readonly #timing: () => WatchTiming;
  #watcher?: Watcher;
  #abort?: AbortController;
  #ticker?: ReturnType<typeof setInterval>;
  #since = 0;
  #unlisten?: () => void;
  /** Ms since the watched transaction began (`restartClock`). */
  elapsed = 0;

  constructor(host: WatchHost, api: () => CashierApi, timing: () => WatchTiming) {
    this.#host = host;
    this.#api = api;
    this.#timing = timing;
    host.addController(this);
  }

  get active(): boolean {
    return !!this.#watcher;
  }

  hostConnected(): void {
    this.#unlisten = pauseWhileHidden({ pause: () => this.#watcher?.pause(), resume: () => this.#watcher?.resume() });
  }

  hostDisconnected(): void {
    this.#unlisten?.();
    this.stop();
  }

  /** A new transaction: the clock starts from zero. */
  restartClock(): void {
    this.#since = Date.now();
  }

  follow(id: string, handlers: WatchHandlers): void {
    this.stop();
    const abort = (this.#abort = new AbortController());
    const api = this.#api();
    const { giveUpAfter, ...timing } = this.#timing();
    const seconds = Number(this.#host.giveUpAfter);
    this.#watcher = watchTransaction({
      poll: () => api.status(id, abort.signal),
      stream: api.stream(id),
      timing,
      giveUpAfter: giveUpAfter ?? (seconds > 0 ? seconds : 120) * 1000,
      hidden: () => document.hidden,
      ...handlers,
    });
    const tick = () => {
      this.elapsed = Date.now() - this.#since;
      this.#host.requestUpdate();
    };
    tick();
    this.#ticker = setInterval(tick, 1000);
    this.#watcher.start();
  }

  stop(): void {
    this.#watcher?.stop();
    this.#watcher = undefined;
    this.#abort?.abort();
    clearInterval(this.#ticker);
  }
}
