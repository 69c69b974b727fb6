/**
 * The flow's state as the page sees it, as a Lit reactive controller: custom states
 * (`:state(processing)`, and the final status beside `done`) for styling, and focus that follows
 * the player — when the form gives way to a status panel while focus was in the element, the
 * panel's heading takes it (the submitting state's disabled button would otherwise drop it to
 * `<body>`); when a panel gives way to the tiles or the form, the tile to choose or the first
 * field does — and a panel that replaces the form keeps at least the form's height, so the page
 * below does not jump up (from ~620 to 166 px) and back when the form returns.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { shownState, type FlowState } from '../flow-machine.js';

const isForm = (s: FlowState) => s.name === 'editing' || s.name === 'submitting' || s.name === 'picking';

export interface ShownStateHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export class ShownStateController implements ReactiveController {
  readonly #host: ShownStateHost;
  readonly #view: () => FlowState;
  #internals?: ElementInternals;
  #rendered?: FlowState;
  #hadFocus = false;
  /** The form's block size when it gave way to a panel; 0 while the form shows. */
  #held = 0;
  #panel: HTMLElement | null = null;

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
    if (this.#view() !== this.#rendered && this.#rendered && isForm(this.#rendered)) {
      // Whole pixels: a fractional height rounds differently from one layout to the next.
      this.#held = Math.ceil(this.#host.renderRoot.querySelector('form, [part~="picker"]')?.getBoundingClientRect().height ?? 0);
    }
    // The submitting state's disabled button drops focus to <body>; it still belonged here.
    this.#hadFocus = this.#host.matches(':focus-within') || (this.#hadFocus && this.#rendered?.name === 'submitting');
  }

  hostUpdated(): void {
    const view = this.#view();
    const was = this.#rendered;
    const changed = view !== was;
    this.#rendered = view;
    if (changed) {
      try {
        const states = this.#internals?.states;
        if (states) {
          states.clear();
          states.add(shownState(view));
          if (view.name === 'done') states.add(view.status);
        }
      } catch {
        // older engines only accept dashed state names
      }
      if (isForm(view)) this.#held = 0;
    }
    const root = this.#host.renderRoot;
    const panel = root.querySelector<HTMLElement>('[part~="status"]');
    // A new panel for the same state (the result card once its part is here, after the plain
    // panel) holds the form's height and takes the focus too, whenever it comes.
    const swapped = !!this.#panel && panel !== this.#panel;
    this.#panel = panel;
    if (panel) panel.style.minBlockSize = this.#held ? `${this.#held}px` : '';
    if (!this.#hadFocus || !(changed || swapped)) return;
    if (panel && !isForm(view)) (panel.querySelector<HTMLElement>('[part~="message"][tabindex]') ?? panel).focus();
    // A panel's button ("Try again", "Try another method", "Back") gave way to the form or the
    // tiles: the tile to choose, else the form's first field, not <body>.
    else if (changed && was && !isForm(was)) root.querySelector<HTMLElement>('[role="radio"][tabindex="0"], [part~="form"] [name]')?.focus();
  }
}
