/**
 * Every provider and flow through the proxy and the real sandbox over HTTP: a valid submission
 * reaches its documented outcome (hosted page → webhook, webhook alone, or the response itself).
 * The sandbox models each provider from docs/mozarto-api.md independently of the catalog, so a wrong
 * catalog entry (a missing field, a wrong name, a bad format) fails here with Mozarto's 400.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { sessionUser, signHs256 } from '../../src/proxy/index.js';
import { COMPANY_TOKEN, WEBHOOK_SECRET, call, eventually, newKey, startProxy, tempDir, type StartedProxy } from './helpers.js';
import { KYC_USER, VALID, validFor } from '../core/provider-fixtures.js';

const dir = tempDir();
let sandbox: StartedSandbox;
let proxy: StartedProxy;

before(async () => {
  sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 30, companyToken: COMPANY_TOKEN, siteUrl: 'http://localhost/return' });
  proxy = await startProxy(join(dir.path, 'catalog.db'), { upstreamUrl: sandbox.url, getUser: () => ({ ...KYC_USER }), cardEntry: true, rateLimit: false });
  sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
});

after(async () => {
  await proxy?.close();
  await sandbox?.close();
  dir.remove();
});

const create = (pspType: string, flow: string, currency: string, fields: Record<string, unknown>, amount = '10.00') =>
  call(`${proxy.api}/transactions`, { body: { pspType, type: flow, amount, currency, fields }, key: newKey() });

const statusOf = (id: string) => call(`${proxy.api}/transactions/${id}`);

function settlesTo(id: string, expected: string) {
  return eventually(
    async () => {
      const res = await statusOf(id);
      return res.body?.status === expected ? res.body : undefined;
    },
    5000,
    `${id} to become ${expected}`,
  );
}

async function decide(url: string, decision: 'approve' | 'decline') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `decision=${decision}`,
    redirect: 'manual',
  });
  assert.ok(res.status === 303 || res.status === 200, String(res.status));
}

describe('every provider and flow reaches its outcome through proxy and sandbox', () => {
  for (const v of VALID) {
    it(`${v.pspType} ${v.flow}: ${v.outcome}, ${v.status}, then approved`, async () => {
      const res = await create(v.pspType, v.flow, v.currency, v.fields);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.outcome, v.outcome);
      assert.equal(res.body.status, v.status);
      if (v.outcome === 'redirect') {
        assert.ok(res.body.redirectUrl.startsWith(`${sandbox.url}/hpp/`), res.body.redirectUrl);
        await decide(res.body.redirectUrl, 'approve');
      } else {
        assert.equal(res.body.redirectUrl, undefined);
      }
      const body = await settlesTo(res.body.transactionId, 'approved');
      assert.equal(body.pspType, v.pspType);
      assert.equal(body.type, v.flow);
    });
  }

  it('a hosted-page decline is declined (Worldpay)', async () => {
    const v = validFor('WORLDPAY_EU');
    const res = await create(v.pspType, v.flow, v.currency, v.fields, '20.00');
    await decide(res.body.redirectUrl, 'decline');
    await settlesTo(res.body.transactionId, 'declined');
  });

  it("Flexepin: a rejected voucher is declined with the provider's reason, at once and for good", async () => {
    const v = validFor('FLEXEPIN');
    const res = await create(v.pspType, v.flow, v.currency, { ...v.fields, voucherPin: '1234567890120000' });
    assert.equal(res.status, 402, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'declined');
    assert.equal(res.body.error.message, 'Voucher has already been redeemed');
    assert.equal(res.body.error.retryable, false);
  });

  it('Flexepin: a transport error (errorCode) is a retryable error, not a decline', async () => {
    const v = validFor('FLEXEPIN');
    const res = await create(v.pspType, v.flow, v.currency, v.fields, '10.97');
    assert.equal(res.body.error.code, 'psp_unavailable');
    assert.equal(res.body.error.retryable, true);
  });

  it('Gigadat: the body carries baseamount with exactly two decimals and NANP digits', async () => {
    const v = validFor('GIGADAT');
    const res = await create(v.pspType, v.flow, v.currency, v.fields, '100');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const tx = sandbox.sandbox.transactions().find((t) => t.merchantReference === res.body.transactionId);
    assert.equal(tx?.amount, 100);
  });

  it('Cleo: a country that does not match the currency is refused by the proxy before Mozarto', async () => {
    const v = validFor('CLEO');
    const before = sandbox.sandbox.transactions().length;
    const res = await create(v.pspType, v.flow, 'MXN', v.fields);
    assert.equal(res.status, 400);
    assert.deepEqual(
      res.body.error.issues.map((i: { field: string; code: string }) => [i.field, i.code]),
      [['countryCode', 'error.country_currency']],
    );
    assert.equal(res.body.error.issues[0].message, 'Country must be MX to pay in MXN.');
    assert.equal(sandbox.sandbox.transactions().length, before);
  });

  it('eMerchantPay: card data never reaches logs or the database', async () => {
    const v = validFor('EMERCHANTPAY');
    const res = await create(v.pspType, v.flow, v.currency, v.fields);
    assert.equal(res.status, 201);
    const logged = proxy.logger.text();
    assert.ok(!logged.includes('4111111111111111') && !logged.includes('4111 1111'), 'PAN in logs');
    const db = readFileSync(join(dir.path, 'catalog.db')).toString('latin1');
    assert.ok(!db.includes('4111111111111111'), 'PAN in the database');
    assert.ok(!db.includes('"cvv"'), 'CVV in the database');
  });
});

describe('the player’s profile (issue 23 rule 4)', () => {
  const PROFILE = ['gender', 'kycVerified', 'blocked', 'isVelocity', 'transactionCount', 'userBalance', 'partnerName', 'emailVerification', 'verificationDate'];
  const cleo = (p: StartedProxy) => {
    const v = validFor('CLEO');
    return call(`${p.api}/transactions`, { body: { pspType: 'CLEO', type: 'payin', amount: '10.00', currency: v.currency, fields: v.fields }, key: newKey() });
  };

  it('a record without the KYC block: the method is "not available", never "Some details need attention"; the log and the terminal status name each gap; Mozarto hears nothing', async () => {
    const p = await startProxy(join(dir.path, 'no-kyc.db'), {
      upstreamUrl: sandbox.url,
      getUser: () => ({ id: 'u-nokyc', email: 'a@example.com', countryCode: 'CL' }),
      rateLimit: false,
    });
    try {
      const calls = sandbox.sandbox.transactions().length;
      const res = await cleo(p);
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'unsupported_method', 'the widget shows "This payment method is not available.", not a field error');
      assert.equal(res.body.error.retryable, false);
      assert.equal(res.body.error.issues, undefined);
      assert.equal(res.body.error.field, undefined);
      for (const f of PROFILE) assert.match(res.body.error.message, new RegExp(`${f} \\(missing\\)`));
      assert.equal(sandbox.sandbox.transactions().length, calls, 'Mozarto was not called');
      const entry = p.logger.entries.find((e) => e.msg.startsWith('the player’s profile lacks'));
      assert.deepEqual(
        entry?.gaps,
        PROFILE.map((f) => `${f} (missing)`),
      );
      const [tx] = await p.store.listTransactionsByUser('u-nokyc', 1);
      assert.deepEqual([tx!.status, tx!.errorCode, tx!.upstreamId], ['failed', 'unsupported_method', null], 'the attempt ends: a hold is released');
    } finally {
      await p.close();
    }
  });

  it('with the session token alone, Cleo and Worldpay are not offered and start-up names them; an authorize answering the block brings them back, and its profile reaches Mozarto', async () => {
    const secret = 'profile-test-session-secret-0123456789-abcdef';
    const issuer = 'https://shop.example';
    const token = await signHs256(
      { sub: 'u-session', iss: issuer, aud: 'mozarto-cashier', email: 'ana@example.com', firstName: 'Ana', lastName: 'Rojas', countryCode: 'CL' },
      secret,
      {
        expiresInSeconds: 600,
      },
    );
    const headers = { authorization: `Bearer ${token}` };
    const bare = await startProxy(join(dir.path, 'session-only.db'), { upstreamUrl: sandbox.url, getUser: sessionUser({ secret, issuer }), rateLimit: false });
    try {
      const config = (await call(`${bare.api}/config`, { user: null, headers })).body;
      const offered = [...config.methods.payin, ...config.methods.payout].map((m: { pspType: string }) => m.pspType);
      assert.ok(!offered.includes('CLEO') && !offered.includes('WORLDPAY_EU'), offered.join(','));
      assert.ok(offered.includes('PAYONE'));
      const named = bare.logger.entries.filter((e) => e.level === 'warn' && /is not offered for/.test(e.msg)).map((e) => `${e.pspType} ${e.flow}`);
      assert.deepEqual(named.sort(), ['CLEO payin', 'CLEO payout', 'WORLDPAY_EU payin']);
    } finally {
      await bare.close();
    }
    const asked = await startProxy(join(dir.path, 'session-authorize.db'), {
      upstreamUrl: sandbox.url,
      getUser: sessionUser({ secret, issuer }),
      rateLimit: false,
      authorize: () => ({ ok: true, profile: KYC_PROFILE }),
    });
    try {
      const config = (await call(`${asked.api}/config`, { user: null, headers })).body;
      assert.ok(config.methods.payin.some((m: { pspType: string }) => m.pspType === 'CLEO'));
      const v = validFor('CLEO');
      const res = await call(`${asked.api}/transactions`, {
        user: null,
        headers,
        body: { pspType: 'CLEO', type: 'payin', amount: '10.00', currency: v.currency, fields: v.fields },
        key: newKey(),
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      // The session token carries no KYC field: the block Mozarto validated came from the authorize answer.
      assert.ok(
        sandbox.sandbox.transactions().some((t) => t.merchantReference === res.body.transactionId),
        'the sandbox took the Cleo body, its KYC block included',
      );
    } finally {
      await asked.close();
    }
  });
});

/** The block as the merchant's authorize answers it (the contract's `profile`). */
const KYC_PROFILE = {
  gender: KYC_USER.gender,
  kycVerified: KYC_USER.kycVerified,
  blocked: KYC_USER.blocked,
  isVelocity: KYC_USER.isVelocity,
  transactionCount: KYC_USER.transactionCount,
  userBalance: KYC_USER.userBalance,
  partnerName: KYC_USER.partnerName,
  emailVerification: KYC_USER.emailVerification,
  verificationDate: KYC_USER.verificationDate,
};
