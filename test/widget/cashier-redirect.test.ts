import { aTimeout, expect, html, oneEvent } from '@open-wc/testing';
import '../../src/widget/define.js';
import { LAST_TRANSACTION_KEY, lastTransactionId } from '../../src/widget/resume.js';
import { VALID, renderCashier, type CashierHarness } from './harness.js';
import { created, fakeProxy, type FakeProxy } from '../../src/testing/index.js';

describe('<mozarto-cashier>: pay-in redirect', () => {
  let proxy: FakeProxy;
  let h: CashierHarness;
  let urls: string[];
  const start = async (allowHosts?: string) => {
    h = await renderCashier(html`<mozarto-cashier allow-hosts=${allowHosts ?? ''}></mozarto-cashier>`);
    urls = h.stubNavigate();
    await h.fillAll(VALID);
  };
  beforeEach(() => {
    proxy = fakeProxy();
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });
  afterEach(() => {
    proxy.restore();
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  it('emits mozarto-redirect with the URL, remembers the transaction, navigates', async () => {
    await start();
    const redirect = oneEvent(h.el, 'mozarto-redirect');
    await h.submit();
    const event = await redirect;
    expect(event.detail).to.deep.equal({ url: 'https://pay.example.com/s/1', transactionId: 'tx_1' });
    expect(event.cancelable).to.equal(true);
    expect(sessionStorage.getItem('mozarto-cashier:last')).to.equal('tx_1');
    expect(lastTransactionId()).to.equal('tx_1');
    expect(urls).to.deep.equal(['https://pay.example.com/s/1']);
    await h.until('redirecting');
    expect(h.message()).to.equal('Taking you to Payone…');
    expect(h.link()!.href).to.equal('https://pay.example.com/s/1');
    expect(h.link()!.textContent!.trim()).to.equal('Continue to Payone');
  });

  it('a canceled mozarto-redirect does not navigate but keeps the fallback link', async () => {
    await start();
    h.el.addEventListener('mozarto-redirect', (e) => e.preventDefault());
    await h.submit();
    await h.until('redirecting');
    expect(urls).to.deep.equal([]);
    expect(h.link()!.href).to.equal('https://pay.example.com/s/1');
  });

  for (const url of ['javascript:alert(document.cookie)', 'http://evil.example/pay', '/relative/pay', '//evil.example/pay', 'data:text/html,x']) {
    it(`refuses an unsafe redirect: ${url}`, async () => {
      await start();
      proxy.create = created({ redirectUrl: url });
      let redirected = false;
      h.el.addEventListener('mozarto-redirect', () => (redirected = true));
      const error = oneEvent(h.el, 'mozarto-error');
      await h.submit();
      const detail = (await error).detail;
      expect(detail.code).to.equal('bad_response');
      expect(detail.retryable).to.equal(false);
      await h.until('error');
      expect(urls).to.deep.equal([]);
      expect(redirected).to.equal(false);
      expect(h.link()).to.equal(null);
      expect(lastTransactionId()).to.equal(null);
      expect(h.message()).to.equal('We could not open the payment page safely. Please contact support.');
      expect(h.panelText()).to.contain('Reference: tx_1');
      await expect(h.el).to.be.accessible();
    });
  }

  it('a missing redirect URL is refused too', async () => {
    await start();
    proxy.create = created({ redirectUrl: undefined });
    await h.submit();
    await h.until('error');
    expect(urls).to.deep.equal([]);
  });

  it('allow-hosts refuses a host not on the list', async () => {
    await start('pay.mozarto.example *.psp.example');
    const error = oneEvent(h.el, 'mozarto-error');
    await h.submit();
    expect((await error).detail.message).to.contain('allow-list');
    await h.until('error');
    expect(urls).to.deep.equal([]);
  });

  it('allow-hosts lets a listed host through', async () => {
    await start('pay.mozarto.example *.example.com');
    await h.submit();
    await h.until('redirecting');
    expect(urls).to.deep.equal(['https://pay.example.com/s/1']);
  });

  it('http is allowed only for localhost', async () => {
    await start();
    proxy.create = created({ redirectUrl: 'http://localhost:5173/hosted/1' });
    await h.submit();
    await h.until('redirecting');
    expect(urls).to.deep.equal(['http://localhost:5173/hosted/1']);
    await aTimeout(0);
  });
});
