/** Mozarto bodies for the providers with nested objects, renamed or derived fields (docs/mozarto-api.md §6). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/core/catalog.js';
import { validateFields } from '../../src/core/validate.js';
import { buildMozartoBody, serializeMozartoBody } from '../../src/proxy/mozarto/mozarto-body.js';
import { profileValues } from '../../src/proxy/validate-request.js';
import { KYC_USER, validFor } from '../core/provider-fixtures.js';

const catalog = new Catalog();

function body(pspType: string, flow: 'payin' | 'payout' = 'payin', serverFields: Record<string, unknown> = {}) {
  const v = validFor(pspType, flow);
  const def = catalog.get(pspType);
  const user = validateFields(def, flow, v.fields, ['user'], v.currency);
  assert.ok(user.ok);
  return buildMozartoBody({
    def,
    flow,
    flowDef: def.flows[flow]!,
    amount: '10.00',
    currency: v.currency,
    userId: 'user-kyc',
    userFields: user.values,
    profileFields: profileValues(def, flow, KYC_USER),
    serverFields,
    merchantReference: 'tx_1',
  });
}

describe('Mozarto bodies per provider', () => {
  it('Cleo (§6.2): nested address with the country, currencyCode, the KYC block, digits-only phone', () => {
    assert.deepEqual(body('CLEO'), {
      pspType: 'CLEO',
      type: 'PAYIN',
      baseamount: 10,
      currency: 'CLP',
      currencyCode: 'CLP',
      userId: 'user-kyc',
      merchantReference: 'tx_1',
      firstName: 'Ana',
      lastName: 'Rojas',
      email: 'ana@example.com',
      phone: '56912345678',
      dob: '1990-01-15',
      countryCode: 'CL',
      address: { line1: 'Av. Providencia 1234', city: 'Santiago', state: 'RM', postalCode: '7500000', country: 'CL' },
      gender: 'female',
      kycVerified: true,
      blocked: false,
      isVelocity: false,
      transactionCount: '3',
      userBalance: 120.5,
      partnerName: 'Demo Casino',
      emailVerification: 'ana@example.com',
      verificationDate: '2025-01-10',
    });
  });

  it('eMerchantPay (§6.10): card object with expMonth and expYear', () => {
    const b = body('EMERCHANTPAY');
    assert.deepEqual(b.card, { pan: '4111111111111111', expMonth: '12', expYear: '2039', cvv: '123', cardHolderName: 'Ana Rojas' });
    assert.equal(b.countryCode, 'CL');
    assert.equal('card.expiry' in b, false);
  });

  it('ForumPay (§6.4): `country` from the user record; pay-out coin and wallet', () => {
    assert.equal(body('FORUMPAY').country, 'CL');
    const out = body('FORUMPAY', 'payout');
    assert.equal(out.preferredCrypto, 'BTC');
    assert.equal(out.walletAddress, 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
  });

  it('Gigadat (§6.5): userIp, NANP digits, payoutType ETO with mobile', () => {
    const inn = body('GIGADAT', 'payin', { userIp: '203.0.113.9' });
    assert.equal(inn.phone, '5551234567');
    assert.equal(inn.userIp, '203.0.113.9');
    assert.equal(inn.payoutType, undefined);
    const out = body('GIGADAT', 'payout', { userIp: '203.0.113.9' });
    assert.equal(out.payoutType, 'ETO');
    assert.equal(out.mobile, '15551234567');
    assert.equal(out.kycVerified, true); // optional, from the record
  });

  it('Flexepin and Neosurf (§6.3, §6.6): currencyCode; no PIN for Neosurf', () => {
    assert.equal(body('FLEXEPIN').voucherPin, '1234567890123456');
    assert.equal(body('FLEXEPIN').currencyCode, 'EUR');
    assert.deepEqual(Object.keys(body('NEOSURF')).sort(), [
      'baseamount',
      'currency',
      'currencyCode',
      'email',
      'merchantReference',
      'pspType',
      'type',
      'userId',
    ]);
  });

  it('Trust latest (§6.8): no card data', () => {
    assert.equal('card' in body('TRUST'), false);
  });

  it('serializes baseamount with exactly two decimals (§6.5, §12.11)', () => {
    const text = serializeMozartoBody({ baseamount: 100, pspType: 'GIGADAT' }, '100.00');
    assert.equal(text, '{"baseamount":100.00,"pspType":"GIGADAT"}');
    assert.deepEqual(JSON.parse(text), { baseamount: 100, pspType: 'GIGADAT' });
    assert.equal(serializeMozartoBody({ baseamount: 1 }, '1.50'), '{"baseamount":1.50}');
    assert.throws(() => serializeMozartoBody({}, '1.5'), TypeError);
  });
});
