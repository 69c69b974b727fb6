/**
 * mozarto-cashier/testing as a merchant's own test uses it: no Lit, no @open-wc, just the page's
 * DOM. A plain element on the page, the fake proxy, the harness by label, the states.
 */
import { expect } from '@open-wc/testing';
import '../../src/widget/define.js';
import { awaitOutcome, cashierIn, fakeProxy, txStatus, waitFor, type FakeProxy } from '../../src/testing/index.js';

describe('mozarto-cashier/testing (a merchant’s test)', () => {
  let proxy: FakeProxy;
  let host: HTMLElement;
  beforeEach(() => {
    proxy = fakeProxy();
    host = document.createElement('main');
    document.body.append(host);
  });
  afterEach(() => {
    host.remove();
    proxy.restore();
  });

  it('fills the provider’s form by label, sends a pay-out and reads the states to approved', async () => {
    proxy.create = awaitOutcome;
    proxy.status = [txStatus('pending'), txStatus('approved')];
    host.innerHTML = '<mozarto-cashier type="payout" currency="EUR"></mozarto-cashier>';
    const h = await cashierIn(host);
    h.fastPolling();
    expect(h.labels()).to.include.members(['First name', 'Email', 'Amount']);
    expect(h.states()).to.deep.equal(['editing']);
    const completed: string[] = [];
    document.addEventListener('mozarto-complete', (e) => completed.push(e.detail.status), { once: true });
    await h.fillAll({ 'First name': 'Ada', 'Last name': 'Lovelace', Email: 'ada@example.com', 'Phone number': '+49 151 1234 5678', Amount: '25' });
    await h.submit();
    await h.until('done');
    expect(h.states()).to.deep.equal(['done', 'approved']);
    expect(completed).to.deep.equal(['approved']);
    expect(proxy.posts()[0]!.body).to.deep.include({ pspType: 'PAYONE', type: 'payout', amount: '25.00', currency: 'EUR' });
  });

  it('shows what the player would read: errors by label, the summary, the form error', async () => {
    host.innerHTML = '<mozarto-cashier></mozarto-cashier>';
    const h = await cashierIn(host);
    await h.fill('Email', 'ada@');
    expect(h.error('Email')).to.equal('Enter an email address like name@example.com.');
    await h.submit();
    expect(await waitFor(() => h.announcement() === '5 fields need attention')).to.equal(true);
    expect(h.focusedLabel(), 'the first field: the amount').to.equal('Amount');
  });

  it('says what is wrong when the element is missing or never gets there', async () => {
    let error = '';
    await cashierIn(host).catch((e: Error) => (error = e.message));
    expect(error).to.equal('No <mozarto-cashier> found');
    proxy.config = 'network';
    host.innerHTML = '<mozarto-cashier></mozarto-cashier>';
    await cashierIn(host, 'editing', 300).catch((e: Error) => (error = e.message));
    expect(error).to.equal('Expected state editing, still error after 300 ms');
  });
});
