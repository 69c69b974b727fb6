import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Flow } from '../core/psp/types.js';
import { Announcer } from './controllers/announcer.js';
import { CashierController } from './controllers/cashier.js';
import { LocalizeController } from './controllers/localize.js';
import { WatchController, type WatchTiming } from './controllers/watch.js';
import type { WidgetError } from './errors.js';
import { shownState, type FlowState } from './flow.js';
import { AMOUNT, CURRENCY, edit, leave, visibleErrors, type FieldError } from './form.js';
import type { WidgetMessages } from './i18n/en.js';
import { isRtl } from './i18n/locales.js';
import { platformSupported } from './platform.js';
import { formStyles, renderField, renderFields, type FieldsView } from './render-form.js';
import { feeText, rangeText, renderPresets, renderSummary, type MoneyText } from './render-amount.js';
import type { HistoryView } from './history/types.js';
import { partNow } from './parts.js';
import { clock, renderStatus, type RedirectTarget, type StatusContext, type StatusView } from './render-status.js';
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
 * @csspart tile - One method tile (`aria-checked` on the checked one), with `icon`, `name`, `detail` and `range`.
 * @csspart more - The "More methods" button.
 * @csspart icon - A method tile's icon (or the merchant's logo).
 * @csspart name - A method tile's name.
 * @csspart range - A method tile's amount range and fee.
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
 * @csspart button - Every button; the main one also has `submit`, "Try again"-style ones `retry`, "Change payment method" `back`.
 * @csspart submit - The main button.
 * @csspart retry - A "Try again"-style button.
 * @csspart back - The "Change payment method" button.
 * @csspart status - The panel shown instead of the form; carries `data-status` (loading, redirecting, pending, awaiting_approval, stalled, approved, declined, failed, rejected, error).
 * @csspart spinner - The progress indicator.
 * @csspart message - The headline of a status panel.
 * @csspart detail - Secondary text (provider message, next step, a method's description).
 * @csspart hint - The quiet "Reconnecting…" line (also `detail`).
 * @csspart elapsed - Time elapsed while waiting (`m:ss`, hidden from screen readers).
 * @csspart reference - The transaction reference.
 * @csspart link - The fallback link to the provider's page.
 *
 * @cssprop [--mozarto-color-primary=#1f4fd1] - Buttons, links, focus ring, spinner.
 * @cssprop [--mozarto-color-on-primary=#ffffff] - Text on primary buttons.
 * @cssprop [--mozarto-color-text=#1a1d21] - Text.
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

  /** Base URL of the merchant's proxy. */
  @property() endpoint = '/api/cashier';

  /**
   * Whether requests to the proxy carry the player's cookies: `same-origin` (only to a proxy on
   * this page's origin) or `include` (also to a proxy on another origin, e.g. `pay.shop.example`
   * beside `www.shop.example`; the proxy must list this page's origin in `allowedOrigins`).
   */
  @property() credentials: 'same-origin' | 'include' | 'omit' = 'same-origin';

  /**
   * The provider's pspType (e.g. `PAYONE`), or several separated by spaces: the first one the
   * proxy enables for the flow is used. Absent: the first method the proxy enables.
   */
  @property() psp?: string;

  /** `payin` (deposit) or `payout` (withdrawal). */
  @property() type: Flow = 'payin';

  /** Prefills the amount ("100" or "100.00"); the player may change it. */
  @property() amount?: string;

  /** Fixes the currency (ISO 4217). Absent and the provider offers several: a `<select>`. */
  @property() currency?: string;

  /** Locale for amounts (`Intl.NumberFormat`); defaults to the nearest `lang`, else `en`. */
  @property() locale?: string;

  /** Resume: show the live status of this transaction id instead of the form. */
  @property() transaction?: string;

  /** Space-separated hosts (`pay.example.com`, `*.example.com`) the widget may redirect to; empty allows any https host. */
  @property({ attribute: 'allow-hosts' }) allowHosts?: string;

  /**
   * Where the provider's page opens: `self` (this window), `top` (the top window when framed;
   * this window when not framed), `blank` (a new tab; this page then follows the transaction).
   * When the browser blocks it, a "Continue to …" link is shown.
   */
  @property({ attribute: 'redirect-target' }) redirectTarget: RedirectTarget = 'self';

  /** Seconds of waiting for an outcome before showing "Still processing" with "Check again". */
  @property({ attribute: 'give-up-after', type: Number }) giveUpAfter = 120;

  /** Values for the provider's fields (e.g. `{ email }`); they never overwrite what the player typed. */
  @property({ attribute: false }) prefill: Readonly<Record<string, string>> = {};

  /** The merchant's account-verification page, offered when a payment needs verification first. */
  @property({ attribute: 'verification-url' }) verificationUrl?: string;

  /** The merchant's limits / responsible-gambling page, linked from every refusal. */
  @property({ attribute: 'limits-url' }) limitsUrl?: string;

  /** `history`: the player's own transactions instead of the cashier (loaded on demand). */
  @property() view?: string;

  /** A second tab beside the cashier with the player's own transactions. */
  @property({ type: Boolean }) history = false;

  /** The method picker's tiles: `list` (one per row) or `grid`. */
  @property({ reflect: true }) layout: 'list' | 'grid' = 'list';

  /** How many method tiles show before a "More methods" button. */
  @property({ attribute: 'visible-methods', type: Number }) visibleMethods = 6;

  /** Overrides for any text in any locale, by key (see `i18n/en.ts`). */
  @property({ attribute: false }) messages: Partial<WidgetMessages> = {};

  /** Poll timing and the give-up in ms (else `give-up-after`); tests and special pages may shorten them. */
  protected pollTiming: WatchTiming = {};

  /** The player asked for every method ("More methods"). */
  #allMethods = false;
  #history?: HistoryView;

  readonly #i18n = new LocalizeController(this);
  readonly #announcer = new Announcer(this);
  readonly #watch = new WatchController(this, () => this.pollTiming);
  readonly #cashier = new CashierController(this, {
    localize: this.#i18n,
    watch: this.#watch,
    announcer: this.#announcer,
    navigate: (url, target) => this.navigate(url, target),
  });

  /**
   * Opens the provider's page in `target`; false when the browser blocked it (a pop-up blocker,
   * a sandboxed frame). Override to open it differently (tests do).
   */
  protected navigate(url: string, target: RedirectTarget = 'self'): boolean {
    try {
      if (target === 'blank') {
        // No `noopener` feature: with it window.open always returns null and a block is invisible.
        const w = window.open(url, '_blank');
        if (w) w.opener = null;
        return !!w;
      }
      // Cross-origin, a Location only lets `href` be set; a sandboxed frame throws here.
      if (target === 'top' && window.top && window.top !== window) window.top.location.href = url;
      else window.location.assign(url);
      return true;
    } catch {
      return false;
    }
  }

  override connectedCallback(): void {
    if (!platformSupported()) return this.#belowFloor();
    super.connectedCallback();
  }

  /** The history view around (or instead of) the cashier, once its part is loaded (parts.ts). */
  #withHistory(body: () => TemplateResult): TemplateResult | typeof nothing {
    if (this.view !== 'history' && !this.history) return body();
    this.#history ??= partNow('history', () => this.requestUpdate())?.create(this, this.#cashier, this.#i18n);
    return this.#history?.render(body) ?? (this.view === 'history' ? nothing : body());
  }

  /**
   * Below the floor (platform.ts) Lit never renders, since its updates wait for the first
   * connection: the box holds one plain sentence in the page's font instead, in the page's
   * language once its texts are loaded.
   */
  #belowFloor(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const say = () => (root.textContent = this.#i18n.t('error.unsupported_browser'));
    say();
    void this.#i18n.ready.then(say);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || RESTART.some((k) => changed.has(k))) {
      this.#cashier.start();
      // No psp: the tiles will likely show; their part loads while the config does.
      if (!this.psp) partNow('picker', () => this.requestUpdate());
    }
    if (changed.has('prefill') || changed.has('amount')) this.#cashier.applyPrefill();
  }

  override render(): TemplateResult {
    const v = this.#cashier.view;
    const lang = this.#i18n.lang();
    // A right-to-left language turns the content around even on a left-to-right page; any
    // other language follows the page's direction.
    return html`<div part="base" class="base" data-state=${shownState(v)} lang=${lang} dir=${isRtl(lang) ? 'rtl' : nothing}>
      ${this.#withHistory(() => this.#body(v))} ${this.#announcer.region()}
    </div>`;
  }

  #body(v: FlowState): TemplateResult {
    const c = this.#cashier;
    const t = this.#i18n.t;
    if (v.name === 'picking' || ((v.name === 'editing' || v.name === 'submitting') && !c.setup)) {
      // The tiles are a part loaded on demand, fetched beside the config (willUpdate): until
      // they are here, the loading panel.
      const picker = partNow('picker', () => this.requestUpdate());
      if (!picker) return renderStatus({ name: 'idle' }, this.#statusContext({ name: 'idle' }));
      return picker.renderTiles({
        choices: c.choices,
        checked: c.checked,
        layout: this.layout === 'grid' ? 'grid' : 'list',
        shown: this.#allMethods ? Infinity : Math.max(1, this.visibleMethods || Infinity),
        t,
        meta: (choice) => {
          const m = this.#moneyText(choice.currency);
          return [rangeText(choice.limits, m), feeText(choice.fee, m)].filter(Boolean).join(' · ');
        },
        onMove: (psp) => c.move(psp),
        onChoose: (psp) => c.choose(psp),
        onMore: () => {
          this.#allMethods = true;
          this.requestUpdate();
        },
      });
    }
    if (v.name === 'editing') return this.#form(false, v.error);
    if (v.name === 'submitting') return this.#form(true);
    return renderStatus(v, this.#statusContext(v));
  }

  #statusContext(v: StatusView): StatusContext {
    const c = this.#cashier;
    return {
      t: this.#i18n.t,
      psp: c.setup?.def.name ?? '',
      elapsed: clock(this.#watch.elapsed),
      target: this.redirectTarget,
      errorText: this.#i18n.errorMessage,
      again: () => c.again(),
      retry: () => v.name === 'error' && c.retry(v.retry, v.transactionId),
      recheck: () => c.dispatch({ type: 'recheck' }),
      money: (a) => this.#i18n.money(a, c.setup ? c.check().currency : (this.currency ?? 'EUR')),
      locale: this.#i18n.locale(),
      verificationUrl: this.verificationUrl,
      limitsUrl: this.limitsUrl,
    };
  }

  #form(submitting: boolean, error?: WidgetError): TemplateResult {
    const c = this.#cashier;
    const { t } = this.#i18n;
    const money = (a: string, cur: string) => this.#i18n.money(a, cur);
    const setup = c.setup!;
    const checked = c.check();
    const currency = checked.currency;
    const verb = setup.flow === 'payout' ? 'withdraw' : 'pay';
    const cta = checked.amount ? t(`action.${verb}`, { amount: money(checked.amount, currency) }) : t(`action.${verb}_plain`);
    const several = setup.currencies.length > 1;
    const view = this.#fieldsView(visibleErrors(c.form, checked), currency);
    const m = this.#moneyText(currency);
    const amount = { type: 'text', inputmode: 'decimal', autocomplete: 'transaction-amount', maxlength: 20 } as const;
    return html`<form part="form" novalidate aria-busy=${submitting ? 'true' : 'false'} @submit=${this.#onSubmit} @input=${this.#onInput} @focusout=${this.#onLeave}>
      ${c.choices.length > 1
        ? html`<button part="button back" class="secondary back" type="button" @click=${() => c.back()}>${t('action.back')}</button>`
        : nothing}
      ${renderFields(setup.fields, view)}
      ${renderPresets(setup.presets, checked.amount, m, (a) => c.preset(a))}
      <div class="row">
        ${renderField({ name: AMOUNT, label: t('label.amount'), hints: amount, required: true, hint: rangeText(setup.limits, m), ...(several ? {} : { suffix: currency }) }, view)}
        ${several ? renderField({ name: CURRENCY, label: t('label.currency'), hints: {}, required: true, options: setup.currencies }, view) : nothing}
      </div>
      ${setup.fee ? renderSummary(checked.quote, setup.flow, m) : nothing}
      ${error
        ? html`<div part="error form-error" class="form-error" role="alert">
            <p>${this.#i18n.errorMessage(error)}</p>
            ${error.retryable
              ? html`<button part="button retry" type="button" class="secondary" @click=${() => void c.submit()}>${t('action.try_again')}</button>`
              : nothing}
          </div>`
        : nothing}
      <button part="button submit" class="submit" type="submit" ?disabled=${submitting}>
        ${submitting ? html`<span part="spinner" class="spinner" aria-hidden="true"></span>` : nothing}${cta}
      </button>
    </form>`;
  }

  #moneyText(currency: string): MoneyText {
    return { t: this.#i18n.t, money: (a) => this.#i18n.money(a, currency), locale: this.#i18n.locale() };
  }

  #fieldsView(errors: Readonly<Record<string, FieldError>>, currency: string): FieldsView {
    return {
      // The currency select shows the one the form will send (the first, until the player picks).
      values: { ...this.#cashier.form.values, [CURRENCY]: currency },
      errors,
      t: this.#i18n.t,
      errorText: (error, label) => this.#i18n.fieldError(error, label, currency),
      locale: this.#i18n.locale(),
    };
  }

  #onSubmit(event: Event): void {
    event.preventDefault();
    void this.#cashier.submit();
  }

  #onInput(event: Event): void {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    if (target.name) this.#cashier.setForm(edit(this.#cashier.form, target.name, target.value));
  }

  #onLeave(event: FocusEvent): void {
    const target = event.target as HTMLInputElement;
    if (target.name) this.#cashier.setForm(leave(this.#cashier.form, target.name));
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
