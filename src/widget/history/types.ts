/** What the element and the history part (loaded on demand) know of each other: types only. */
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { CashierApi } from '../api.js';
import type { LocalizeController } from '../controllers/localize.js';

/** The element, as the history view reads it. */
export interface HistoryElement extends ReactiveControllerHost {
  /** `history`: the history alone; else a tab beside the cashier. */
  readonly view?: string;
  readonly type: string;
  readonly renderRoot: ParentNode;
}

export interface HistoryView {
  /** Renders the history, or the tabs around `cashier` (what the element shows otherwise). */
  render(cashier: () => TemplateResult): TemplateResult;
  /** Shows the history tab (or the cashier's). */
  show(tab: 'cashier' | 'history'): void;
}

/** What the history uses of the element's controllers. */
export interface HistoryDeps {
  /** The element's proxy client (api.ts `proxyClient`). */
  readonly api: () => CashierApi;
  readonly localize: LocalizeController;
  /** A provider's name, by pspType. */
  name(pspType: string): string;
}

export interface HistoryPart {
  /** The view for one element; it stops following transactions when the element leaves the page. */
  create(el: HistoryElement, deps: HistoryDeps): HistoryView;
}
