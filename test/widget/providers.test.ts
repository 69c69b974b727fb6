/**
 * Every provider's form in the browser: the fields it renders (and their kinds), a valid
 * submission posting exactly the typed fields, each required field missing and each rule broken
 * showing its specific message next to the field — with nothing sent.
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../src/widget/define.js';
import { en, format } from '../../src/core/messages/en.js';
import { renderCashier, type CashierHarness } from './harness.js';
import { allMethodsConfig } from './all-methods.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';
import { BROKEN, REQUIRED_USER_FIELDS, VALID, type Valid } from '../core/provider-fixtures.js';

/** Visible English labels, by field name (what a player reads). */
export const LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone number',
  name: 'Full name',
  mobile: 'Mobile number',
  preferredCrypto: 'Cryptocurrency',
  walletAddress: 'Wallet address',
  dob: 'Date of birth',
  countryCode: 'Country',
  'address.line1': 'Street and number',
  'address.line2': 'Address line 2 (optional)',
  'address.city': 'City',
  'address.state': 'State or region',
  'address.postalCode': 'Postal code',
  voucherPin: 'Voucher PIN',
  'card.pan': 'Card number',
  'card.expiry': 'Expiry date (MM/YY)',
  'card.cvv': 'Security code (CVC)',
  'card.cardHolderName': 'Name on card',
};

async function open(v: Pick<Valid, 'pspType' | 'flow' | 'currency'>, currency = v.currency): Promise<CashierHarness> {
  return renderCashier(html`<mozarto-cashier psp=${v.pspType} type=${v.flow} currency=${currency}></mozarto-cashier>`);
}

async function fillValid(h: CashierHarness, v: Valid, except: string[] = []) {
  for (const [name, value] of Object.entries(v.fields)) if (!except.includes(name)) await h.fill(LABELS[name]!, value);
  await h.fill('Amount', '10');
}

const message = (key: string, label: string, params: Record<string, string | number> = {}) =>
  format((en as Record<string, string>)[key]!, { label, ...params });

/** A fake proxy enabling every method. No hosted page in these tests: creation awaits a webhook, so nothing navigates away. */
function everyMethodAwaiting(): FakeProxy {
  const proxy = fakeProxy();
  proxy.config = { body: allMethodsConfig() };
  proxy.create = { status: 201, body: { transactionId: 'tx_1', status: 'pending', outcome: 'await' } };
  return proxy;
}

describe('<mozarto-cashier>: every provider', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = everyMethodAwaiting();
  });
  afterEach(() => proxy.restore());

  for (const v of VALID) {
    it(`${v.pspType} ${v.flow}: renders the fields, posts exactly them`, async () => {
      const h = await open(v);
      await expect(h.el).to.be.accessible();
      for (const name of Object.keys(v.fields)) expect(h.labels()).to.include(LABELS[name]);
      await fillValid(h, v);
      await h.submit();
      expect(h.errors()).to.deep.equal([]);
      const [post] = proxy.posts();
      expect(post, 'a POST').to.exist;
      const body = post!.body as { pspType: string; type: string; currency: string; amount: string; fields: Record<string, unknown> };
      expect([body.pspType, body.type, body.currency, body.amount]).to.deep.equal([v.pspType, v.flow, v.currency, '10.00']);
      expect(Object.keys(body.fields).sort()).to.deep.equal(Object.keys(v.fields).sort());
    });

    it(`${v.pspType} ${v.flow}: each required field missing → "<label> is required." next to it`, async () => {
      const h = await open(v);
      await fillValid(h, v);
      for (const name of REQUIRED_USER_FIELDS[`${v.pspType} ${v.flow}`]!) {
        const label = LABELS[name]!;
        await h.fill(label, '');
        await h.submit();
        expect(h.errors(), name).to.deep.equal([message('error.required', label)]);
        expect(h.error(label)).to.equal(message('error.required', label));
        await h.fill(label, v.fields[name]!);
      }
      expect(proxy.posts()).to.deep.equal([]);
    });
  }

  const CROSS: Record<string, Record<string, string>> = {
    'error.country_currency': { country: 'CL', currency: 'CLP' },
  };
  for (const b of BROKEN) {
    // A <select> cannot hold a value outside its options, nor a date input an impossible date:
    // those are refused by the proxy (test/proxy/catalog-validation.test.ts).
    if (b.key === 'error.choose' || (b.field === 'dob' && b.key === 'error.date_format')) continue;
    it(`${b.pspType} ${b.flow}: ${b.field} "${b.value}" → specific message`, async () => {
      const v = VALID.find((x) => x.pspType === b.pspType && x.flow === b.flow)!;
      const currency = b.currency ?? v.currency;
      const h = await open(v, currency);
      await fillValid(h, v, [b.field]);
      await h.fill(LABELS[b.field]!, b.value);
      await h.submit();
      const label = LABELS[b.field]!;
      const params = b.key === 'error.country_currency' ? { currency, country: { CLP: 'CL', PEN: 'PE', MXN: 'MX' }[currency]! } : (CROSS[b.key] ?? {});
      expect(h.errors()).to.deep.equal([message(b.key, label, params)]);
      expect(h.focusedLabel()).to.equal(label);
      expect(proxy.posts()).to.deep.equal([]);
    });
  }
});

