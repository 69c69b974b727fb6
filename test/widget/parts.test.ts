/**
 * Parts that cannot load (issue 25): a loader that brings nothing, or fails, settles the part as
 * failed once. The element shows its fallback — the methods as plain buttons, the history's
 * network error, a result's headline and reference with "Try again" —, fires one
 * `mozarto-error`, and stops rendering: a bounded number of updates, where the old loader
 * re-rendered for ever.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { loadPartChunk } from '../../src/widget/part-chunks.js';
import { setPartLoader } from '../../src/widget/parts.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { awaitOutcome, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';
import { allMethodsConfig } from './all-methods.js';
import { cashierIn } from '../../src/testing/index.js';

/** Renders `tpl`, counting the element's renders from the very first. */
async function counted(tpl: string): Promise<{ el: MozartoCashier; renders: () => number; errors: string[] }> {
  const holder = document.createElement('div');
  holder.innerHTML = tpl;
  const el = holder.firstElementChild as MozartoCashier;
  let renders = 0;
  const render = el.render.bind(el);
  el.render = () => {
    renders++;
    return render();
  };
  const errors: string[] = [];
  el.addEventListener('mozarto-error', (e) => errors.push(e.detail.code));
  document.body.append(holder);
  return { el, renders: () => renders, errors };
}

const quiet = async (el: MozartoCashier) => {
  for (let i = 0; i < 5; i++) await el.updateComplete;
  await new Promise((r) => setTimeout(r, 50));
};

describe('<mozarto-cashier>: a part that cannot load', () => {
  let proxy: FakeProxy;
  const parts = (globalThis as unknown as { MozartoCashierParts?: Record<string, unknown> }).MozartoCashierParts ?? {};
  beforeEach(() => {
    delete parts.picker;
    delete parts.history;
    delete parts.result;
    proxy = fakeProxy();
    proxy.config = { body: allMethodsConfig() };
  });
  afterEach(() => {
    proxy.restore();
    document.querySelectorAll('mozarto-cashier').forEach((el) => el.parentElement!.remove());
  });

  for (const [how, loader] of [
    ['brings nothing', () => Promise.resolve(undefined)],
    ['fails (a 404)', () => Promise.reject(new Error('could not load /parts/picker.js'))],
  ] as const) {
    it(`tiles: a loader that ${how} — the methods as plain buttons, one mozarto-error, and the element settles`, async () => {
      setPartLoader(loader);
      const { el, renders, errors } = await counted('<mozarto-cashier type="payout"></mozarto-cashier>');
      await waitUntil(() => el.shadowRoot!.querySelector('button[part~="tile"]'), 'the fallback', { timeout: 4000 });
      await quiet(el);
      const settled = renders();
      await quiet(el);
      expect(renders(), 'no render after settling').to.equal(settled);
      expect(settled, 'renders').to.be.below(10);
      expect(errors).to.deep.equal(['network']);
      const buttons = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button[part~="tile"]')];
      expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal(['Payone', 'Gigadat', 'ForumPay', 'Cleo']);
      await expect(el).to.be.accessible();
      buttons[2]!.click();
      const h = await cashierIn(el, 'editing');
      expect(h.root.querySelector('form'), 'the chosen method’s form').to.not.equal(null);
    });
  }

  it('history: view="history" shows the network error once; the `history` tab is left out and the cashier stays', async () => {
    setPartLoader(() => Promise.reject(new Error('could not load /parts/history.js')));
    const only = await counted('<mozarto-cashier view="history" psp="PAYONE" type="payin"></mozarto-cashier>');
    await waitUntil(() => only.el.shadowRoot!.querySelector('[part~="status"][data-status="error"]'), 'the error', { timeout: 4000 });
    await quiet(only.el);
    const settled = only.renders();
    await quiet(only.el);
    expect(only.renders()).to.equal(settled);
    expect(only.errors).to.deep.equal(['network']);
    expect(only.el.shadowRoot!.querySelector('[part~="status"] button'), 'no Try again that would try the same').to.equal(null);

    const tabs = await counted('<mozarto-cashier history psp="PAYONE" type="payin"></mozarto-cashier>');
    await waitUntil(() => tabs.el.shadowRoot!.querySelector('form'), 'the cashier', { timeout: 4000 });
    await quiet(tabs.el);
    expect(tabs.el.shadowRoot!.querySelector('[role="tab"]')).to.equal(null);
    expect(tabs.errors).to.deep.equal(['network']);
  });

  it('result cards: a loader that fails — a decline still says so, with its reference and "Try again"; one mozarto-error', async () => {
    setPartLoader((name) => (name === 'result' ? Promise.reject(new Error('could not load /parts/result.js')) : loadPartChunk(name)));
    proxy.create = awaitOutcome;
    proxy.status = txStatus('declined', { type: 'payin' });
    const { el, errors } = await counted('<mozarto-cashier psp="PAYONE" type="payin" transaction="tx_1"></mozarto-cashier>');
    const h = await cashierIn(el, 'done');
    await waitUntil(() => errors.length > 0, 'the part’s failure');
    await quiet(el);
    expect(h.message()).to.equal('Payment declined');
    expect(h.panelText()).to.contain('Reference: tx_1');
    expect(errors).to.deep.equal(['network']);
    h.button('Try again')!.click();
    await h.until('editing');
  });

  it('a second element on the page after the failure gets the fallback and its own mozarto-error', async () => {
    setPartLoader(() => Promise.resolve(undefined));
    const first = await counted('<mozarto-cashier type="payout"></mozarto-cashier>');
    await waitUntil(() => first.el.shadowRoot!.querySelector('button[part~="tile"]'), 'the fallback', { timeout: 4000 });
    const second = await counted('<mozarto-cashier type="payout"></mozarto-cashier>');
    await waitUntil(() => second.el.shadowRoot!.querySelector('button[part~="tile"]'), 'the fallback', { timeout: 4000 });
    await quiet(second.el);
    expect([first.errors, second.errors]).to.deep.equal([['network'], ['network']]);
  });
});
