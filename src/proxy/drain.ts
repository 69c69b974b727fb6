/**
 * What a drain needs to know (README "Several instances", ADR 0021): the requests in flight, the
 * open event streams, and whether the proxy is draining. A deploy stops an instance with
 * `proxy.drain()`: readiness turns false at once, every event stream ends with a reconnect hint
 * (`retry:`, so the player's browser reconnects — through the balancer, to another instance),
 * a stream opened afterwards gets only that hint, and the call resolves when the requests in
 * flight have been answered — a create waiting on Mozarto included, which is why a drain is
 * bounded by the upstream timeout and not cut short.
 */
import type { SSEStream } from './http/sse.js';

/** How soon a drained stream's client reconnects (the SSE `retry:` field), in ms. */
export const RECONNECT_MS = 1000;

export class Drain {
  #draining = false;
  #inFlight = 0;
  readonly #idle = new Set<() => void>();
  readonly #streams = new Set<SSEStream>();

  get draining(): boolean {
    return this.#draining;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Counts a request until `work` settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await work();
    } finally {
      if (--this.#inFlight === 0) for (const resolve of [...this.#idle]) resolve();
    }
  }

  /** Keeps `stream` until it ends; one opened while draining ends at once with the hint. */
  openStream(stream: SSEStream): void {
    if (this.#draining) return endWithHint(stream);
    this.#streams.add(stream);
    stream.onClose(() => this.#streams.delete(stream));
  }

  /**
   * Starts the drain (idempotent): ends the open streams, then resolves once no request is in
   * flight, or after `timeoutMs` (false then: some were still running).
   */
  async drain(timeoutMs: number): Promise<boolean> {
    this.#draining = true;
    for (const stream of [...this.#streams]) endWithHint(stream);
    if (this.#inFlight === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done!: () => void;
    const idle = new Promise<boolean>((resolve) => {
      done = () => resolve(true);
      this.#idle.add(done);
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await idle;
    } finally {
      clearTimeout(timer);
      this.#idle.delete(done);
    }
  }
}

function endWithHint(stream: SSEStream): void {
  stream.writeSSE({ retry: RECONNECT_MS });
  stream.close();
}
