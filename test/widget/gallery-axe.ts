/** One axe test per gallery state for a flow in a language and colour scheme (gallery-a11y*.test.ts). */
import { expect } from '@open-wc/testing';
import { STATES, providersFor, renderState } from '../../demo/gallery-states.js';
import type { Flow } from '../../src/core/psp/types.js';
import { DARK_COLORS, LIGHT_COLORS } from '../../src/widget/styles.js';

const hex = (c: string) => `rgb(${[1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)).join(', ')})`;

export interface GalleryMode {
  name: string;
  locale: string;
  /** The system is dark: the file must have switched to it (preferMedia) before. */
  dark: boolean;
}

export function itEveryStatePassesAxe(gallery: { host: HTMLElement }, flow: Flow, mode: GalleryMode) {
  const psp = providersFor(flow)[0]!.pspType;
  for (const state of STATES) {
    it(`${flow} ${psp} · ${state.title} · ${mode.name}`, async () => {
      const el = await renderState(state, { psp, flow, locale: mode.locale }, gallery.host);
      const base = el.shadowRoot!.querySelector('[part~="base"]')!;
      expect(base.getAttribute('lang')).to.equal(mode.locale);
      const palette = mode.dark ? DARK_COLORS : LIGHT_COLORS;
      expect(getComputedStyle(el).backgroundColor).to.equal(hex(palette['--mozarto-color-background']));
      await expect(el).to.be.accessible();
    });
  }
}
