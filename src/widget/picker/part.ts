/**
 * The method picker as tiles (a part loaded on demand, ../parts.ts, while the proxy's config is
 * fetched): a radio group (one tab stop on the checked tile, arrow keys move
 * it, Home/End jump, Enter, Space or a click opens that method's form). Each tile shows the
 * method's icon (or the merchant's logo), name, short description and, when given, its range and
 * fee. A pure template; the element keeps which tile is checked and how many are shown.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Translate } from '../i18n/en.js';
import type { Choice } from '../setup.js';
import PATHS from './icons.js';

export interface TilesView {
  readonly choices: readonly Choice[];
  /** The checked tile's pspType. */
  readonly checked: string;
  readonly layout: 'list' | 'grid';
  /** How many tiles show before "More methods"; the checked one always shows. */
  readonly shown: number;
  readonly t: Translate;
  /** The tile's range and fee line ("€10.00 – €5,000.00 · Fee €0.50"); empty for none. */
  readonly meta: (c: Choice) => string;
  onMove(pspType: string): void;
  onChoose(pspType: string): void;
  onMore(): void;
}

const NEXT: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

/** A tile's icon: the drawing for its kind, stroked in the theme's colour. */
const icon = (kind: string | undefined) =>
  svg`<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round" aria-hidden="true" focusable="false"><path d=${PATHS[kind ?? ''] ?? PATHS['']!} /></svg>`;

function renderTiles(v: TilesView): TemplateResult {
  const at = Math.max(
    0,
    v.choices.findIndex((c) => c.pspType === v.checked),
  );
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
  return html`<style>
      ${STYLES}
    </style>
    <div part="picker" class="picker">
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
            <span part="icon" class="icon">${c.logo ? html`<img src=${c.logo} alt="" width="32" height="32" />` : icon(c.kind)}</span>
            <span part="name" class="name" id="mn-${c.pspType}">${c.name}</span>
            <span part="detail" class="detail" id="md-${c.pspType}">${describe(c)}</span>
            ${meta ? html`<span part="range" class="meta" id="mm-${c.pspType}">${meta}</span>` : nothing}
          </button>`;
        })}
      </div>
      ${
        count < v.choices.length
          ? html`<button part="button more" class="secondary more" type="button" @click=${v.onMore}>
              ${v.t('action.more_methods', { count: v.choices.length - count })}
            </button>`
          : nothing
      }
    </div>`;
}

const STYLES = `
.picker,.tiles{display:grid;gap:.5rem}
.legend{margin:0}
.tiles.grid{grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr))}
button.tile{display:grid;grid-template-columns:auto 1fr;column-gap:.75rem;align-items:center;justify-content:stretch;justify-items:start;padding:.75rem;text-align:start;font-weight:400;color:var(--_text);background:transparent;border-color:var(--_border)}
.tile[aria-checked=true]{border-color:var(--_primary);box-shadow:inset 0 0 0 1px var(--_primary)}
.tile .icon{grid-row:span 3;display:flex;color:var(--_primary)}
.legend,.tile .name{font-weight:600}
.grid .tile{grid-template-columns:1fr;align-content:start}
.grid .tile .icon{grid-row:auto}
.tile .detail,.tile .meta{font-size:.875em}
.more{justify-self:start}
`;

export interface PickerPart {
  renderTiles(v: TilesView): TemplateResult;
}

const part: PickerPart = { renderTiles };
export default part;
