/**
 * The method picker as tiles (a part loaded on demand, ../parts.ts, while the proxy's config is
 * fetched): a radio group (one tab stop on the checked tile, arrow keys move
 * it, Home/End jump, Enter, Space or a click opens that method's form). Each tile shows the
 * method's icon (or the merchant's logo), name, short description and its range and fee where
 * they differ from the rest (the shared ones show once above the tiles); a checked tile shows a
 * filled dot. The form's header (the chosen method and "Change") comes from here too, so it shares
 * the icons. Pure templates; the element keeps which tile is checked and how many are shown.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Translate } from '../i18n/en.js';
import type { Choice } from '../setup.js';
import PATHS from './icons.js';

export interface TilesView {
  readonly choices: readonly Choice[];
  /** The checked tile's pspType; empty before the player moves (the first tile holds the tab stop). */
  readonly checked: string;
  readonly layout: 'list' | 'grid';
  /** How many tiles show before "More methods"; the checked one always shows. */
  readonly shown: number;
  readonly t: Translate;
  /** The tile's range and fee line ("€10.00 – €5,000.00 · Fee €0.50"); empty for none. */
  readonly meta: (c: Choice) => string;
  onMove(pspType: string): void;
  onChoose(pspType: string): void;
  /** "More methods", with the first tile it shows. */
  onMore(first: string): void;
}

const NEXT: Readonly<Record<string, number>> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };

const drawing = (kind: string | undefined) => (kind && PATHS[kind] ? kind : '');

/**
 * A method's icon: the merchant's logo, else the drawing for its kind, stroked in the theme's
 * colour; when another of the choices has the same drawing (two card methods, two unknown kinds),
 * the method's first letters mark it, so no two methods share an icon.
 */
