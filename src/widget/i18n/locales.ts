/**
 * Locale registry. English is built in (`en.ts`); every other language is one file in
 * `i18n/locales/` (`fr.ts`, typed `WidgetMessages`, so a missing key is a type error), loaded only
 * when a widget needs it:
 *
 * - ES build: a dynamic-import chunk (`import-locales.ts`, installed by the package entries);
 * - script tag: `dist/locales/fr.js` next to `mozarto-cashier.iife.js`, fetched by the bundle
 *   (`iife.ts`), or included by the merchant with an extra `<script>`.
 *
 * Either way the messages end up on one global, `MozartoCashierLocales.fr`, so a locale script
 * may load before or after the widget's bundle.
 */
import type { WidgetMessages } from './en.js';

/** A language's texts; built-in locales are complete, a merchant's own may be partial (English fills in). */
export type LocaleMessages = Partial<WidgetMessages>;
/** Fetches a language's messages ("fr"); resolves undefined when there are none. */
export type LocaleLoader = (language: string) => Promise<LocaleMessages | undefined>;

const registry = (): Record<string, LocaleMessages | undefined> =>
  ((globalThis as Record<string, unknown>).MozartoCashierLocales ??= {}) as Record<string, LocaleMessages | undefined>;

let loader: LocaleLoader | undefined;
const loading = new Map<string, Promise<LocaleMessages | undefined>>();

/** Languages shipped under another code: Norwegian ("no", and Nynorsk readers) reads Bokmål. */
const ALIASES: Record<string, string> = { no: 'nb', nn: 'nb' };

/** "pt-BR" → "pt", "no" → "nb": the file a locale's texts come from. */
export const languageOf = (locale: string): string => {
  const language = locale.toLowerCase().split(/[-_]/)[0]!;
  return ALIASES[language] ?? language;
};

/** Languages written right to left: the widget's content gets `dir="rtl"` when it shows one. */
export const isRtl = (locale: string): boolean => /^(ar|he|iw|fa|ur|ps|yi|dv|ckb|sd|ug)$/.test(languageOf(locale));

/** Adds (or replaces) a language, e.g. one the package does not ship. */
export function registerLocale(locale: string, messages: LocaleMessages): void {
  registry()[locale.toLowerCase()] = messages;
}

/** How missing languages are fetched (set by the package entries; replace it to host files elsewhere). */
export function setLocaleLoader(next: LocaleLoader | undefined): void {
  loader = next;
  loading.clear();
}

/**
 * The registered messages for a locale, along the fallback chain: the exact tag ("fr-ca") first,
 * then its language ("fr"); nothing (so English) for a language that is not there.
 */
export function localeMessages(locale: string): LocaleMessages | undefined {
  const r = registry();
  const tag = locale.toLowerCase();
  return r[tag] ?? r[languageOf(tag)];
}

/** Makes a locale's messages available; resolves once they are (or are known to be missing). */
export function loadLocale(locale: string): Promise<LocaleMessages | undefined> {
  const language = languageOf(locale);
  const known = localeMessages(locale);
  if (known || language === 'en' || !loader || !/^[a-z]{2,3}$/.test(language)) return Promise.resolve(known);
  let pending = loading.get(language);
  if (!pending) {
    pending = loader(language).then(
      (messages) => (messages && registerLocale(language, messages), messages),
      () => undefined,
    );
    loading.set(language, pending);
  }
  return pending;
}
