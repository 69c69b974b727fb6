/** Authentication headers (docs/mozarto-api.md §3) on the cashier endpoint. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwtPayload } from '../../src/sandbox/auth.js';
import { payoneBody, startHarness, userToken, type Harness } from './helpers.js';

const UNAUTHORIZED = { status: 'error', message: 'Unauthorized', isSuccess: false, errors: [] };

describe('sandbox authentication', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers 401 without the company token', async () => {
    const response = await h.cashier(payoneBody(), { authorization: undefined });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), UNAUTHORIZED);
  });

  it('answers 401 with a wrong company token or a non-Bearer scheme', async () => {
    for (const authorization of ['Bearer not-the-token', 'Basic dGVzdC1jb21wYW55LXRva2Vu', 'test-company-token']) {
      const response = await h.cashier(payoneBody(), { authorization });
      assert.equal(response.status, 401, authorization);
      assert.deepEqual(await response.json(), UNAUTHORIZED);
    }
  });

  it('answers 401 without a user header', async () => {
    const response = await h.cashier(payoneBody(), { 'x-user-token': undefined });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), UNAUTHORIZED);
  });

  it('answers 401 with both user headers (exactly one is allowed)', async () => {
    const response = await h.cashier(payoneBody(), { 'x-user-authorization': 'Bearer session-abc' });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), UNAUTHORIZED);
  });

  it('answers 401 when the token names another user than the body', async () => {
    const response = await h.cashier(payoneBody({ userId: 'user_123' }), { 'x-user-token': userToken({ userId: 'someone-else' }) });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), UNAUTHORIZED);
  });

  it('hangs, then answers 504, for an x-user-token that is not a decodable JWT', async () => {
    for (const token of ['Bearer plain-string-token', 'Bearer aaa.bbb.ccc', `Bearer ${Buffer.from('[1]').toString('base64url')}.e30.sig`]) {
      const started = performance.now();
      const response = await h.cashier(payoneBody(), { 'x-user-token': token });
      const elapsed = performance.now() - started;
      assert.equal(response.status, 504, token);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await response.text(), /504 Gateway Time-out/);
      assert.ok(elapsed >= 90, `answered after ${elapsed.toFixed(0)} ms, expected the 100 ms hang`);
    }
  });

  it('accepts x-user-authorization (any non-empty value) instead of a user token', async () => {
    const response = await h.cashier(payoneBody(), { 'x-user-token': undefined, 'x-user-authorization': 'Bearer session-abc' });
    assert.equal(response.status, 200);
  });

  it('accepts a bare JWT and numeric/string userId forms that agree', async () => {
    const bare = userToken({ userId: 7 }).slice('Bearer '.length);
    const response = await h.cashier(payoneBody({ userId: '7' }), { 'x-user-token': bare });
    assert.equal(response.status, 200);
  });
});

describe('decodeJwtPayload', () => {
  it('decodes the payload of a three-part JWT, signature optional', () => {
    const token = userToken({ userId: 'u1', email: 'a@b.co' }).slice('Bearer '.length);
    assert.deepEqual(decodeJwtPayload(token), { userId: 'u1', email: 'a@b.co' });
    assert.deepEqual(decodeJwtPayload(token.replace(/\.[^.]+$/, '.')), { userId: 'u1', email: 'a@b.co' });
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'e30.W10.sig', 'W10.e30.sig', 'e30.bnVsbA.sig', 'e3!.e30.sig']) {
      assert.equal(decodeJwtPayload(bad), undefined, bad);
    }
  });
});
