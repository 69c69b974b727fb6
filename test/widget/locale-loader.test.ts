/**
 * The languages' loader is part of the element (src/widget/i18n/locale-chunks.ts, imported by
 * i18n/locales.ts): a page that imports nothing but the element's class — no package entry, so no
 * side-effect import an app's bundler could drop — still speaks the player's language. And a
 * language that cannot load settles once, as English.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { loadLocale, setLocaleLoader } from '../../src/widget/i18n/locales.js';
import { CashierHarness, fakeProxy, type FakeProxy } from '../../src/testing/index.js';

// The class alone, under a tag of this file's: nothing registers `mozarto-cashier` here.
customElements.define('class-only-cashier', class extends MozartoCashier {});

describe('languages with the element class alone', () => {
  let proxy: FakeProxy;
  beforeEach(() => (proxy = fakeProxy()));
  afterEach(() => proxy.restore());

  it('the nearest lang loads its language, with no loader installed by anyone', async () => {
    const root = await fixture<HTMLElement>(html`<div lang="fr"><class-only-cashier psp="PAYONE"></class-only-cashier></div>`);
    const h = new CashierHarness(root.querySelector<MozartoCashier>('class-only-cashier')!);
    await h.until('editing');
    expect(h.labels()[1], 'the first name, after the amount').to.equal('Prénom');
  });

  it('a language that cannot load is asked for once, and reads as English', async () => {
    let calls = 0;
    setLocaleLoader(() => {
      calls++;
      return Promise.reject(new Error('404'));
    });
    try {
      expect(await Promise.all([loadLocale('qq'), loadLocale('qq-QQ')])).to.deep.equal([undefined, undefined]);
      expect(await loadLocale('qq')).to.equal(undefined);
      expect(calls).to.equal(1);
    } finally {
      setLocaleLoader(undefined);
    }
  });
});
