/**
 * The script bundle's language files load with a `<script src>`, a Trusted Types sink: on a page
 * with `require-trusted-types-for 'script'` a plain string there is refused. The widget has its
 * own policy, `mozarto-cashier`, which lets through nothing but a language file under the base URL
 * the bundle was given (`locales/<lang>.js` beside it, or its `data-locales`).
 *
 * The page's CSP must name it beside Lit's own: `trusted-types mozarto-cashier lit-html`.
 */

/** The name of the widget's Trusted Types policy. */
export const TRUSTED_TYPES_POLICY = 'mozarto-cashier';

// Local shapes: TypeScript's DOM library has no Trusted Types yet.
interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy;
}

let policy: ScriptUrlPolicy | null | undefined;

/** A file the bundle loads on demand: exactly `<base><lang>.js` (a two- or three-letter language code), or a part of the widget, `<base>history.js` and `<base>picker.js` (parts.ts). */
export function isLanguageFile(url: string, base: URL): boolean {
  return url.startsWith(base.href) && /^([a-z]{2,3}|history|picker)\.js$/.test(url.slice(base.href.length));
}

/**
 * `url` as the browser's `<script src>` wants it: a TrustedScriptURL from the widget's policy
 * where Trusted Types exist, else the string. Throws when `url` is no language file under `base`,
 * or when the page's CSP does not allow the policy (then said once on the console).
 */
export function languageScriptUrl(url: string, base: URL): string {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) {
    if (!isLanguageFile(url, base)) throw new TypeError(`not a language file: ${url}`);
    return url;
  }
  if (policy === undefined) {
    try {
      policy = factory.createPolicy(TRUSTED_TYPES_POLICY, {
        createScriptURL(candidate) {
          if (!isLanguageFile(candidate, base)) throw new TypeError(`${TRUSTED_TYPES_POLICY}: not a language file: ${candidate}`);
          return candidate;
        },
      });
    } catch {
      policy = null;
      console.warn(
        `<mozarto-cashier>: this page's Content-Security-Policy does not allow the Trusted Types policy "${TRUSTED_TYPES_POLICY}" (add it to trusted-types), so language files cannot load; showing English.`,
      );
    }
  }
  if (!policy) throw new TypeError(`Trusted Types policy ${TRUSTED_TYPES_POLICY} unavailable`);
  // A TrustedScriptURL, which the `src` setter takes; typed as the string the DOM library knows.
  return policy.createScriptURL(url) as string;
}
