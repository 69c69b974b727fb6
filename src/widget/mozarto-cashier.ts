import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Flow } from '../core/psp/types.js';
import { proxyClient } from './api.js';
import { Announcer } from './controllers/announcer.js';
import { FlowController } from './controllers/flow.js';
import { FormController } from './controllers/form.js';
import { LocalizeController } from './controllers/localize.js';
import { PartController } from './controllers/part.js';
import { PickerController } from './controllers/picker.js';
import { ResultController } from './controllers/result.js';
import { ShownStateController } from './controllers/shown-state.js';
import { WatchController, type WatchTiming } from './controllers/watch.js';
import { widgetError } from './errors.js';
import { shownState, type FlowState } from './flow-machine.js';
import type { HistoryView } from './history/types.js';
import type { WidgetMessages } from './i18n/en.js';
import { isRtl } from './i18n/locales.js';
import { openPage } from './navigate.js';
import { platformSupported, showBelowFloor } from './platform.js';
import { formStyles } from './render-form.js';
import { renderSkeleton } from './render-skeleton.js';
import { renderStatus, type RedirectTarget, type StatusView } from './render-status.js';
import { BUILT_IN } from './setup.js';
import { styles } from './styles.js';

/** Attributes whose change starts the flow over. */
const RESTART = ['endpoint', 'credentials', 'psp', 'type', 'currency', 'transaction'] as const;

