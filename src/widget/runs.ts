/**
 * The flow's runs: one `AbortController` per run (starting over or leaving the page aborts what
 * the run still awaits), and whether one of its requests is still in flight (an element put back
 * on the page after a request was cut starts over). A closure, not a class: its names minify.
 */
export interface Runs {
  /** The current run's signal. */
  readonly signal: AbortSignal;
  /** A request of the current run is in flight. */
  readonly busy: boolean;
  /** A new run: whatever the last one still awaits is aborted. */
  begin(): AbortSignal;
  abort(): void;
  request<T>(request: Promise<T>): Promise<T>;
}

export function runs(): Runs {
  let run = new AbortController();
  let pending = 0;
  return {
    get signal() {
      return run.signal;
    },
    get busy() {
      return pending > 0;
    },
    begin() {
      run.abort();
      run = new AbortController();
      return run.signal;
    },
    abort: () => run.abort(),
    async request(request) {
      pending++;
      try {
        return await request;
      } finally {
        pending--;
      }
    },
  };
}
