/**
 * The polite live region: what screen readers hear when the flow changes or a submission is
 * refused. A Lit reactive controller; the host renders `region()` once, anywhere in its root.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export class Announcer implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #text = '';

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {}

  announce(text: string): void {
    // Cleared first, so the same sentence twice is announced twice.
    this.#text = '';
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      this.#text = text;
      this.#host.requestUpdate();
    });
  }

  region(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.#text}</div>`;
  }
}
