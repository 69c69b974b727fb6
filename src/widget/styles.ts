/**
 * Theming in tiers (CONVENTIONS.md "Theming"): public `--mozarto-*` properties, each copied once into a private
 * `--_x` variable on :host; every rule below reads only the private ones. (The font's two, read
 * once on :host and inherited from there, are read directly.) Logical properties throughout, so
 * right-to-left pages work unchanged.
 */
import { css, unsafeCSS } from 'lit';

/** The light defaults: every `--mozarto-color-*` property and its value when the page sets none. */
export const LIGHT_COLORS = {
  '--mozarto-color-primary': '#1f4fd1',
  '--mozarto-color-on-primary': '#ffffff',
  '--mozarto-color-text': '#1a1d21',
  '--mozarto-color-text-muted': '#555c66',
  '--mozarto-color-background': '#ffffff',
  '--mozarto-color-border': '#767d87',
  '--mozarto-color-error': '#b42318',
  '--mozarto-color-success': '#18733a',
} as const;

/**
 * The dark defaults, for every colour the page did not set, when the element's `color-scheme` is
 * dark: `scheme="dark"`, `scheme="auto"` on a dark system, or a page whose own `color-scheme`
 * says dark. Exported so a demo or a test can show the dark look by setting the same
 * `--mozarto-color-*` values.
 */
export const DARK_COLORS = {
  '--mozarto-color-primary': '#9bb8ff',
  '--mozarto-color-on-primary': '#0b1530',
  '--mozarto-color-text': '#eceff3',
  '--mozarto-color-text-muted': '#b3bac4',
  '--mozarto-color-background': '#16191d',
  '--mozarto-color-border': '#8b939e',
  '--mozarto-color-error': '#ffb4a9',
  '--mozarto-color-success': '#7fdc9f',
} as const;

/**
 * `--_primary: var(--mozarto-color-primary, light-dark(#…, #…));` for each colour: the private
 * copies rules read. `light-dark()` follows the element's `color-scheme`: the page's (inherited;
 * `normal`, a page that says nothing, is light), or the `scheme` attribute's (`auto` follows the
 * system). So the system's dark mode alone never turns the widget dark on a light page.
 */
// unsafeCSS: the text is built from the constants above, never from page or network input.
const colors = unsafeCSS(
  Object.entries(LIGHT_COLORS)
    .map(([name, value]) => `--_${name.slice(16)}: var(${name}, light-dark(${value}, ${DARK_COLORS[name as keyof typeof DARK_COLORS]}));`)
    .join(''),
);

/**
 * The element's styles. Why some rules are as they are (said here, not in the CSS: a comment in a
 * `css` template ships to every player):
 * - `* { box-sizing: inherit }` names the elements alone: there is no generated content
 *   (`::before`/`::after`) anywhere.
 * - Emails, phone numbers and card data read left to right in every language; in a right-to-left
 *   layout they keep that order and sit at the start (right) edge. The rule asks `.base:dir(rtl)`
 *   because a tel input's own `:dir()` is always ltr.
 */
export const styles = css`
  :host {
    ${colors}
    --_radius: var(--mozarto-radius, 0.5rem);
    --_space: var(--mozarto-spacing, 1rem);

    display: block;
    box-sizing: border-box;
    inline-size: 100%;
    max-inline-size: 28rem;
    min-inline-size: 0;
    color: var(--_text);
    background: var(--_background);
    font-family: var(--mozarto-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--mozarto-font-size, 1rem);
    line-height: 1.4;
  }
  :host([scheme='auto']) {
    color-scheme: light dark;
  }
  :host([scheme='light']) {
    color-scheme: light;
  }
  :host([scheme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: inherit;
  }

  .base {
    padding: var(--_space);
  }
  form {
    display: grid;
    gap: var(--_space);
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: start;
  }
  .row > .field:first-child {
    flex: 1 1 10rem;
  }
  .row > .field + .field {
    flex: 0 1 7rem;
  }
  .field {
    display: grid;
    gap: 0.25rem;
    min-inline-size: 0;
  }
  .control {
    position: relative;
    display: flex;
  }
  input,
  select {
    inline-size: 100%;
    min-inline-size: 0;
    min-block-size: 2.75rem;
    padding-block: 0.5rem;
    padding-inline: 0.75rem;
    font: inherit;
    color: inherit;
    background: var(--_background);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .suffix {
    align-self: center;
    margin-inline-start: -3.5rem;
    inline-size: 3rem;
    text-align: center;
    font-weight: 600;
    pointer-events: none;
  }
  .control:has(.suffix) input {
    padding-inline-end: 3.75rem;
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
    border-width: 2px;
  }
  .error {
    margin: 0;
    color: var(--_error);
    font-size: 0.875em;
  }
  .form-error {
    display: grid;
    gap: 0.5rem;
    justify-items: start;
    padding: 0.75rem;
    border: 1px solid var(--_error);
    border-radius: var(--_radius);
  }
  .form-error p {
    margin: 0;
  }
  button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    min-block-size: 2.75rem;
    padding-block: 0.5rem;
    padding-inline: 1.25rem;
    font: inherit;
    font-weight: 600;
    color: var(--_on-primary);
    background: var(--_primary);
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  button.submit {
    inline-size: 100%;
  }
  button.secondary {
    color: var(--_primary);
    background: transparent;
  }
  button:disabled {
    cursor: progress;
    opacity: 0.75;
  }
  :focus-visible {
    outline: 3px solid var(--_primary);
    outline-offset: 2px;
  }
  input:focus-visible,
  select:focus-visible {
    outline-offset: 0;
  }
  .base:dir(rtl) :is(input[type='email'], input[type='tel'], input[autocomplete^='cc-']) {
    direction: ltr;
    text-align: right;
  }
  .status {
    display: grid;
    gap: 0.5rem;
    justify-items: center;
    padding-block: calc(var(--_space) * 1.5);
    text-align: center;
  }
  .status:focus {
    outline: none;
  }
  .headline {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
  }
  .failure .headline {
    color: var(--_error);
  }
  .status p {
    margin: 0;
    max-inline-size: 34em;
    text-wrap: balance;
  }
  .reference {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  a {
    color: var(--_primary);
    text-underline-offset: 0.15em;
  }
  .spinner {
    display: inline-block;
    flex: none;
    inline-size: 1.25em;
    block-size: 1.25em;
    border: 0.2em solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  .status > .spinner {
    inline-size: 2rem;
    block-size: 2rem;
    color: var(--_primary);
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
      border-inline-end-color: currentColor;
      opacity: 0.6;
    }
  }
  .skeleton {
    justify-items: stretch;
    gap: var(--_space);
    padding-block: 0;
    container-type: inline-size;
  }
  .skeleton.tiles {
    gap: 0.5rem;
  }
  .bone {
    block-size: calc(1.4em + 3rem);
    border-radius: var(--_radius);
    background: color-mix(in srgb, currentColor 8%, transparent);
  }
  .bone.a {
    block-size: calc(2.625em + 3.25rem);
  }
  .bone.b {
    block-size: 2.75rem;
  }
  .bone.l {
    block-size: 1.4em;
  }
  .bone.h {
    block-size: 1.225em;
  }
  .bone.t {
    block-size: calc(1.5rem + 3.85em + 2px);
  }
  @container (width < 25rem) {
    .bone.t {
      block-size: calc(1.5rem + 5.075em + 2px);
    }
    .bone.h {
      block-size: 2.45em;
    }
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;
