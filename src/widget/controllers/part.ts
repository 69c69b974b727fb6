/**
 * A part of the widget loaded on demand (../parts.ts), as one element uses it: `state()` is the
 * part once loaded (undefined while it loads, and the element renders again when it settles),
 * and a part that failed to load is said once per element with `mozarto-error` — after the
 * update that showed the fallback, never from inside a render.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { emit } from '../events.js';
import type { Settled } from '../lazy.js';
import { partNow, type Parts } from '../parts.js';

export class PartController<N extends keyof Parts> implements ReactiveController {
  readonly #host: ReactiveControllerHost & EventTarget;
  readonly #name: N;
  #failed?: Error;
  #reported = false;

  constructor(host: ReactiveControllerHost & EventTarget, name: N) {
    this.#host = host;
    this.#name = name;
    host.addController(this);
  }

  /** The part now, or undefined while it loads; starts loading it. */
  state(): Settled<Parts[N]> | undefined {
    const now = partNow(this.#name, () => this.#host.requestUpdate());
    if (now && 'failed' in now) this.#failed = now.failed;
    return now;
  }

  hostUpdated(): void {
    if (!this.#failed || this.#reported) return;
    this.#reported = true;
    emit(this.#host, 'mozarto-error', { code: 'network', message: `part ${this.#name}: ${this.#failed.message}`, retryable: true });
  }
}
