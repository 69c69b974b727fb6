import { expect } from '@open-wc/testing';
import { createApi, proxyClient } from '../../src/widget/api.js';
import { CONFIG, created, errorAnswer, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

const body = { pspType: 'PAYONE', type: 'payin' as const, amount: '100.00', currency: 'EUR', fields: { firstName: 'Ada' } };

describe('api client', () => {
  let proxy: FakeProxy;
  beforeEach(() => (proxy = fakeProxy('/proxy')));
  afterEach(() => proxy.restore());

  it('reads the config', async () => {
    expect(await createApi('/proxy/').config()).to.deep.equal({ ok: true, data: CONFIG });
  });

  it('posts JSON with the Idempotency-Key', async () => {
    const res = await createApi('/proxy').create(body, 'key-1');
    expect(res.ok).to.equal(true);
    const [post] = proxy.posts();
    expect(post!.headers['idempotency-key']).to.equal('key-1');
    expect(post!.headers['content-type']).to.equal('application/json');
    expect(post!.body).to.deep.equal(body);
  });

  it('encodes the transaction id', async () => {
    proxy.status = txStatus('pending', { transactionId: 'a/b' });
    await createApi('/proxy').status('a/b');
    expect(proxy.polls()[0]!.path).to.equal('/proxy/transactions/a%2Fb');
  });

  it('returns the proxy error', async () => {
    proxy.create = errorAnswer(429, { code: 'rate_limited', retryable: true });
    expect(await createApi('/proxy').create(body, 'k')).to.deep.equal({
      ok: false,
      error: { code: 'rate_limited', message: 'rate_limited', retryable: true },
    });
  });

  it('a network failure is a retryable network error', async () => {
    proxy.config = 'network';
    const res = await createApi('/proxy').config();
    expect(res.ok).to.equal(false);
    if (!res.ok) expect(res.error).to.include({ code: 'network', retryable: true });
  });

  const malformed = [
    { text: '<html>502 Bad Gateway</html>', status: 502 },
    { text: 'not json' },
    { body: null },
    { body: { transactionId: 'x' } },
    { body: { transactionId: 'x', status: 'weird', outcome: 'redirect' }, status: 201 },
    { body: { error: { code: 'made_up', message: 'x', retryable: true } }, status: 400 },
    { body: [1, 2, 3] },
  ];
  for (const answer of malformed) {
    it(`a malformed answer is bad_response, never a throw: ${JSON.stringify(answer).slice(0, 60)}`, async () => {
      proxy.create = answer;
      const res = await createApi('/proxy').create(body, 'k');
      expect(res.ok).to.equal(false);
      if (!res.ok) expect(res.error.code).to.equal('bad_response');
    });
  }

  it('accepts the documented 201', async () => {
    proxy.create = created({ outcome: 'await', redirectUrl: undefined });
    const res = await createApi('/proxy').create(body, 'k');
    expect(res).to.deep.equal({ ok: true, data: { transactionId: 'tx_1', status: 'pending', outcome: 'await' } });
  });

  it('one client per endpoint and credentials, shared until either changes', () => {
    const host: { endpoint: string; credentials?: string } = { endpoint: '/proxy' };
    const client = proxyClient(host);
    const first = client();
    expect(client()).to.equal(first);
    host.credentials = 'include';
    const second = client();
    expect(second).not.to.equal(first);
    expect(client()).to.equal(second);
    host.endpoint = '/other';
    expect(client()).not.to.equal(second);
  });
});

describe('api client: an endpoint that is not the proxy', () => {
  let warnings: string[];
  const warn = console.warn;
  beforeEach(() => {
    warnings = [];
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
  });
  afterEach(() => (console.warn = warn));

  it('says so on the console, naming the URL and the answer: the test server’s own 404', async () => {
    const res = await createApi('/not-the-proxy').config();
    expect(res.ok).to.equal(false);
    if (!res.ok) expect(res.error.code).to.equal('bad_response');
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/^mozarto-cashier: GET \/not-the-proxy\/config answered HTTP 404 \(.+\), not the proxy's JSON\. Is `endpoint`/);
  });

  it('an HTML page answered with 200 (an app router’s fallback) too, once per URL and status', async () => {
    const original = window.fetch;
    window.fetch = async () => new Response('<!doctype html><title>Shop</title>', { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    try {
      await createApi('/shop').config();
      await createApi('/shop').config();
    } finally {
      window.fetch = original;
    }
    expect(warnings).to.deep.equal([
      "mozarto-cashier: GET /shop/config answered HTTP 200 (text/html), not the proxy's JSON. Is `endpoint` the URL where the proxy (mozarto-cashier/proxy or mozarto-cashier-proxy) is mounted?",
    ]);
  });

  it('the proxy’s own error answer is no such warning', async () => {
    const proxy = fakeProxy('/proxy');
    proxy.create = errorAnswer(429, { code: 'rate_limited', retryable: true });
    try {
      await createApi('/proxy').create(body, 'k');
    } finally {
      proxy.restore();
    }
    expect(warnings).to.deep.equal([]);
  });
});
