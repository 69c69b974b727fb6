import { aTimeout, expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/widget/define.js';
import type { MozartoCashier } from '../../src/widget/mozarto-cashier.js';
import { LAST_TRANSACTION_KEY, lastTransactionId } from '../../src/widget/resume.js';
import { CashierHarness, VALID, renderCashier } from './harness.js';
import { awaitOutcome, created, errorAnswer, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

describe('<mozarto-cashier>: pay-out processing and resume', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
    proxy.create = awaitOutcome;
  });
  afterEach(() => {
    proxy.restore();
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  const payout = async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    return h;
  };

  it('processing → polls → approved, with mozarto-status and mozarto-complete', async () => {
    // Each status holds until the test has seen it (fast polling must not skip a state under load).
    let step = 0;
    const answers = [txStatus('pending'), txStatus('awaiting_approval'), txStatus('approved')];
    proxy.status = () => answers[step]!;
    const h = await payout();
    const statuses: string[] = [];
    h.el.addEventListener('mozarto-status', (e) => statuses.push(`${e.detail.transactionId}:${e.detail.status}`));
    const complete = oneEvent(h.el, 'mozarto-complete');
    await h.submit();
    await h.until('processing');
    expect(h.message()).to.equal('Processing your withdrawal…');
    expect(h.panelText()).to.contain('Reference: tx_1');
    expect(h.root.querySelector('[part~="spinner"]')).to.exist;
    // The processing state came from the create answer; a poll must answer "pending" too before
    // the status moves on, or a loaded engine whose first 20 ms poll fires late (Firefox did)
    // skips it and makes two polls for three statuses.
    await waitUntil(() => proxy.polls().length >= 1, 'no poll while processing');
    step = 1;
    await h.until('awaiting-approval');
    step = 2;
    expect((await complete).detail).to.deep.equal({ transactionId: 'tx_1', status: 'approved' });
    await h.until('done');
    expect(statuses).to.deep.equal(['tx_1:pending', 'tx_1:awaiting_approval', 'tx_1:approved']);
    expect(proxy.polls().length).to.be.at.least(3);
    expect(proxy.polls()[0]!.path).to.equal('/api/cashier/transactions/tx_1');
    expect(h.message()).to.equal('Withdrawal approved');
    expect(h.panelText()).to.contain('Reference: tx_1');
    expect(h.button('Try again')).to.equal(null);
    const n = proxy.polls().length;
    await aTimeout(60);
    expect(proxy.polls().length).to.equal(n); // stopped
  });

  it('declined with one method offers Try again, which brings back the filled form with a new key', async () => {
    proxy.status = txStatus('declined', { message: 'Insufficient funds' });
    const h = await payout();
    await h.submit();
    await h.until('done');
    expect(h.message()).to.equal('Withdrawal declined');
    expect(h.panelText()).to.contain('Insufficient funds');
    expect(h.panelText()).to.contain('Try another payment method, or try again.');
    await h.click('Try again');
    await h.until('editing');
    expect(h.value('First name')).to.equal('Ada');
    await h.submit();
    await h.until('done');
    const [a, b] = proxy.posts();
    expect(b!.headers['idempotency-key']).not.to.equal(a!.headers['idempotency-key']);
  });

  it('network errors while polling are quiet', async () => {
    proxy.status = ['network', { text: 'garbage' }, 'network', txStatus('approved')];
    const errors: unknown[] = [];
    const h = await payout();
    h.el.addEventListener('mozarto-error', (e) => errors.push(e.detail));
    await h.submit();
    await h.until('done');
    expect(errors).to.deep.equal([]);
    expect(proxy.polls().length).to.equal(4);
  });

  it('a not_found while polling is the error state', async () => {
    proxy.status = errorAnswer(404, { code: 'not_found' });
    const h = await payout();
    await h.submit();
    await h.until('error');
    expect(h.message()).to.equal('We could not find this transaction.');
  });

  it('stops polling when the element is removed', async () => {
    proxy.status = txStatus('pending');
    const h = await payout();
    await h.submit();
    await h.until('processing');
    await waitUntil(() => proxy.polls().length >= 1);
    h.el.remove();
    const n = proxy.polls().length;
    await aTimeout(100);
    expect(proxy.polls().length).to.be.at.most(n + 1);
  });

  it('gives up with a clear still-processing state and Check again', async () => {
    proxy.status = txStatus('pending');
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    const timing = (giveUpAfter: number) =>
      ((h.el as unknown as { pollTiming: object }).pollTiming = { initialDelay: 10, maxDelay: 10, jitter: 0, giveUpAfter });
    // Pending answers never hold off the give-up, so polls every 10 ms against a 50 ms limit give
    // up whichever timer a slow engine fires first.
    timing(50);
    await h.fillAll(VALID);
    await h.submit();
    await waitUntil(() => h.button('Check again') !== null, 'never stalled', { timeout: 2000 });
    expect(h.state()).to.equal('processing');
    expect(h.message()).to.equal('Still processing');
    expect(h.root.querySelector('[part~="spinner"]')).to.equal(null);
    expect(h.panelText()).to.contain('taking longer than usual');
    expect(h.panelText()).to.contain('Reference: tx_1');
    await expect(h.el).to.be.accessible();
    // Check again starts a new watch: its 10 ms poll must reach "approved" before that watch
    // gives up, and a loaded engine can fire a 10 ms timer after a 50 ms one (Firefox did). The
    // slow answer stands in for that late timer; the second watch gets a limit no engine misses.
    proxy.status = async () => (await aTimeout(100), txStatus('approved'));
    timing(60_000);
    await h.click('Check again');
    await h.until('done');
  });

  it('a sync outcome is final at once', async () => {
    proxy.create = created({ outcome: 'sync', status: 'approved', redirectUrl: undefined });
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
    await h.fillAll(VALID);
    const complete = oneEvent(h.el, 'mozarto-complete');
    await h.submit();
    expect((await complete).detail.status).to.equal('approved');
    await h.until('done');
    expect(h.message()).to.equal('Payment approved');
    expect(proxy.polls()).to.deep.equal([]);
  });

  const DONE = {
    approved: 'Payment approved',
    declined: 'Payment declined',
    failed: 'Payment failed',
    rejected: 'Payment rejected',
  } as const;
  for (const [status, text] of Object.entries(DONE)) {
    it(`the transaction attribute resumes and shows the final status: ${status}`, async () => {
      proxy.status = txStatus(status, { transactionId: 'tx_77' });
      const complete = new Promise<CustomEvent>((r) => document.addEventListener('mozarto-complete', r as never, { once: true }));
      const h = await renderCashier(html`<mozarto-cashier transaction="tx_77"></mozarto-cashier>`, 'done');
      expect((await complete).detail).to.deep.equal({ transactionId: 'tx_77', status });
      expect(h.message()).to.equal(text);
      expect(h.panelText()).to.contain('Reference: tx_77');
      expect(proxy.polls()[0]!.path).to.equal('/api/cashier/transactions/tx_77');
      // The config comes in the same round trip (whether there is another method to try), once.
      expect(proxy.requests.filter((r) => r.path.endsWith('/config')).length).to.equal(1);
      // One next action beside the reference's copy button: after an approval a new deposit; one
      // method (the fake proxy's config): "Try again", never "Try another method"; none after a rejection.
      const next = { approved: 'New deposit', declined: 'Try again', failed: 'Try again', rejected: null }[status];
      expect(h.root.querySelectorAll('button:not([part~="copy"])').length).to.equal(next ? 1 : 0);
      if (next) expect(h.button(next)).to.exist;
      if (status === 'rejected') expect(h.panelText()).to.contain('Please contact support and quote your reference.');
      if (status === 'failed') expect(h.panelText()).to.contain('Please try again later.');
    });
  }

  it('a resumed pending pay-in says it is confirming', async () => {
    proxy.status = txStatus('pending');
    const h = await renderCashier(html`<mozarto-cashier transaction="tx_1"></mozarto-cashier>`, 'processing');
    await waitUntil(() => h.message() === 'Confirming your payment…');
    await expect(h.el).to.be.accessible();
  });

  it('resuming a pending pay-in polls until the outcome (return page)', async () => {
    proxy.status = [txStatus('pending'), txStatus('pending'), txStatus('approved')];
    const el = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`).then((h) => h.el);
    const h = new CashierHarness(el);
    h.fastPolling();
    sessionStorage.setItem(LAST_TRANSACTION_KEY, 'tx_1');
    const statuses: string[] = [];
    el.addEventListener('mozarto-status', (e) => statuses.push(e.detail.status));
    el.transaction = new URLSearchParams('').get('transaction') ?? lastTransactionId() ?? undefined;
    await el.updateComplete;
    expect(h.state()).to.equal('processing');
    expect(h.message()).to.equal('Checking your transaction…');
    await h.until('done');
    expect(h.message()).to.equal('Payment approved');
    expect(statuses).to.deep.equal(['pending', 'approved']);
    expect(proxy.polls().length).to.equal(3);
    expect(sessionStorage.getItem(LAST_TRANSACTION_KEY)).to.equal(null); // shown once, then forgotten
  });

  it('resume uses the transaction type from the proxy', async () => {
    proxy.status = txStatus('rejected', { type: 'payout' });
    const h = await renderCashier(html`<mozarto-cashier transaction="tx_1"></mozarto-cashier>`, 'done');
    expect(h.message()).to.equal('Withdrawal rejected');
  });

  it('a malformed status answer on resume is an error with Try again, never a throw', async () => {
    proxy.status = [{ body: { transactionId: 'tx_1', status: 'APPROVED!' } }, txStatus('approved')];
    const h = await renderCashier(html`<mozarto-cashier transaction="tx_1"></mozarto-cashier>`, 'error');
    expect(h.message()).to.equal('Something went wrong on our side. Please try again.');
    await h.click('Try again');
    await h.until('done');
    expect(h.message()).to.equal('Payment approved');
  });

  it('a malformed config is an error with Try again that reloads it', async () => {
    proxy.config = { body: { version: 1, methods: 'all' } };
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`, 'error');
    proxy.config = {
      body: { version: 1, methods: { payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'] }], payout: [] }, limits: { min: '1.00', max: '2.00' } },
    };
    await h.click('Try again');
    await h.until('editing');
  });

  it('Try again after a resumed decline loads the form', async () => {
    proxy.status = txStatus('declined');
    const h = await renderCashier(html`<mozarto-cashier transaction="tx_1"></mozarto-cashier>`, 'done');
    await h.click('Try again');
    await h.until('editing');
    expect(h.labels()).to.include('First name');
  });

  it('the root exposes custom states for theming', async () => {
    proxy.status = txStatus('approved');
    const h = await renderCashier(html`<mozarto-cashier transaction="tx_1"></mozarto-cashier>`, 'done');
    const el: MozartoCashier = h.el;
    expect(el.matches(':state(done)')).to.equal(true);
    expect(el.matches(':state(approved)')).to.equal(true);
  });
});
