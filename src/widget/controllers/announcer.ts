/**
 * The polite live region: what screen readers hear when the flow changes or a submission is
 * refused. A controller of the host's (it needs none of the lifecycle hooks, so it registers for
 * none); the host renders `region()` once, anywhere in its root.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';

export class Announcer {
  readonly #host: ReactiveControllerHost;
  #text = '';
  /** Bumped by every announce and clear, so a late sentence never overwrites a newer one. */
  #turn = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  announce(text: string): void {
    // Cleared first, so the same sentence twice is announced twice.
    const turn = ++this.#turn;
    this.#text = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      if (turn !== this.#turn) return;
      this.#text = text;
      this.#host.requestUpdate();
    });
  }

  /** Silences the region: what it said no longer holds (a summary of errors since fixed). */
  clear(): void {
    this.#turn++;
    if (!this.#text) return;
    this.#text = '';
    this.#host.requestUpdate();
  }

  region(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#text}</div>`;
  }
}
