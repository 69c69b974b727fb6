/**
 * CORS for a widget on a sibling origin (www.shop.example → pay.shop.example): the proxy grants
 * its allowed origins only, with credentials, the origin echoed exactly and never `*`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { call, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, type FakeUpstream, type StartedProxy } from './helpers.js';

const SHOP = 'https://www.shop.example';
const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy;
before(async () => {
  upstream = await startFakeUpstream();
  proxy = await startProxy(join(dir.path, 'cors.db'), { upstreamUrl: upstream.url, allowedOrigins: [SHOP] });
});
after(async () => {
  await proxy.close();
  await upstream.close();
  dir.remove();
});

const preflight = (path: string, origin: string, method: string, headers = 'content-type, idempotency-key') =>
  fetch(`${proxy.api}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

describe('CORS for allowed origins', () => {
  it('answers the preflight of POST transactions from an allowed origin: credentials, the origin exactly, Vary: Origin', async () => {
    const res = await preflight('/transactions', SHOP, 'POST');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /\bPOST\b/); // GET too: the history lists transactions
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /\bcontent-type\b.*\bidempotency-key\b/);
    assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/);
  });

  it('grants the real responses too (config, creation, status), exposing x-request-id', async () => {
    const config = await call(`${proxy.api}/config`, { headers: { origin: SHOP } });
    assert.equal(config.status, 200);
    const created = await call(`${proxy.api}/transactions`, { body: payoneRequest(), key: newKey(), headers: { origin: SHOP } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const status = await call(`${proxy.api}/transactions/${created.body.transactionId as string}`, { headers: { origin: SHOP } });
    for (const res of [config, created, status]) {
      assert.equal(res.headers.get('access-control-allow-origin'), SHOP);
      assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
      assert.match(res.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
      assert.match(res.headers.get('vary') ?? '', /\bOrigin\b/);
    }
  });

  it('a listed origin in another spelling (case, trailing slash of the list) is the same origin', async () => {
    const res = await preflight('/config', 'https://WWW.shop.example', 'GET');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://WWW.shop.example');
  });

  it('refuses a preflight and a request from any other origin, with no grant at all', async () => {
    for (const origin of ['https://evil.example', 'https://shop.example', 'http://www.shop.example', 'https://www.shop.example:8443', 'null', '*']) {
      const pre = await preflight('/transactions', origin, 'POST');
      assert.equal(pre.status, 403, origin);
      assert.equal(pre.headers.get('access-control-allow-origin'), null, origin);
      assert.equal(pre.headers.get('access-control-allow-credentials'), null, origin);
      assert.match(pre.headers.get('vary') ?? '', /\bOrigin\b/, origin);
      const get = await call(`${proxy.api}/config`, { headers: { origin } });
      assert.equal(get.status, 403, origin);
      assert.equal(get.headers.get('access-control-allow-origin'), null, origin);
    }
    assert.equal(upstream.calls.filter((c) => c.headers.origin).length, 0);
  });

  it('the webhook route grants no origin', async () => {
    const res = await preflight('/webhooks/mozarto', SHOP, 'POST');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('allowAnyOrigin echoes the caller’s origin, never `*`, and still refuses the opaque `null`', async () => {
    const any = await startProxy(join(dir.path, 'any.db'), { upstreamUrl: upstream.url, allowAnyOrigin: true });
    try {
      const pre = await fetch(`${any.api}/config`, {
        method: 'OPTIONS',
        headers: { origin: 'https://anywhere.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(pre.headers.get('access-control-allow-origin'), 'https://anywhere.example');
      assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
      const opaque = await call(`${any.api}/config`, { headers: { origin: 'null' } });
      assert.equal(opaque.status, 403);
      assert.equal(opaque.headers.get('access-control-allow-origin'), null);
    } finally {
      await any.close();
    }
  });
});
