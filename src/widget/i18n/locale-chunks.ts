/**
 * How the ES build fetches a language (locales.ts): each file in `./locales/` is its own chunk,
 * loaded by the bundler's dynamic import the first time a widget needs that language. Imported by
 * locales.ts itself, like the parts' loader (../part-chunks.ts) — not installed by a side-effect
 * import an app's bundler may drop. The script bundle would inline every chunk: its build swaps
 * this module for locale-scripts.ts (vite.config.ts), and iife.ts installs the loader that fetches
 * `locales/<lang>.js` beside it.
 */
import type { LocaleMessages } from './locales.js';

export const loadLocaleChunk = (language: string): Promise<LocaleMessages> =>
  import(`./locales/${language}.ts`).then((m: { default: LocaleMessages }) => m.default);
