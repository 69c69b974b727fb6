/**
 * The method picker as tiles: the merchant's order with the player's last-used method first, an
 * icon per kind or the merchant's logo, `layout="list|grid"`, "More methods" after
 * `visible-methods`, and a radio group for keyboards and screen readers (one tab stop, arrow
 * keys, Home/End; Enter, Space or a click opens the form in place, "Change" comes back).
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { registerLocale } from '../../src/widget/i18n/locales.js';
import { loadPart, setPartLoader } from '../../src/widget/parts.js';
import { renderCashier, type CashierHarness } from './harness.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';
import { lastUsed } from '../../src/widget/memory.js';
import { IN_FLIGHT_KEY } from '../../src/widget/resume.js';
import { allMethodsConfig } from './all-methods.js';

const tiles = (h: CashierHarness) => [...h.root.querySelectorAll<HTMLButtonElement>('[role="radio"]')];
const order = (h: CashierHarness) => tiles(h).map((t) => t.dataset.psp);
const checked = (h: CashierHarness) =>
  tiles(h)
    .filter((t) => t.getAttribute('aria-checked') === 'true')
    .map((t) => t.dataset.psp);
const focused = (h: CashierHarness) => (h.root.activeElement as HTMLElement | null)?.dataset.psp;
const key = async (h: CashierHarness, k: string) => {
  (h.root.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
  await h.settle();
  await h.settle();
};

describe('<mozarto-cashier>: method tiles', () => {
  let proxy: FakeProxy;
  beforeEach(async () => {
    await loadPart('picker'); // loaded on demand beside the config; here once, up front
    proxy = fakeProxy();
    proxy.config = { body: allMethodsConfig() };
    proxy.create = { status: 201, body: { transactionId: 'tx_1', status: 'pending', outcome: 'await' } };
  });
  afterEach(() => proxy.restore());

  it('a labelled radio group in the merchant’s order: name, description, icon; one tab stop', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    await expect(h.el).to.be.accessible();
    const group = h.root.querySelector('[role="radiogroup"]')!;
    expect(h.root.getElementById(group.getAttribute('aria-labelledby')!)!.textContent!.trim()).to.equal('Payment method');
    expect(order(h)).to.deep.equal(['PAYONE', 'GIGADAT', 'FORUMPAY', 'CLEO']);
    const forum = tiles(h)[2]!;
    expect(h.root.getElementById(forum.getAttribute('aria-labelledby')!)!.textContent!.trim()).to.equal('ForumPay');
    expect(h.root.getElementById(forum.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent!.trim()).to.equal('Pay or withdraw in BTC, ETH or USDT.');
    expect(forum.querySelector('svg[aria-hidden="true"] path')!.getAttribute('d'), 'an icon per kind').not.to.equal(
      tiles(h)[0]!.querySelector('svg path')!.getAttribute('d'),
    );
    expect(checked(h), 'none checked before the player moves').to.deep.equal([]);
    expect(tiles(h).map((t) => t.tabIndex)).to.deep.equal([0, -1, -1, -1]);
    expect(h.root.querySelector('input[name="email"]')).to.equal(null);
  });

  it('a language that leaves a provider’s description out (a new provider) shows the proxy’s English for it', async () => {
    const { default: fr } = await import('../../src/widget/i18n/locales/fr.js');
    registerLocale('qz', Object.fromEntries(Object.entries(fr).filter(([k]) => k !== 'psp.forumpay.description')));
    const h = await renderCashier(html`<mozarto-cashier type="payout" locale="qz"></mozarto-cashier>`);
    const describe = (i: number) => h.root.getElementById(tiles(h)[i]!.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent!.trim();
    expect(describe(2)).to.equal('Pay or withdraw in BTC, ETH or USDT.');
    expect(describe(0)).to.equal(fr['psp.payone.description']);
    expect(h.root.querySelector('[part~="legend"]')!.textContent!.trim()).to.equal('Moyen de paiement');
  });

  it('arrow keys move the checked tile and focus (wrapping), Home/End jump; Enter opens its form, Back returns to it', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    tiles(h)[0]!.focus();
    await key(h, 'ArrowDown');
    expect([checked(h), focused(h)]).to.deep.equal([['GIGADAT'], 'GIGADAT']);
    expect(tiles(h).map((t) => t.tabIndex)).to.deep.equal([-1, 0, -1, -1]);
    await key(h, 'ArrowRight');
    expect(focused(h)).to.equal('FORUMPAY');
    await key(h, 'End');
    expect(focused(h)).to.equal('CLEO');
    await key(h, 'ArrowDown');
    expect(focused(h), 'wraps').to.equal('PAYONE');
    await key(h, 'ArrowUp');
    expect(focused(h)).to.equal('CLEO');
    await key(h, 'Home');
    await key(h, 'ArrowRight');
    await key(h, 'ArrowRight');
    expect(h.state()).to.equal('editing');
    expect(h.root.querySelector('input[name="walletAddress"]'), 'moving opens nothing').to.equal(null);
    // Enter (and Space) activate a button: the click opens the form in place.
    tiles(h)
      .find((t) => t.dataset.psp === 'FORUMPAY')!
      .click();
    await h.settle();
    expect(h.labels()).to.include('Wallet address');
    expect(h.focusedLabel()).to.equal('Amount');
    await h.click('Change');
    await h.settle();
    expect(checked(h)).to.deep.equal(['FORUMPAY']);
    expect(focused(h), 'focus back on the tile').to.equal('FORUMPAY');
  });

  it('right to left: ArrowLeft moves forward', async () => {
    const h = await renderCashier(html`<div dir="rtl"><mozarto-cashier type="payout"></mozarto-cashier></div>`);
    tiles(h)[0]!.focus();
    await key(h, 'ArrowLeft');
    expect(focused(h)).to.equal('GIGADAT');
  });

  it('the last-used method comes first next time (remembered per endpoint and flow)', async () => {
    let h = await renderCashier(html`<mozarto-cashier type="payin" currency="EUR"></mozarto-cashier>`);
    const before = order(h);
    expect(before[0]).to.equal('PAYONE');
    tiles(h)
      .find((t) => t.dataset.psp === 'NEOSURF')!
      .click();
    await h.settle();
    await h.fill('Email', 'p@example.com');
    await h.fill('Amount', '25');
    await h.submit();
    await h.until('processing');
    h.el.remove();
    sessionStorage.removeItem(IN_FLIGHT_KEY); // not resuming the transaction: a new visit
    h = await renderCashier(html`<mozarto-cashier type="payin" currency="EUR"></mozarto-cashier>`);
    expect(order(h)).to.deep.equal(['NEOSURF', ...before.filter((p) => p !== 'NEOSURF')]);
    expect(tiles(h)[0]!.tabIndex, 'it holds the tab stop').to.equal(0);
    h.el.remove();
    h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    expect(order(h)[0], 'pay-outs have their own memory').to.equal('PAYONE');
    expect(lastUsed('/elsewhere', 'payin').psp, 'and every endpoint').to.equal('');
  });

  it('"More methods" after visible-methods; it shows the rest', async () => {
    const h = await renderCashier(html`<mozarto-cashier visible-methods="3"></mozarto-cashier>`);
    const all = allMethodsConfig().methods.payin.length;
    expect(tiles(h)).to.have.length(3);
    await h.click(`More methods (${all - 3})`);
    expect(tiles(h)).to.have.length(all);
    expect(h.button(`More methods (${all - 3})`)).to.equal(null);
  });

  it('layout="grid" lays the tiles out in columns; list (default) one per row', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout" style="inline-size: 28rem"></mozarto-cashier>`);
    const rows = () => new Set(tiles(h).map((t) => Math.round(t.getBoundingClientRect().top))).size;
    expect(rows()).to.equal(4);
    h.el.layout = 'grid';
    await h.settle();
    expect(h.el.getAttribute('layout')).to.equal('grid');
    expect(rows()).to.be.below(4);
  });

  it('a merchant logo replaces the icon; an unknown kind gets the generic icon', async () => {
    const config = allMethodsConfig();
    config.methods.payout[0] = { ...config.methods.payout[0]!, logo: '/img/payone.svg' } as never;
    config.methods.payout[1] = { ...config.methods.payout[1]!, kind: 'teleport' } as never;
    proxy.config = { body: config };
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    const img = tiles(h)[0]!.querySelector('img')!;
    expect(new URL(img.src).pathname).to.equal('/img/payone.svg');
    expect(img.alt, 'decorative: the name is the label').to.equal('');
    expect(tiles(h)[1]!.querySelector('svg')).to.not.equal(null);
  });

  it('a logo off the merchant’s site from a hostile proxy is not loaded: the icon shows (issue 28)', async () => {
    const config = allMethodsConfig();
    config.methods.payout[0] = { ...config.methods.payout[0]!, logo: '/\\evil.example/pixel.svg' } as never;
    config.methods.payout[1] = { ...config.methods.payout[1]!, logo: 'http://evil.example/pixel.svg' } as never;
    proxy.config = { body: config };
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    expect(tiles(h)[0]!.querySelector('img')).to.equal(null);
    expect(tiles(h)[1]!.querySelector('img')).to.equal(null);
    expect(tiles(h)[0]!.querySelector('svg')).to.not.equal(null);
  });

  it('a psp attribute shows its form directly, with no tiles and no way back', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="BRITE"></mozarto-cashier>`);
    expect(tiles(h)).to.deep.equal([]);
    expect(h.button('Change payment method')).to.equal(null);
    expect(h.labels()).to.include('Email');
  });

  it('one method left after the fixed currency: its form directly', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout" currency="USD"></mozarto-cashier>`);
    expect(tiles(h)).to.deep.equal([]);
    expect(h.labels()).to.include('Wallet address');
  });

  it('a re-render (new texts) keeps the checked tile and what the player typed', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout" currency="EUR"></mozarto-cashier>`);
    tiles(h)[0]!.focus();
    await key(h, 'ArrowDown');
    h.el.messages = { 'label.method': 'Pick one' };
    await h.settle();
    expect(h.root.querySelector('.legend')!.textContent!.trim()).to.equal('Pick one');
    expect(checked(h)).to.deep.equal(['FORUMPAY']);
    tiles(h)[1]!.click();
    await h.settle();
    await h.fill('Wallet address', 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh');
    h.el.messages = { 'label.wallet': 'Wallet' };
    await h.settle();
    expect(h.value('Wallet')).to.equal('bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh');
  });

  it('two widgets starting together both show their tiles once the part arrives', async () => {
    const parts = (globalThis as unknown as { MozartoCashierParts: Record<string, unknown> }).MozartoCashierParts;
    const loaded = parts.picker;
    delete parts.picker;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    setPartLoader((name) => gate.then(() => (name === 'picker' ? loaded : undefined)));
    try {
      const root = document.createElement('div');
      root.innerHTML = '<mozarto-cashier type="payout"></mozarto-cashier><mozarto-cashier type="payout" layout="grid"></mozarto-cashier>';
      document.body.append(root);
      const els = [...root.querySelectorAll('mozarto-cashier')];
      await new Promise((r) => setTimeout(r, 100));
      expect(
        els.map((el) => el.shadowRoot!.querySelectorAll('[role="radio"]').length),
        'loading',
      ).to.deep.equal([0, 0]);
      release();
      for (let i = 0; i < 100 && els.some((el) => !el.shadowRoot!.querySelector('[role="radio"]')); i++) await new Promise((r) => setTimeout(r, 10));
      expect(els.map((el) => el.shadowRoot!.querySelectorAll('[role="radio"]').length)).to.deep.equal([4, 4]);
      root.remove();
    } finally {
      parts.picker = loaded;
      setPartLoader((name) =>
        (name === 'picker' ? import('../../src/widget/picker/part.js') : import('../../src/widget/history/part.js')).then((m) => m.default),
      );
    }
  });
});
