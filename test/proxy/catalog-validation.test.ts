/**
 * The proxy is the trust boundary for every provider: each required field missing, each rule
 * broken and each server-only field sent by a browser is refused with a specific issue — the
 * same message key the widget shows — before anything reaches Mozarto.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { en } from '../../src/core/messages/en.js';
import { Catalog } from '../../src/core/catalog.js';
import { call, newKey, startFakeUpstream, startProxy, tempDir, type FakeUpstream, type StartedProxy } from './helpers.js';
import { BROKEN, KYC_USER, REQUIRED_USER_FIELDS, SERVER_ONLY, VALID } from '../core/provider-fixtures.js';

const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy;

before(async () => {
  upstream = await startFakeUpstream();
  proxy = await startProxy(join(dir.path, 'v.db'), { upstreamUrl: upstream.url, getUser: () => ({ ...KYC_USER }), cardEntry: true, rateLimit: false });
});

after(async () => {
  await proxy?.close();
  await upstream?.close();
  dir.remove();
});

const post = (pspType: string, flow: string, currency: string, fields: Record<string, unknown>) =>
  call(`${proxy.api}/transactions`, { body: { pspType, type: flow, amount: '10.00', currency, fields }, key: newKey() });

function issues(res: { status: number; body: any }): [string, string][] {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'invalid_field');
  return res.body.error.issues.map((i: { field: string; code: string }) => [i.field, i.code]);
}

describe('proxy validation, every provider', () => {
  it('the fixtures cover every catalog provider and flow', () => {
    const catalog = new Catalog();
    const want = catalog
      .all()
      .flatMap((d) => Object.keys(d.flows).map((f) => `${d.pspType} ${f}`))
      .sort();
    assert.deepEqual(Object.keys(REQUIRED_USER_FIELDS).sort(), want);
    assert.deepEqual(VALID.map((v) => `${v.pspType} ${v.flow}`).sort(), want);
  });

  for (const v of VALID) {
    const required = REQUIRED_USER_FIELDS[`${v.pspType} ${v.flow}`]!;
    it(`${v.pspType} ${v.flow}: each required field missing is named`, async () => {
      for (const name of required) {
        const { [name]: _, ...fields } = v.fields;
        assert.deepEqual(issues(await post(v.pspType, v.flow, v.currency, fields)), [[name, 'error.required']], name);
      }
      assert.equal(upstream.calls.length, 0);
    });

    it(`${v.pspType} ${v.flow}: no server-only field is accepted from the browser`, async () => {
      for (const name of SERVER_ONLY) {
        const res = await post(v.pspType, v.flow, v.currency, { ...v.fields, [name]: name === 'userBalance' ? 1 : 'x' });
        assert.deepEqual(issues(res), [[name, 'error.server_field']], name);
        assert.equal(res.body.error.issues[0].message, en['error.server_field']);
      }
      // Profile values (gender, countryCode…) come from the merchant's record, not the browser.
      const def = new Catalog().get(v.pspType);
      for (const f of def.fields.filter((f) => f.source === 'profile' || f.source === 'server')) {
        assert.deepEqual(issues(await post(v.pspType, v.flow, v.currency, { ...v.fields, [f.name]: 'x' })), [[f.name, 'error.server_field']], f.name);
      }
      assert.equal(upstream.calls.length, 0);
    });
  }

  for (const b of BROKEN) {
    it(`${b.pspType} ${b.flow}: ${b.field} "${b.value}" → ${b.key}`, async () => {
      const v = VALID.find((x) => x.pspType === b.pspType && x.flow === b.flow)!;
      const res = await post(b.pspType, b.flow, b.currency ?? v.currency, { ...v.fields, [b.field]: b.value });
      assert.deepEqual(issues(res), [[b.field, b.key]]);
      assert.ok(!/\{\w+\}/.test(res.body.error.issues[0].message), res.body.error.issues[0].message);
      assert.equal(upstream.calls.length, 0);
    });
  }

  it('Gigadat accepts only CAD; Cleo only CLP, PEN, MXN', async () => {
    const res = await post('GIGADAT', 'payin', 'EUR', VALID.find((v) => v.pspType === 'GIGADAT')!.fields);
    assert.equal(res.body.error.code, 'unsupported_method');
    const cleo = await post('CLEO', 'payin', 'EUR', VALID.find((v) => v.pspType === 'CLEO')!.fields);
    assert.equal(cleo.body.error.code, 'unsupported_method');
  });
});

describe('card entry (docs/adr/0004-card-entry.md)', () => {
  it('is off by default: eMerchantPay is not served, and cannot be enabled by name alone', async () => {
    const p = await startProxy(join(dir.path, 'nocard.db'), { upstreamUrl: upstream.url, getUser: () => ({ ...KYC_USER }), rateLimit: false });
    try {
      const config = await call(`${p.api}/config`);
      assert.ok(!config.body.methods.payin.some((m: { pspType: string }) => m.pspType === 'EMERCHANTPAY'));
      const v = VALID.find((x) => x.pspType === 'EMERCHANTPAY')!;
      const res = await call(`${p.api}/transactions`, {
        body: { pspType: 'EMERCHANTPAY', type: 'payin', amount: '10.00', currency: 'EUR', fields: v.fields },
        key: newKey(),
      });
      assert.equal(res.body.error.code, 'unsupported_method');
    } finally {
      await p.close();
    }
    await assert.rejects(startProxy(join(dir.path, 'nocard2.db'), { upstreamUrl: upstream.url, methods: { payin: ['EMERCHANTPAY'] } }), /cardEntry: true/);
  });
});
