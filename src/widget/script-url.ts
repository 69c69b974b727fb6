/**
 * The script bundle's on-demand files — languages (`locales/<lang>.js`) and parts
 * (`parts/history.js`, `parts/picker.js`) — load with a `<script src>`, a Trusted Types sink: on
 * a page with `require-trusted-types-for 'script'` a plain string there is refused. The widget has
 * its own policy, `mozarto-cashier`, which lets through nothing but those files under the base URLs
 * the bundle was given (beside it, or its `data-locales` / `data-parts`).
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

/** The files under each base: a two- or three-letter language code, or a part's name (parts.ts). */
export const LANGUAGE_FILE = /^[a-z]{2,3}\.js$/;
export const PART_FILE = /^(history|picker|result)\.js$/;

/** Where the bundle may load from: a base URL and the file names allowed right under it. */
export interface ScriptPlace {
  readonly base: URL;
  readonly files: RegExp;
}

/** `url` is one of the files a place allows, right under its base. */
export function isBundleFile(url: string, places: readonly ScriptPlace[]): boolean {
  return places.some(({ base, files }) => url.startsWith(base.href) && files.test(url.slice(base.href.length)));
}

let policy: ScriptUrlPolicy | null | undefined;

/**
 * `url` as the browser's `<script src>` wants it: a TrustedScriptURL from the widget's policy
 * where Trusted Types exist, else the string. Throws when `url` is not a file of `places`, or
 * when the page's CSP does not allow the policy (then said once on the console). The first call's
 * places are the policy's for the page's life.
 */
export function bundleScriptUrl(url: string, places: readonly ScriptPlace[]): string {
  const factory = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;
  if (!factory) {
    if (!isBundleFile(url, places)) throw new TypeError(`not the cashier's: ${url}`);
    return url;
  }
  if (policy === undefined) {
    try {
      policy = factory.createPolicy(TRUSTED_TYPES_POLICY, {
        createScriptURL(candidate) {
          if (!isBundleFile(candidate, places)) throw new TypeError(`not the cashier's: ${candidate}`);
          return candidate;
        },
      });
    } catch {
      policy = null;
      console.warn(
        `<mozarto-cashier>: the CSP does not allow the Trusted Types policy "${TRUSTED_TYPES_POLICY}" (add it to trusted-types): languages and parts cannot load.`,
      );
    }
  }
  if (!policy) throw new TypeError(`no Trusted Types policy ${TRUSTED_TYPES_POLICY}`);
  // A TrustedScriptURL, which the `src` setter takes; typed as the string the DOM library knows.
  return policy.createScriptURL(url) as string;
}
