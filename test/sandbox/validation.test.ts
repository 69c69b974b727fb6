/** Body, pspType, PSP configuration and Payone's rules (docs/mozarto-api.md §5, §6.7). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { payoneBody, startHarness, type Harness } from './helpers.js';

function validationFailed(errors: string[]) {
  return { status: 'error', message: 'Validation failed', isSuccess: false, errors };
}

describe('sandbox request validation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers 400 for a body that is not JSON, or not a JSON object', async () => {
    let response = await h.cashier('{"pspType": "PAYONE",');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), validationFailed(['body must be valid JSON']));
    response = await h.cashier('[1, 2]');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), validationFailed(['body must be a JSON object']));
  });

  it('answers 400 "Missing required field: pspType"', async () => {
    for (const pspType of [undefined, '', 42]) {
      const response = await h.cashier(payoneBody({ pspType }));
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        status: 'error',
        message: 'Missing required field: pspType',
        isSuccess: false,
        errors: [],
      });
    }
  });

  it('answers "PSP Configuration not found" for a PSP not configured in the back office', async () => {
    h.sandbox.sandbox.configure({ enabledPsps: ['PAYONE'] }); // GIGADAT is modelled but not configured here
    for (const pspType of ['GIGADAT', 'payone', 'NOPE']) {
      const response = await h.cashier(payoneBody({ pspType }));
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), {
        status: 'error',
        message: 'Something went wrong',
        isSuccess: false,
        data: 'PSP Configuration not found. Please check you psp Configuration',
      });
    }
    h.sandbox.sandbox.configure({ enabledPsps: undefined });
  });

  it('answers "PSP Configuration not found" for PAYONE once it is switched off', async () => {
    h.sandbox.sandbox.configure({ enabledPsps: [] });
    try {
      const response = await h.cashier(payoneBody());
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { data: string }).data, 'PSP Configuration not found. Please check you psp Configuration');
    } finally {
      h.sandbox.sandbox.configure({ enabledPsps: ['PAYONE'] });
    }
  });

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['type missing', { type: undefined }, ['type must not be empty']],
    ['type unknown', { type: 'DEPOSIT' }, ['type must be one of the following values: PAYIN, PAYOUT']],
    ['baseamount missing', { baseamount: undefined }, ['amount must not be empty']],
    ['baseamount zero', { baseamount: 0 }, ['baseamount must be a positive number']],
    ['baseamount negative', { baseamount: -5 }, ['baseamount must be a positive number']],
    ['baseamount as a string', { baseamount: '10.00' }, ['baseamount must be a positive number']],
    ['currency missing', { currency: undefined }, ['currency must not be empty']],
    [
      'currency lower-case',
      { currency: 'eur', currencyCode: 'eur' },
      ['currency must be a 3-letter upper-case ISO 4217 code', 'currencyCode must be a 3-letter upper-case ISO 4217 code'],
    ],
    [
      'currency not offered',
      { currency: 'USD', currencyCode: 'USD' },
      ['currency must be one of the following values: EUR, CAD', 'currencyCode must be one of the following values: EUR, CAD'],
    ],
    ['currencyCode missing', { currencyCode: undefined }, ['currencyCode must not be empty']],
    ['currencyCode differs', { currency: 'EUR', currencyCode: 'CAD' }, ['currencyCode must equal currency']],
    ['userId missing', { userId: undefined }, ['userId must not be empty']],
    ['userId a number', { userId: 123 }, ['userId must be a string']],
    ['email missing', { email: undefined }, ['email must not be empty']],
    ['email invalid', { email: 'player@example' }, ['email must be a valid email']],
    ['firstName blank', { firstName: '  ' }, ['firstName must not be empty']],
    ['lastName missing', { lastName: undefined }, ['lastName must not be empty']],
    ['phone missing', { phone: undefined }, ['phone must not be empty']],
    ['phone a number', { phone: 4915112345678 }, ['phone must be a string']],
    ['phone too short', { phone: '+49 12-3' }, ['phone must contain at least 6 digits']],
  ];
  for (const [name, overrides, errors] of cases) {
    it(`answers 400 Validation failed: ${name}`, async () => {
      // The user token carries no userId here, so a bad body userId reaches validation.
      const response = await h.cashier(payoneBody(overrides), { 'x-user-token': undefined, 'x-user-authorization': 'Bearer s' });
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), validationFailed(errors));
    });
  }

  it('reports every failing rule at once', async () => {
    const response = await h.cashier(
      { pspType: 'PAYONE', type: 'PAYOUT', currency: 'CAD', currencyCode: 'CAD' },
      { 'x-user-token': undefined, 'x-user-authorization': 'Bearer s' },
    );
    assert.equal(response.status, 400);
    assert.deepEqual(
      await response.json(),
      validationFailed([
        'amount must not be empty',
        'userId must not be empty',
        'email must not be empty',
        'firstName must not be empty',
        'lastName must not be empty',
        'phone must not be empty',
      ]),
    );
  });

  it('accepts CAD and ignores unknown and optional extra fields', async () => {
    const response = await h.cashier(payoneBody({ currency: 'CAD', currencyCode: 'CAD', brandId: 'b1', isTestMode: true, somethingNew: { a: 1 } }));
    assert.equal(response.status, 200);
  });

  it('answers 404 JSON for other paths and methods', async () => {
    for (const [method, path] of [
      ['GET', '/v1/api/mozarto/cashier'],
      ['GET', '/'],
      ['POST', '/v1/api/mozarto/other'],
      ['GET', '/__sandbox/nope'],
    ]) {
      const response = await fetch(`${h.url}${path}`, { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.deepEqual(await response.json(), { status: 'error', message: 'Not found', isSuccess: false, errors: [] });
    }
  });
});