/**
 * `<mozarto-cashier>` — a payment form for one Mozarto provider: it renders the fields the
 * provider needs, validates them as the player types, posts them to the merchant's proxy, then
 * finishes the flow: redirect to the provider's hosted page (pay-ins) or a live "processing"
 * state until the outcome (pay-outs). Not form-associated: it owns its submission, so payment
 * data never joins a surrounding `<form>`.
 *
 * This class registers nothing; import `define.js` (or the script bundle) for the tag.
 *
 * @summary Embeddable cashier: deposit or withdrawal form for a Mozarto provider.
 *
 * @fires {CustomEvent<MozartoSubmitDetail>} mozarto-submit - Cancelable. Before the request is sent. Detail `{ pspType, type, amount, currency }` — never field values.
 * @fires {CustomEvent<MozartoCreatedDetail>} mozarto-created - The proxy created the transaction. Detail `{ transactionId, status, outcome }`.
 * @fires {CustomEvent<MozartoRedirectDetail>} mozarto-redirect - Cancelable. About to open the provider's page (in `redirect-target`). Detail `{ url, transactionId }`; cancel to navigate yourself.
 * @fires {CustomEvent<MozartoStatusDetail>} mozarto-status - A new status was learned (by push or polling), once per change. Detail `{ transactionId, status }` — `pending`, `awaiting_approval` or a final one.
 * @fires {CustomEvent<MozartoCompleteDetail>} mozarto-complete - The transaction reached a final status. Detail `{ transactionId, status }`.
 * @fires {CustomEvent<MozartoErrorDetail>} mozarto-error - Something failed. Detail `{ code, message, retryable, field? }`.
 *
 * @csspart base - The wrapper; carries `data-state` (idle, editing, submitting, redirecting, processing, awaiting-approval, done, error; the method picker is `editing`) and `lang`.
 * @csspart form - The `<form>`.
 * @csspart picker - The method tiles and their title (`legend`).
 * @csspart fieldset - A group of fields (an address).
 * @csspart legend - The title of a group of fields, or of the method tiles.
 * @csspart methods - The tiles' radio group.
 * @csspart tile - One method tile (`aria-checked` on the checked one), with `icon`, `name`, `check`, `detail` and `range`.
 * @csspart check - A tile's checked indicator (a ring; a filled dot once checked).
 * @csspart method - The form's header: the chosen method's `icon` and `name`, and "Change" (`back`).
 * @csspart more - The "More methods" button.
 * @csspart icon - A method's icon (or the merchant's logo), on its tile and in the form's header.
 * @csspart name - A method's name, on its tile and in the form's header.
 * @csspart range - A method tile's amount range and fee, where they differ from the line above the tiles.
 * @csspart presets - The group of quick amounts.
 * @csspart preset - One quick amount (also `button`; `aria-pressed` on the one equal to the amount).
 * @csspart summary - Amount, fee and total (paid or received), once the amount is valid.
 * @csspart history - The player's history (`view="history"`).
 * @csspart history-row - One transaction of the history (a button; carries `data-status`).
 * @csspart badge - A history row's status (carries `data-status`).
 * @csspart field - One label + control + error group.
 * @csspart label - A field's or method's `<label>`.
 * @csspart input - A text input or a `<select>` (which also has part `select`).
 * @csspart select - A `<select>` (currency, country…).
 * @csspart currency - The fixed currency code shown beside the amount.
 * @csspart error - A field's error text, and the error box above the button (also `form-error`).
 * @csspart form-error - The error box above the button.
 * @csspart button - Every button; the main one also has `submit`, "Try again"-style ones `retry`, "Change" `back`.
 * @csspart submit - The main button.
 * @csspart retry - A "Try again"-style button.
 * @csspart back - The header's "Change" (named "Change payment method" for screen readers).
 * @csspart status - The panel shown instead of the form; carries `data-status` (loading, redirecting, pending, awaiting_approval, stalled, approved, declined, failed, rejected, error).
 * @csspart spinner - The progress indicator.
 * @csspart message - The headline of a status panel.
 * @csspart detail - Secondary text (provider message, next step, a method's description).
 * @csspart hint - A quiet line: under the amount (its range), above the tiles (the terms they share), "Reconnecting…" (also `detail`).
 * @csspart elapsed - Time elapsed while waiting (`m:ss`, hidden from screen readers).
 * @csspart reference - The transaction reference.
 * @csspart link - The fallback link to the provider's page; a merchant's page (verify, limits, support). With `button`: a result card's primary action.
 * @csspart result - A result card (also `status`): a final status, a refusal, awaiting approval, an unknown outcome; carries `data-tone` (success, error, neutral).
 * @csspart result-icon - The card's icon (carries `data-tone`).
 * @csspart amount-line - The card's amount and method ("€25.00 paid with Payone").
 * @csspart copy - The button that copies the reference (also `button`).
 * @csspart next - The card's primary button (also `button`): New deposit, Try again, Back…
 *
 * @cssprop [--mozarto-color-primary=#1f4fd1] - Buttons, links, focus ring, spinner.
 * @cssprop [--mozarto-color-on-primary=#ffffff] - Text on primary buttons.
 * @cssprop [--mozarto-color-text=#1a1d21] - Text.
 * @cssprop [--mozarto-color-text-muted=#555c66] - Hints: the amount's range, a method's description and terms.
 * @cssprop [--mozarto-color-background=#ffffff] - Background of the widget and inputs.
 * @cssprop [--mozarto-color-border=#767d87] - Input borders.
 * @cssprop [--mozarto-color-error=#b42318] - Error text and borders.
 * @cssprop [--mozarto-color-success=#18733a] - Approved headline.
 * @cssprop [--mozarto-radius=0.5rem] - Corner radius of inputs, buttons and boxes.
 * @cssprop [--mozarto-font-family=system-ui] - Font.
 * @cssprop [--mozarto-font-size=1rem] - Base font size.
 * @cssprop [--mozarto-spacing=1rem] - Gap between fields and padding.
 *
 * @cssstate idle - Loading the proxy's configuration (or a transaction to resume).
 * @cssstate editing - The form or the method picker is shown.
 * @cssstate submitting - The transaction is being created.
 * @cssstate redirecting - Opening the provider's page (or showing the link to it).
 * @cssstate processing - Waiting for the outcome.
 * @cssstate awaiting-approval - A pay-out waits for an operator's approval.
 * @cssstate done - A final status is shown; one of the next five is set with it.
 * @cssstate approved - Done: approved.
 * @cssstate declined - Done: declined.
 * @cssstate failed - Done: failed.
 * @cssstate rejected - Done: rejected.
 * @cssstate review - Done: held for review by the merchant's operators.
 * @cssstate error - Something failed; the panel offers the next step.
 */
export class MozartoCashier extends LitElement {
  static override styles = [styles, formStyles];

