/**
 * The `<script>` bundle's entry: registers the tag and exposes a tiny global for pages without
 * a bundler (`MozartoCashier.lastTransactionId()` on a return page).
 *
 * Languages other than English are separate files, `locales/fr.js` next to this script (or under
 * the URL in its `data-locales` attribute), fetched the first time a widget needs one. Each
 * registers itself on `MozartoCashierLocales`, so a merchant may also include it with a plain
 * `<script>`. On a page that enforces Trusted Types, they load through the widget's own policy,
 * `mozarto-cashier` (i18n/script-url.ts).
 */
import { MozartoCashier } from './define.js';
import { localeMessages, registerLocale, setLocaleLoader } from './i18n/locales.js';
import { languageScriptUrl } from './i18n/script-url.js';
import { setPartLoader } from './parts.js';
import { lastTransactionId } from './resume.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) {
  const base = new URL(script.dataset.locales ?? 'locales/', script.src);
  /** Loads `<base><name>.js` once; settles when it ran or failed. */
  const load = (name: string) =>
    new Promise<void>((resolve) => {
      const tag = document.createElement('script');
      // Through the widget's Trusted Types policy (i18n/script-url.ts); refused: English.
      tag.src = languageScriptUrl(new URL(`${name}.js`, base).href, base);
      tag.nonce = script.nonce ?? '';
      tag.onload = tag.onerror = () => resolve();
      document.head.append(tag);
    });
  setLocaleLoader((language) => load(language).then(() => localeMessages(language)));
  // The history view and the method tiles (parts.ts) register themselves on MozartoCashierParts.
  setPartLoader(load);
}

/** What the script bundle puts on the page, typed for pages that script it (`mozarto-cashier/iife`). */
export interface MozartoCashierGlobal {
  readonly MozartoCashier: typeof MozartoCashier;
  readonly lastTransactionId: typeof lastTransactionId;
  readonly registerLocale: typeof registerLocale;
}

declare global {
  // `var`: a property of globalThis, as the bundle sets it.
  var MozartoCashier: MozartoCashierGlobal;
}

globalThis.MozartoCashier = { MozartoCashier, lastTransactionId, registerLocale };
