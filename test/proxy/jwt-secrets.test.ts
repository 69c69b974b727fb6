import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { signHs256, verifyHs256 } from '../../src/proxy/jwt.js';
import { safeEqual, verifyWebhookAuthorization } from '../../src/proxy/secrets.js';
import { userContextHeaders } from '../../src/proxy/mozarto/mozarto-client.js';
import { ProxyError } from '../../src/proxy/http/errors.js';

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('signHs256', () => {
  it('signs a verifiable HS256 JWT with iat and a 5-minute exp', async () => {
    const now = new Date('2026-01-02T03:04:05Z');
    const jwt = await signHs256({ userId: 'u1', email: 'a@b.c', phone: undefined }, 'secret', { now });
    const [head, body, sig] = jwt.split('.');
    assert.deepEqual(decode(head!), { alg: 'HS256', typ: 'JWT' });
    const payload = decode(body!);
    assert.equal(payload.userId, 'u1');
    assert.equal('phone' in payload, false, 'undefined claims are left out');
    assert.equal(payload.iat, Math.floor(now.getTime() / 1000));
    assert.equal(payload.exp, (payload.iat as number) + 300);
    assert.equal(sig, createHmac('sha256', 'secret').update(`${head}.${body}`).digest('base64url'));
  });

  it('refuses an empty secret', async () => {
    await assert.rejects(() => signHs256({}, ''));
  });
});

describe('user context header (docs/mozarto-api.md §3)', () => {
  const user = { id: 'u1', email: 'a@example.com', firstName: 'A', lastName: 'B', phone: '123456', countryCode: 'DE' };
  const request = (headers: Record<string, string> = {}) => new Request('http://x/', { headers });

  it('token mode sends x-user-token: Bearer <jwt> with the §3 claims', async () => {
    const headers = await userContextHeaders({ mode: 'token', secret: 's' }, user, request(), new Date());
    assert.deepEqual(Object.keys(headers), ['x-user-token']);
    const [, body] = headers['x-user-token']!.replace(/^Bearer /, '').split('.');
    const payload = decode(body!);
    for (const [claim, value] of Object.entries({ userId: 'u1', email: 'a@example.com', firstName: 'A', lastName: 'B', phone: '123456', countryCode: 'DE' })) {
      assert.equal(payload[claim], value);
    }
  });

  it('forward mode forwards the session header as x-user-authorization', async () => {
    assert.deepEqual(await userContextHeaders({ mode: 'forward' }, user, request({ authorization: 'Bearer sess' }), new Date()), {
      'x-user-authorization': 'Bearer sess',
    });
    assert.deepEqual(await userContextHeaders({ mode: 'forward', header: 'x-session' }, user, request({ 'x-session': 'abc' }), new Date()), {
      'x-user-authorization': 'abc',
    });
  });

  it('forward mode without a session token is unauthorized', async () => {
    await assert.rejects(
      () => userContextHeaders({ mode: 'forward' }, user, request(), new Date()),
      (e: unknown) => e instanceof ProxyError && e.code === 'unauthorized',
    );
  });
});

describe('webhook Authorization (constant time)', () => {
  it('accepts Bearer <secret> and the bare secret only', async () => {
    assert.equal(await verifyWebhookAuthorization('Bearer s3cret', 's3cret'), true);
    assert.equal(await verifyWebhookAuthorization('s3cret', 's3cret'), true);
    assert.equal(await verifyWebhookAuthorization('Bearer wrong', 's3cret'), false);
    assert.equal(await verifyWebhookAuthorization('Bearer s3cret2', 's3cret'), false);
    assert.equal(await verifyWebhookAuthorization('', 's3cret'), false);
    assert.equal(await verifyWebhookAuthorization(null, 's3cret'), false);
    assert.equal(await verifyWebhookAuthorization('x'.repeat(5000), 's3cret'), false);
  });

  it('compares strings of different lengths without throwing', async () => {
    assert.equal(await safeEqual('a', 'abc'), false);
    assert.equal(await safeEqual('abc', 'abc'), true);
  });
});

describe('verifyHs256 (jose)', () => {
  const secret = 'a-session-secret-a-session-secret-!!';
  const now = new Date('2026-01-02T03:04:05Z');

  it('accepts its own tokens and checks issuer and audience when asked', async () => {
    const token = await signHs256({ sub: 'p', iss: 'shop', aud: 'cashier' }, secret, { now });
    assert.deepEqual((await verifyHs256(token, secret, { now, issuer: 'shop', audience: 'cashier' })).ok, true);
    assert.deepEqual(await verifyHs256(token, secret, { now, issuer: 'other' }), { ok: false, reason: 'issuer' });
    assert.deepEqual(await verifyHs256(token, secret, { now, audience: 'other' }), { ok: false, reason: 'audience' });
  });

  it('refuses another HMAC algorithm under the same secret, no exp, and garbage', async () => {
    const key = new TextEncoder().encode(secret);
    const hs384 = await new SignJWT({ sub: 'p' }).setProtectedHeader({ alg: 'HS384' }).setExpirationTime('5m').sign(key);
    assert.deepEqual(await verifyHs256(hs384, secret), { ok: false, reason: 'algorithm' });
    const noExp = await new SignJWT({ sub: 'p' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    assert.deepEqual(await verifyHs256(noExp, secret), { ok: false, reason: 'no exp' });
    assert.deepEqual(await verifyHs256('not.a.jwt', secret), { ok: false, reason: 'malformed' });
    const later = await signHs256({ sub: 'p' }, secret, { now: new Date(now.getTime() + 3600_000) });
    assert.deepEqual(await verifyHs256(later, secret, { now }), { ok: false, reason: 'issued in the future' });
  });
});
