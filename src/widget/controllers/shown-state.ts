/**
 * The flow's state as the page sees it, as a Lit reactive controller: custom states
 * (`:state(processing)`, and the final status beside `done`) for styling, and focus that follows
 * the player — when the form gives way to a status panel while focus was in the element, the
 * panel takes it (the submitting state's disabled button would otherwise drop it to `<body>`).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { shownState, type FlowState } from '../flow-machine.js';

export interface ShownStateHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class ShownStateController implements ReactiveController {
  readonly #host: ShownStateHost;
  readonly #view: () => FlowState;
  #internals?: ElementInternals;
  #rendered?: FlowState;
  #hadFocus = false;

  constructor(host: ShownStateHost, view: () => FlowState) {
    this.#host = host;
    this.#view = view;
    try {
      this.#internals = host.attachInternals();
    } catch {
      // custom states are an enhancement
    }
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.#view() === this.#rendered) return;
    // The submitting state's disabled button drops focus to <body>; it still belonged here.
    this.#hadFocus = this.#host.matches(':focus-within') || (this.#hadFocus && this.#rendered?.name === 'submitting');
  }

  hostUpdated(): void {
    const view = this.#view();
    if (view === this.#rendered) return;
    this.#rendered = view;
    const name = shownState(view);
    try {
      const states = this.#internals?.states;
      if (states) {
        states.clear();
        states.add(name);
        if (view.name === 'done') states.add(view.status);
      }
    } catch {
      // older engines only accept dashed state names
    }
    if (this.#hadFocus && name !== 'editing' && name !== 'submitting') {
      this.#host.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
    }
  }
}
