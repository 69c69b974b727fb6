import { expect, html } from '@open-wc/testing';
import '../../src/widget/define.js';
import { MozartoCashier } from '../../src/widget/define.js';
import { CashierHarness, VALID, renderCashier } from './harness.js';
import { created, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

describe('<mozarto-cashier>: accessibility and defaults', () => {
  let proxy: FakeProxy;
  beforeEach(() => (proxy = fakeProxy()));
  afterEach(() => proxy.restore());

  it('the empty form is accessible', async () => {
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
    await expect(h.el).to.be.accessible();
  });

  it('the form with errors is accessible', async () => {
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
    await h.fill('Email', 'nope');
    await h.submit();
    expect(h.errors().length).to.equal(5);
    await expect(h.el).to.be.accessible();
  });

  it('loading is accessible', async () => {
    proxy.config = { body: {}, delay: 200 };
    const el = document.createElement('mozarto-cashier');
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(new CashierHarness(el).state()).to.equal('idle');
      await expect(el).to.be.accessible();
    } finally {
      el.remove();
    }
  });

  it('processing is accessible', async () => {
    proxy.create = created({ outcome: 'await', redirectUrl: undefined });
    proxy.status = txStatus('pending');
    const h = await renderCashier(html`<mozarto-cashier type="payout"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    await h.until('processing');
    expect(h.message()).to.equal('Processing your withdrawal…');
    await expect(h.el).to.be.accessible();
  });

  it('redirecting is accessible', async () => {
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
    h.stubNavigate();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('redirecting');
    await expect(h.el).to.be.accessible();
  });

  for (const status of ['approved', 'declined', 'failed', 'rejected']) {
    it(`done (${status}) is accessible`, async () => {
      proxy.status = txStatus(status, { transactionId: 'tx_42' });
      const h = await renderCashier(html`<mozarto-cashier transaction="tx_42"></mozarto-cashier>`, 'done');
      await expect(h.el).to.be.accessible();
    });
  }

  it('the error state is accessible', async () => {
    proxy.config = 'network';
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`, 'error');
    await expect(h.el).to.be.accessible();
  });

  it('fits 320 px wide, also right-to-left, without horizontal overflow', async () => {
    proxy.config = {
      body: {
        version: 1,
        methods: { payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR', 'CAD'] }], payout: [] },
        limits: { min: '1.00', max: '9.00' },
      },
    };
    for (const dir of ['ltr', 'rtl']) {
      const h = await renderCashier(html`<div style="width:320px" dir=${dir}><mozarto-cashier amount="5"></mozarto-cashier></div>`);
      const el = h.el;
      await h.submit();
      const base = el.shadowRoot!.querySelector<HTMLElement>('[part~="base"]')!;
      expect(el.getBoundingClientRect().width).to.be.at.most(320);
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      for (const c of el.shadowRoot!.querySelectorAll('input, select, button')) {
        const r = c.getBoundingClientRect();
        const host = el.getBoundingClientRect();
        expect(r.left).to.be.at.least(host.left);
        expect(r.right).to.be.at.most(host.right + 0.5);
      }
    }
  });

  it('has the documented defaults', () => {
    const el = new MozartoCashier();
    expect(el.endpoint).to.equal('/api/cashier');
    expect(el.type).to.equal('payin');
    expect(el.psp).to.equal(undefined);
    expect(el.prefill).to.deep.equal({});
    expect(el.messages).to.deep.equal({});
    expect(customElements.get('mozarto-cashier')).to.equal(MozartoCashier);
  });

  it('renders the amount first, then Payone fields with real labels and input hints, and the button', async () => {
    const h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
    expect(h.labels()).to.deep.equal(['Amount', 'First name', 'Last name', 'Email', 'Phone number']);
    const attrs = (label: string) => {
      const c = h.control(label);
      return ['type', 'autocomplete', 'inputmode', 'maxlength'].map((a) => c.getAttribute(a));
    };
    expect(attrs('First name')).to.deep.equal(['text', 'given-name', null, '50']);
    expect(attrs('Last name')).to.deep.equal(['text', 'family-name', null, '50']);
    expect(attrs('Email')).to.deep.equal(['email', 'email', 'email', '254']);
    expect(attrs('Phone number')).to.deep.equal(['tel', 'tel', 'tel', '32']);
    expect(attrs('Amount')[2]).to.equal('decimal');
    expect(h.root.querySelector('form')!.noValidate).to.equal(true);
    expect(h.submitButton().textContent!.trim()).to.equal('Pay');
    expect(h.root.querySelector('[part~="currency"]')!.textContent).to.equal('EUR');
  });

  it('the button shows the formatted amount once it is valid', async () => {
    const h = await renderCashier(html`<mozarto-cashier amount="100"></mozarto-cashier>`);
    expect(h.value('Amount')).to.equal('100');
    expect(h.submitButton().textContent!.trim()).to.equal('Pay €100.00');
    await h.type('Amount', '12.3');
    expect(h.submitButton().textContent!.trim()).to.equal('Pay €12.30');
    await h.type('Amount', '12.345');
    expect(h.submitButton().textContent!.trim()).to.equal('Pay');
  });

  it('a pay-out says Withdraw, in the given locale (its language loads with the element alone)', async () => {
    const h = await renderCashier(html`<mozarto-cashier type="payout" amount="1000.5" locale="de-DE"></mozarto-cashier>`);
    expect(h.submitButton().textContent!.trim().replace(/\s/g, ' ')).to.equal('1.000,50 € auszahlen');
  });

  it('several currencies give a labelled select', async () => {
    proxy.config = {
      body: {
        version: 1,
        methods: { payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR', 'CAD'] }], payout: [] },
        limits: { min: '1.00', max: '9.00' },
      },
    };
    const h = await renderCashier(html`<mozarto-cashier amount="5"></mozarto-cashier>`);
    const select = h.control('Currency') as HTMLSelectElement;
    expect(select.tagName).to.equal('SELECT');
    // Always a currency: the first until the player picks, and no "—".
    expect([...select.options].map((o) => o.value)).to.deep.equal(['EUR', 'CAD']);
    expect(select.value).to.equal('EUR');
    await h.choose('Currency', 'CAD');
    expect(h.submitButton().textContent!.trim()).to.equal('Pay CA$5.00');
    await expect(h.el).to.be.accessible();
  });

  it('messages override texts', async () => {
    const h = await renderCashier(html`<mozarto-cashier .messages=${{ 'label.email': 'E-Mail', 'action.pay_plain': 'Einzahlen' }}></mozarto-cashier>`);
    expect(h.labels()).to.include('E-Mail');
    expect(h.submitButton().textContent!.trim()).to.equal('Einzahlen');
  });

  it('prefill fills fields', async () => {
    const h = await renderCashier(html`<mozarto-cashier .prefill=${{ email: 'ada@example.com' }}></mozarto-cashier>`);
    expect(h.value('Email')).to.equal('ada@example.com');
  });

  it('an unknown provider is an error before rendering a form', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...a: unknown[]) => errors.push(a);
    try {
      const h = await renderCashier(html`<mozarto-cashier psp="NOPE"></mozarto-cashier>`, 'error');
      expect(h.message()).to.equal('This payment method is not available.');
      expect(h.root.querySelector('form')).to.equal(null);
      expect(errors.length).to.equal(1);
    } finally {
      console.error = original;
    }
  });
});
