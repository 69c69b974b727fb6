/**
 * Limits and fees in the widget: the method's range under the amount (and on its tile), checked
 * as the player types, and a summary of amount, fee and total — or what a pay-out leaves — in
 * the player's locale, with the same figures the proxy computes (core/fees.ts).
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { loadLocale } from '../../src/widget/i18n/locales.js';
import { renderCashier, type CashierHarness } from './harness.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';

const payone = { pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'], limits: { min: '10.00', max: '500.00' }, fee: { fixed: '0.50', percent: '1.5' } };
const brite = { pspType: 'BRITE', name: 'Brite', currencies: ['EUR'], limits: { min: '1.00', max: '50.00' } };
const CONFIG = {
  version: 1,
  methods: {
    payin: [payone, brite],
    payout: [
      { ...payone, limits: { min: '1.00', max: '500.00' }, fee: { fixed: '2.00', min: '3.00' } },
      { pspType: 'FORUMPAY', name: 'ForumPay', currencies: ['USD'], limits: { min: '20.00', max: '900.00' } },
    ],
  },
  limits: { min: '1.00', max: '10000.00' },
};
const summary = (h: CashierHarness) =>
  [...h.root.querySelectorAll('[part~="summary"] div')].map((d) =>
    [...d.children]
      .map((c) => c.textContent!.trim())
      .join(' ')
      .replace(/\u00a0|\u202f/g, ' '),
  );
const hint = (h: CashierHarness, label = 'Amount') => {
  const ids = h.control(label).getAttribute('aria-describedby')!.split(' ');
  return ids
    .map((id) => h.root.getElementById(id)!)
    .find((n) => n.matches('[part~="hint"]'))
    ?.textContent!.trim()
    .replace(/\u00a0|\u202f/g, ' ');
};

describe('<mozarto-cashier>: limits and fees', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
    proxy.config = { body: CONFIG };
  });
  afterEach(() => proxy.restore());

  it('the amount field is described by the method’s range, and checked against it (not the config’s)', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" currency="EUR"></mozarto-cashier>`);
    expect(hint(h)).to.equal('€10.00 – €500.00');
    await h.fill('Amount', '5');
    expect(h.error('Amount')).to.equal('Amount must be at least €10.00.');
    await h.fill('Amount', '500.01');
    expect(h.error('Amount')).to.equal('Amount must be at most €500.00.');
    await h.submit();
    expect(proxy.posts()).to.deep.equal([]);
  });

  it('a summary of amount, fee and total once the amount is valid', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" currency="EUR"></mozarto-cashier>`);
    expect(summary(h)).to.deep.equal([]);
    await h.type('Amount', '100');
    expect(summary(h)).to.deep.equal(['Amount €100.00', 'Fee €2.00', 'Total €102.00']);
    expect(h.submitButton().textContent!.trim(), 'the button names what is charged').to.equal('Pay €102.00');
    await h.type('Amount', '33.33');
    expect(summary(h), '0.50 + 1.5 % of 33.33 = 1.00 (0.49995 rounds half up)').to.deep.equal(['Amount €33.33', 'Fee €1.00', 'Total €34.33']);
  });

  it('in the player’s locale', async () => {
    await loadLocale('fr');
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" currency="EUR" locale="fr"></mozarto-cashier>`);
    await h.type('Montant', '100');
    expect(summary(h)).to.deep.equal(['Montant 100,00 €', 'Frais 2,00 €', 'Total 102,00 €']);
    expect(hint(h, 'Montant')).to.equal('10,00 € – 500,00 €');
  });

  it('a pay-out shows what the player receives, and its range starts where the fee leaves something', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" type="payout" currency="EUR"></mozarto-cashier>`);
    await h.type('Amount', '100');
    expect(summary(h)).to.deep.equal(['Amount €100.00', 'Fee €3.00', 'You receive €97.00']);
    expect(h.submitButton().textContent!.trim(), 'the button names what the player receives').to.equal('Withdraw €97.00');
    expect(hint(h)).to.equal('€3.01 – €500.00');
    await h.fill('Amount', '3');
    expect(h.error('Amount')).to.equal('Amount must be at least €3.01.');
    await h.submit();
    expect(proxy.posts()).to.deep.equal([]);
  });

  it('a method with no fee shows no summary', async () => {
    const h = await renderCashier(html`<mozarto-cashier psp="BRITE" currency="EUR"></mozarto-cashier>`);
    await h.type('Amount', '20');
    expect(summary(h)).to.deep.equal([]);
    expect(hint(h)).to.equal('€1.00 – €50.00');
  });

  it('each tile shows its range and fee before the player picks', async () => {
    const h = await renderCashier(html`<mozarto-cashier currency="EUR"></mozarto-cashier>`);
    const meta = [...h.root.querySelectorAll('[part~="range"]')].map((n) => n.textContent!.trim());
    expect(meta).to.deep.equal(['€10.00 – €500.00 · Fee €0.50 + 1.5%', '€1.00 – €50.00']);
    const tile = h.root.querySelector('[role="radio"]')!;
    expect(tile.getAttribute('aria-describedby')!.split(' ')).to.have.length(2);
  });

  it('a fee with a minimum says so on the tile, each tile in its own currency', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    const meta = [...h.root.querySelectorAll('[part~="range"]')].map((n) => n.textContent!.trim());
    // The pay-out's minimum is the smallest amount its fee leaves something of.
    expect(meta).to.deep.equal(['€3.01 – €500.00 · Fee €2.00, min. €3.00', '$20.00 – $900.00']);
  });
});
