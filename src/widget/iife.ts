/**
 * The `<script>` bundle's entry: registers the tag and exposes a tiny global for pages without
 * a bundler (`MozartoCashier.lastTransactionId()` on a return page).
 *
 * Languages other than English are separate files, `locales/fr.js` next to this script (or under
 * the URL in its `data-locales` attribute), fetched the first time a widget needs one; so are the
 * parts (parts.ts), `parts/picker.js`, `parts/history.js` and `parts/result.js` (or under `data-parts`). Each
 * registers itself on a global (`MozartoCashierLocales`, `MozartoCashierParts`), so a merchant
 * may also include it with a plain `<script>` — a part after the bundle, whose Lit it uses. On a
 * page that enforces Trusted Types, they load through the widget's own policy,
 * `mozarto-cashier` (script-url.ts).
 */
import { html, nothing, svg } from 'lit';
import { MozartoCashier } from './define.js';
import { registerLocale, setLocaleLoader } from './i18n/locales.js';
import { setPartLoader } from './parts.js';
import { lastTransactionId } from './resume.js';
import { bundleScriptUrl, LANGUAGE_FILE, PART_FILE, type ScriptPlace } from './script-url.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) {
  const locales: ScriptPlace = { base: new URL(script.dataset.locales ?? 'locales/', script.src), files: LANGUAGE_FILE };
  const parts: ScriptPlace = { base: new URL(script.dataset.parts ?? 'parts/', script.src), files: PART_FILE };
  /** Runs `<base><name>.js` once; resolves when it ran, rejects when it could not. */
  const load = ({ base }: ScriptPlace, name: string) =>
    new Promise<void>((resolve, reject) => {
      const tag = document.createElement('script');
      // Through the widget's Trusted Types policy (script-url.ts); a refusal rejects.
      tag.src = bundleScriptUrl(new URL(`${name}.js`, base).href, [locales, parts]);
      tag.nonce = script.nonce ?? '';
      tag.onload = () => resolve();
      tag.onerror = () => reject(new Error(`could not load ${tag.src}`));
      document.head.append(tag);
    });
  // Each registers itself on its global (lazy.ts). A language that cannot load: English; a part
  // that cannot load: the element's fallback (parts.ts).
  setLocaleLoader((language) => load(locales, language).then(() => undefined));
  setPartLoader((name) => load(parts, name));
}

/** What the script bundle puts on the page, typed for pages that script it (`mozarto-cashier/iife`). */
export interface MozartoCashierGlobal {
  readonly MozartoCashier: typeof MozartoCashier;
  readonly lastTransactionId: typeof lastTransactionId;
  readonly registerLocale: typeof registerLocale;
  /** @internal Lit as the parts (`parts/*.js`) use it: the bundle's own copy, not a second one. */
  readonly lit: { readonly html: typeof html; readonly nothing: typeof nothing; readonly svg: typeof svg };
}

declare global {
  // `var`: a property of globalThis, as the bundle sets it.
  var MozartoCashier: MozartoCashierGlobal;
}

globalThis.MozartoCashier = { MozartoCashier, lastTransactionId, registerLocale, lit: { html, nothing, svg } };
