/**
 * Theming under the system's preferences: dark defaults follow a dark system where the page asks
 * for it (`scheme="auto"`, or its own `color-scheme`; scheme.prefers.test.ts), and the spinner
 * stops under reduced motion. Chromium and Firefox switch to them here; WebKitGTK runs this file
 * started dark with reduced motion (web-test-runner.config.mjs). Their light halves are in
 * theming.test.ts.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { DARK_COLORS } from '../../src/widget/styles.js';
import { galleryHost } from './gallery-host.js';
import { preferMedia } from './media.js';

const rgb = (c: string) => `rgb(${[1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)).join(', ')})`;

describe('theming under system preferences', () => {
  const gallery = galleryHost('28rem');
  before(() => preferMedia({ colorScheme: 'dark', reducedMotion: 'reduce' }));

  it('has finished dark defaults when the system is dark and the page follows it; a page value still wins', async () => {
    gallery.host.style.colorScheme = 'light dark';
    const el = await gallery.render('filled');
    const button = el.shadowRoot!.querySelector<HTMLElement>('[part~="submit"]')!;
    expect(getComputedStyle(el).color).to.equal(rgb(DARK_COLORS['--mozarto-color-text']));
    expect(getComputedStyle(button).backgroundColor).to.equal(rgb(DARK_COLORS['--mozarto-color-primary']));
    // A page's own value still wins over the dark default.
    gallery.host.style.setProperty('--mozarto-color-primary', '#7a1fd1');
    expect(getComputedStyle(button).backgroundColor).to.equal(rgb('#7a1fd1'));
  });

  it('stops the spinner under reduced motion', async () => {
    const el = await gallery.render('submitting');
    expect(getComputedStyle(el.shadowRoot!.querySelector<HTMLElement>('[part~="spinner"]')!).animationName).to.equal('none');
  });
});
