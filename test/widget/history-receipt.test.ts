/**
 * The history's layout and its receipt (issue 27): rows laid out by the history's own grid, not
 * the form's `.row` rule from the adopted stylesheet (rows were centred, status badges jumped
 * between lines, rows ran 5 px past the widget at 320 px); a receipt with amount, fee and net
 * where the proxy serves them, the provider's text translated when known and labelled as the
 * provider's otherwise; a print that prints the receipt alone.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { loadLocale } from '../../src/widget/i18n/locales.js';
import { loadPart } from '../../src/widget/parts.js';
import { cashierIn, fakeProxy, type CashierHarness, type FakeProxy } from '../../src/testing/index.js';

const ID = (n: number) => `tx_${String(n).padStart(24, '0')}`;
const row = (n: number, over: Record<string, unknown> = {}) => ({
  transactionId: ID(n),
  status: 'approved',
  type: 'payin',
  pspType: 'PAYONE',
  amount: '1250.00',
  currency: 'EUR',
  createdAt: new Date(Date.UTC(2026, 10, 30, 12, 60 - n)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 10, 30, 12, 60 - n)).toISOString(),
  ...over,
});
const ROWS = [
  row(1, { fee: '2.50', total: '1252.50' }),
  row(2, { type: 'payout', status: 'awaiting_approval', pspType: 'GIGADAT', currency: 'CAD', amount: '20.00' }),
  row(3, { status: 'declined', message: 'Voucher has already been redeemed', pspType: 'FLEXEPIN' }),
  row(4, { type: 'payout', status: 'rejected', message: 'Transaction rejected by the back office', fee: '1.00', total: '1249.00' }),
  row(5, { status: 'failed', message: 'Acquirer said no (code 05)' }),
  row(6, { status: 'declined', message: 'Transaction declined' }),
];

function serve(transactions: unknown[]) {
  const original = window.fetch;
  window.fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    if (url.pathname === '/api/cashier/transactions')
      return new Response(JSON.stringify({ transactions }), { headers: { 'content-type': 'application/json' } });
    return original(input, init);
  };
  return () => (window.fetch = original);
}

const rows = (h: CashierHarness) => [...h.root.querySelectorAll<HTMLButtonElement>('[part~="history-row"]')];

describe('<mozarto-cashier>: the history’s layout and receipt', () => {
  let proxy: FakeProxy;
  let restore: () => void;
  beforeEach(async () => {
    proxy = fakeProxy();
    restore = serve(ROWS);
    await loadPart('history');
  });
  afterEach(() => {
    restore();
    proxy.restore();
  });

  const open = async (width = '320px') => {
    const wrap = await fixture<HTMLElement>(html`<div style="inline-size:${width}"><mozarto-cashier view="history"></mozarto-cashier></div>`);
    const h = await cashierIn(wrap, 'idle').catch(() => cashierIn(wrap, 'editing'));
    await waitUntil(() => rows(h).length === ROWS.length, 'rows', { timeout: 4000 });
    await h.settle();
    return h;
  };

  for (const width of ['320px', '448px']) {
    it(`at ${width}: rows stay inside the widget, start-aligned, each badge in the same place`, async () => {
      const h = await open(width);
      const box = h.el.getBoundingClientRect();
      const list = rows(h);
      for (const r of list) {
        const rect = r.getBoundingClientRect();
        expect(rect.right, `row ${r.dataset.id} past the widget`).to.be.at.most(box.right + 0.5);
        expect(rect.left).to.be.at.least(box.left - 0.5);
        for (const child of r.children) expect(child.getBoundingClientRect().right, `${child.className} past its row`).to.be.at.most(rect.right + 0.5);
        // Not centred: the first line starts at the row's start edge (its padding and border in).
        const style = getComputedStyle(r);
        const start = rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
        expect(r.querySelector('.what')!.getBoundingClientRect().left, 'what starts the row').to.be.closeTo(start, 1);
      }
      // Every badge sits on the second line, beside the date, at the row's end edge: never on
      // the first line next to the amount, never under the reference.
      for (const r of list) {
        const [amount, badge, when, ref] = ['.amount', '[part~="badge"]', '.when', '.ref'].map((sel) => r.querySelector(sel)!.getBoundingClientRect()) as [
          DOMRect,
          DOMRect,
          DOMRect,
          DOMRect,
        ];
        const style = getComputedStyle(r);
        const end = r.getBoundingClientRect().right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
        const where = `${r.dataset.id}: amount ${amount.bottom}, badge ${badge.top}–${badge.bottom}, date ${when.top}–${when.bottom}, reference ${ref.top}`;
        expect(badge.top, where).to.be.at.least(amount.bottom - 1);
        expect(badge.top < when.bottom && badge.bottom > when.top, `beside the date: ${where}`).to.equal(true);
        expect(badge.bottom, where).to.be.at.most(ref.top + 1);
        expect(badge.right, where).to.be.closeTo(end, 1);
      }
      // The amount and the badge are each on one line.
      for (const r of list) {
        for (const sel of ['.amount', '[part~="badge"]']) {
          const n = r.querySelector(sel)!;
          expect(n.getClientRects().length, sel).to.equal(1);
          expect(n.getBoundingClientRect().height, `${sel} wraps`).to.be.below(parseFloat(getComputedStyle(n).fontSize) * 2);
        }
      }
    });
  }

  const receipt = async (h: CashierHarness, n: number) => {
    rows(h)
      .find((r) => r.dataset.id === ID(n))!
      .click();
    await h.settle();
    const el = h.root.querySelector('[part~="receipt"]')!;
    return [...el.querySelectorAll('dl div')].map((d) => [
      d.querySelector('dt')!.textContent!.trim(),
      d.querySelector('dd')!.textContent!.replace(/\s/g, ' ').trim(),
    ]);
  };

  it('a receipt with amount, fee and what was paid, where the proxy says them', async () => {
    const h = await open();
    const items = await receipt(h, 1);
    expect(items.map((i) => i[0])).to.deep.equal(['Type', 'Method', 'Amount', 'Fee', 'Total', 'Status', 'Date', 'Last update', 'Reference']);
    expect(Object.fromEntries(items)).to.include({ Amount: '€1,250.00', Fee: '€2.50', Total: '€1,252.50' });
    expect(h.root.querySelector('[part~="receipt"] .big')!.textContent!.replace(/\s/g, ' ').trim()).to.equal('€1,252.50');
    await expect(h.el).to.be.accessible();
  });

  it('a pay-out’s receipt says what the player receives; unknown fee and net are left out', async () => {
    const h = await open();
    expect(Object.fromEntries(await receipt(h, 4))).to.include({ Fee: '€1.00', 'You receive': '€1,249.00' });
    await h.click('Back to your transactions');
    expect((await receipt(h, 2)).map((i) => i[0])).to.not.include.members(['Fee', 'You receive', 'Total']);
  });

  it('the provider’s text: known reasons translated, others labelled as the provider’s, a repeat of the status left out', async () => {
    const h = await open();
    expect(Object.fromEntries(await receipt(h, 3))).to.include({ Reason: 'This voucher has already been used.' });
    await h.click('Back to your transactions');
    expect(Object.fromEntries(await receipt(h, 4))).to.include({ Reason: 'Our team did not approve this transaction.' });
    await h.click('Back to your transactions');
    expect(Object.fromEntries(await receipt(h, 5))).to.include({ 'The provider’s message': 'Acquirer said no (code 05)' });
    await h.click('Back to your transactions');
    const six = await receipt(h, 6);
    expect(six.map((i) => i[0])).to.not.include.members(['Reason', 'The provider’s message', '']);
    expect(six.map((i) => i[1])).to.not.include('Transaction declined');
  });

  it('in French the known reason is French', async () => {
    await loadLocale('fr');
    const wrap = await fixture<HTMLElement>(html`<div><mozarto-cashier view="history" locale="fr"></mozarto-cashier></div>`);
    const h = await cashierIn(wrap, 'idle').catch(() => cashierIn(wrap, 'editing'));
    await waitUntil(() => rows(h).length === ROWS.length, 'rows', { timeout: 4000 });
    expect(Object.fromEntries(await receipt(h, 3))).to.include({ Motif: 'Ce bon a déjà été utilisé.' });
  });

  it('prints the receipt alone: the page around it is hidden while printing, and comes back after', async () => {
    const h = await open();
    const around = document.createElement('p');
    around.textContent = 'The merchant’s page';
    document.body.append(around);
    await receipt(h, 1);
    const original = window.print;
    let seen: Record<string, string> | undefined;
    window.print = () => {
      // Apply the print-only rules on screen for a moment, as the printer would see them.
      const printOnly = [...document.querySelectorAll<HTMLStyleElement>('style[media="print"]')];
      for (const s of printOnly) s.media = 'all';
      const receiptEl = h.root.querySelector('[part~="receipt"] .big')!;
      seen = {
        page: getComputedStyle(around).visibility,
        widget: getComputedStyle(h.el).visibility,
        receipt: getComputedStyle(receiptEl).visibility,
      };
      for (const s of printOnly) s.media = 'print';
      window.dispatchEvent(new Event('afterprint'));
    };
    try {
      await h.click('Print receipt');
    } finally {
      window.print = original;
      around.remove();
    }
    expect(seen).to.deep.equal({ page: 'hidden', widget: 'visible', receipt: 'visible' });
    expect(document.querySelectorAll('style[media="print"]').length, 'cleaned up after printing').to.equal(0);
    expect(h.el.hasAttribute('data-mozarto-printing')).to.equal(false);
  });
});
