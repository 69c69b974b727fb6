/**
 * custom-elements.json against the live element: its attributes are the element's
 * `observedAttributes`, its properties exist on an instance, and its CSS parts are exactly the
 * `part` names the rendered states carry (every gallery state, for every provider's form, plus
 * the few states the gallery does not reach). test/repo/manifest.test.ts checks it against the
 * README and the package.
 */
import { expect, waitUntil } from '@open-wc/testing';
// The package's define entry: it also installs the loader of the on-demand parts (icons, history).
import '../../src/define.js';
import { MozartoCashier } from '../../src/define.js';
import { BUILT_IN_PSPS } from '../../src/core/catalog.js';
import { STATES, installGalleryEndpoint, providersFor, renderState } from '../../demo/gallery-states.js';
import { awaitOutcome, fakeProxy, txStatus } from '../../src/testing/index.js';
import { VALID, renderCashier } from './harness.js';
import { html } from 'lit';

interface Named {
  name: string;
  fieldName?: string;
}
interface Declaration {
  customElement?: boolean;
  attributes: Named[];
  members: Named[];
  cssParts: Named[];
  cssStates: Named[];
}

async function element(): Promise<Declaration> {
  const res = await fetch('/custom-elements.json');
  expect(res.ok, 'run `npm run build` (or `npx cem analyze`) first: custom-elements.json is missing').to.equal(true);
  const manifest = (await res.json()) as { modules: { declarations: Declaration[] }[] };
  return manifest.modules.flatMap((m) => m.declarations).find((d) => d.customElement)!;
}

const partsIn = (el: Element, into: Set<string>) => {
  for (const node of el.shadowRoot!.querySelectorAll('[part]')) for (const p of node.getAttribute('part')!.split(/\s+/)) if (p) into.add(p);
};

describe('custom-elements.json and the live element', () => {
  it('its attributes are exactly observedAttributes', async () => {
    const d = await element();
    expect([...MozartoCashier.observedAttributes].sort()).to.deep.equal(d.attributes.map((a) => a.name).sort());
  });

  it('each of its properties is a property of the element, reflected to the attribute it names', async () => {
    const d = await element();
    const el = document.createElement('mozarto-cashier');
    for (const m of d.members) expect(m.name in el, m.name).to.equal(true);
    for (const a of d.attributes)
      expect(
        d.members.some((m) => m.name === a.fieldName),
        a.name,
      ).to.equal(true);
  });

  it('its CSS parts are the parts the rendered states carry, no more, no fewer', async function () {
    this.timeout(120_000);
    const d = await element();
    const seen = new Set<string>();
    const restore = installGalleryEndpoint();
    const host = document.createElement('div');
    document.body.append(host);
    try {
      // Every gallery state for Payone, and the form states for every provider (groups, selects).
      for (const state of STATES) {
        const el = await renderState(state, { psp: 'PAYONE', flow: state.id === 'awaiting' || state.id === 'stalled' ? 'payout' : 'payin' }, host);
        partsIn(el, seen);
        if (state.picker) {
          // The form chosen from the picker has "Change payment method".
          el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="tile"]')!.click();
          await waitUntil(() => !!el.shadowRoot!.querySelector('[part~="back"]'), 'the back button');
          partsIn(el, seen);
        }
        el.remove();
      }
      for (const flow of ['payin', 'payout'] as const) {
        for (const def of providersFor(flow)) {
          for (const id of ['empty', 'errors']) {
            const el = await renderState(
              STATES.find((s) => s.id === id)!,
              { psp: def.pspType, flow },
              host,
            );
            partsIn(el, seen);
            el.remove();
          }
        }
      }
    } finally {
      host.remove();
      restore();
    }

    // Beyond the gallery: a blocked redirect (the fallback link), a dropped connection (the hint).
    const proxy = fakeProxy();
    try {
      const blocked = await renderCashier(html`<mozarto-cashier psp="PAYONE"></mozarto-cashier>`);
      (blocked.el as unknown as { navigate(): boolean }).navigate = () => false;
      await blocked.fillAll(VALID);
      await blocked.submit();
      await waitUntil(() => !!blocked.link());
      partsIn(blocked.el, seen);
      blocked.el.remove();

      proxy.create = awaitOutcome;
      proxy.status = [txStatus('pending'), 'network'];
      const lost = await renderCashier(html`<mozarto-cashier psp="PAYONE" type="payout"></mozarto-cashier>`);
      lost.fastPolling();
      await lost.fillAll(VALID);
      await lost.submit();
      await waitUntil(() => !!lost.root.querySelector('[part~="hint"]'), 'the Reconnecting… hint', { timeout: 5000 });
      partsIn(lost.el, seen);
      lost.el.remove();
    } finally {
      proxy.restore();
    }

    expect([...seen].sort()).to.deep.equal(d.cssParts.map((p) => p.name).sort());
    expect(BUILT_IN_PSPS.length).to.be.greaterThan(5);
  });

  it('its custom states are the states the element sets', async () => {
    const d = await element();
    const names = d.cssStates.map((s) => s.name);
    const proxy = fakeProxy();
    try {
      proxy.status = txStatus('approved', { transactionId: 'tx_9' });
      const h = await renderCashier(html`<mozarto-cashier transaction="tx_9"></mozarto-cashier>`, 'done');
      for (const s of ['done', 'approved']) {
        expect(names).to.include(s);
        expect(h.el.matches(`:state(${s})`), s).to.equal(true);
      }
    } catch (e) {
      // Engines without CSS custom-state selectors: the manifest still lists the states.
      if (!(e instanceof DOMException) && !String(e).includes('SyntaxError')) throw e;
    } finally {
      proxy.restore();
    }
  });
});
