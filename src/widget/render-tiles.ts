/**
 * The method picker as tiles: a radio group (one tab stop on the checked tile, arrow keys move
 * it, Home/End jump, Enter, Space or a click opens that method's form). Each tile shows the
 * method's icon (or the merchant's logo), name, short description and, when given, its range and
 * fee. A pure template; the element keeps which tile is checked and how many are shown.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { methodIcon } from './icons.js';
import type { Choice } from './setup.js';

export type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

export interface TilesView {
  readonly choices: readonly Choice[];
  /** The checked tile's pspType. */
  readonly checked: string;
  readonly layout: 'list' | 'grid';
  /** How many tiles show before "More methods"; the checked one always shows. */
  readonly shown: number;
  readonly t: Translate;
  /** The icons' drawings, once loaded (parts.ts). */
  readonly icons?: Readonly<Record<string, string>>;
  /** The tile's range and fee line ("€10.00 – €5,000.00 · Fee €0.50"); empty for none. */
  readonly meta: (c: Choice) => string;
  onMove(pspType: string): void;
  onChoose(pspType: string): void;
  onMore(): void;
}

const NEXT: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

export function renderTiles(v: TilesView): TemplateResult {
  const at = Math.max(0, v.choices.findIndex((c) => c.pspType === v.checked));
  const count = Math.max(v.shown, at + 1);
  const visible = v.choices.slice(0, count);
  // `t` answers the key itself when no text has it: then the proxy's English description.
  const describe = (c: Choice) => {
    const text = v.t(c.description);
    return text === c.description ? (c.text ?? '') : text;
  };
  const keydown = (event: KeyboardEvent) => {
    const n = visible.length;
    // Left and Right follow the reading direction.
    let step = NEXT[event.key] ?? 0;
    if (event.key[5] !== 'U' && event.key[5] !== 'D' && getComputedStyle(event.currentTarget as Element).direction === 'rtl') step = -step;
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? n - 1 : step ? (at + step + n) % n : -1;
    if (to < 0) return;
    event.preventDefault();
    v.onMove(visible[to]!.pspType);
  };
  return html`<div part="picker" class="picker">
    <p part="legend" class="legend" id="ml">${v.t('label.method')}</p>
    <div part="methods" class="tiles ${v.layout}" role="radiogroup" aria-labelledby="ml" @keydown=${keydown}>
      ${visible.map((c) => {
        const meta = v.meta(c);
        const on = c.pspType === v.checked;
        return html`<button
          part="tile"
          class="tile"
          type="button"
          role="radio"
          data-psp=${c.pspType}
          aria-checked=${on ? 'true' : 'false'}
          tabindex=${on ? 0 : -1}
          aria-labelledby="mn-${c.pspType}"
          aria-describedby="md-${c.pspType}${meta ? ` mm-${c.pspType}` : ''}"
          @click=${() => v.onChoose(c.pspType)}
        >
          <span part="icon" class="icon">${c.logo ? html`<img src=${c.logo} alt="" width="32" height="32" />` : methodIcon(v.icons, c.kind)}</span>
          <span part="name" class="name" id="mn-${c.pspType}">${c.name}</span>
          <span part="detail" class="detail" id="md-${c.pspType}">${describe(c)}</span>
          ${meta ? html`<span part="range" class="meta" id="mm-${c.pspType}">${meta}</span>` : nothing}
        </button>`;
      })}
    </div>
    ${count < v.choices.length
      ? html`<button part="button more" class="secondary more" type="button" @click=${v.onMore}>${v.t('action.more_methods', { count: v.choices.length - count })}</button>`
      : nothing}
  </div>`;
}
