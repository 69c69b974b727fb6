/**
 * The catalog against per-provider expectations written from docs/mozarto-api.md: codes, flows,
 * outcomes and where their redirect URL is, currencies, and the shared rules (a table over the
 * catalog, plus each provider's own answers, so a catalog mistake cannot agree with itself).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/core/catalog.js';
import { crossIssues, fieldsFor, nest, validateFields } from '../../src/core/validate.js';
import { DESCRIPTIONS_EN } from '../../src/core/messages/descriptions.js';
import { en } from '../../src/core/messages/en.js';
import { BROKEN, REQUIRED_USER_FIELDS, VALID } from './provider-fixtures.js';

const catalog = new Catalog();

/** docs/mozarto-api.md §5 "Redirect-URL field by provider", §6; docs/design.md "Readings chosen". */
const EXPECTED: Record<string, { payin?: unknown; payout?: unknown; currencies: string[] }> = {
  PAYONE: { payin: { kind: 'redirect', urlFields: ['redirect_url'] }, payout: { kind: 'await' }, currencies: ['EUR', 'CAD'] },
  GIGADAT: { payin: { kind: 'redirect', urlFields: ['webflowURL'] }, payout: { kind: 'await' }, currencies: ['CAD'] },
  FORUMPAY: { payin: { kind: 'redirect', urlFields: ['url'] }, payout: { kind: 'await' }, currencies: ['EUR', 'USD'] },
  CLEO: { payin: { kind: 'redirect', urlFields: [] }, payout: { kind: 'await' }, currencies: ['CLP', 'PEN', 'MXN'] },
  FLEXEPIN: { payin: { kind: 'sync' }, currencies: ['EUR'] },
  NEOSURF: { payin: { kind: 'await' }, currencies: ['EUR'] },
  TRUST: { payin: { kind: 'redirect', urlFields: ['paymentUrl'] }, currencies: ['EUR'] },
  WORLDPAY_EU: { payin: { kind: 'redirect', urlFields: ['paymentUrl'] }, currencies: ['EUR', 'GBP'] },
  EMERCHANTPAY: { payin: { kind: 'redirect', urlFields: [], optional: true }, currencies: ['EUR', 'USD', 'GBP'] },
  BRITE: { payin: { kind: 'redirect', urlFields: [] }, currencies: ['EUR'] },
};

describe('every provider, as documented', () => {
  it('has exactly the documented providers', () => {
    assert.deepEqual(
      catalog
        .all()
        .map((d) => d.pspType)
        .sort(),
      Object.keys(EXPECTED).sort(),
    );
  });

  for (const def of catalog.all()) {
    const want = EXPECTED[def.pspType]!;
    it(`${def.pspType}: flows, outcomes, currencies, description`, () => {
      assert.deepEqual(def.flows.payin?.outcome, want.payin);
      assert.deepEqual(def.flows.payout?.outcome, want.payout);
      if (def.flows.payin) assert.equal(def.flows.payin.type, 'PAYIN');
      if (def.flows.payout) assert.equal(def.flows.payout.type, 'PAYOUT');
      assert.deepEqual([...def.currencies], want.currencies);
      assert.ok(def.description in DESCRIPTIONS_EN);
      assert.ok(DESCRIPTIONS_EN[def.description as keyof typeof DESCRIPTIONS_EN].length <= 60, 'a short description');
    });

    for (const flow of Object.keys(def.flows) as ('payin' | 'payout')[]) {
      it(`${def.pspType} ${flow}: the player types exactly the documented fields`, () => {
        const required = fieldsFor(def, flow)
          .filter((f) => !f.optional)
          .map((f) => f.name);
        assert.deepEqual(required, REQUIRED_USER_FIELDS[`${def.pspType} ${flow}`]);
      });
    }
  }

  it('only eMerchantPay takes card data, behind cardEntry (Trust latest and Worldpay HPP do not)', () => {
    assert.deepEqual(
      catalog
        .all()
        .filter((d) => d.cardEntry)
        .map((d) => d.pspType),
      ['EMERCHANTPAY'],
    );
    for (const def of catalog.all()) {
      if (!def.cardEntry) assert.ok(!def.fields.some((f) => f.name.startsWith('card.')), def.pspType);
    }
  });

  it('Gigadat ACH is a named gap, not a guess', () => {
    const gigadat = catalog.get('GIGADAT');
    assert.match(gigadat.gaps?.join(' ') ?? '', /ACH/);
    assert.deepEqual(gigadat.derive?.({ flow: 'payout', amount: '1.00', currency: 'CAD', values: {} }), { payoutType: 'ETO' });
  });
});

