/**
 * The flow's runs: one `AbortController` per run (starting over or leaving the page aborts what
 * the run still awaits), and whether one of its requests is still in flight (an element put back
 * on the page after a request was cut starts over).
 */
export class Runs {
  #run = new AbortController();
  #pending = 0;

  /** The current run's signal. */
  get signal(): AbortSignal {
    return this.#run.signal;
  }

  /** A request of the current run is in flight. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** A new run: whatever the last one still awaits is aborted. */
  begin(): AbortSignal {
    this.#run.abort();
    this.#run = new AbortController();
    return this.#run.signal;
  }

  abort(): void {
    this.#run.abort();
  }

  async request<T>(request: Promise<T>): Promise<T> {
    this.#pending++;
    try {
      return await request;
    } finally {
      this.#pending--;
    }
  }
}
