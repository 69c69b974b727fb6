/**
 * The element's language: which locale it speaks (the `locale` attribute, else the nearest
 * `lang`, across shadow roots, else `en`), loading that language's texts when it changes, and
 * every text, amount and error message the templates show. A Lit reactive controller: the host
 * re-renders once a language arrives.
 */
import type { MoneyText } from '../render-amount.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { format } from '../../core/messages/en.js';
import type { WidgetError } from '../errors.js';
import { ungroup } from '../amount-input.js';
import type { FieldError } from '../form-state.js';
import { en, type Translate, type WidgetMessageKey, type WidgetMessages } from '../i18n/en.js';
import { languageOf, loadLocale, localeMessages } from '../i18n/locales.js';

export type Params = Readonly<Record<string, string | number>>;

/**
 * Currency formatters by locale and currency, made once per page: making one costs far more than
 * formatting with it, and the tiles and the form format a dozen amounts on their first render.
 */
const formats = new Map<string, Intl.NumberFormat>();

export interface LocalizeHost extends ReactiveControllerHost, HTMLElement {
  readonly locale?: string;
  /** The currency the page fixed, if any (the first amounts are likely in it). */
  readonly currency?: string;
  readonly messages: Partial<WidgetMessages>;
}

export class LocalizeController implements ReactiveController {
  readonly #host: LocalizeHost;
  /** English: the main bundle's, and what parts bring with them (`addEnglish`). */
  #en: Readonly<Record<string, string>> = en;
  #for?: string;
  #ready: Promise<unknown> = Promise.resolve();

  constructor(host: LocalizeHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The locale while a render runs: every text asks for it, and the walk up the `lang`s is the same each time. */
  #rendering?: string;

  hostUpdate(): void {
    this.#rendering = undefined; // read afresh, even after a render that threw (no hostUpdated)
    this.#sync();
    this.#rendering = this.#for;
  }

  hostUpdated(): void {
    this.#rendering = undefined;
    // Once, after the first frame (the skeleton), while the proxy's config is on its way: the
    // locale's first number format costs far more than any after it (ICU's data; tens of ms on a
    // busy phone), and the form's first render would pay for it after the answer.
    if (this.#warm) return;
    this.#warm = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        this.money('1', this.#host.currency || 'EUR');
        ungroup('', this.locale());
      }),
    );
  }

  #warm = false;

  /** Settles once the texts of the current locale are loaded (or known to be missing). */
  get ready(): Promise<unknown> {
    this.#sync();
    return this.#ready;
  }

  #sync(): void {
    const locale = this.locale();
    if (locale === this.#for) return;
    this.#for = locale;
    this.#ready = loadLocale(locale).then(() => this.#host.requestUpdate());
  }

  /** The `locale` attribute, else the nearest `lang`, across shadow roots, else `en`. */
  locale(): string {
    if (this.#rendering) return this.#rendering;
    if (this.#host.locale) return this.#host.locale;
    for (let n: Node | null = this.#host; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
      const lang = n instanceof Element && n.getAttribute('lang');
      if (lang) return lang;
    }
    return 'en';
  }

  /** The language the texts are actually in: the locale once its messages are loaded, else English. */
  lang(): string {
    const locale = this.locale();
    return languageOf(locale) === 'en' || localeMessages(locale) ? locale : 'en';
  }

  /** The text for `key`: the page's override, the loaded language, English, else the key itself. */
  t: Translate = (key, params) => {
    const own = (this.#host.messages as Record<string, string | undefined>)[key];
    const local = (localeMessages(this.locale()) as Record<string, string | undefined> | undefined)?.[key];
    return format(own ?? local ?? this.#en[key] ?? key, params);
  };

  /** A text for `key` exists (else the proxy's own words are shown): overrides, the loaded language, English. */
  known(key: string): key is WidgetMessageKey {
    return key in this.#en || key in this.#host.messages || key in (localeMessages(this.locale()) ?? {});
  }

  /** English texts a part ships with itself (the history's): English for their keys from now on. */
  addEnglish(texts: Readonly<Record<string, string>>): void {
    this.#en = { ...this.#en, ...texts };
  }

  money(canonical: string, currency: string): string {
    // The page's locale, else English (a malformed locale), else plain text (an unknown currency).
    for (const locale of [this.locale(), 'en']) {
      try {
        const key = `${locale} ${currency}`;
        let format = formats.get(key);
        if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { style: 'currency', currency })));
        return format.format(Number(canonical));
      } catch {
        // next
      }
    }
    return `${canonical} ${currency}`;
  }

  /** Texts and amounts in `currency`, for the amount's range, fee and summary (render-amount.ts). */
  moneyText(currency: string): MoneyText {
    return { t: this.t, money: (a) => this.money(a, currency), locale: this.locale() };
  }

  fieldError(error: FieldError, label: string, currency: string): string {
    if (!this.known(error.key) && error.text) return error.text;
    const params: Record<string, string | number> = { ...error.params, label };
    if (error.key.startsWith('error.amount_')) {
      for (const k of ['min', 'max', 'fee']) if (typeof params[k] === 'string') params[k] = this.money(params[k] as string, currency);
    }
    // An unknown key (a proxy's newer one) reads as itself, then as the proxy's words below.
    const text = this.t(error.key as WidgetMessageKey, params);
    // A server's issue carries its words, not its figures: those words, rather than a bare `{min}`.
    return error.text && /\{\w+\}/.test(text) ? error.text : text;
  }

  errorMessage = (error: WidgetError): string => {
    if (error.key && this.known(error.key)) return this.t(error.key);
    const byCode = `error.code.${error.code}` as const;
    if (this.known(byCode)) return this.t(byCode);
    return this.t(error.retryable ? 'error.code.retry' : 'error.code.fatal');
  };
}
