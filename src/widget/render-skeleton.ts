/**
 * The first frame: while the proxy's config loads, grey blocks in the shape of the view that
 * will come — the form of a fixed `psp` (its fields from the catalog, the amount, the button) or
 * the method tiles (as many as `visible-methods` shows) — so the page below does not jump when
 * it arrives (issue 27: CLS, measured by `npm run bench`). "Loading…" stays for screen readers.
 */
import { html, type TemplateResult } from 'lit/html.js';
import type { PspForm } from '../core/psp/types.js';
import { fieldsFor } from '../core/validate.js';
import { BUILT_IN } from './setup.js';

export interface SkeletonView {
  readonly loading: string;
  /** The element's `psp`: the first known one's form; none, the tiles. */
  readonly psp?: string;
  readonly type: string;
  /** Tiles shown before "More methods" (`visible-methods`). */
  readonly tiles: number;
}

/** Block kinds (styles.ts `.bone`): f a field, a the amount with its range, b a button, l a title line, h a hint line, t a tile. */
function bones(v: SkeletonView, def: PspForm | undefined): string[] {
  if (!def) return ['l', 'h', ...Array<string>(Math.max(1, v.tiles || 6)).fill('t'), 'b'];
  const out = ['a'];
  let group: string | undefined;
  for (const f of fieldsFor(def, v.type === 'payout' ? 'payout' : 'payin', ['user'])) {
    if (f.group && f.group !== group) out.push('l');
    group = f.group;
    out.push('f');
  }
  return [...out, 'b'];
}

export function renderSkeleton(v: SkeletonView): TemplateResult {
  const def = v.psp
    ?.split(/\s+/)
    .map((p) => BUILT_IN.find(p))
    .find(Boolean);
  return html`<div part="status" class="status skeleton ${def ? 'form' : 'tiles'}" data-status="loading" tabindex="-1" aria-busy="true">
    <p part="message" class="sr-only">${v.loading}</p>
    ${bones(v, def).map((b) => html`<span class="bone ${b}"></span>`)}
  </div>`;
}
