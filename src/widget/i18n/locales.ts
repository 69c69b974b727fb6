/**
 * The languages: English is built in (`en.ts`); every other language is one file in
 * `i18n/locales/` (`fr.ts`, typed `WidgetMessages`, so a missing key is a type error), loaded only
 * when a widget needs it. One of the widget's two on-demand registries (../lazy.ts, beside the
 * parts):
 *
 * - ES build: a dynamic-import chunk (locale-chunks.ts, referenced from here);
 * - script tag: `dist/locales/fr.js` next to the script bundle, fetched by the bundle (../iife.ts),
 *   or included by the merchant with an extra `<script>`.
 *
 * Either way the messages end up on one global, `MozartoCashierLocales.fr`, so a language's script
 * may load before or after the widget's bundle. A language that cannot load fails once: English.
 */
import { lazyRegistry } from '../lazy.js';
import type { WidgetMessages } from './en.js';
import { loadLocaleChunk } from './locale-chunks.js';

/** A language's texts; built-in languages are complete, a merchant's own may be partial (English fills in). */
export type LocaleMessages = Partial<WidgetMessages>;
/** Fetches a language's messages ("fr"); resolves undefined when there are none. */
export type LocaleLoader = (language: string) => Promise<LocaleMessages | undefined>;

const locales = lazyRegistry<Record<string, LocaleMessages>>('MozartoCashierLocales', loadLocaleChunk);

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
  locales.register(locale.toLowerCase(), messages);
}

/** How missing languages are fetched (replace it to host the files elsewhere; undefined: none is). */
export function setLocaleLoader(next: LocaleLoader | undefined): void {
  locales.setLoader(next ?? (async () => undefined));
}

/**
 * The registered messages for a locale, along the fallback chain: the exact tag ("fr-ca") first,
 * then its language ("fr"); nothing (so English) for a language that is not there.
 */
export function localeMessages(locale: string): LocaleMessages | undefined {
  const tag = locale.toLowerCase();
  return locales.get(tag) ?? locales.get(languageOf(tag));
}

/** Makes a locale's messages available; resolves once they are (or are known to be missing). */
export function loadLocale(locale: string): Promise<LocaleMessages | undefined> {
  const language = languageOf(locale);
  const known = localeMessages(locale);
  return known || language === 'en' || !/^[a-z]{2,3}$/.test(language) ? Promise.resolve(known) : locales.load(language);
}