function icon(c: Choice, all: readonly Choice[]): TemplateResult {
  if (c.logo) return html`<span part="icon" class="icon"><img src=${c.logo} alt="" width="32" height="32" /></span>`;
  const kind = drawing(c.kind);
  const shared = all.some((o) => o !== c && !o.logo && drawing(o.kind) === kind);
  return html`<span part="icon" class="icon"
    >${svg`<svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round" aria-hidden="true" focusable="false"><path d=${PATHS[kind]!} /></svg>`}${
      shared ? html`<b class="mono" aria-hidden="true">${c.name.slice(0, 2)}</b>` : nothing
    }</span
  >`;
}

/** The terms most of the choices share (shown once above the tiles); none when no two share them. */
function commonTerms(choices: readonly Choice[], meta: (c: Choice) => string): string {
  const counts = new Map<string, number>();
  for (const c of choices) {
    const m = meta(c);
    if (m) counts.set(m, (counts.get(m) ?? 0) + 1);
  }
  let best = '';
  for (const [m, n] of counts) if (n > 1 && n > (counts.get(best) ?? 0)) best = m;
  return best;
}

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
  const common = commonTerms(v.choices, v.meta);
  return html`<style>
      ${STYLES}
    </style>
    <div part="picker" class="picker">
      <p part="legend" class="legend" id="ml">${v.t('label.method')}</p>
      ${common ? html`<p part="hint" class="hint">${v.t('form.terms_common', { terms: common })}</p>` : nothing}
      <div part="methods" class="tiles ${v.layout}" role="radiogroup" aria-labelledby="ml" @keydown=${keydown}>
        ${visible.map((c) => {
          // A range and fee only where they differ from the line above the tiles.
          const own = v.meta(c);
          const meta = own === common ? '' : own;
          const on = c.pspType === v.checked;
          const stop = c === visible[at];
          return html`<button
            part="tile"
            class="tile"
            type="button"
            role="radio"
            data-psp=${c.pspType}
            aria-checked=${on ? 'true' : 'false'}
            tabindex=${stop ? 0 : -1}
            aria-labelledby="mn-${c.pspType}"
            aria-describedby="md-${c.pspType}${meta ? ` mm-${c.pspType}` : ''}"
            @click=${() => v.onChoose(c.pspType)}
          >
            ${icon(c, v.choices)}
            <span part="name" class="name" id="mn-${c.pspType}">${c.name}</span>
            <span part="check" class="check" aria-hidden="true"></span>
            <span part="detail" class="detail" id="md-${c.pspType}">${describe(c)}</span>
            ${meta ? html`<span part="range" class="meta" id="mm-${c.pspType}">${meta}</span>` : nothing}
          </button>`;
        })}
      </div>
      ${
        count < v.choices.length
          ? html`<button part="button more" class="secondary more" type="button" @click=${() => v.onMore(v.choices[count]!.pspType)}>
              ${v.t('action.more_methods', { count: v.choices.length - count })}
            </button>`
          : nothing
      }
    </div>`;
}

// The checked tile shows a filled dot (its own mark), never a second ring like the focus outline.
const STYLES = `
.picker,.tiles{display:grid;gap:.5rem}
.legend,.hint{margin:0}
.hint,.tile .detail,.tile .meta{font-size:.875em;color:var(--_text-muted)}
.tiles.grid{grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr))}
button.tile{display:grid;grid-template-columns:auto 1fr auto;column-gap:.75rem;align-items:center;justify-content:stretch;justify-items:start;padding:.75rem;text-align:start;font-weight:400;color:var(--_text);background:transparent;border-color:var(--_border)}
.tile>:not(.icon,.check){grid-column:2}
.tile .icon{grid-row:1/span 3;grid-column:1}
.icon{position:relative;display:flex;color:var(--_primary)}
.mono{position:absolute;inset-block-end:-.3rem;inset-inline-end:-.45rem;padding:0 .15rem;font-size:.625rem;line-height:1.25;color:var(--_text);background:var(--_background);border:1px solid var(--_border);border-radius:.25rem}
.check{grid-row:1/span 3;grid-column:3;inline-size:1.125rem;block-size:1.125rem;border:2px solid var(--_border);border-radius:50%}
.tile[aria-checked=true]{border-color:var(--_primary)}
.tile[aria-checked=true] .check{border-color:var(--_primary);background:radial-gradient(var(--_primary) 45%,transparent 50%)}
.legend,.tile .name{font-weight:600}
.grid .tile{grid-template-columns:1fr auto;align-content:start}
.grid .tile>*{grid-column:1}
.grid .tile .icon{grid-row:auto}
.grid .tile .check{grid-row:1;grid-column:2}
.more{justify-self:start}
.method{display:flex;align-items:center;gap:.75rem}
.method .name{font-weight:600}
button.change{min-block-size:2.75rem;margin-inline-start:auto;padding-inline:.5rem;font-weight:400;color:var(--_primary);background:transparent;border-color:transparent;text-decoration:underline;text-underline-offset:.15em}
`;

export interface HeaderView {
  /** The chosen method. */
  readonly choice: Choice;
  /** Every method on offer (for its icon). */
  readonly choices: readonly Choice[];
  readonly t: Translate;
  /** Several methods: the small "Change" link back to the tiles. */
  readonly onChange?: () => void;
}

/** The form's compact header: the chosen method's icon and name, and "Change" when there are several. */
function renderHeader(v: HeaderView): TemplateResult {
  return html`<style>
      ${STYLES}
    </style>
    <div part="method" class="method">
      ${icon(v.choice, v.choices)}<span part="name" class="name">${v.choice.name}</span>
      ${
        v.onChange
          ? html`<button part="button back" class="change" type="button" aria-label=${v.t('action.back')} @click=${v.onChange}>${v.t('form.change')}</button>`
          : nothing
      }
    </div>`;
}

export interface PickerPart {
  renderTiles(v: TilesView): TemplateResult;
  renderHeader(v: HeaderView): TemplateResult;
}

const part: PickerPart = { renderTiles, renderHeader };
export default part;