  // Lit's static properties (no decorators: smaller in the script bundle, same behaviour).
  static override properties = {
    endpoint: {},
    credentials: {},
    psp: {},
    type: {},
    amount: {},
    currency: {},
    locale: {},
    transaction: {},
    allowHosts: { attribute: 'allow-hosts' },
    redirectTarget: { attribute: 'redirect-target' },
    giveUpAfter: { attribute: 'give-up-after', type: Number },
    prefill: { attribute: false },
    verificationUrl: { attribute: 'verification-url' },
    limitsUrl: { attribute: 'limits-url' },
    supportUrl: { attribute: 'support-url' },
    view: {},
    history: { type: Boolean },
    layout: { reflect: true },
    scheme: { reflect: true },
    visibleMethods: { attribute: 'visible-methods', type: Number },
    messages: { attribute: false },
  };

  /** Base URL of the merchant's proxy. */
  endpoint = '/api/cashier';

  /**
   * Whether requests to the proxy carry the player's cookies: `same-origin` (only to a proxy on
   * this page's origin) or `include` (also to a proxy on another origin, e.g. `pay.shop.example`
   * beside `www.shop.example`; the proxy must list this page's origin in `allowedOrigins`).
   */
  credentials: 'same-origin' | 'include' = 'same-origin';

  /**
   * The provider's pspType (e.g. `PAYONE`), or several separated by spaces: the first one the
   * proxy enables for the flow is used. Absent: the first method the proxy enables.
   */
  psp?: string;

  /** `payin` (deposit) or `payout` (withdrawal). */
  type: Flow = 'payin';

  /** Prefills the amount ("100" or "100.00"); the player may change it. */
  amount?: string;

  /** Fixes the currency (ISO 4217). Absent and the provider offers several: a `<select>`. */
  currency?: string;

  /** Locale for amounts (`Intl.NumberFormat`); defaults to the nearest `lang`, else `en`. */
  locale?: string;

  /** Resume: show the live status of this transaction id instead of the form. */
  transaction?: string;

  /** Space-separated hosts (`pay.example.com`, `*.example.com`) the widget may redirect to; empty allows any https host. */
  allowHosts?: string;

  /**
   * Where the provider's page opens: `self` (this window), `top` (the top window when framed;
   * this window when not framed), `blank` (a new tab; this page then follows the transaction).
   * When the browser blocks it, a "Continue to …" link is shown.
   */
  redirectTarget: RedirectTarget = 'self';

  /** Seconds of waiting for an outcome before showing "Still processing" with "Check again". */
  giveUpAfter = 120;

  /** Values for the provider's fields (e.g. `{ email }`); they never overwrite what the player typed. */
  prefill: Readonly<Record<string, string>> = {};

  /** The merchant's account-verification page, offered when a payment needs verification first. */
  verificationUrl?: string;

  /** The merchant's limits / responsible-gambling page, linked from every refusal. */
  limitsUrl?: string;

  /**
   * The merchant's support page (an https URL or a path on the site): "Contact support" on a
   * declined, failed, rejected or reviewed transaction, a refusal, and a pay-out whose outcome is
   * not known yet.
   */
  supportUrl?: string;

  /** `history`: the player's own transactions instead of the cashier (loaded on demand); absent: the cashier. */
  view?: 'history';

  /** A second tab beside the cashier with the player's own transactions. */
  history = false;

  /**
   * Light or dark: absent, the page's CSS `color-scheme` decides (a page that says nothing is
   * light, whatever the system prefers); `auto` follows the player's system; `light`, `dark`.
   */
  scheme?: 'auto' | 'light' | 'dark';

  /** The method picker's tiles: `list` (one per row) or `grid`. */
  layout: 'list' | 'grid' = 'list';

  /** How many method tiles show before a "More methods" button. */
  visibleMethods = 6;

  /** Overrides for any text in any locale, by key (see `i18n/en.ts`). */
  messages: Partial<WidgetMessages> = {};

  /** Poll timing and the give-up in ms (else `give-up-after`); tests and special pages may shorten them. */
  protected pollTiming: WatchTiming = {};

  #history?: HistoryView;

