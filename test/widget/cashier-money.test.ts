/**
 * Issue 13 in the widget: an outcome the proxy cannot know yet ("we are confirming your
 * payment", with the reference), a transaction under review (final, never approved), and the
 * merchant's refusals, each its own state with the next step.
 */
import { expect, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/widget/define.js';
import { LAST_TRANSACTION_KEY } from '../../src/widget/resume.js';
import { VALID, renderCashier } from './harness.js';
import { errorAnswer, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

const statusPanel = (el: Element) => el.shadowRoot!.querySelector('[part~="status"]') as HTMLElement;
/** The result card (its part loads once the form is left). */
const card = (el: Element) => waitUntil(() => el.shadowRoot!.querySelector('[part~="result"]'), 'the result card');

describe('<mozarto-cashier>: unknown outcome, review, refusals (issue 13)', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
  });
  afterEach(() => {
    proxy.restore();
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  it('a 202 unknown shows "we are confirming your payment" with the reference, then the settled outcome', async () => {
    proxy.create = { status: 202, body: { transactionId: 'tx_1', status: 'unknown', outcome: 'await' } };
    // The settled answer comes late, so the unknown panel is shown for longer than the harness's 50 ms look.
    proxy.status = [txStatus('unknown'), { body: (txStatus('approved') as { body: unknown }).body, delay: 500 }];
    const h = await renderCashier(html`<mozarto-cashier type="payin"></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('processing');
    await card(h.el);
    expect(statusPanel(h.el).dataset.status).to.equal('unknown');
    expect(h.panelText()).to.contain('We are confirming your payment');
    expect(h.panelText()).to.contain('Do not pay again');
    expect(h.panelText()).to.contain('Reference: tx_1');
    await h.until('done');
    expect(statusPanel(h.el).dataset.status).to.equal('approved');
    expect(proxy.posts()).to.have.length(1);
  });

  it('review is final: "your payment is being reviewed", the reference, no action, and mozarto-complete says review', async () => {
    proxy.create = { status: 201, body: { transactionId: 'tx_1', status: 'pending', outcome: 'await' } };
    proxy.status = txStatus('review');
    const h = await renderCashier(html`<mozarto-cashier type="payin"></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    const complete = oneEvent(h.el, 'mozarto-complete');
    await h.submit();
    expect((await complete).detail).to.deep.equal({ transactionId: 'tx_1', status: 'review' });
    await h.until('done');
    await card(h.el);
    expect(statusPanel(h.el).dataset.status).to.equal('review');
    expect(h.panelText()).to.contain('Your payment is being reviewed');
    expect(h.panelText()).to.contain('Reference: tx_1');
    expect(h.el.shadowRoot!.querySelector('button:not([part~="copy"])')).to.equal(
      null,
      'no "Try again" for a payment under review (the reference’s copy button only)',
    );
  });

  it('a refusal for the balance is its own state with the next step, and Back returns to the form', async () => {
    proxy.create = errorAnswer(422, { code: 'refused', refusal: { reason: 'insufficient_balance' } });
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    await h.until('error');
    await card(h.el);
    expect(statusPanel(h.el).dataset.status).to.equal('refused');
    expect(h.panelText()).to.contain('Your balance does not cover this amount.');
    expect(h.panelText()).to.contain('Choose a smaller amount.');
    const back = [...h.el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Back')!;
    expect(back, 'a Back button').to.exist;
    back.click();
    await h.until('editing');
    expect(h.value('Email')).to.equal(VALID.Email);
  });

  it('limit_reached says what is left and when the limit resets', async () => {
    proxy.create = errorAnswer(422, { code: 'refused', refusal: { reason: 'limit_reached', remaining: '50.00', resetsAt: '2030-01-01T12:00:00.000Z' } });
    const h = await renderCashier(html`<mozarto-cashier type="payin"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    await h.until('error');
    await card(h.el);
    expect(h.panelText()).to.contain('You have reached your payment limit.');
    expect(h.panelText()).to.match(/You can still pay €50\.00 until .*2030/);
  });

  it('self-exclusion offers no way around it', async () => {
    proxy.create = errorAnswer(422, { code: 'refused', refusal: { reason: 'self_excluded' } });
    const h = await renderCashier(html`<mozarto-cashier type="payin"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    await h.until('error');
    await card(h.el);
    expect(h.panelText()).to.contain('self-exclusion');
    expect(h.panelText()).to.contain('Contact support');
    expect(h.el.shadowRoot!.querySelector('button')).to.equal(null);
  });
});
