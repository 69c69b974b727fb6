/**
 * The floor (README "Browser support"): constructable stylesheets, CSS `:has()` and `:dir()`,
 * and custom states with plain names (`:state(processing)`), so Chrome and Edge 125, Firefox
 * 126, Safari 17.4. On an older engine the element shows one plain sentence
 * (`error.unsupported_browser`) instead of a blank or half-styled box.
 */
const SELECTORS = [':has(a)', ':dir(rtl)', ':state(a)'];

export const platformSupported = (): boolean =>
  'adoptedStyleSheets' in Document.prototype && SELECTORS.every((s) => CSS.supports(`selector(${s})`));
