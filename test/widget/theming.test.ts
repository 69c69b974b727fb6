/**
 * Theming and the accessibility details axe cannot see: every part the widget renders is
 * documented in the README's Styling section (and every documented custom property is read by
 * the styles); keyboard focus is visible (≥ 2px, in the primary colour); the spinner stops under
 * reduced motion; right-to-left mirrors the layout; dark defaults follow the system. The dark
 * and reduced-motion halves are in theming.prefers.test.ts (WebKit runs them started that way).
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { STATES, providersFor, renderState } from '../../demo/gallery-states.js';
import { galleryHost } from './gallery-host.js';
import type { Flow } from '../../src/core/psp/types.js';
import { LIGHT_COLORS, styles } from '../../src/widget/styles.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';

const rgb = (c: string) => `rgb(${[1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)).join(', ')})`;

describe('theming', () => {
  const gallery = galleryHost('28rem');
  const render = gallery.render;
  let host: HTMLElement;
  beforeEach(() => (host = gallery.host));

  it('every part rendered in any gallery state is documented in the README, and every custom property is used', async () => {
    const readme = await (await fetch('/README.md')).text();
    const styling = readme.slice(readme.indexOf('### Styling'), readme.indexOf('\n## ', readme.indexOf('### Styling')));
    expect(styling.length).to.be.greaterThan(100);
    const parts = new Set<string>();
    for (const flow of ['payin', 'payout'] as Flow[]) {
      for (const state of STATES) {
        const el = await renderState(state, { psp: providersFor(flow)[0]!.pspType, flow }, host);
        for (const node of el.shadowRoot!.querySelectorAll('[part]')) for (const p of node.getAttribute('part')!.split(/\s+/)) parts.add(p);
        el.remove();
      }
    }
    expect(parts.size).to.be.greaterThan(10);
    const undocumented = [...parts].filter((p) => !styling.includes(`\`${p}\``));
    expect(undocumented, 'parts missing from README "Styling"').to.deep.equal([]);
    const documented = [...styling.matchAll(/`(--mozarto-[a-z-]+)`/g)].map((m) => m[1]!);
    expect(documented).to.include.members(Object.keys(LIGHT_COLORS));
    const css = styles.cssText;
    expect(
      documented.filter((p) => !css.includes(`var(${p}`)),
      'documented but unused',
    ).to.deep.equal([]);
  });

  // Dark defaults (the system's dark mode) are in theming.prefers.test.ts.
  it('has finished defaults with no theme: light colours', async () => {
    const el = await render('filled');
    const button = el.shadowRoot!.querySelector<HTMLElement>('[part~="submit"]')!;
    expect(getComputedStyle(el).backgroundColor).to.equal(rgb(LIGHT_COLORS['--mozarto-color-background']));
    expect(getComputedStyle(button).backgroundColor).to.equal(rgb(LIGHT_COLORS['--mozarto-color-primary']));
  });

  it('shows keyboard focus: a solid outline of at least 2px in the focus colour', async () => {
    const el = await render('filled');
    const first = el.shadowRoot!.querySelector<HTMLInputElement>('input')!;
    // Real key presses, so :focus-visible applies as it does for a keyboard user.
    const before = document.createElement('button');
    before.textContent = 'before';
    host.prepend(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(first);
    const style = getComputedStyle(first);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    expect(style.outlineColor).to.equal(rgb(LIGHT_COLORS['--mozarto-color-primary']));
    const submit = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!;
    while (el.shadowRoot!.activeElement !== submit) await sendKeys({ press: 'Tab' });
    const b = getComputedStyle(submit);
    expect(b.outlineStyle).to.equal('solid');
    expect(parseFloat(b.outlineWidth)).to.be.at.least(2);
    expect(parseFloat(b.outlineOffset)).to.be.at.least(1); // a gap, so the ring contrasts with the page, not the button
  });

  // It stops under reduced motion: theming.prefers.test.ts.
  it('spins the spinner when motion is not reduced', async () => {
    const el = await render('submitting');
    expect(getComputedStyle(el.shadowRoot!.querySelector<HTMLElement>('[part~="spinner"]')!).animationName).not.to.equal('none');
  });

  it('mirrors right to left: labels and text start on the right, the currency sits at the inline end', async () => {
    host.dir = 'rtl';
    const el = await render('filled', 'payin', { locale: 'fr' });
    const label = el.shadowRoot!.querySelector<HTMLElement>('[part~="label"]')!;
    const input = el.shadowRoot!.querySelector<HTMLElement>('input')!;
    const range = document.createRange();
    range.selectNodeContents(label);
    const l = range.getBoundingClientRect(); // the text itself, not the label's full-width box
    const i = input.getBoundingClientRect();
    expect(Math.abs(l.right - i.right), 'label text ends at the right edge').to.be.below(2);
    expect(l.left - i.left, 'label text starts well right of the left edge').to.be.greaterThan(50);
    expect(getComputedStyle(input).direction).to.equal('rtl');
    for (const type of ['email', 'tel']) {
      const c = el.shadowRoot!.querySelector<HTMLInputElement>(`input[type="${type}"]`)!;
      expect([getComputedStyle(c).direction, getComputedStyle(c).textAlign], `${type} reads left to right, at the right edge`).to.deep.equal(['ltr', 'right']);
    }
    const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
    expect(base.scrollWidth).to.be.at.most(base.clientWidth);
  });

  for (const width of [320, 256]) {
    it(`every state fits ${width} px (320 px, and 320 px at 125 % zoom) with no horizontal scroll`, async () => {
      host.style.width = `${width}px`;
      for (const state of STATES) {
        const el = await renderState(state, { psp: providersFor('payin')[0]!.pspType, flow: 'payin' }, host);
        const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
        expect(el.getBoundingClientRect().width, state.id).to.be.at.most(width);
        expect(base.scrollWidth, state.id).to.be.at.most(base.clientWidth);
        el.remove();
      }
    });
  }
});

export type { MozartoCashier };
