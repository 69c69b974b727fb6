/**
 * Issue 13 rule 7 "Redirects only to known hosts": the proxy checks every redirect URL Mozarto
 * returns against a per-provider host allow-list before answering the widget.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { call, newKey, payoneRequest, payoneSuccess, startFakeUpstream, startProxy, tempDir, type FakeUpstream, type StartedProxy } from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy | undefined;
let n = 0;
before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  dir.remove();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

const payinTo = async (url: string) => {
  upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: `r-${++n}`, redirect_url: url }) });
  return call(`${proxy!.api}/transactions`, { body: payoneRequest(), key: newKey() });
};

describe('redirect host allow-list (issue 13 rule 7)', () => {
  it('answers only redirect URLs on the provider’s listed hosts', async () => {
    proxy = await startProxy(join(dir.path, `hosts-${++n}.db`), {
      upstreamUrl: upstream.url,
      redirectHosts: { PAYONE: ['*.payonepayment.com'], '*': ['pay.example'] },
    });
    const ok = await payinTo('https://demo.payonepayment.com/webflow-payment/abc');
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.redirectUrl, 'https://demo.payonepayment.com/webflow-payment/abc');

    for (const url of ['https://evil.example/pay', 'https://payonepayment.com.evil.example/x', 'https://pay.example/x']) {
      const refused = await payinTo(url);
      assert.equal(refused.status, 502, `${url}: ${JSON.stringify(refused.body)}`);
      assert.equal(refused.body.error.code, 'upstream_error');
      assert.equal(refused.body.error.retryable, false, 'retrying would only create another transaction');
      assert.equal(refused.body.redirectUrl, undefined);
    }
    assert.ok(
      proxy.logger.entries.some((e) => e.msg === 'upstream call failed'),
      'the refusal is logged',
    );
  });

  it('falls back to the "*" list for a provider without its own, and warns at start when nothing is listed', async () => {
    proxy = await startProxy(join(dir.path, `hosts-${++n}.db`), { upstreamUrl: upstream.url, redirectHosts: { '*': ['hpp.example'] } });
    assert.equal((await payinTo('https://hpp.example/x')).status, 201);
    assert.equal((await payinTo('https://other.example/x')).status, 502);
    await proxy.close();
    proxy = await startProxy(join(dir.path, `hosts-${++n}.db`), { upstreamUrl: upstream.url });
    const warning = proxy.logger.entries.find((e) => /redirectHosts not set/.test(e.msg));
    assert.ok(warning && Array.isArray(warning.providers) && (warning.providers as string[]).includes('PAYONE'));
  });

  it('plain http only to a loopback host and only while the upstream is on one: never from a real Mozarto (issue 28)', async () => {
    // The same fake Mozarto, reached through 0.0.0.0 (Linux connects that to this machine), which
    // is not a loopback name: the proxy sees an upstream elsewhere, as in production.
    const remote = upstream.url.replace('127.0.0.1', '0.0.0.0');
    proxy = await startProxy(join(dir.path, `hosts-${++n}.db`), { upstreamUrl: remote, allowHttpUpstream: true, companyToken: 'company-jwt' });
    for (const url of ['http://evil.localhost/pay', 'http://localhost:5174/hpp/1', 'http://127.0.0.1:5174/hpp/1']) {
      const refused = await payinTo(url);
      assert.equal(refused.status, 502, `${url}: ${JSON.stringify(refused.body)}`);
      assert.match(refused.body.error.message, /scheme http: is not allowed/);
    }
    assert.equal((await payinTo('https://demo.payonepayment.com/x')).status, 201);
    await proxy.close();
    // A local sandbox's hosted pages are plain http on loopback: allowed there.
    proxy = await startProxy(join(dir.path, `hosts-${++n}.db`), { upstreamUrl: upstream.url });
    assert.equal((await payinTo('http://127.0.0.1:5174/hpp/1')).status, 201);
    assert.equal((await payinTo('http://pay.example/x')).status, 502, 'plain http elsewhere never');
  });

  it('refuses a malformed list at start', async () => {
    await assert.rejects(
      startProxy(join(dir.path, `hosts-${++n}.db`), { upstreamUrl: upstream.url, redirectHosts: { PAYONE: ['https://x/'] } }),
      /redirectHosts\.PAYONE/,
    );
  });
});
