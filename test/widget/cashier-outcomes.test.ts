/**
 * Outcomes the player can trust: push and polling, approval queue, reconnecting, hidden tabs,
 * the give-up limit, reload mid-pay-out, redirect targets.
 */
import { aTimeout, expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/widget/define.js';
import { IN_FLIGHT_KEY, LAST_TRANSACTION_KEY } from '../../src/widget/resume.js';
import { CashierHarness, VALID, renderCashier } from './harness.js';
import { awaitOutcome, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

/** Pretends the tab is hidden or shown, as the browser would tell the page. */
function setHidden(hidden: boolean): void {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('<mozarto-cashier>: outcomes', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
    proxy.create = awaitOutcome;
  });
  afterEach(() => {
    proxy.restore();
    delete (document as { hidden?: boolean }).hidden;
    delete (document as { visibilityState?: string }).visibilityState;
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  const payout = async (attrs = '') => {
    const h = await renderCashier(html`<mozarto-cashier type="payout" give-up-after=${attrs || '120'}></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    return h;
  };
  const statuses = (h: CashierHarness) => {
    const seen: string[] = [];
    h.el.addEventListener('mozarto-status', (e) => seen.push(e.detail.status));
    return seen;
  };

  it('push: the status arrives by the event stream, without polling', async () => {
    proxy.push = true;
    const h = await payout();
    const seen = statuses(h);
    const complete = oneEvent(h.el, 'mozarto-complete');
    await h.submit();
    await waitUntil(() => proxy.stream() !== undefined, 'no stream');
    const stream = proxy.stream()!;
    expect(new URL(stream.url).pathname).to.equal('/api/cashier/transactions/tx_1/events');
    await aTimeout(10);
    stream.send('pending');
    await h.settle();
    expect(h.state()).to.equal('processing');
    expect(h.el.shadowRoot!.querySelector('[part~="elapsed"]')!.getAttribute('aria-hidden')).to.equal('true');
    stream.send('approved', { message: 'Paid out' });
    expect((await complete).detail).to.deep.equal({ transactionId: 'tx_1', status: 'approved' });
    await h.until('done');
    expect(h.panelText()).to.contain('Paid out');
    expect(stream.closed).to.equal(true);
    expect(proxy.polls()).to.deep.equal([]);
    expect(seen).to.deep.equal(['pending', 'approved']); // the repeated pending was not re-announced
  });

  it('push: a message that fails the contract is not trusted; polling takes over', async () => {
    proxy.push = true;
    proxy.status = txStatus('declined');
    const h = await payout();
    await h.submit();
    await waitUntil(() => proxy.stream() !== undefined);
    await aTimeout(10);
    proxy.stream()!.send('approved', { transactionId: 'tx_OTHER' });
    await h.until('done');
    expect(h.message()).to.equal('Withdrawal declined');
    expect(proxy.polls().length).to.be.greaterThan(0);
  });

  it('push: a drop shows a quiet Reconnecting… hint, polls, and clears the hint', async () => {
    proxy.push = true;
    let release = false;
    proxy.status = () => (release ? txStatus('pending') : 'network');
    const h = await payout();
    await h.submit();
    await waitUntil(() => proxy.stream() !== undefined);
    await aTimeout(10);
    proxy.stream()!.send('pending');
    const announced = h.announcement();
    proxy.push = false; // the proxy is gone for a while
    proxy.stream()!.drop();
    await h.settle();
    expect(h.panelText()).to.contain('Reconnecting…');
    expect(h.root.querySelector('[part~="hint"]')).to.exist;
    expect(h.announcement()).to.equal(announced); // quiet: the live region does not speak
    await waitUntil(() => proxy.polls().length > 0, 'no poll during the drop');
    release = true;
    await waitUntil(() => !h.panelText().includes('Reconnecting…'), 'hint never cleared', { timeout: 3000 });
    proxy.status = txStatus('approved');
    await h.until('done');
  });

  it('awaiting approval, then approved', async () => {
    let approved = false;
    proxy.status = () => txStatus(approved ? 'approved' : 'awaiting_approval');
    const h = await payout();
    const seen = statuses(h);
    await h.submit();
    await h.until('awaiting-approval');
    expect(h.message()).to.equal('Your withdrawal is waiting for approval…');
    expect(h.panelText()).to.contain('You can leave this page');
    expect(h.panelText()).to.contain('Reference: tx_1');
    expect(h.el.matches(':state(awaiting-approval)')).to.equal(true);
    await waitUntil(() => h.announcement() === 'Your withdrawal is waiting for approval…');
    await expect(h.el).to.be.accessible();
    approved = true;
    await h.until('done');
    expect(h.message()).to.equal('Withdrawal approved');
    expect(seen).to.deep.equal(['pending', 'awaiting_approval', 'approved']);
  });

  it('awaiting approval, then rejected: contact support with the reference', async () => {
    let rejected = false;
    proxy.status = () => txStatus(rejected ? 'rejected' : 'awaiting_approval');
    const h = await payout();
    const complete = oneEvent(h.el, 'mozarto-complete');
    await h.submit();
    await h.until('awaiting-approval');
    rejected = true;
    expect((await complete).detail.status).to.equal('rejected');
    await h.until('done');
    expect(h.message()).to.equal('Withdrawal rejected');
    expect(h.panelText()).to.contain('Please contact support and quote your reference.');
    expect(h.panelText()).to.contain('Reference: tx_1');
    // No "Try again" after a rejection: the reference's copy button is the only one.
    expect([...h.root.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Copy']);
  });

  it('a webhook before the first poll: the first answer is final, nothing flickers', async () => {
    proxy.status = txStatus('approved');
    const h = await payout();
    const seen = statuses(h);
    const states: string[] = [];
    const record = () => states.push(h.state()!);
    const observer = new MutationObserver(record);
    await h.submit();
    observer.observe(h.root, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    await h.until('done');
    observer.disconnect();
    expect(seen).to.deep.equal(['pending', 'approved']);
    expect(proxy.polls().length).to.equal(1);
    expect(states.filter((s) => s !== 'processing' && s !== 'done')).to.deep.equal([]);
  });

  it('hidden tab: no requests and no open stream while hidden; shown again: checks at once', async () => {
    proxy.push = true;
    proxy.status = txStatus('approved');
    const h = await payout();
    await h.submit();
    await waitUntil(() => proxy.stream() !== undefined);
    await aTimeout(10);
    proxy.stream()!.send('pending');
    await h.settle();
    setHidden(true);
    expect(proxy.streams.every((s) => s.closed)).to.equal(true);
    const before = proxy.requests.length;
    await aTimeout(150);
    expect(proxy.requests.length).to.equal(before);
    expect(h.state()).to.equal('processing');
    setHidden(false);
    expect(proxy.requests.length).to.equal(before + 1); // the stream reopened at once
    const reopened = proxy.stream()!;
    expect(reopened.closed).to.equal(false);
    await aTimeout(10);
    reopened.send('approved');
    await h.until('done');
  });

  it('give-up-after: "Still processing" with the reference and Check again, then stops asking', async () => {
    proxy.status = txStatus('pending');
    const h = await payout('1');
    await h.submit();
    await waitUntil(() => h.button('Check again') !== null, 'never gave up', { timeout: 4000 });
    expect(h.message()).to.equal('Still processing');
    expect(h.panelText()).to.contain('Reference: tx_1');
    expect(h.root.querySelector('[part~="elapsed"]')).to.equal(null);
    await waitUntil(() => h.announcement() === 'Still processing');
    const n = proxy.polls().length;
    await aTimeout(100);
    expect(proxy.polls().length).to.equal(n);
    proxy.status = txStatus('approved');
    await h.click('Check again');
    await h.until('done');
  });

  it('a reload mid-pay-out resumes it without a transaction attribute', async () => {
    proxy.status = txStatus('pending');
    const h = await payout();
    await h.submit();
    await h.until('processing');
    expect(sessionStorage.getItem(IN_FLIGHT_KEY)).to.contain('tx_1');
    h.el.remove(); // the reload
    proxy.status = txStatus('approved');
    const again = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`, 'done');
    expect(again.message()).to.equal('Withdrawal approved');
    expect(again.panelText()).to.contain('Reference: tx_1');
    expect(sessionStorage.getItem(IN_FLIGHT_KEY)).to.equal(null);
    // A finished one is not resumed: the next load is the form.
    again.el.remove();
    const third = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`, 'editing');
    expect(third.labels()).to.include('First name');
  });

  it('an in-flight pay-out is not resumed by a pay-in form', async () => {
    sessionStorage.setItem(IN_FLIGHT_KEY, JSON.stringify({ id: 'tx_9', flow: 'payout', endpoint: '/api/cashier' }));
    const h = await renderCashier(html`<mozarto-cashier type="payin"></mozarto-cashier>`, 'editing');
    expect(h.labels()).to.include('First name');
    expect(proxy.polls()).to.deep.equal([]);
  });

  it('elapsed time is shown as m:ss and hidden from screen readers', async () => {
    proxy.status = txStatus('pending');
    const h = await payout();
    await h.submit();
    await h.until('processing');
    const elapsed = h.root.querySelector('[part~="elapsed"]')!;
    expect(elapsed.textContent!.trim()).to.match(/^Time elapsed: 0:0\d$/);
    expect(elapsed.closest('[aria-live]')).to.equal(null);
  });
});

describe('<mozarto-cashier>: redirect targets', () => {
  let proxy: FakeProxy;
  let open: typeof window.open;
  beforeEach(() => {
    proxy = fakeProxy();
    open = window.open;
  });
  afterEach(() => {
    proxy.restore();
    window.open = open;
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  it('blank: a blocked pop-up shows the Continue link in a new tab, without a spinner', async () => {
    const opened: string[] = [];
    window.open = ((url: string) => (opened.push(url), null)) as typeof window.open;
    const h = await renderCashier(html`<mozarto-cashier redirect-target="blank"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    await waitUntil(() => h.root.querySelector('[data-status="blocked"]') !== null, 'not blocked');
    expect(opened).to.deep.equal(['https://pay.example.com/s/1']);
    expect(h.message()).to.equal('Your browser did not open Payone. Use the link to continue.');
    expect(h.link()!.target).to.equal('_blank');
    expect(h.link()!.rel).to.equal('noopener');
    expect(h.link()!.textContent!.trim()).to.equal('Continue to Payone');
    expect(h.root.querySelector('[part~="spinner"]')).to.equal(null);
    await expect(h.el).to.be.accessible();
  });

  it('blank: an opened tab leaves this page following the outcome', async () => {
    const fakeTab = { opener: 'me' } as unknown as Window;
    window.open = (() => fakeTab) as typeof window.open;
    let paid = false;
    proxy.status = () => txStatus(paid ? 'approved' : 'pending');
    const h = await renderCashier(html`<mozarto-cashier redirect-target="blank"></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('processing');
    expect(fakeTab.opener).to.equal(null);
    expect(h.panelText()).to.contain('Payone opened in a new tab.');
    expect(h.link()!.target).to.equal('_blank');
    paid = true;
    await h.until('done');
    expect(h.message()).to.equal('Payment approved');
  });

  it('top when not framed navigates this window (navigate is asked for top)', async () => {
    const h = await renderCashier(html`<mozarto-cashier redirect-target="top"></mozarto-cashier>`);
    const asked: string[] = [];
    (h.el as unknown as { navigate(u: string, t: string): boolean }).navigate = (u, t) => (asked.push(`${t} ${u}`), true);
    await h.fillAll(VALID);
    await h.submit();
    await h.until('redirecting');
    expect(asked).to.deep.equal(['top https://pay.example.com/s/1']);
    expect(h.link()!.target).to.equal('_top');
  });
});
