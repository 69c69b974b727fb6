/**
 * The first view in one round trip (issue 27, "faster than Adyen to a usable form"): the proxy's
 * config, the page's language and the tiles' part are all asked for before any of them answers —
 * none waits for another — and the view shows once all three are in, whatever order they arrive
 * in. Observed through loaders and a fake proxy that answer only when the test lets them; nothing
 * here measures time.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { setLocaleLoader } from '../../src/widget/i18n/locales.js';
import fr from '../../src/widget/i18n/locales/fr.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { setPartLoader } from '../../src/widget/parts.js';
import picker from '../../src/widget/picker/part.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';
import { allMethodsConfig } from './all-methods.js';

/** A promise the test settles. */
function gate<T>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('<mozarto-cashier>: the first view in one round trip', () => {
  let proxy: FakeProxy;
  const globals = globalThis as unknown as { MozartoCashierLocales?: Record<string, unknown>; MozartoCashierParts?: Record<string, unknown> };
  beforeEach(() => {
    delete globals.MozartoCashierLocales?.fr;
    delete globals.MozartoCashierParts?.picker;
    proxy = fakeProxy();
  });
  afterEach(() => {
    proxy.restore();
    setLocaleLoader(undefined);
    document.querySelectorAll('[data-first-view]').forEach((n) => n.remove());
  });

  for (const order of [
    ['config', 'locale', 'part'],
    ['part', 'locale', 'config'],
  ] as const) {
    it(`config, language and tiles' part leave together, before any answers; the tiles show once all are in (answered ${order.join(', ')})`, async () => {
      const asked: string[] = [];
      const config = gate<{ body: unknown }>();
      const locale = gate<typeof fr>();
      const part = gate<typeof picker>();
      proxy.config = () => {
        asked.push('config');
        return config.promise;
      };
      setLocaleLoader((language) => {
        asked.push(`locale ${language}`);
        return locale.promise;
      });
      setPartLoader((name) => {
        asked.push(`part ${name}`);
        return part.promise;
      });

      const page = document.createElement('div');
      page.lang = 'fr';
      page.dataset.firstView = '';
      page.innerHTML = '<mozarto-cashier type="payout"></mozarto-cashier>';
      document.body.append(page);
      const el = page.querySelector<MozartoCashier>('mozarto-cashier')!;

      await waitUntil(() => asked.length === 3, 'config, language and tiles’ part all asked for before any answers');
      expect([...asked].sort(), 'all three asked for, none answered yet').to.deep.equal(['config', 'locale fr', 'part picker']);
      const root = el.shadowRoot!;
      expect(root.querySelector('[data-status="loading"]'), 'the skeleton meanwhile').to.not.equal(null);

      const open = { config: () => config.open({ body: allMethodsConfig() }), locale: () => locale.open(fr), part: () => part.open(picker) };
      for (const [i, name] of order.entries()) {
        open[name]();
        for (let k = 0; k < 5; k++) await el.updateComplete;
        if (i < 2) expect(root.querySelector('[role="radio"]'), `no tiles with ${name} alone in`).to.equal(null);
      }
      await waitUntil(() => root.querySelector('[role="radio"]'), 'the tiles');
      expect(root.querySelector('[part~="legend"]')!.textContent!.trim(), 'in French').to.equal(fr['label.method']);
      expect(asked, 'nothing asked twice').to.have.length(3);
    });
  }
});
