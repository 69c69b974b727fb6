/**
 * What the status panels and the result cards show (render-status.ts `StatusModel`), as a Lit
 * reactive controller: the cards' part, loaded when the form is left; the transaction's facts — the form's amount and method at submit, then the proxy's
 * answers (a resumed transaction has only those); copying a reference; the way to the history.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Flow } from '../../core/psp/types.js';
import type { HistoryView } from '../history/types.js';
import type { StatusModel } from '../render-status.js';
import { BUILT_IN } from '../setup.js';
import type { Announcer } from './announcer.js';
import type { FlowController } from './flow.js';
import type { FormController } from './form.js';
import type { LocalizeController } from './localize.js';
import type { PartController } from './part.js';

export interface ResultHost extends ReactiveControllerHost, Readonly<StatusModel['page']> {
  readonly type: Flow;
  readonly history: boolean;
}

export interface ResultParts {
  readonly flow: FlowController;
  readonly form: FormController;
  readonly localize: LocalizeController;
  readonly announcer: Announcer;
  readonly cards: PartController<'result'>;
}

export class ResultController implements ReactiveController {
  readonly #host: ResultHost;
  readonly #parts: ResultParts;
  #copied?: string;
  #installed = false;
  #loading = false;

  constructor(host: ResultHost, parts: ResultParts) {
    this.#host = host;
    this.#parts = parts;
    host.addController(this);
  }

  hostUpdate(): void {
    // Fetched once the form is left (a submit, a resumed transaction): a page where the player
    // only looks at the form never loads it; the status answer and the part arrive together.
    const now = this.#parts.flow.view.name;
    if (now !== 'idle' && now !== 'picking' && now !== 'editing') this.#loading = true;
    this.#card();
  }

  #card() {
    if (!this.#loading) return undefined;
    const state = this.#parts.cards.state();
    if (!state || !('value' in state)) return undefined;
    if (!this.#installed) state.value.install(this.#parts.localize);
    this.#installed = true;
    return state.value;
  }

  /** The status panels' model (../render-status.ts) but the clock; `view`: the element's history view, when it has one. */
  model(view?: HistoryView): Omit<StatusModel, 'elapsed'> {
    const { flow, form } = this.#parts;
    const last = flow.last;
    const quote = form.setup ? form.check() : undefined;
    const kind: Flow = last?.type ?? (this.#host.type === 'payout' ? 'payout' : 'payin');
    const pspType = last?.pspType ?? form.setup?.def.pspType;
    const history = this.#host.history ? view : undefined;
    return {
      // What moved for the player: the total when the proxy says it (pay-in: paid; pay-out: received).
      tx: {
        flow: kind,
        amount: last?.total ?? last?.amount ?? quote?.quote?.total ?? quote?.amount,
        currency: last?.currency ?? quote?.currency,
        at: last?.updatedAt ?? flow.createdAt,
        message: last?.message,
      },
      psp: pspType ? (BUILT_IN.find(pspType)?.name ?? pspType) : undefined,
      card: this.#card(),
      copy: (id) => void this.#copy(id),
      copied: this.#copied,
      toHistory: history && (() => history.show('history')),
      i18n: this.#parts.localize,
      currency: () => form.currency,
      page: this.#host,
      flow,
    };
  }

  async #copy(id: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(id);
    } catch {
      return; // no clipboard (an insecure page, a refused permission): the reference stays on screen to copy by hand
    }
    this.#copied = id;
    this.#parts.announcer.announce(this.#parts.localize.t('result.copied'));
    this.#host.requestUpdate();
  }
}