  // The controllers, one per concern; the element wires them and renders their state.
  readonly #api = proxyClient(this);
  readonly #i18n = new LocalizeController(this);
  readonly #announcer = new Announcer(this);
  readonly #watch = new WatchController(this, this.#api, () => this.pollTiming);
  readonly #form: FormController = new FormController(this, { localize: this.#i18n, announcer: this.#announcer, submit: () => void this.#flow.submit() });
  readonly #flow = new FlowController(this, {
    api: this.#api,
    localize: this.#i18n,
    watch: this.#watch,
    announcer: this.#announcer,
    form: this.#form,
    navigate: (url, target) => this.navigate(url, target),
  });
  readonly #picker = new PickerController(this, { flow: this.#flow, form: this.#form, localize: this.#i18n, tiles: new PartController(this, 'picker') });
  readonly #historyPart = new PartController(this, 'history');
  readonly #cards = new PartController(this, 'result');
  readonly #result = new ResultController(this, { flow: this.#flow, form: this.#form, localize: this.#i18n, announcer: this.#announcer, cards: this.#cards });
  // Works through the update hooks alone: nothing calls it.
  // eslint-disable-next-line no-unused-private-class-members
  readonly #shown = new ShownStateController(this, () => this.#flow.view);

  /**
   * Opens the provider's page in `target`; false when the browser blocked it (a pop-up blocker,
   * a sandboxed frame). Override to open it differently (tests do).
   */
  protected navigate(url: string, target: RedirectTarget = 'self'): boolean {
    return openPage(url, target);
  }

  override connectedCallback(): void {
    if (!platformSupported()) return showBelowFloor(this, () => this.#i18n.t('error.unsupported_browser'), this.#i18n.ready);
    super.connectedCallback();
  }

  /**
   * The history view around (or instead of) the cashier, once its part is loaded (parts.ts). If
   * it cannot load, the cashier alone, or (`view="history"`) the network error.
   */
  #withHistory(body: () => TemplateResult): TemplateResult | typeof nothing {
    if (this.view !== 'history' && !this.history) return body();
    const state = this.#historyPart.state();
    if (state && 'value' in state) {
      this.#history ??= state.value.create(this, { api: this.#api, localize: this.#i18n, name: (psp) => BUILT_IN.find(psp)?.name ?? psp });
    }
    if (this.#history) return this.#history.render(body);
    if (this.view !== 'history') return body();
    if (!state || !('failed' in state)) return nothing;
    return this.#status({ name: 'error', error: widgetError('network', state.failed.message, false) });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || RESTART.some((k) => changed.has(k))) {
      this.#flow.start();
      this.#picker.preload();
    }
    if (changed.has('prefill') || changed.has('amount')) this.#form.applyPrefill();
  }

  override render(): TemplateResult {
    const v = this.#flow.view;
    const lang = this.#i18n.lang();
    // A right-to-left language turns the content around even on a left-to-right page; any
    // other language follows the page's direction.
    return html`<div part="base" class="base" data-state=${shownState(v)} lang=${lang} dir=${isRtl(lang) ? 'rtl' : nothing}>
      ${this.#withHistory(() => this.#body(v))} ${this.#announcer.region()}
    </div>`;
  }

  #body(v: FlowState): TemplateResult {
    const form = this.#form;
    if (v.name === 'picking' || ((v.name === 'editing' || v.name === 'submitting') && !form.setup)) {
      return this.#picker.render(() => this.#skeleton());
    }
    if (v.name === 'idle' && !this.transaction) return this.#skeleton();
    const header = this.#picker.header(form.setup?.def.pspType ?? '');
    if (v.name === 'editing') return form.render(false, v.error, header);
    if (v.name === 'submitting') return form.render(true, undefined, header);
    return this.#status(v);
  }

  /** The first frame: the shape of the form (a fixed `psp`) or of the tiles, while the config loads. */
  #skeleton(): TemplateResult {
    return renderSkeleton({ loading: this.#i18n.t('state.loading'), psp: this.psp, type: this.type, tiles: this.visibleMethods });
  }

  #status(v: StatusView): TemplateResult {
    return renderStatus(v, { ...this.#result.model(this.#history), elapsed: this.#watch.elapsed });
  }
}

// Wherever the element's types go (mozarto-cashier/define, the script bundle's), its typed events
// (events.ts, on HTMLElementEventMap and GlobalEventHandlersEventMap) go too.
export type { MozartoEventDetails } from './events.js';

declare global {
  interface HTMLElementTagNameMap {
    'mozarto-cashier': MozartoCashier;
  }
}
