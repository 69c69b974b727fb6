/**
 * The floor (src/widget/platform.ts, README "Browser support"): every engine the suite runs in
 * is above it and renders the form; with any one of the four features missing (stubbed), the
 * element shows one plain sentence — in the page's language, or the merchant's own words —
 * never a blank box, and asks the proxy nothing.
 */
import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { en } from '../../src/widget/i18n/en.js';
import { loadLocale, localeMessages } from '../../src/widget/i18n/locales.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { platformSupported } from '../../src/widget/platform.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';

const SENTENCE = en['error.unsupported_browser'];

/** Ways an older engine lacks a floor feature; each returns its undo. */
const MISSING: Record<string, () => () => void> = {
  'constructable stylesheets': () => {
    const d = Object.getOwnPropertyDescriptor(Document.prototype, 'adoptedStyleSheets')!;
    delete (Document.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
    return () => Object.defineProperty(Document.prototype, 'adoptedStyleSheets', d);
  },
  ...Object.fromEntries(
    [':has()', ':dir()', ':state()'].map((name) => [
      name,
      () => {
        const supports = CSS.supports;
        const selector = name.slice(0, -1);
        CSS.supports = ((...args: [string, string?]) =>
          args.length === 1 && args[0].includes(selector) ? false : supports.apply(CSS, args as [string])) as typeof CSS.supports;
        return () => (CSS.supports = supports);
      },
    ]),
  ),
};

describe('browser floor', () => {
  let proxy: FakeProxy;
  let host: HTMLElement;
  let undo: (() => void) | undefined;
  beforeEach(() => {
    proxy = fakeProxy();
    host = document.createElement('div');
    document.body.append(host);
  });
  afterEach(() => {
    undo?.();
    undo = undefined;
    host.remove();
    proxy.restore();
  });

  /** Not `fixture()`: below the floor the element never updates, so `updateComplete` never settles. */
  const place = (setup: (el: MozartoCashier) => void = () => {}) => {
    const el = document.createElement('mozarto-cashier');
    setup(el);
    host.append(el);
    return el;
  };

  it('every engine under test is above the floor and renders the form', async () => {
    expect(platformSupported()).to.equal(true);
    const el = place();
    await waitUntil(() => el.shadowRoot?.querySelector('form'), 'no form');
    expect(el.shadowRoot!.textContent).not.to.contain(SENTENCE);
  });

  for (const [feature, remove] of Object.entries(MISSING)) {
    it(`without ${feature}: one plain sentence, never a blank box, and no request`, async () => {
      undo = remove();
      expect(platformSupported()).to.equal(false);
      const el = place();
      expect(el.shadowRoot!.textContent).to.equal(SENTENCE);
      expect(el.shadowRoot!.querySelector('*')).to.equal(null); // text only: nothing that needs the styles
      expect(el.getBoundingClientRect().height).to.be.greaterThan(0);
      await aTimeout(50);
      expect(proxy.requests).to.deep.equal([]);
      // Moved on the page, it still says the same and still asks nothing.
      host.prepend(el);
      expect(el.shadowRoot!.textContent).to.equal(SENTENCE);
      expect(proxy.requests).to.deep.equal([]);
    });
  }

  it("below the floor: the merchant's words win, and the page's language once loaded", async () => {
    undo = MISSING[':state()']!();
    const own = place((el) => (el.messages = { 'error.unsupported_browser': 'Please use a current browser.' }));
    expect(own.shadowRoot!.textContent).to.equal('Please use a current browser.');
    await loadLocale('fr');
    const french = place((el) => (el.locale = 'fr'));
    const fr = (localeMessages('fr') as Record<string, string>)['error.unsupported_browser']!;
    await waitUntil(() => french.shadowRoot!.textContent === fr, 'not in French');
    expect(fr).not.to.equal(SENTENCE);
  });
});