describe('shared rules, the same function the widget and proxy run', () => {
  for (const v of VALID) {
    it(`${v.pspType} ${v.flow}: the valid fixture passes`, () => {
      const result = validateFields(catalog.get(v.pspType), v.flow, v.fields, ['user'], v.currency);
      assert.equal(result.ok, true, JSON.stringify(!result.ok && result.issues));
    });
  }

  for (const b of BROKEN) {
    it(`${b.pspType}: ${b.field} "${b.value}" → ${b.key}`, () => {
      const v = VALID.find((x) => x.pspType === b.pspType && x.flow === b.flow)!;
      const result = validateFields(catalog.get(b.pspType), b.flow, { ...v.fields, [b.field]: b.value }, ['user'], b.currency ?? v.currency);
      assert.equal(result.ok, false);
      assert.deepEqual(!result.ok && result.issues.map((i) => [i.field, i.key]), [[b.field, b.key]]);
      assert.ok(b.key in en);
    });
  }

  it('normalizes what is sent: digits for phones, PIN and card number; expiry as MM/YYYY', () => {
    const gig = validateFields(catalog.get('GIGADAT'), 'payin', { name: 'A B', email: 'a@b.co', phone: '+1 (555) 123-4567' });
    assert.deepEqual(gig.ok && gig.values.phone, '15551234567');
    const emp = validateFields(catalog.get('EMERCHANTPAY'), 'payin', VALID.find((v) => v.pspType === 'EMERCHANTPAY')!.fields);
    assert.ok(emp.ok);
    assert.equal(emp.ok && emp.values['card.pan'], '4111111111111111');
    assert.equal(emp.ok && emp.values['card.expiry'], '12/2039');
    const card = catalog.get('EMERCHANTPAY').fields.find((f) => f.name === 'card.expiry')!;
    assert.deepEqual(card.toBody?.('12/2039'), { 'card.expMonth': '12', 'card.expYear': '2039' });
    const pin = validateFields(catalog.get('FLEXEPIN'), 'payin', { voucherPin: '1234-5678-9012-3456', email: 'a@b.co' });
    assert.equal(pin.ok && pin.values.voucherPin, '1234567890123456');
  });

  it('a card expiring this month is still valid', () => {
    const now = new Date();
    const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
    const yy = String(now.getUTCFullYear()).slice(2);
    const v = VALID.find((x) => x.pspType === 'EMERCHANTPAY')!;
    assert.equal(validateFields(catalog.get('EMERCHANTPAY'), 'payin', { ...v.fields, 'card.expiry': `${mm}/${yy}` }).ok, true);
  });

  it('Cleo: each currency pairs with its country, in both directions', () => {
    const cleo = catalog.get('CLEO');
    for (const [currency, country] of [
      ['CLP', 'CL'],
      ['PEN', 'PE'],
      ['MXN', 'MX'],
    ]) {
      assert.deepEqual(crossIssues(cleo, 'payin', { countryCode: country }, currency!), []);
      const wrong = crossIssues(cleo, 'payin', { countryCode: country === 'CL' ? 'PE' : 'CL' }, currency!);
      assert.deepEqual(
        wrong.map((i) => [i.field, i.key, i.params?.country]),
        [['countryCode', 'error.country_currency', country]],
      );
    }
  });

  it('nest() builds the nested objects of the body', () => {
    assert.deepEqual(nest({ 'address.city': 'Lima', 'address.line1': 'X 1', email: 'a@b.co', 'card.pan': '4', skip: undefined }), {
      address: { city: 'Lima', line1: 'X 1' },
      email: 'a@b.co',
      card: { pan: '4' },
    });
  });
});
