/** What the element and the history part (loaded on demand) know of each other: types only. */
import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { CashierController } from '../controllers/cashier.js';
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
}

export interface HistoryPart {
  /** The view for one element; it stops following transactions when the element leaves the page. */
  create(el: HistoryElement, cashier: CashierController, i18n: LocalizeController): HistoryView;
}
