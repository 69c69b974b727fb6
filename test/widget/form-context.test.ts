/**
 * The form keeps the player's context (issue 27): focus lands on what appeared ("More methods",
 * "Try another method", "Try again"), "Try again" when there is one method, a resumed
 * transaction's form keeps its flow and currency, a compact header names the chosen method, the
 * amount comes first, tiles look checked only once touched, one icon per method, a range only
 * where it differs.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { loadPart } from '../../src/widget/parts.js';
import { LAST_TRANSACTION_KEY } from '../../src/widget/resume.js';
import { CashierHarness, renderCashier, VALID } from './harness.js';
import { awaitOutcome, CONFIG, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';
import { allMethodsConfig } from './all-methods.js';

const tiles = (h: CashierHarness) => [...h.root.querySelectorAll<HTMLButtonElement>('[role="radio"]')];
const focused = (h: CashierHarness) => h.root.activeElement as HTMLElement | null;

describe('<mozarto-cashier>: the form keeps its context', () => {
  let proxy: FakeProxy;
  beforeEach(async () => {
    await loadPart('picker');
    proxy = fakeProxy();
    proxy.create = awaitOutcome;
  });
  afterEach(() => {
    proxy.restore();
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  it('"More methods": focus lands on the first tile it showed, never <body>', async () => {
    proxy.config = { body: allMethodsConfig() };
    const h = await renderCashier(html`<mozarto-cashier visible-methods="3"></mozarto-cashier>`);
    const more = h.root.querySelector<HTMLButtonElement>('[part~="more"]')!;
    more.focus();
    more.click();
    await h.settle();
    await h.settle();
    expect(document.activeElement, 'not <body>').to.equal(h.el);
    expect(focused(h)?.dataset.psp).to.equal(tiles(h)[3]!.dataset.psp);
    expect(focused(h)?.tabIndex).to.equal(0);
  });

  it('several methods: "Try another method" after a decline opens the tiles, focus on the declined one', async () => {
    proxy.config = { body: allMethodsConfig() };
    proxy.status = txStatus('declined');
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    h.fastPolling();
    tiles(h)[0]!.click();
    await h.settle();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('done');
    const button = h.button('Try another method')!;
    button.focus();
    button.click();
    await h.settle();
    await h.settle();
    expect(tiles(h).map((t) => t.dataset.psp)).to.include('GIGADAT');
    expect(document.activeElement, 'not <body>').to.equal(h.el);
    expect(focused(h)?.dataset.psp).to.equal('PAYONE');
  });

  it('one method: "Try again" (not "Try another method") reopens the form, focus on its first field', async () => {
    proxy.status = txStatus('declined');
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" type="payout"></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('done');
    expect(h.button('Try another method')).to.equal(null);
    const button = h.button('Try again')!;
    button.focus();
    button.click();
    await h.until('editing');
    await h.settle();
    expect(document.activeElement, 'not <body>').to.equal(h.el);
    expect(focused(h)?.getAttribute('name')).to.equal('amount');
    expect(h.value('First name')).to.equal('Ada');
  });

  it('the return page: after a EUR pay-out, "Try another method" offers the EUR pay-out methods only', async () => {
    const config = allMethodsConfig();
    for (const flow of ['payin', 'payout'] as const) {
      config.methods[flow] = config.methods[flow].map((m) => ({
        ...m,
        currencies: m.pspType === 'PAYONE' || m.pspType === 'FORUMPAY' ? ['EUR'] : ['CAD', 'CLP'],
      }));
    }
    proxy.config = { body: config };
    proxy.status = txStatus('declined', { type: 'payout', pspType: 'PAYONE', currency: 'EUR', amount: '25.00' });
    const h = await renderCashier(html`<mozarto-cashier transaction="tx_1"></mozarto-cashier>`, 'done');
    expect(h.message()).to.equal('Withdrawal declined');
    await h.click('Try another method');
    await h.settle();
    expect(tiles(h).map((t) => t.dataset.psp)).to.deep.equal(['PAYONE', 'FORUMPAY']);
    tiles(h)[0]!.click();
    await h.settle();
    expect(h.root.querySelector('[part~="currency"]')?.textContent?.trim()).to.equal('EUR');
    expect(h.submitButton().textContent).to.contain('Withdraw');
  });

  it('a chosen tile keeps its context: a compact header (icon, name, a small "Change"), the amount first with its quick amounts under it', async () => {
    proxy.config = { body: { ...allMethodsConfig(), amountPresets: ['10.00', '25.00'] } };
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    tiles(h)[0]!.click();
    await h.settle();
    const header = h.root.querySelector('[part~="method"]')!;
    expect(header, 'a header').to.exist;
    expect(header.querySelector('[part~="name"]')!.textContent!.trim()).to.equal('Payone');
    expect(header.querySelector('[part~="icon"] svg')).to.exist;
    const change = h.button('Change')!;
    expect(change.getAttribute('aria-label')).to.equal('Change payment method');
    expect(header.contains(change)).to.equal(true);
    expect(change.getBoundingClientRect().width, 'small, not a full-width button').to.be.below(h.el.getBoundingClientRect().width / 3);
    const form = h.root.querySelector('form')!;
    expect(form.querySelector('[name]')!.getAttribute('name'), 'the amount comes first').to.equal('amount');
    const row = form.querySelector('[name="amount"]')!.closest('.row')!;
    expect(row.nextElementSibling?.getAttribute('part'), 'quick amounts under the amount').to.equal('presets');
    await h.click('Change');
    await h.settle();
    expect(focused(h)?.dataset.psp).to.equal('PAYONE');
  });

  it('regular-weight labels; hints in the muted text colour (--mozarto-color-text-muted)', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" style="--mozarto-color-text-muted: #606000"></mozarto-cashier>`);
    const label = [...h.root.querySelectorAll('label')].find((l) => l.textContent!.trim() === 'Amount')!;
    expect(Number(getComputedStyle(label).fontWeight)).to.equal(400);
    const hint = h.root.querySelector<HTMLElement>('[part~="hint"]')!;
    expect(getComputedStyle(hint).color).to.equal('rgb(96, 96, 0)');
    expect(getComputedStyle(hint).color).not.to.equal(getComputedStyle(label).color);
  });

  it('tiles: none looks checked before anyone touches one; the checked one shows its own mark, not a ring like focus', async () => {
    proxy.config = { body: allMethodsConfig() };
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    expect(tiles(h).map((t) => t.getAttribute('aria-checked'))).to.deep.equal(['false', 'false', 'false', 'false']);
    expect(
      tiles(h).map((t) => t.tabIndex),
      'the first holds the tab stop',
    ).to.deep.equal([0, -1, -1, -1]);
    const border = (t: HTMLElement) => getComputedStyle(t).borderColor;
    expect(new Set(tiles(h).map(border)).size, 'every tile looks the same').to.equal(1);
    tiles(h)[0]!.focus();
    tiles(h)[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true }));
    await h.settle();
    await h.settle();
    const [first, second] = tiles(h);
    expect(second!.getAttribute('aria-checked')).to.equal('true');
    const mark = (t: HTMLElement) => getComputedStyle(t.querySelector('[part~="check"]')!).backgroundImage;
    expect(mark(second!), 'a filled mark on the checked tile').not.to.equal('none');
    expect(mark(first!)).to.equal('none');
    second!.blur();
    expect(getComputedStyle(second!).outlineStyle, 'checked is not the focus ring').to.equal('none');
  });

  it('one icon per method: methods of one kind (two vouchers, three cards) never share an icon', async () => {
    proxy.config = { body: allMethodsConfig() };
    const h = await renderCashier(html`<mozarto-cashier visible-methods="20"></mozarto-cashier>`);
    const icons = tiles(h).map((t) => {
      const icon = t.querySelector('[part~="icon"]')!;
      return `${icon.querySelector('path')?.getAttribute('d')}|${icon.textContent!.trim()}`;
    });
    expect(icons.length).to.be.above(6);
    expect(new Set(icons).size).to.equal(icons.length);
  });

  it('a range only where it differs: the shared terms once above the tiles, a tile’s own range on it', async () => {
    const config = allMethodsConfig();
    config.methods.payout = config.methods.payout.map((m) => ({ ...m, currencies: ['EUR'] }));
    config.methods.payout[2] = { ...config.methods.payout[2]!, limits: { min: '20.00', max: '900.00' } } as never;
    proxy.config = { body: config };
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    const ranges = tiles(h).map((t) => t.querySelector('[part~="range"]')?.textContent?.trim() ?? '');
    expect(ranges).to.deep.equal(['', '', '€20.00 – €900.00', '']);
    expect(h.root.querySelector('[part~="picker"] [part~="hint"]')!.textContent!.trim()).to.equal('€1.00 – €5,000.00 for each method, unless shown otherwise');
  });
});

describe('<mozarto-cashier>: no layout shift, a skeleton from the first frame', () => {
  let proxy: FakeProxy;
  beforeEach(async () => {
    await loadPart('picker');
    proxy = fakeProxy();
  });
  afterEach(() => proxy.restore());

  const heights = async (template: ReturnType<typeof html>) => {
    const { fixture } = await import('@open-wc/testing');
    const host = await fixture<HTMLElement>(html`<div style="inline-size: 375px">${template}</div>`);
    const el = host.querySelector('mozarto-cashier')!;
    await el.updateComplete;
    const first = el.getBoundingClientRect().height;
    const loading = el.shadowRoot!.querySelector('[data-state]')!.getAttribute('data-state');
    const h = new CashierHarness(el);
    await h.until('editing');
    await h.settle();
    return { first, loading, after: el.getBoundingClientRect().height };
  };

  it('a fixed psp: the first frame is as tall as the form that replaces it', async () => {
    proxy.config = { body: CONFIG, delay: 150 };
    const { first, loading, after } = await heights(html`<mozarto-cashier psp="PAYONE"></mozarto-cashier>`);
    expect(loading).to.equal('idle');
    expect(Math.abs(after - first), `${first} px then ${after} px`).to.be.below(6);
  });

  it('the tiles: the first frame is about as tall as the tiles that replace it (their descriptions wrap as they may)', async () => {
    proxy.config = { body: allMethodsConfig(), delay: 150 };
    const { first, after } = await heights(html`<mozarto-cashier type="payout" visible-methods="3"></mozarto-cashier>`);
    expect(Math.abs(after - first), `${first} px then ${after} px`).to.be.below(after * 0.06);
  });
});

describe('<mozarto-cashier>: amounts as people type them', () => {
  let proxy: FakeProxy;
  beforeEach(() => (proxy = fakeProxy()));
  afterEach(() => proxy.restore());

  it('English: "1,000" and "1,000.50" are a thousand (the grouping separator), "25,50" still 25.50', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" locale="en"></mozarto-cashier>`);
    await h.fill('Amount', '1,000');
    expect(h.error('Amount')).to.equal(null);
    expect(h.submitButton().textContent!.trim()).to.equal('Pay €1,000.00');
    await h.fill('Amount', '1,000.50');
    expect(h.submitButton().textContent!.trim()).to.equal('Pay €1,000.50');
    await h.fill('Amount', '25,50');
    expect(h.submitButton().textContent!.trim()).to.equal('Pay €25.50');
  });

  it('German: "1.000" is a thousand and "1.000,50" a thousand and a half; what is sent is canonical', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" locale="de"></mozarto-cashier>`);
    await h.fill('Betrag', '1.000');
    expect(h.error('Betrag')).to.equal(null);
    expect(h.submitButton().textContent!.replace(/\s+/g, ' ')).to.contain('1.000,00');
    await h.fill('Betrag', '1.000,50');
    expect(h.submitButton().textContent!.replace(/\s+/g, ' ')).to.contain('1.000,50');
  });

  it('a pay-out’s range shows the minimum the fee leaves something of, before anything is typed', async () => {
    proxy.config = {
      body: {
        version: 1,
        methods: { payin: [], payout: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'], fee: { fixed: '1.00' } }] },
        limits: { min: '1.00', max: '5000.00' },
      },
    };
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" type="payout"></mozarto-cashier>`);
    expect(h.root.querySelector('[part~="hint"]')!.textContent!.trim()).to.equal('€1.01 – €5,000.00');
    await h.fill('Amount', '1.00');
    expect(h.error('Amount')).to.equal('Amount must be at least €1.01.');
    await h.fill('Amount', '1.01');
    expect(h.error('Amount')).to.equal(null);
  });
});
