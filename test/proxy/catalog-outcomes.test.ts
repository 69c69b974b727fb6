/**
 * Outcome readings the sandbox does not produce, against a scripted Mozarto: eMerchantPay
 * without a 3DS URL, redirect fields by the known names in a fixed order, Brite's 200 rejection
 * (docs/mozarto-api.md §5, §6; docs/design.md "Readings chosen").
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { call, newKey, startFakeUpstream, startProxy, tempDir, type FakeUpstream, type StartedProxy } from './helpers.js';
import { KYC_USER, validFor } from '../core/provider-fixtures.js';
import { successStatus } from '../../src/proxy/mozarto/mozarto-response.js';

const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy;

before(async () => {
  upstream = await startFakeUpstream();
  proxy = await startProxy(join(dir.path, 'o.db'), { upstreamUrl: upstream.url, getUser: () => ({ ...KYC_USER }), cardEntry: true, rateLimit: false });
});
after(async () => {
  await proxy?.close();
  await upstream?.close();
  dir.remove();
});

const ok = (data: Record<string, unknown>, message = 'Successfully') => JSON.stringify({ status: 'success', message, isSuccess: true, data });

function create(pspType: string, flow: 'payin' | 'payout' = 'payin', amount = '10.00') {
  const v = validFor(pspType, flow);
  return call(`${proxy.api}/transactions`, { body: { pspType, type: flow, amount, currency: v.currency, fields: v.fields }, key: newKey() });
}

describe('outcomes per provider against a scripted Mozarto', () => {
  it('eMerchantPay without a 3DS URL: awaits the webhook', async () => {
    upstream.reply = () => ({ status: 200, body: ok({ status: 'PENDING', transactionId: 'a1' }) });
    const res = await create('EMERCHANTPAY');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.outcome, 'await');
    assert.equal(res.body.redirectUrl, undefined);
  });

  it('eMerchantPay with a 3DS URL under a known name: redirects', async () => {
    upstream.reply = () => ({ status: 200, body: ok({ status: 'PENDING', transactionId: 'a2', redirectUrl: 'https://3ds.example.com/c/1' }) });
    const res = await create('EMERCHANTPAY');
    assert.equal(res.body.outcome, 'redirect');
    assert.equal(res.body.redirectUrl, 'https://3ds.example.com/c/1');
  });

  it('the documented field wins over the known names (Worldpay paymentUrl before url)', async () => {
    upstream.reply = () => ({
      status: 200,
      body: ok({ transactionId: 'a3', url: 'https://wrong.example.com/', paymentUrl: 'https://hpp.worldpay.example.com/p' }),
    });
    const res = await create('WORLDPAY_EU');
    assert.equal(res.body.redirectUrl, 'https://hpp.worldpay.example.com/p');
  });

  it('Brite, Cleo: the URL is found by the known names in their fixed order', async () => {
    upstream.reply = () => ({ status: 200, body: ok({ transactionId: 'a4', url: 'https://bank.brite.example.com/s' }) });
    assert.equal((await create('BRITE')).body.redirectUrl, 'https://bank.brite.example.com/s');
    upstream.reply = () => ({ status: 200, body: ok({ transactionId: 'a5', redirect_url: 'https://cleo.example.com/a', url: 'https://cleo.example.com/b' }) });
    assert.equal((await create('CLEO')).body.redirectUrl, 'https://cleo.example.com/a');
  });

  it('a redirect provider without any URL is an error, not a silent wait (Gigadat)', async () => {
    upstream.reply = () => ({ status: 200, body: ok({ transactionId: 'a6', method: 'GET_REDIRECT' }) });
    const res = await create('GIGADAT');
    assert.equal(res.body.error.code, 'upstream_error');
  });

  it('Brite: a business rejection (200 with errorCode UNKNOWN_PSP_ERROR) is psp_error (§5)', async () => {
    upstream.reply = () => ({
      status: 200,
      body: JSON.stringify({ status: 'error', isSuccess: false, errorCode: 'UNKNOWN_PSP_ERROR', message: 'Deposit session creation failed', errors: [] }),
    });
    const res = await create('BRITE');
    assert.equal(res.body.error.code, 'psp_error');
  });
});

describe('successStatus: waiting for approval (docs/design.md "Statuses")', () => {
  it('Gigadat method AWAITING_APPROVAL and ForumPay "on hold" read awaiting_approval; others pending', () => {
    assert.equal(successStatus({ method: 'AWAITING_APPROVAL' }, 'await').status, 'awaiting_approval');
    assert.equal(successStatus({ transaction_status: 'Pending' }, 'await', 'Transaction is on hold').status, 'awaiting_approval');
    assert.equal(successStatus({ status: 'PENDING' }, 'await', 'Successfully').status, 'pending');
    assert.equal(successStatus({ transaction_status: 'Approved', method: 'AWAITING_APPROVAL' }, 'await').status, 'approved');
    assert.equal(successStatus({ status: 'PENDING' }, 'sync').status, 'approved');
  });
});
