/**
 * Light by default (issue 27): on a dark system the widget stays light on a page that says
 * nothing; `scheme="auto"` follows the system; the page's own `color-scheme` decides when it
 * says so; `scheme="light|dark"` pins one. Chromium and Firefox switch to dark here; WebKitGTK
 * runs this file started dark (web-test-runner.config.mjs).
 */
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { DARK_COLORS, LIGHT_COLORS } from '../../src/widget/styles.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';
import { preferMedia } from './media.js';

const rgb = (c: string) => `rgb(${[1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)).join(', ')})`;
const background = (el: Element) => getComputedStyle(el).backgroundColor;

describe('colour scheme: light by default, the system only when asked', () => {
  let proxy: FakeProxy;
  before(() => preferMedia({ colorScheme: 'dark' }));
  beforeEach(() => (proxy = fakeProxy()));
  afterEach(() => proxy.restore());

  it('the system is dark: on a page that says nothing the widget is light', async () => {
    expect(matchMedia('(prefers-color-scheme: dark)').matches, 'the system is dark').to.equal(true);
    const el = await fixture<MozartoCashier>(html`<mozarto-cashier psp="PAYONE"></mozarto-cashier>`);
    expect(background(el)).to.equal(rgb(LIGHT_COLORS['--mozarto-color-background']));
    expect(getComputedStyle(el).color).to.equal(rgb(LIGHT_COLORS['--mozarto-color-text']));
  });

  it('scheme="auto" follows the dark system; scheme="light" stays light', async () => {
    const el = await fixture<MozartoCashier>(html`<mozarto-cashier psp="PAYONE" scheme="auto"></mozarto-cashier>`);
    expect(background(el)).to.equal(rgb(DARK_COLORS['--mozarto-color-background']));
    expect(getComputedStyle(el).color).to.equal(rgb(DARK_COLORS['--mozarto-color-text']));
    el.scheme = 'light';
    await el.updateComplete;
    expect(background(el)).to.equal(rgb(LIGHT_COLORS['--mozarto-color-background']));
  });

  it('the page’s color-scheme decides when it says so: "light dark" follows the system, "light" stays light', async () => {
    const page = await fixture<HTMLElement>(html`<div style="color-scheme: light dark"><mozarto-cashier psp="PAYONE"></mozarto-cashier></div>`);
    const el = page.querySelector('mozarto-cashier')!;
    expect(background(el)).to.equal(rgb(DARK_COLORS['--mozarto-color-background']));
    page.style.colorScheme = 'light';
    expect(background(el)).to.equal(rgb(LIGHT_COLORS['--mozarto-color-background']));
    page.style.colorScheme = 'dark';
    expect(background(el)).to.equal(rgb(DARK_COLORS['--mozarto-color-background']));
  });

  it('a colour the page sets wins in the dark scheme too', async () => {
    const el = await fixture<MozartoCashier>(html`<mozarto-cashier psp="PAYONE" scheme="dark" style="--mozarto-color-background: #102030"></mozarto-cashier>`);
    expect(background(el)).to.equal(rgb('#102030'));
  });
});
