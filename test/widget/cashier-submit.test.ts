import { aTimeout, expect, html, oneEvent } from '@open-wc/testing';
import '../../src/widget/define.js';
import { VALID, renderCashier, type CashierHarness } from './harness.js';
import { created, errorAnswer, fakeProxy, type FakeProxy } from '../../src/testing/index.js';
import { registerLocale } from '../../src/widget/i18n/locales.js';

const EXPECTED_BODY = {
  pspType: 'PAYONE',
  type: 'payin',
  amount: '100.00',
  currency: 'EUR',
  fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '4915112345678' },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('<mozarto-cashier>: submitting', () => {
  let proxy: FakeProxy;
  let h: CashierHarness;
  let urls: string[];
  beforeEach(async () => {
    proxy = fakeProxy();
    h = await renderCashier(html`<mozarto-cashier currency="EUR"></mozarto-cashier>`);
    urls = h.stubNavigate();
  });
  afterEach(() => proxy.restore());

  it('a valid submit sends one POST with an Idempotency-Key and the exact body', async () => {
    await h.fillAll(VALID);
    const submit = oneEvent(h.el, 'mozarto-submit');
    await h.submit();
    const event = await submit;
    expect(event.detail).to.deep.equal({ pspType: 'PAYONE', type: 'payin', amount: '100.00', currency: 'EUR' });
    expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
    await h.until('redirecting');
    const posts = proxy.posts();
    expect(posts.length).to.equal(1);
    expect(posts[0]!.path).to.equal('/api/cashier/transactions');
    expect(posts[0]!.headers['idempotency-key']).to.match(UUID);
    expect(posts[0]!.body).to.deep.equal(EXPECTED_BODY);
  });

  it('shows the submitting state: disabled button, spinner, aria-busy', async () => {
    proxy.create = { ...(created() as object), delay: 300 };
    await h.fillAll(VALID);
    await h.submit();
    expect(h.state()).to.equal('submitting');
    expect(h.submitButton().disabled).to.equal(true);
    expect(h.submitButton().querySelector('[part~="spinner"]')).to.exist;
    expect(h.root.querySelector('form')!.getAttribute('aria-busy')).to.equal('true');
    h.submitButton().click(); // a second click does nothing
    (h.root.querySelector('form') as HTMLFormElement).requestSubmit();
    await h.until('redirecting');
    expect(proxy.posts().length).to.equal(1);
  });

  it('a canceled mozarto-submit sends no request', async () => {
    h.el.addEventListener('mozarto-submit', (e) => e.preventDefault());
    await h.fillAll(VALID);
    await h.submit();
    await aTimeout(50);
    expect(proxy.posts()).to.deep.equal([]);
    expect(h.state()).to.equal('editing');
  });

  it('no event detail carries what the player typed', async () => {
    const details: string[] = [];
    for (const name of ['mozarto-submit', 'mozarto-created', 'mozarto-redirect', 'mozarto-status'] as const) {
      h.el.addEventListener(name, (e) => details.push(JSON.stringify(e.detail)));
    }
    await h.fillAll(VALID);
    await h.submit();
    await h.until('redirecting');
    expect(details.length).to.equal(4);
    for (const d of details) for (const typed of ['Ada', 'Lovelace', 'ada@', '151']) expect(d).not.to.contain(typed);
  });

  it('server invalid_field issues land on their fields', async () => {
    proxy.create = errorAnswer(400, {
      code: 'invalid_field',
      field: 'phone',
      issues: [
        { field: 'phone', code: 'error.phone_min_digits', message: 'Phone must have 6 digits' },
        { field: 'lastName', code: 'provider.rejected', message: 'Name rejected by the bank' },
      ],
    });
    const error = oneEvent(h.el, 'mozarto-error');
    await h.fillAll(VALID);
    await h.submit();
    expect((await error).detail).to.deep.equal({ code: 'invalid_field', message: 'invalid_field', retryable: false, field: 'phone' });
    await h.until('editing');
    expect(h.error('Phone number')).to.equal('Phone number must have at least 6 digits.');
    expect(h.invalid('Phone number')).to.equal(true);
    expect(h.error('Last name')).to.equal('Name rejected by the bank');
    expect(h.formError()).to.equal(null);
    expect(h.value('Phone number')).to.equal(VALID['Phone number']);
    expect(h.focusedLabel()).to.equal('Last name');
    await h.settle();
    expect(h.announcement()).to.equal('2 fields need attention');
    // editing the field clears the server's verdict
    await h.type('Phone number', '+49 151 99999999');
    expect(h.error('Phone number')).to.equal(null);
  });

  it('an issue on no visible field shows above the button', async () => {
    proxy.create = errorAnswer(400, { code: 'invalid_field', issues: [{ field: 'userId', code: 'error.server_field', message: 'x' }] });
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing');
    expect(h.formError()).to.equal('Some details need attention.');
  });

  it("a proxy-only text on a field: the proxy's words in English, the player's language when it has them", async () => {
    // The script bundle's English leaves the proxy-only texts out (core/messages/en.ts serverTexts).
    proxy.create = errorAnswer(400, {
      code: 'invalid_field',
      issues: [{ field: 'email', code: 'error.server_field', message: 'Set by the server, says the proxy.' }],
    });
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing');
    expect(h.error('Email')).to.equal('Set by the server, says the proxy.');
    registerLocale('xx', { 'error.server_field': 'Nur der Server.' });
    h.el.locale = 'xx';
    await h.el.updateComplete;
    expect(h.error('Email')).to.equal('Nur der Server.');
  });

  it('a network failure is sent again by itself with the same Idempotency-Key; the player sees no error', async () => {
    let calls = 0;
    proxy.create = () => (++calls <= 2 ? 'network' : created());
    const errors: Event[] = [];
    h.el.addEventListener('mozarto-error', (e) => errors.push(e));
    await h.fillAll(VALID);
    await h.submit();
    await h.until('redirecting', 8000);
    const keys = proxy.posts().map((p) => p.headers['idempotency-key']);
    expect(keys.length).to.equal(3);
    expect(new Set(keys).size).to.equal(1);
    expect(errors).to.deep.equal([]);
  });

  it('"still in progress" (a retryable conflict) and a retryable 503 keep the key: sent again with it, never a new one', async () => {
    const answers = [
      errorAnswer(409, { code: 'idempotency_conflict', retryable: true }),
      errorAnswer(503, { code: 'internal', retryable: true }),
      errorAnswer(409, { code: 'idempotency_conflict', retryable: true }),
      errorAnswer(409, { code: 'idempotency_conflict', retryable: true }),
    ];
    let calls = 0;
    proxy.create = () => answers[calls++] ?? created();
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing', 8000);
    expect(h.button('Try again')).to.exist;
    await h.click('Try again');
    await h.until('redirecting', 8000);
    const keys = proxy.posts().map((p) => p.headers['idempotency-key']);
    expect(keys.length).to.equal(5);
    expect(new Set(keys).size, 'one key for the one payment').to.equal(1);
  });

  it('a network failure that lasts keeps the form; Try again resends with the same Idempotency-Key', async () => {
    proxy.create = 'network';
    const error = oneEvent(h.el, 'mozarto-error');
    await h.fillAll(VALID);
    await h.submit();
    expect((await error).detail).to.include({ code: 'network', retryable: true });
    await h.until('editing', 8000);
    expect(h.formError()).to.equal('We could not reach the server. Check your connection and try again.');
    expect(h.value('First name')).to.equal('Ada');
    proxy.create = created();
    await h.click('Try again');
    await h.until('redirecting');
    const posts = proxy.posts();
    expect(posts.length, 'the first and its three resends, then Try again').to.equal(5);
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).to.equal(1);
    expect(posts[4]!.body).to.deep.equal(posts[0]!.body);
  });

  it('changed data after a failure gets a new Idempotency-Key', async () => {
    proxy.create = 'network';
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing', 8000);
    await h.fill('Amount', '150');
    proxy.create = created();
    await h.submit();
    await h.until('redirecting');
    const [first, ...rest] = proxy.posts();
    const second = rest.at(-1)!;
    expect(second.headers['idempotency-key']).not.to.equal(first!.headers['idempotency-key']);
    expect((second.body as { amount: string }).amount).to.equal('150.00');
  });

  it('a non-retryable error shows above the button without Try again', async () => {
    proxy.create = errorAnswer(403, { code: 'unauthorized' });
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing');
    expect(h.formError()).to.equal('Please sign in again to continue.');
    expect(h.button('Try again')).to.equal(null);
  });

  it('the merchant’s check could not answer (issue 23): its own words, and Try again', async () => {
    proxy.create = errorAnswer(503, { code: 'authorize_unavailable', retryable: true });
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing');
    expect(h.formError()).to.equal('We could not check your account. Please try again.');
    expect(h.button('Try again')).to.exist;
  });

  it('a profile the merchant did not supply is the method’s unavailability, never "Some details need attention" over a valid form (issue 23)', async () => {
    proxy.create = errorAnswer(503, {
      code: 'unsupported_method',
      message: 'CLEO is not available for this account: the merchant did not supply kycVerified (missing).',
    });
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing');
    expect(h.formError()).to.equal('This payment method is not available.');
    expect(h.error('First name')).to.equal(null);
  });

  it('a retryable server error offers Try again', async () => {
    proxy.create = errorAnswer(429, { code: 'rate_limited', retryable: true });
    await h.fillAll(VALID);
    await h.submit();
    await h.until('editing');
    expect(h.formError()).to.equal('Too many attempts. Wait a moment, then try again.');
    expect(h.button('Try again')).to.exist;
  });

  for (const [name, answer] of [
    ['HTML error page', { status: 502, text: '<html>Bad gateway</html>' }],
    ['not JSON', { status: 201, text: '{"transactionId":' }],
    ['wrong shape', { status: 201, body: { id: 1 } }],
    ['unknown status', { status: 201, body: { transactionId: 't', status: 'maybe', outcome: 'await' } }],
    ['null', { status: 201, body: null }],
  ] as const) {
    it(`a malformed answer (${name}) never throws: bad_response error state, then Try again`, async () => {
      const thrown: unknown[] = [];
      const onError = (e: ErrorEvent) => thrown.push(e.error);
      window.addEventListener('error', onError);
      const unhandled = (e: PromiseRejectionEvent) => thrown.push(e.reason);
      window.addEventListener('unhandledrejection', unhandled);
      try {
        proxy.create = answer;
        const error = oneEvent(h.el, 'mozarto-error');
        await h.fillAll(VALID);
        await h.submit();
        expect((await error).detail.code).to.equal('bad_response');
        await h.until('error');
        expect(h.message()).to.equal('Something went wrong on our side. Please try again.');
        proxy.create = created();
        await h.click('Try again');
        await h.until('redirecting');
        const [first, second] = proxy.posts();
        expect(second!.headers['idempotency-key']).to.equal(first!.headers['idempotency-key']);
        expect(thrown).to.deep.equal([]);
      } finally {
        window.removeEventListener('error', onError);
        window.removeEventListener('unhandledrejection', unhandled);
      }
    });
  }

  it('emits mozarto-created with the proxy answer', async () => {
    const ev = oneEvent(h.el, 'mozarto-created');
    await h.fillAll(VALID);
    await h.submit();
    expect((await ev).detail).to.deep.equal({ transactionId: 'tx_1', status: 'pending', outcome: 'redirect' });
    expect(urls.length).to.equal(1);
  });
});
