/**
 * Quick amounts: the proxy's presets as buttons (a method's own, else the config's), each setting
 * the amount as if typed; and the amount the player last used with a method, prefilled the next
 * time they open it (the `amount` attribute still wins, another method starts empty).
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { loadPart } from '../../src/widget/parts.js';
import { IN_FLIGHT_KEY } from '../../src/widget/resume.js';
import { renderCashier, type CashierHarness } from './harness.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';

const CONFIG = {
  version: 1,
  methods: {
    payin: [
      { pspType: 'NEOSURF', name: 'Neosurf', currencies: ['EUR'], amountPresets: ['15.00', '30.00'] },
      { pspType: 'BRITE', name: 'Brite', currencies: ['EUR'] },
    ],
    payout: [],
  },
  limits: { min: '1.00', max: '1000.00' },
  amountPresets: ['10.00', '25.00', '50.00'],
};
const presets = (h: CashierHarness) => [...h.root.querySelectorAll<HTMLButtonElement>('[part~="preset"]')];
const labels = (h: CashierHarness) => presets(h).map((b) => b.textContent!.trim());
const pressed = (h: CashierHarness) =>
  presets(h)
    .filter((b) => b.getAttribute('aria-pressed') === 'true')
    .map((b) => b.textContent!.trim());

describe('<mozarto-cashier>: quick amounts', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
    proxy.config = { body: CONFIG };
    proxy.create = { status: 201, body: { transactionId: 'tx_1', status: 'pending', outcome: 'await' } };
  });
  afterEach(() => proxy.restore());

  it('the config’s presets as a labelled group of buttons; one sets the amount and is pressed', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="BRITE"></mozarto-cashier>`);
    expect(h.root.querySelector('[part~="presets"]')!.getAttribute('aria-label')).to.equal('Suggested');
    expect(labels(h)).to.deep.equal(['€10.00', '€25.00', '€50.00']);
    expect(pressed(h)).to.deep.equal([]);
    presets(h)[1]!.click();
    await h.settle();
    expect(h.value('Amount')).to.equal('25.00');
    expect(pressed(h)).to.deep.equal(['€25.00']);
    await h.type('Amount', '26');
    expect(pressed(h), 'typing another amount releases it').to.deep.equal([]);
    await h.type('Amount', '50');
    expect(pressed(h)).to.deep.equal(['€50.00']);
    await h.fill('Email', 'p@example.com');
    presets(h)[0]!.click();
    await h.settle();
    await h.submit();
    expect((proxy.posts()[0]!.body as { amount: string }).amount).to.equal('10.00');
  });

  it('a method’s own presets replace the config’s', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="NEOSURF"></mozarto-cashier>`);
    expect(labels(h)).to.deep.equal(['€15.00', '€30.00']);
  });

  it('no presets anywhere: no group', async () => {
    proxy.config = { body: { ...CONFIG, amountPresets: undefined } };
    const h = await renderCashier(html`<mozarto-cashier psp="BRITE"></mozarto-cashier>`);
    expect(h.root.querySelector('[part~="presets"]')).to.equal(null);
  });

  it('the last-used amount is prefilled for that method, not for another; the amount attribute wins', async () => {
    let h = await renderCashier(html`<mozarto-cashier psp="BRITE"></mozarto-cashier>`);
    await h.fill('Email', 'p@example.com');
    await h.fill('Amount', '42');
    await h.submit();
    await h.until('processing');
    h.el.remove();
    sessionStorage.removeItem(IN_FLIGHT_KEY);
    h = await renderCashier(html`<mozarto-cashier psp="BRITE"></mozarto-cashier>`);
    expect(h.value('Amount')).to.equal('42.00');
    h.el.remove();
    h = await renderCashier(html`<mozarto-cashier psp="NEOSURF"></mozarto-cashier>`);
    expect(h.value('Amount')).to.equal('');
    h.el.remove();
    h = await renderCashier(html`<mozarto-cashier psp="BRITE" amount="99"></mozarto-cashier>`);
    expect(h.value('Amount')).to.equal('99');
    h.el.remove();
    // Through the tiles too: Brite (last used) first, its amount ready.
    await loadPart('picker');
    h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
    const first = h.root.querySelector<HTMLButtonElement>('[role="radio"]')!;
    expect(first.dataset.psp).to.equal('BRITE');
    first.click();
    await h.settle();
    expect(h.value('Amount')).to.equal('42.00');
  });
});
