/**
 * The method tiles, as the element shows them: a Lit reactive controller that loads the tiles'
 * part (../parts.ts) beside the proxy's config when no `psp` is fixed, remembers whether the
 * player asked for every method ("More methods"), and renders the part's radio group from the
 * cashier controller's choices. Until the part is here, the caller's loading panel.
 */
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { termsText } from '../render-amount.js';
import type { CashierController } from './cashier.js';
import type { LocalizeController } from './localize.js';
import { PartController } from './part.js';

export interface PickerHost extends ReactiveControllerHost, EventTarget {
  readonly psp?: string;
  readonly layout: 'list' | 'grid';
  /** How many tiles show before "More methods". */
  readonly visibleMethods: number;
}

export class PickerController implements ReactiveController {
  readonly #host: PickerHost;
  readonly #cashier: CashierController;
  readonly #i18n: LocalizeController;
  /** The player asked for every method ("More methods"). */
  #all = false;
  readonly #tiles: PartController<'picker'>;

  constructor(host: PickerHost, cashier: CashierController, i18n: LocalizeController) {
    this.#host = host;
    this.#cashier = cashier;
    this.#i18n = i18n;
    this.#tiles = new PartController(host, 'picker');
    host.addController(this);
  }

  hostConnected(): void {}

  /** With no psp the tiles will likely show: their part starts loading while the config does. */
  preload(): void {
    if (!this.#host.psp) this.#tiles.state();
  }

  render(loading: () => TemplateResult): TemplateResult {
    const state = this.#tiles.state();
    if (!state) return loading();
    const c = this.#cashier;
    if ('failed' in state) return this.#methodList();
    return state.value.renderTiles({
      choices: c.choices,
      checked: c.checked,
      layout: this.#host.layout === 'grid' ? 'grid' : 'list',
      shown: this.#all ? Infinity : Math.max(1, this.#host.visibleMethods || Infinity),
      t: this.#i18n.t,
      meta: (choice) => termsText(choice, this.#i18n.moneyText(choice.currency)),
      onMove: (psp) => c.move(psp),
      onChoose: (psp) => c.choose(psp),
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
    const c = this.#cashier;
    return html`<div part="picker" class="picker">
      <p part="legend" class="legend">${this.#i18n.t('label.method')}</p>
      ${c.choices.map((m) => html`<button part="button tile" class="secondary" type="button" data-psp=${m.pspType} @click=${() => c.choose(m.pspType)}>${m.name}</button>`)}
    </div>`;
  }
}
