/**
 * Per-flow and per-method limits and fees: resolved most specific first at start-up (a bad value
 * names its option), served by `GET config`, and enforced on `POST transactions` with the same
 * figures the widget shows (core/fees.ts) — an amount outside them is a field error on `amount`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Catalog } from '../../src/core/catalog.js';
import { resolveTerms } from '../../src/proxy/method-terms.js';
import { configResponse, resolveMethods } from '../../src/proxy/methods.js';
import { call, newKey, payoneRequest, startProxy, tempDir, type StartedProxy } from './helpers.js';

const LIMITS = { min: '5.00', payout: { max: '2000.00' }, methods: { PAYONE: { max: '800.00', payout: { min: '20.00' } }, FLEXEPIN: { max: '150.00' } } };
const FEES = {
  percent: '1',
  payout: { fixed: '2.00' },
  methods: { PAYONE: { fixed: '0.25', percent: '1.5', min: '1.00' }, BRITE: { payin: { fixed: '0' } }, FORUMPAY: { payout: { fixed: '5.00' } } },
};

describe('limits and fees: resolution', () => {
  const terms = (flow: 'payin' | 'payout', psp: string) => resolveTerms({ limits: LIMITS, fees: FEES }, flow, psp);

  it('limits merge field by field, most specific last', () => {
    assert.deepEqual(terms('payin', 'GIGADAT').limits, { min: '5.00', max: '10000.00' });
    assert.deepEqual(terms('payout', 'GIGADAT').limits, { min: '5.00', max: '2000.00' });
    assert.deepEqual(terms('payin', 'PAYONE').limits, { min: '5.00', max: '800.00' });
    assert.deepEqual(terms('payout', 'PAYONE').limits, { min: '20.00', max: '800.00' });
    assert.deepEqual(terms('payin', 'FLEXEPIN').limits, { min: '5.00', max: '150.00' });
  });

  it('a fee is taken whole from the most specific level that sets one', () => {
    assert.deepEqual(terms('payin', 'GIGADAT').fee, { percent: '1' });
    assert.deepEqual(terms('payout', 'GIGADAT').fee, { fixed: '2.00' });
    assert.deepEqual(terms('payout', 'PAYONE').fee, { fixed: '0.25', percent: '1.5', min: '1.00' });
    assert.equal(terms('payin', 'BRITE').fee, undefined, 'free for that method and flow');
    assert.deepEqual(resolveTerms({ fees: { fixed: '0', percent: '0', min: '1' } }, 'payin', 'BRITE').fee, { fixed: '1.00' }, 'a minimum alone is a fixed fee');
  });

  for (const [option, value, message] of [
    ['limits', { methods: { PAYONE: { max: 'lots' } } }, /limits\.methods\.PAYONE\.max must be an amount/],
    ['limits', { payout: { min: '50.00', max: '10.00' } }, /min <= max/],
    ['fees', { payout: { percent: '150' } }, /fees\.payout\.percent must be a percentage/],
    ['fees', { methods: { BRITE: { min: '-1' } } }, /fees\.methods\.BRITE\.min must be an amount/],
    ['fees', { methods: { NOPE: { fixed: '1.00' } } }, /NOPE/],
  ] as const) {
    it(`refuses ${option} ${JSON.stringify(value)} at start-up`, () => {
      assert.throws(() => resolveMethods(new Catalog(), { [option]: value }), message);
    });
  }

  it('quick amounts per method, each within that method’s range', () => {
    const config = configResponse(
      resolveMethods(new Catalog(), { limits: LIMITS, amountPresets: ['10', '50', '100'], amountPresetsByMethod: { FLEXEPIN: ['20', '150'] } }),
    );
    assert.deepEqual(config.methods.payin.find((m) => m.pspType === 'FLEXEPIN')!.amountPresets, ['20.00', '150.00']);
    assert.deepEqual(config.methods.payin.find((m) => m.pspType === 'PAYONE')!.amountPresets, ['10.00', '50.00', '100.00']);
    assert.deepEqual(
      config.methods.payout.find((m) => m.pspType === 'PAYONE')!.amountPresets,
      ['50.00', '100.00'],
      'the shared ones outside its range left out',
    );
    assert.throws(() => resolveMethods(new Catalog(), { limits: LIMITS, amountPresetsByMethod: { FLEXEPIN: ['200'] } }), /within FLEXEPIN's payin limits/);
  });
});

describe('limits and fees: GET config and POST transactions', () => {
  let dir: ReturnType<typeof tempDir>;
  let proxy: StartedProxy;
  before(async () => {
    dir = tempDir();
    // Nothing listens upstream: every request here is refused before any call to Mozarto.
    proxy = await startProxy(join(dir.path, 'db.sqlite'), { upstreamUrl: 'http://127.0.0.1:9', limits: LIMITS, fees: FEES });
  });
  after(async () => {
    await proxy.close();
    dir.remove();
  });

  it('GET config serves each method’s range and fee for its flow', async () => {
    const { body } = await call(`${proxy.api}/config`);
    const payone = (flow: 'payin' | 'payout') => body.methods[flow].find((m: { pspType: string }) => m.pspType === 'PAYONE');
    assert.deepEqual(payone('payin').limits, { min: '5.00', max: '800.00' });
    assert.deepEqual(payone('payout').limits, { min: '20.00', max: '800.00' });
    assert.deepEqual(payone('payout').fee, { fixed: '0.25', percent: '1.5', min: '1.00' });
    assert.deepEqual(body.limits, { min: '5.00', max: '10000.00' });
  });

  const refused = async (overrides: Record<string, unknown>) => {
    const res = await call(`${proxy.api}/transactions`, { body: payoneRequest(overrides), key: newKey() });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'invalid_field');
    assert.equal(res.body.error.field, 'amount');
    return res.body.error.issues[0];
  };

  it('an amount above the method’s max is a field error naming the max', async () => {
    const issue = await refused({ amount: '800.01' });
    assert.deepEqual([issue.code, issue.message], ['error.amount_max', 'Amount must be at most 800.00.']);
  });

  it('an amount under the method’s pay-out min is refused, though the flow’s min allows it', async () => {
    const issue = await refused({ type: 'payout', amount: '10.00' });
    assert.deepEqual([issue.code, issue.message], ['error.amount_min', 'Amount must be at least 20.00.']);
  });

  it('a pay-out the fee would swallow is refused, naming the fee', async () => {
    const res = await call(`${proxy.api}/transactions`, {
      body: {
        pspType: 'FORUMPAY',
        type: 'payout',
        amount: '5.00',
        currency: 'USD',
        fields: { email: 'a@example.com', preferredCrypto: 'BTC', walletAddress: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh' },
      },
      key: newKey(),
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(
      [res.body.error.field, res.body.error.issues[0].code, res.body.error.issues[0].message],
      ['amount', 'error.amount_fee', 'Amount must be more than the fee of 5.00.'],
    );
  });
});
