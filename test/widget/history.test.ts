/**
 * The history view (loaded on demand): `view="history"` shows the player's transactions from
 * `GET transactions` — method, amount, status, date, reference — with unfinished pay-outs first
 * and their status followed live; "Show more" pages by the proxy's cursor; a receipt per
 * transaction; with the `history` attribute it is a second tab beside the cashier.
 */
import { aTimeout, expect, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { loadPart } from '../../src/widget/parts.js';
import { HISTORY_EN } from '../../src/widget/history/en.js';
import { loadLocale } from '../../src/widget/i18n/locales.js';
import { renderCashier, type CashierHarness } from './harness.js';
import { SHIPPED_LANGUAGES } from './shipped-languages.js';
import { fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

const row = (n: number, over: Record<string, unknown> = {}) => ({
  transactionId: `tx_${String(n).padStart(24, '0')}`,
  status: 'approved',
  type: 'payin',
  pspType: 'PAYONE',
  amount: `${n}0.00`,
  currency: 'EUR',
  createdAt: new Date(Date.UTC(2026, 10, 30, 12, 60 - n)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 10, 30, 12, 60 - n)).toISOString(),
  ...over,
});
const PAGE1 = {
  transactions: [row(1), row(2, { type: 'payout', status: 'awaiting_approval', pspType: 'GIGADAT', currency: 'CAD' }), row(3, { status: 'declined' })],
  nextCursor: 'c2',
};
const PAGE2 = { transactions: [row(4), row(5, { type: 'payout', status: 'approved' })] };

const rows = (h: CashierHarness) => [...h.root.querySelectorAll<HTMLButtonElement>('[part~="history-row"]')];
const texts = (h: CashierHarness) =>
  rows(h).map((r) =>
    [...r.children].map((c) =>
      c
        .textContent!.replace(/\s+/g, ' ')
        .replace(/\u00a0|\u202f/g, ' ')
        .trim(),
    ),
  );

function serveHistory(proxy: FakeProxy, pages: Record<string, unknown>) {
  const original = window.fetch;
  const seen: string[] = [];
  window.fetch = async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href);
    if (url.pathname === '/api/cashier/transactions' && (init?.method ?? 'GET') === 'GET') {
      seen.push(url.search);
      const cursor = url.searchParams.get('cursor') ?? '';
      return new Response(JSON.stringify(pages[cursor]), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return original(input, init);
  };
  return { seen, restore: () => (window.fetch = original) };
}

describe('<mozarto-cashier>: history', () => {
  let proxy: FakeProxy;
  let served: ReturnType<typeof serveHistory>;
  beforeEach(async () => {
    proxy = fakeProxy();
    served = serveHistory(proxy, { '': PAGE1, c2: PAGE2 });
    await loadPart('history');
  });
  afterEach(() => {
    served.restore();
    proxy.restore();
  });

  const open = async (tpl = html`<mozarto-cashier view="history"></mozarto-cashier>`) => {
    const h = await renderCashier(tpl, 'idle').catch(async () => renderCashier(tpl));
    await waitUntil(() => rows(h).length > 0, 'rows', { timeout: 4000 });
    return h;
  };

  it('lists method, amount, status, date and reference; an awaiting-approval pay-out first', async () => {
    const h = await open();
    expect(h.root.querySelector('h2')!.textContent!.trim()).to.equal('Your transactions');
    const t = texts(h);
    expect(t.map((r) => r[0])).to.deep.equal(['Withdrawal · Gigadat', 'Deposit · Payone', 'Deposit · Payone']);
    expect(t[0]!.slice(1, 3)).to.deep.equal(['CA$20.00', 'Awaiting approval']);
    expect(t[1]!.slice(1, 3)).to.deep.equal(['€10.00', 'Approved']);
    expect(t[2]![2]).to.equal('Declined');
    expect(t[1]![3]).to.equal(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(row(1).createdAt)));
    expect(t[1]![4]).to.equal(`Reference: ${row(1).transactionId}`);
    expect(served.seen).to.deep.equal(['?limit=20']);
    await expect(h.el).to.be.accessible();
  });

  it('"Show more" fetches the next page with the proxy’s cursor, then there is no more', async () => {
    const h = await open();
    await h.click('Show more');
    await waitUntil(() => rows(h).length === 5, 'page 2');
    await h.settle();
    expect(served.seen).to.deep.equal(['?limit=20', '?limit=20&cursor=c2']);
    expect(h.button('Show more')).to.equal(null);
  });

  it('an unfinished pay-out’s status is followed live', async () => {
    proxy.status = txStatus('approved', { transactionId: row(2).transactionId, type: 'payout' });
    const h = await open();
    expect(texts(h)[0]![2]).to.equal('Awaiting approval');
    await waitUntil(() => texts(h).some((r) => r[0] === 'Withdrawal · Gigadat' && r[2] === 'Approved'), 'live status', { timeout: 8000 });
    expect(proxy.polls().map((p) => p.path)).to.include(`/api/cashier/transactions/${row(2).transactionId}`);
  });

  it('checks nothing while the tab is hidden, and at once when it shows again', async () => {
    const setHidden = (hidden: boolean) => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    proxy.status = txStatus('approved', { transactionId: row(2).transactionId, type: 'payout' });
    setHidden(true);
    try {
      const h = await open();
      // Past the first check's 4 s (+20 % jitter): a visible tab would have asked by now.
      await aTimeout(5200);
      expect(proxy.polls(), 'polls while hidden').to.deep.equal([]);
      expect(texts(h)[0]![2]).to.equal('Awaiting approval');
      setHidden(false);
      await waitUntil(() => texts(h).some((r) => r[0] === 'Withdrawal · Gigadat' && r[2] === 'Approved'), 'checked on return', { timeout: 3000 });
    } finally {
      delete (document as { hidden?: boolean }).hidden;
    }
  });

  it('a receipt per transaction, printable, with a way back', async () => {
    const h = await open();
    rows(h)[1]!.click();
    await h.settle();
    const receipt = h.root.querySelector('[part~="receipt"]')!;
    expect(receipt.querySelector('h2')!.textContent!.trim()).to.equal('Receipt');
    const items = [...receipt.querySelectorAll('dl div')].map((d) => [
      d.querySelector('dt')!.textContent!.trim(),
      d
        .querySelector('dd')!
        .textContent!.replace(/\u00a0/g, ' ')
        .trim(),
    ]);
    expect(items.map((i) => i[0])).to.deep.equal(['Type', 'Method', 'Amount', 'Status', 'Date', 'Last update', 'Reference']);
    expect(items.find((i) => i[0] === 'Reference')![1]).to.equal(row(1).transactionId);
    expect(h.button('Print receipt')).to.not.equal(null);
    await expect(h.el).to.be.accessible();
    await h.click('Back to your transactions');
    expect(rows(h)).to.have.length(3);
  });

  it('a receipt with a fee names the three figures: the amount, the fee, and what was paid or received (ADR 0019)', async () => {
    served.restore();
    served = serveHistory(proxy, {
      '': {
        transactions: [row(1, { amount: '100.00', fee: '2.00', total: '102.00' }), row(2, { type: 'payout', amount: '100.00', fee: '2.00', total: '98.00' })],
      },
    });
    const h = await open();
    const receipt = async (n: number) => {
      rows(h)[n]!.click();
      await h.settle();
      const items = [...h.root.querySelectorAll('[part~="receipt"] dl div')].map((d) => [
        d.querySelector('dt')!.textContent!.trim(),
        d
          .querySelector('dd')!
          .textContent!.replace(/\u00a0/g, ' ')
          .trim(),
      ]);
      await h.click('Back to your transactions');
      return items.filter(([label]) => ['Amount', 'Fee', 'Total', 'You receive'].includes(label!));
    };
    expect(await receipt(0)).to.deep.equal([
      ['Amount', '€100.00'],
      ['Fee', '€2.00'],
      ['Total', '€102.00'],
    ]);
    expect(await receipt(1)).to.deep.equal([
      ['Amount', '€100.00'],
      ['Fee', '€2.00'],
      ['You receive', '€98.00'],
    ]);
  });

  it('with the history attribute: two tabs, the cashier first, the history on demand', async () => {
    const h = await renderCashier(html`<mozarto-cashier history psp="PAYONE"></mozarto-cashier>`);
    await waitUntil(() => h.root.querySelector('[role="tab"]'), 'tabs');
    const tabs = [...h.root.querySelectorAll('[role="tab"]')];
    expect(tabs.map((t) => [t.textContent!.trim(), t.getAttribute('aria-selected')])).to.deep.equal([
      ['Deposit', 'true'],
      ['History', 'false'],
    ]);
    expect(h.labels()).to.include('Email');
    expect(served.seen).to.deep.equal([]);
    (tabs[1] as HTMLElement).click();
    await waitUntil(() => rows(h).length > 0, 'rows');
    expect(h.root.querySelector('[role="tab"][aria-selected="true"]')!.textContent!.trim()).to.equal('History');
    await expect(h.el).to.be.accessible();
    (h.root.querySelector('[role="tab"]') as HTMLElement).click();
    await h.settle();
    expect(h.labels()).to.include('Email');
    // One tab stop; the arrow keys move to the other tab, show it and focus it.
    const current = () => h.root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')!;
    expect([...h.root.querySelectorAll<HTMLElement>('[role="tab"]')].map((t) => t.tabIndex)).to.deep.equal([0, -1]);
    current().focus();
    current().dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true }));
    await h.settle();
    await h.settle();
    expect(current().textContent!.trim()).to.equal('History');
    expect(h.root.activeElement).to.equal(current());
  });

  it('an empty history says so', async () => {
    served.restore();
    served = serveHistory(proxy, { '': { transactions: [] } });
    const h = await renderCashier(html`<mozarto-cashier view="history"></mozarto-cashier>`).catch(() => null);
    const el = document.querySelector('mozarto-cashier')!;
    await waitUntil(() => el.shadowRoot!.textContent!.includes('No transactions yet.'), 'empty');
    void h;
  });

  // Every language: the list, the tabs and a receipt show no raw key and no English of the view.
  const english = new Set<string>(Object.values(HISTORY_EN));
  for (const locale of SHIPPED_LANGUAGES) {
    it(`in ${locale}: no missing text`, async () => {
      const messages = (await loadLocale(locale)) as Record<string, string>;
      // A word that is the same in this language ("Date", "Status") is no fallback.
      const same = new Set<string>(
        Object.entries(HISTORY_EN)
          .filter(([k, v]) => messages[k] === v)
          .map(([, v]) => v),
      );
      const h = await renderCashier(html`<mozarto-cashier history locale=${locale} psp="PAYONE"></mozarto-cashier>`);
      await waitUntil(() => h.root.querySelectorAll('[role="tab"]').length === 2, 'tabs');
      (h.root.querySelectorAll('[role="tab"]')[1] as HTMLElement).click();
      await waitUntil(() => rows(h).length > 0, 'rows');
      const seen = [...h.root.querySelectorAll('[role="tab"], h2, [part~="history-row"] span, [part~="more"]')].map((n) => n.textContent!.trim());
      rows(h)[0]!.click();
      await h.settle();
      seen.push(...[...h.root.querySelectorAll('[part~="receipt"] :is(h2, dt, dd, button)')].map((n) => n.textContent!.trim()));
      for (const text of seen) {
        expect(text, 'raw key').not.to.match(/\bhistory\.[a-z_.]+/);
        expect(english.has(text) && !same.has(text), `English: ${text}`).to.equal(false);
      }
    });
  }
});
