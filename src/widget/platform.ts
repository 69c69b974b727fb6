/**
 * The floor (README "Browser support"): constructable stylesheets, CSS `:has()` and `:dir()`,
 * custom states with plain names (`:state(processing)`) and `light-dark()` (the colours follow
 * the element's `color-scheme`, styles.ts), so Chrome and Edge 125, Firefox 126, Safari 17.5. On an older engine the element shows one plain sentence
 * (`error.unsupported_browser`) instead of a blank or half-styled box.
 */
const SELECTORS = [':has(a)', ':dir(rtl)', ':state(a)'];

export const platformSupported = (): boolean =>
  'adoptedStyleSheets' in Document.prototype && SELECTORS.every((s) => CSS.supports(`selector(${s})`)) && CSS.supports('color', 'light-dark(red,red)');

/**
 * Below the floor Lit never renders, since its updates wait for the first connection: the box
 * holds one plain sentence in the page's font instead, in the page's language once its texts
 * are loaded (`ready`).
 */
export function showBelowFloor(el: HTMLElement, sentence: () => string, ready: Promise<unknown>): void {
  const root = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
  const say = () => (root.textContent = sentence());
  say();
  void ready.then(say);
}
