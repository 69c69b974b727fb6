/**
 * The script bundle's stand-in for locale-chunks.ts (swapped in by vite.config.ts): the bundle
 * has no chunks, so no loader of its own until iife.ts installs the one that fetches
 * `locales/<lang>.js` beside the script. Without it (no `document.currentScript`), a language
 * fails once and the widget speaks English.
 */
export const loadLocaleChunk = (language: string): Promise<unknown> => Promise.reject(new Error(`no loader for locales/${language}.js`));
