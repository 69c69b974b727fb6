/**
 * The standalone server's `getUser` (src/proxy/session.ts, ADR 0005): the player from the merchant
 * site's HS256 session token, in `Authorization: Bearer` or the session cookie, and nobody for a
 * token that fails any check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signHs256, verifyHs256 } from '../../src/proxy/jwt.js';
import { sessionSecretProblem, sessionUser } from '../../src/proxy/session.js';

const SESSION_SECRET = 'server-env-test-session-secret-0123456789';
const ISSUER = 'https://shop.example';

describe('session tokens (ADR 0005)', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const getUser = sessionUser({ secret: SESSION_SECRET, issuer: ISSUER, now: () => now });
  /** A token as the merchant's site signs it: its issuer and the cashier's audience, unless `claims` says otherwise. */
  const token = (claims: Record<string, string | number>, secret = SESSION_SECRET, expiresInSeconds = 600) =>
    signHs256({ iss: ISSUER, aud: 'mozarto-cashier', ...claims }, secret, { now, expiresInSeconds });
  const req = (headers: Record<string, string>) => new Request('http://x/api/cashier/config', { headers });

  it('reads the user from Authorization: Bearer or the cookie', async () => {
    const t = await token({ sub: 'p-1', email: 'p@example.com', countryCode: 'DE' });
    assert.deepEqual(await getUser(req({ authorization: `Bearer ${t}` })), { id: 'p-1', email: 'p@example.com', countryCode: 'DE' });
    assert.deepEqual(await getUser(req({ cookie: `theme=dark; cashier_session=${t}` })), { id: 'p-1', email: 'p@example.com', countryCode: 'DE' });
  });

  it('refuses a wrong signature, alg none, an expired or too long-lived token, and no sub', async () => {
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ sub: 'p' }, 'another-secret-another-secret-another')}` })), null);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'p', exp: 9e9 })).toString('base64url')}.`;
    assert.equal(await getUser(req({ authorization: `Bearer ${none}` })), null);
    const old = await signHs256({ sub: 'p', iss: ISSUER, aud: 'mozarto-cashier' }, SESSION_SECRET, {
      now: new Date(now.getTime() - 7200_000),
      expiresInSeconds: 600,
    });
    assert.equal((await verifyHs256(old, SESSION_SECRET, { now })).ok, false);
    assert.equal(await getUser(req({ authorization: `Bearer ${old}` })), null);
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ sub: 'p' }, SESSION_SECRET, 86_400)}` })), null);
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ email: 'x@example.com' })}` })), null);
    assert.equal(await getUser(req({})), null);
  });

  it('refuses a token without the issuer or the audience, or with others: a token signed for something else pays out nothing (issue 28)', async () => {
    const rejected: string[] = [];
    const strict = sessionUser({ secret: SESSION_SECRET, issuer: ISSUER, now: () => now, onRejected: (reason) => rejected.push(reason) });
    const bearer = async (claims: Record<string, string>) =>
      req({ authorization: `Bearer ${await signHs256({ sub: 'p', ...claims }, SESSION_SECRET, { now, expiresInSeconds: 600 })}` });
    assert.equal((await strict(await bearer({ iss: ISSUER, aud: 'mozarto-cashier' })))?.id, 'p');
    for (const claims of [
      {} as Record<string, string>,
      { iss: ISSUER },
      { aud: 'mozarto-cashier' },
      { iss: 'https://games.example', aud: 'mozarto-cashier' },
      { iss: ISSUER, aud: 'game-provider' },
    ]) {
      assert.equal(await strict(await bearer(claims)), null, JSON.stringify(claims));
    }
    assert.deepEqual(rejected, ['issuer', 'audience', 'issuer', 'issuer', 'audience']);
    const own = sessionUser({ secret: SESSION_SECRET, issuer: ISSUER, audience: 'casino-cashier', now: () => now });
    assert.equal((await own(await bearer({ iss: ISSUER, aud: 'casino-cashier' })))?.id, 'p', 'an audience of the merchant’s choosing');
    assert.equal(await own(await bearer({ iss: ISSUER, aud: 'mozarto-cashier' })), null);
  });

  it('will not start with a guessable secret or without an issuer, and says why (issue 28)', () => {
    for (const [secret, why] of [
      ['too-short', /at least 32 bytes/],
      ['a'.repeat(64), /looks guessable: about 0 bits/],
      ['changeme-changeme-changeme-changeme', /looks guessable/],
      ['deadbeefdeadbeefdeadbeefdeadbeef', /looks guessable/],
    ] as const) {
      assert.throws(() => sessionUser({ secret, issuer: ISSUER }), why, secret);
    }
    assert.throws(() => sessionUser({ secret: SESSION_SECRET, issuer: '' }), /issuer is required/);
    assert.throws(() => sessionUser({ secret: SESSION_SECRET } as never), /issuer is required/);
    assert.equal(sessionSecretProblem('Rb3V2nWi4+/iND5xf48BkMLenOC3lx5bWZmCwm+0xAw='), undefined, '32 random bytes in base64');
    assert.equal(sessionSecretProblem('8b760ae240f39404a03dad70e489c654f084f942db9f0a4d861ae1727822b410'), undefined, '32 random bytes in hex');
  });
});
