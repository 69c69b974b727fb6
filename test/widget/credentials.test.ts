import { expect, html } from '@open-wc/testing';
import '../../src/widget/define.js';
import { awaitOutcome, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';
import { VALID, renderCashier } from './harness.js';

/** A proxy on a sibling origin (pay.shop.example beside www.shop.example) needs the player's cookies. */
describe('<mozarto-cashier>: credentials', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
    proxy.create = awaitOutcome;
    proxy.status = [txStatus('pending'), txStatus('approved')];
    proxy.push = true;
  });
  afterEach(() => proxy.restore());

  async function payout(attrs: 'default' | 'include') {
    const h =
      attrs === 'include'
        ? await renderCashier(html`<mozarto-cashier type="payout" credentials="include"></mozarto-cashier>`)
        : await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    h.fastPolling();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('processing');
    return h;
  }

  it('sends cookies to its own origin only by default: same-origin fetches, an EventSource without credentials', async () => {
    const h = await payout('default');
    expect(h.el.credentials).to.equal('same-origin');
    const kinds = new Set(proxy.requests.map((r) => `${r.method} ${r.credentials}`));
    expect([...kinds].sort()).to.deep.equal(['EVENTS same-origin', 'GET same-origin', 'POST same-origin']);
  });

  it('credentials="include": every fetch includes them and the event stream opens withCredentials', async () => {
    const h = await payout('include');
    expect(h.el.credentials).to.equal('include');
    const kinds = new Set(proxy.requests.map((r) => `${r.method} ${r.credentials}`));
    expect([...kinds].sort()).to.deep.equal(['EVENTS include', 'GET include', 'POST include']);
    expect(proxy.stream()!.url).to.match(/\/api\/cashier\/transactions\/tx_1\/events$/);
  });

  it('an unknown value falls back to same-origin', async () => {
    const h = await renderCashier(html`<mozarto-cashier credentials="everywhere"></mozarto-cashier>`);
    expect(h.state()).to.equal('editing');
    expect(proxy.requests.map((r) => r.credentials)).to.deep.equal(['same-origin']);
  });
});
