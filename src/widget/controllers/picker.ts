/**
 * The method picker: which tile is checked (none until the player moves: the first, last used
 * first, only holds the tab stop), whether the player asked for every method ("More methods"), and what
 * moving, choosing and going back do. It renders the tiles' part (../parts.ts, loaded beside the
 * proxy's config when no `psp` is fixed) and, until the part is here, the caller's loading panel;
 * if the part cannot load, the methods as plain buttons. No lifecycle hook, so registered for
 * none.
 */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
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
  /** The choices `#checked` is one of: new choices (a new load) start with none checked again. */
  #of?: readonly Choice[];

  constructor(host: PickerHost, parts: PickerParts) {
    this.#host = host;
    this.#parts = parts;
  }

  /** The checked tile's pspType: none until the player moves or comes back from a form. */
  get checked(): string {
    this.#sync();
    return this.#checked;
  }

  #sync(): void {
    const choices = this.#parts.flow.choices;
    if (choices === this.#of) return;
    this.#of = choices;
    this.#checked = '';
  }

  /** Several methods: "Change" on the form leads back here. */
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

  /** "Change": the picker again, on the method shown. */
  back(): void {
    this.#parts.flow.dispatch({ type: 'pick' });
    this.#focusAfterRender('[role="radio"][aria-checked="true"]');
  }

  /**
   * The form's header once a tile was chosen: the method's icon and name, and a small "Change"
   * (several methods); the plain "Change payment method" button if the tiles' part could not load.
   */
  header(pspType: string): TemplateResult | typeof nothing {
    const { flow, localize } = this.#parts;
    const choice = flow.choices.find((c) => c.pspType === pspType);
    if (!choice) return nothing;
    const back = this.canGoBack ? () => this.back() : undefined;
    const state = this.#parts.tiles.state();
    if (state && 'value' in state) return state.value.renderHeader({ choice, choices: flow.choices, t: localize.t, onChange: back });
    return back ? html`<button part="button back" class="secondary back" type="button" @click=${back}>${localize.t('action.back')}</button>` : nothing;
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
      // The first tile that appeared takes focus (and the check), so the keyboard carries on there.
      onMore: (first) => {
        this.#all = true;
        this.move(first);
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
