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

describe('a user record without the KYC block', () => {
  it('Cleo is refused with the missing server field named, before Mozarto', async () => {
    const p = await startProxy(join(dir.path, 'no-kyc.db'), {
      upstreamUrl: sandbox.url,
      getUser: () => ({ id: 'u-nokyc', email: 'a@example.com', countryCode: 'CL' }),
      rateLimit: false,
    });
    try {
      const v = validFor('CLEO');
      const res = await call(`${p.api}/transactions`, {
        body: { pspType: 'CLEO', type: 'payin', amount: '10.00', currency: v.currency, fields: v.fields },
        key: newKey(),
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalid_field');
      const fields = res.body.error.issues.map((i: { field: string }) => i.field);
      for (const f of [
        'gender',
        'kycVerified',
        'blocked',
        'isVelocity',
        'transactionCount',
        'userBalance',
        'partnerName',
        'emailVerification',
        'verificationDate',
      ]) {
        assert.ok(fields.includes(f), `${f} in ${fields.join(',')}`);
      }
    } finally {
      await p.close();
    }
  });
});