describe('<mozarto-cashier>: field kinds', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = everyMethodAwaiting();
  });
  afterEach(() => proxy.restore());

  it('card fields: cc autocomplete, numeric keyboard, the CVC masked', async () => {
    const h = await open(VALID.find((v) => v.pspType === 'EMERCHANTPAY')!);
    const attrs = (label: string) => {
      const c = h.control(label);
      return [c.getAttribute('autocomplete'), c.getAttribute('inputmode')];
    };
    expect(attrs('Card number')).to.deep.equal(['cc-number', 'numeric']);
    expect(attrs('Expiry date (MM/YY)')).to.deep.equal(['cc-exp', 'numeric']);
    expect(attrs('Security code (CVC)')).to.deep.equal(['cc-csc', 'numeric']);
    expect(h.control('Security code (CVC)').getAttribute('type')).to.equal('password');
  });

  it('the address is a fieldset with a legend; the date of birth a date input; the country a select', async () => {
    const h = await open(VALID.find((v) => v.pspType === 'CLEO' && v.flow === 'payin')!);
    const fieldset = h.control('City').closest('fieldset')!;
    expect(fieldset.querySelector('legend')!.textContent!.trim()).to.equal('Address');
    expect(h.control('Street and number').closest('fieldset')).to.equal(fieldset);
    expect(h.control('Email').closest('fieldset')).to.equal(null);
    expect(h.control('Date of birth').getAttribute('type')).to.equal('date');
    const country = h.control('Country') as HTMLSelectElement;
    expect(country.localName).to.equal('select');
    expect([...country.options].map((o) => o.value)).to.deep.equal(['', 'CL', 'PE', 'MX']);
    expect(country.options[1]!.textContent).to.contain('Chile');
  });

  it('ForumPay pay-out: the coin is a select of the documented coins', async () => {
    const h = await open(VALID.find((v) => v.pspType === 'FORUMPAY' && v.flow === 'payout')!);
    const coin = h.control('Cryptocurrency') as HTMLSelectElement;
    expect([...coin.options].map((o) => o.value)).to.deep.equal(['', 'BTC', 'ETH', 'USDT']);
    // "—" (no choice) is offered only until something is chosen: the field is required.
    await h.choose('Cryptocurrency', 'ETH');
    expect([...coin.options].map((o) => o.value)).to.deep.equal(['BTC', 'ETH', 'USDT']);
    expect(coin.value).to.equal('ETH');
  });

  it('card data and voucher PINs never appear in events or storage, and are never prefilled', async () => {
    const v = VALID.find((x) => x.pspType === 'EMERCHANTPAY')!;
    const seen: string[] = [];
    const names = ['mozarto-submit', 'mozarto-created', 'mozarto-redirect', 'mozarto-status', 'mozarto-complete', 'mozarto-error'];
    const record = (e: Event) => seen.push(JSON.stringify((e as CustomEvent).detail));
    for (const n of names) document.addEventListener(n, record);
    try {
      const h = await renderCashier(
        html`<mozarto-cashier psp="EMERCHANTPAY" currency="EUR" .prefill=${{ 'card.pan': '4111111111111111', email: 'p@example.com' }}></mozarto-cashier>`,
      );
      expect(h.value('Card number')).to.equal('');
      expect(h.value('Email')).to.equal('p@example.com');
      h.stubNavigate();
      await fillValid(h, v);
      await h.submit();
      await waitUntil(() => seen.some((d) => d.includes('tx_1')), 'mozarto-created');
      await h.settle();
      const all =
        seen.join('\n') +
        JSON.stringify({ ...sessionStorage }) +
        JSON.stringify({ ...localStorage }) +
        JSON.stringify((h.el as unknown as { form: unknown }).form);
      expect(all).not.to.contain('4111');
      expect(all).not.to.contain('"123"');
    } finally {
      for (const n of names) document.removeEventListener(n, record);
    }
  });
});
