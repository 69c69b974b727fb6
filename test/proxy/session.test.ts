/**
 * The standalone server's `getUser` (src/proxy/session.ts, ADR 0005): the player from the merchant
 * site's HS256 session token, in `Authorization: Bearer` or the session cookie, and nobody for a
 * token that fails any check.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signHs256, verifyHs256 } from '../../src/proxy/jwt.js';
import { sessionUser } from '../../src/proxy/session.js';

const SESSION_SECRET = 'server-env-test-session-secret-0123456789';

describe('session tokens (ADR 0005)', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const getUser = sessionUser({ secret: SESSION_SECRET, now: () => now });
  const token = (claims: Record<string, string | number>, secret = SESSION_SECRET, expiresInSeconds = 600) =>
    signHs256(claims, secret, { now, expiresInSeconds });
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
    const old = await signHs256({ sub: 'p' }, SESSION_SECRET, { now: new Date(now.getTime() - 7200_000), expiresInSeconds: 600 });
    assert.equal((await verifyHs256(old, SESSION_SECRET, { now })).ok, false);
    assert.equal(await getUser(req({ authorization: `Bearer ${old}` })), null);
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ sub: 'p' }, SESSION_SECRET, 86_400)}` })), null);
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ email: 'x@example.com' })}` })), null);
    assert.equal(await getUser(req({})), null);
  });
});
