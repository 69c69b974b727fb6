/**
 * The method picker: which tile is checked (the first of the flow's choices, last used first,
 * until the player moves), whether the player asked for every method ("More methods"), and what
 * moving, choosing and going back do. It renders the tiles' part (../parts.ts, loaded beside the
 * proxy's config when no `psp` is fixed) and, until the part is here, the caller's loading panel;
 * if the part cannot load, the methods as plain buttons. No lifecycle hook, so registered for
 * none.
 */
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { termsText } from '../render-amount.js';
import type { Choice } from '../setup.js';
import type { FlowController } from './flow.js';
import type { FormController } from './form.js';
import type { LocalizeController } from './localize.js';
import type { PartController } from './part.js';

export interface PickerHost extends ReactiveControllerHost, EventTarget {
  readonly psp?: string;
  readonly layout: 'list' | 'grid';
  /** How many tiles show before "More methods". */
  readonly visibleMethods: number;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export interface PickerParts {
  readonly flow: FlowController;
  readonly form: FormController;
  readonly localize: LocalizeController;
  /** The tiles' part. */
  readonly tiles: PartController<'picker'>;
}

export class PickerController {
  readonly #host: PickerHost;
  readonly #parts: PickerParts;
  /** The player asked for every method ("More methods"). */
  #all = false;
  #checked = '';
  /** The choices `#checked` is one of: new choices (a new load) check their first again. */
  #of?: readonly Choice[];

  constructor(host: PickerHost, parts: PickerParts) {
    this.#host = host;
    this.#parts = parts;
  }

  /** The checked tile's pspType. */
  get checked(): string {
    this.#sync();
    return this.#checked;
  }

  #sync(): void {
    const choices = this.#parts.flow.choices;
    if (choices === this.#of) return;
    this.#of = choices;
    this.#checked = choices[0]?.pspType ?? '';
  }

  /** Several methods: "Change payment method" on the form leads back here. */
  get canGoBack(): boolean {
    return this.#parts.flow.choices.length > 1;
  }

  /** With no psp the tiles will likely show: their part starts loading while the config does. */
  preload(): void {
    if (!this.#host.psp) this.#parts.tiles.state();
  }

  /** Arrow keys: another tile is checked (and focused); no form opens yet. */
  move(pspType: string): void {
    this.#sync();
    this.#checked = pspType;
    this.#host.requestUpdate();
    this.#focusAfterRender(`[role="radio"][data-psp="${pspType}"]`);
  }

  /** The player chose a method: its form, and nothing typed for another provider. */
  choose(pspType: string): void {
    this.#sync();
    this.#checked = pspType;
    this.#parts.form.reset();
    this.#parts.flow.useMethod(pspType);
    this.#focusAfterRender('[part~="form"] [name]');
  }

  /** "Change payment method": the picker again, on the method shown. */
  back(): void {
    this.#parts.flow.dispatch({ type: 'pick' });
    this.#focusAfterRender('[role="radio"][aria-checked="true"]');
  }

  render(loading: () => TemplateResult): TemplateResult {
    const state = this.#parts.tiles.state();
    if (!state) return loading();
    if ('failed' in state) return this.#methodList();
    const { flow, localize: i18n } = this.#parts;
    return state.value.renderTiles({
      choices: flow.choices,
      checked: this.checked,
      layout: this.#host.layout === 'grid' ? 'grid' : 'list',
      shown: this.#all ? Infinity : Math.max(1, this.#host.visibleMethods || Infinity),
      t: i18n.t,
      meta: (choice) => termsText(choice, i18n.moneyText(choice.currency)),
      onMove: (psp) => this.move(psp),
      onChoose: (psp) => this.choose(psp),
      onMore: () => {
        this.#all = true;
        this.#host.requestUpdate();
      },
    });
  }

  /**
   * Every method as a plain button, when the tiles' part cannot load (a 404 on the parts folder, a
   * blocked script): the player can still choose, without icons.
   */
  #methodList(): TemplateResult {
    return html`<div part="picker" class="picker">
      <p part="legend" class="legend">${this.#parts.localize.t('label.method')}</p>
      ${this.#parts.flow.choices.map(
        (m) => html`<button part="button tile" class="secondary" type="button" data-psp=${m.pspType} @click=${() => this.choose(m.pspType)}>${m.name}</button>`,
      )}
    </div>`;
  }

  #focusAfterRender(selector: string): void {
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }
}
