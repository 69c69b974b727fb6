/**
 * The merchant examples' own promises, without a proxy: the README's snippet is the code the site
 * runs (so the two cannot drift), the vendored Standard Webhooks libraries agree with the
 * specification's published test vector, and each site, sent signed requests straight (signed
 * with the `standardwebhooks` package the proxy uses), holds atomically, applies an event once
 * however many copies race, and refuses what is forged, stale or unsigned.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { LANGUAGES, readBooks, sign, startSite, type Site } from './merchant-support.js';
import { freePort, tempDir } from './support.js';

describe("the merchant examples: their README snippets, and the specification's test vector", () => {
  for (const language of LANGUAGES) {
    it(`${language.name}: the README's snippet is ${language.snippet.file}, the code the site runs`, () => {
      const readme = readFileSync(join(language.dir, 'README.md'), 'utf8');
      const code = readFileSync(join(language.dir, language.snippet.file), 'utf8');
      const blocks = [...readme.matchAll(new RegExp('```' + language.snippet.fence + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
      assert.ok(blocks.includes(code), `a \`\`\`${language.snippet.fence} block of ${language.name}'s README equals ${language.snippet.file}`);
    });
  }

  // The specification's published test vector (its libraries' tests): the same secret, id,
  // timestamp and body sign to the same signature, and verifying it now refuses the old timestamp.
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };
  const php = LANGUAGES.find((l) => l.name === 'php')!;
  const python = LANGUAGES.find((l) => l.name === 'python')!;

  it('php: the vendored library signs the test vector and refuses its timestamp as too old', () => {
    const script = `
      require 'standard-webhooks/src/Webhook.php';
      require 'standard-webhooks/src/Exception/WebhookVerificationException.php';
      $wh = new StandardWebhooks\\Webhook($argv[1]);
      echo $wh->sign($argv[2], $argv[3], $argv[4]), "\\n";
      try { $wh->verify($argv[4], ['webhook-id' => $argv[2], 'webhook-timestamp' => $argv[3], 'webhook-signature' => $argv[5]]); echo "accepted\\n"; }
      catch (StandardWebhooks\\Exception\\WebhookVerificationException $e) { echo $e->getMessage(), "\\n"; }`;
    const out = execFileSync(php.executable, ['-r', script, vector.secret, vector.id, String(vector.timestamp), vector.body, vector.signature], {
      cwd: php.dir,
      encoding: 'utf8',
    });
    assert.deepEqual(out.trim().split('\n'), [vector.signature, 'Message timestamp too old']);
  });

  it('python: the vendored library signs the test vector and refuses its timestamp as too old', () => {
    const script = `
import sys
from datetime import datetime, timezone
from standardwebhooks import Webhook, WebhookVerificationError
secret, msg_id, timestamp, body, signature = sys.argv[1:]
wh = Webhook(secret)
print(wh.sign(msg_id, datetime.fromtimestamp(int(timestamp), tz=timezone.utc), body))
try:
    wh.verify(body, {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature})
    print("accepted")
except WebhookVerificationError as error:
    print(error)`;
    const out = execFileSync(python.executable, ['-c', script, vector.secret, vector.id, String(vector.timestamp), vector.body, vector.signature], {
      cwd: python.dir,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    assert.deepEqual(out.trim().split('\n'), [vector.signature, 'Message timestamp too old']);
  });

  it("the tests' own signer signs the test vector", () => {
    assert.equal(sign(vector.secret, vector.id, vector.timestamp, vector.body), vector.signature);
  });
});

for (const language of LANGUAGES) {
  describe(`the ${language.name} site, sent signed requests straight`, () => {
    const data = tempDir('merchant-site-');
    const db = join(data.path, 'merchant.db');
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const sessionSecret = randomBytes(32).toString('hex');
    let site: Site;
    let token = '';
    before(async () => {
      site = await startSite(language, await freePort(), {
        CASHIER_SESSION_SECRET: sessionSecret,
        CASHIER_SESSION_ISSUER: 'https://casino.example',
        CASHIER_EVENTS_SECRET: secret,
        MERCHANT_DB: db,
      });
      const login = await fetch(`${site.url}/login`, { method: 'POST', body: JSON.stringify({ player: 'sam', email: 'sam@example.com', gender: 'M' }) });
      assert.equal(login.status, 200);
      token = ((await login.json()) as { token: string }).token;
    });
    after(async () => {
      await site?.stop();
      data.remove();
    });

    /** POSTs `payload` signed as the proxy signs (`key` the signing secret, `at` the attempt's time). */
    async function post(path: string, payload: unknown, { id = `msg_${randomUUID()}`, key = secret, at = new Date() } = {}) {
      const body = JSON.stringify(payload);
      const res = await fetch(`${site.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': sign(key, id, Math.floor(at.getTime() / 1000), body),
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    }
    const event = (type: string, transactionId: string, flow: 'payin' | 'payout', amount: string, status = type.split('.')[1]) => ({
      type,
      timestamp: new Date().toISOString(),
      data: { transactionId, userId: 'sam', flow, pspType: 'PAYONE', amount, fee: '0.00', total: amount, currency: 'CAD', status },
    });
    const authorize = (authorizationId: string, amount: string) => ({
      authorizationId,
      user: { id: 'sam' },
      type: 'payout',
      pspType: 'PAYONE',
      amount,
      fee: '0.00',
      total: amount,
      currency: 'CAD',
    });

    it('mints the session token the proxy verifies: HS256, iss and aud, sub, a short life', async () => {
      const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(sessionSecret), {
        issuer: 'https://casino.example',
        audience: 'mozarto-cashier',
        algorithms: ['HS256'],
      });
      assert.equal(protectedHeader.alg, 'HS256');
      assert.equal(payload.sub, 'sam');
      assert.equal(payload.email, 'sam@example.com');
      assert.ok(payload.exp! - payload.iat! <= 15 * 60, `lives ${payload.exp! - payload.iat!} s`);
    });

    it('holds atomically: 50 concurrent authorizations of 10.00 against 150.00 allow exactly 15', async () => {
      assert.equal((await post('/events', event('transaction.approved', 'tx_deposit', 'payin', '150.00'), { id: 'evt_deposit' })).body.duplicate, false);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post('/authorize', authorize(`tx_race_${i}`, '10.00'))));
      assert.deepEqual(
        answers.map((a) => a.status),
        Array(50).fill(200),
      );
      assert.equal(answers.filter((a) => a.body.decision === 'allow').length, 15);
      assert.equal(answers.filter((a) => a.body.decision === 'refuse' && a.body.reason === 'insufficient_balance').length, 35);
      const books = readBooks(db);
      assert.equal(books.held.length, 15);
      assert.equal(books.balances.get('sam CAD'), 15000);
      // Released, the holds free the balance again.
      for (const [i, a] of answers.entries())
        if (a.body.decision === 'allow') await post('/events', event('transaction.failed', `tx_race_${i}`, 'payout', '10.00'));
      assert.equal(readBooks(db).held.length, 0);
    });

    it('authorize is idempotent on authorizationId, and answers the KYC profile', async () => {
      const first = await post('/authorize', authorize('tx_twice', '100.00'));
      const again = await post('/authorize', authorize('tx_twice', '100.00'));
      assert.equal(first.body.decision, 'allow');
      assert.equal(again.body.decision, 'allow', 'the same authorization, asked again, holds nothing more');
      assert.deepEqual(
        readBooks(db).held.map((h) => [h.authorization_id, h.amount]),
        [['tx_twice', 10000]],
      );
      const profile = first.body.profile;
      assert.deepEqual(Object.keys(profile).sort(), [
        'blocked',
        'emailVerification',
        'gender',
        'isVelocity',
        'kycVerified',
        'partnerName',
        'transactionCount',
        'userBalance',
        'verificationDate',
      ]);
      assert.equal(profile.userBalance, 150);
      assert.equal(profile.emailVerification, 'sam@example.com');
      assert.match(profile.verificationDate, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(typeof profile.transactionCount, 'string');
      assert.equal((await post('/authorize', authorize('tx_more', '60.00'))).body.reason, 'insufficient_balance', '150.00 less the 100.00 held');
      assert.equal((await post('/authorize', { ...authorize('tx_stranger', '1.00'), user: { id: 'nobody' } })).body.reason, 'verification_required');
      // Captured: debited once, whatever arrives after.
      await post('/events', event('transaction.approved', 'tx_twice', 'payout', '100.00'));
      await post('/events', event('transaction.resolved', 'tx_twice', 'payout', '100.00', 'approved'));
      assert.equal(readBooks(db).balances.get('sam CAD'), 5000);
      assert.equal(readBooks(db).held.length, 0);
    });

    it('applies an event once however many copies race, and keeps a hold through review until resolved', async () => {
      const copies = await Promise.all(
        Array.from({ length: 10 }, () => post('/events', event('transaction.approved', 'tx_gift', 'payin', '5.00'), { id: 'evt_gift' })),
      );
      assert.deepEqual(copies.map((c) => c.status).sort(), Array(10).fill(200));
      assert.equal(copies.filter((c) => c.body.duplicate === false).length, 1);
      assert.equal(readBooks(db).balances.get('sam CAD'), 5500);

      await post('/authorize', authorize('tx_review', '20.00'));
      await post('/events', event('transaction.review', 'tx_review', 'payout', '20.00'));
      await post('/events', event('transaction.unknown', 'tx_review', 'payout', '20.00'));
      assert.deepEqual(
        readBooks(db).held.map((h) => h.authorization_id),
        ['tx_review'],
      );
      await post('/events', event('transaction.resolved', 'tx_review', 'payout', '20.00', 'rejected'));
      assert.equal(readBooks(db).held.length, 0);
      assert.equal(readBooks(db).balances.get('sam CAD'), 5500);
    });

    it('refuses a forged, a stale or an unsigned request with 401, and moves nothing', async () => {
      const before = readBooks(db);
      const forged = event('transaction.approved', 'tx_forged', 'payin', '1000.00');
      const other = `whsec_${randomBytes(32).toString('base64')}`;
      for (const path of ['/events', '/authorize']) {
        const payload = path === '/events' ? forged : authorize('tx_forged', '1.00');
        assert.equal((await post(path, payload, { key: other })).status, 401, `${path}: another secret`);
        assert.equal((await post(path, payload, { at: new Date(Date.now() - 6 * 60_000) })).status, 401, `${path}: six minutes old`);
        assert.equal((await post(path, payload, { at: new Date(Date.now() + 6 * 60_000) })).status, 401, `${path}: six minutes ahead`);
        const unsigned = await fetch(`${site.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
        assert.equal(unsigned.status, 401, `${path}: unsigned`);
      }
      // Signed but malformed: a clear 400, never a 5xx.
      assert.equal((await post('/events', { type: 'transaction.approved', data: { transactionId: 'x' } })).status, 400);
      assert.equal((await post('/authorize', { ...authorize('tx_bad', '1.00'), amount: '1e3' })).status, 400);
      const now = readBooks(db);
      assert.deepEqual(now.balances, before.balances);
      assert.deepEqual(now.appliedEvents, before.appliedEvents);
      assert.equal(now.held.length, before.held.length);
    });
  });
}
