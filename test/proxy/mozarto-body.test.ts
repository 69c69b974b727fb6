import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { payone } from '../../src/core/psp/payone.proxy.js';
import { buildMozartoBody } from '../../src/proxy/mozarto/mozarto-body.js';

const userFields = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '4915112345678' };

describe('buildMozartoBody', () => {
  it('builds the Payone pay-in body of docs/mozarto-api.md §6.7', () => {
    const body = buildMozartoBody({
      def: payone,
      flow: 'payin',
      flowDef: payone.flows.payin!,
      amount: '100.00',
      currency: 'CAD',
      userId: 'user-1',
      userFields,
      merchantReference: 'tx_0123456789abcdef01234567',
    });
    assert.deepEqual(body, {
      pspType: 'PAYONE',
      type: 'PAYIN',
      baseamount: 100,
      currency: 'CAD',
      currencyCode: 'CAD',
      userId: 'user-1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '4915112345678',
      merchantReference: 'tx_0123456789abcdef01234567',
    });
  });

  it('uses the flow definition for type and sends the amount as a number', () => {
    const body = buildMozartoBody({
      def: payone,
      flow: 'payout',
      flowDef: payone.flows.payout!,
      amount: '10.50',
      currency: 'EUR',
      userId: 'u',
      userFields,
      merchantReference: 'tx_x',
    });
    assert.equal(body.type, 'PAYOUT');
    assert.equal(body.baseamount, 10.5);
    assert.equal(typeof body.baseamount, 'number');
    assert.equal(body.currencyCode, 'EUR');
    assert.equal('isTestMode' in body, false);
  });

  it('never lets a field value replace pspType, type, amount, userId or merchantReference', () => {
    const body = buildMozartoBody({
      def: payone,
      flow: 'payin',
      flowDef: payone.flows.payin!,
      amount: '1.00',
      currency: 'EUR',
      userId: 'real-user',
      userFields: { ...userFields, userId: 'evil', pspType: 'X', baseamount: 1e9, merchantReference: 'other' },
      profileFields: { userId: 'evil-2', type: 'PAYOUT' },
      merchantReference: 'tx_mine',
    });
    assert.equal(body.userId, 'real-user');
    assert.equal(body.pspType, 'PAYONE');
    assert.equal(body.type, 'PAYIN');
    assert.equal(body.baseamount, 1);
    assert.equal(body.merchantReference, 'tx_mine');
  });

  it('includes profile and server values', () => {
    const body = buildMozartoBody({
      def: payone,
      flow: 'payin',
      flowDef: payone.flows.payin!,
      amount: '1.00',
      currency: 'EUR',
      userId: 'u',
      userFields: {},
      profileFields: { email: 'profile@example.com' },
      serverFields: { userIp: '203.0.113.9' },
      merchantReference: 'tx_1',
    });
    assert.equal(body.email, 'profile@example.com');
    assert.equal(body.userIp, '203.0.113.9');
  });
});
