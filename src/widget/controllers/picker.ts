/**
 * The method tiles, as the element shows them: a Lit reactive controller that loads the tiles'
 * part (../parts.ts) beside the proxy's config when no `psp` is fixed, remembers whether the
 * player asked for every method ("More methods"), and renders the part's radio group from the
 * cashier controller's choices. Until the part is here, the caller's loading panel.
 */
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import { partNow } from '../parts.js';
import { termsText } from '../render-amount.js';
import type { CashierController } from './cashier.js';
import type { LocalizeController } from './localize.js';

export interface PickerHost extends ReactiveControllerHost {
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

  constructor(host: PickerHost, cashier: CashierController, i18n: LocalizeController) {
    this.#host = host;
    this.#cashier = cashier;
    this.#i18n = i18n;
    host.addController(this);
  }

  hostConnected(): void {}

  /** With no psp the tiles will likely show: their part starts loading while the config does. */
  preload(): void {
    if (!this.#host.psp) this.#part();
  }

  render(loading: () => TemplateResult): TemplateResult {
    const picker = this.#part();
    if (!picker) return loading();
    const c = this.#cashier;
    return picker.renderTiles({
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

  #part() {
    return partNow('picker', () => this.#host.requestUpdate());
  }
}
