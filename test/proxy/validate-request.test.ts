import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/core/catalog.js';
import { ErrorResponse } from '../../src/core/contract.js';
import { ProxyConfigError } from '../../src/proxy/config-error.js';
import { ProxyError } from '../../src/proxy/http/errors.js';
import { bodyHash, bodyHashKey, canonicalJson, checkIdempotencyKey } from '../../src/proxy/idempotency.js';
import { configResponse, resolveMethods } from '../../src/proxy/methods.js';
import { validateCreateRequest } from '../../src/proxy/validate-request.js';
import { payoneRequest } from './helpers.js';

const config = resolveMethods(new Catalog(), { currencies: { PAYONE: ['EUR', 'CAD'] } });

function refusal(body: unknown, cfg = config): ProxyError {
  try {
    validateCreateRequest(body, cfg);
  } catch (error) {
    assert.ok(error instanceof ProxyError, String(error));
    assert.equal(ErrorResponse.safeParse({ error: error.toBody('req_1') }).success, true);
    return error;
  }
  throw new Error('expected a refusal');
}

describe('validateCreateRequest', () => {
  it('accepts a valid Payone request and parses the values', () => {
    const valid = validateCreateRequest(payoneRequest({ amount: '25,5' }), config);
    assert.deepEqual(valid.quote, { amount: '25.50', fee: '0.00', total: '25.50' });
    assert.equal(valid.flow, 'payin');
    assert.equal(valid.userFields.phone, '4915112345678');
  });

  it('names the bad key of a wrong shape', () => {
    for (const [body, key] of [
      [{ ...payoneRequest(), pspType: 'payone' }, 'pspType'],
      [{ ...payoneRequest(), type: 'deposit' }, 'type'],
      [{ ...payoneRequest(), amount: 10 }, 'amount'],
      [{ ...payoneRequest(), currency: 'eur' }, 'currency'],
      [{ ...payoneRequest(), fields: [] }, 'fields'],
      [{ ...payoneRequest(), extra: 1 }, 'extra'],
    ] as const) {
      const error = refusal(body);
      assert.equal(error.code, 'invalid_request', key);
      assert.equal(error.field, key);
      assert.match(error.message, new RegExp(key));
    }
    const { currency: _, ...noCurrency } = payoneRequest();
    assert.match(refusal(noCurrency).message, /Missing "currency"/);
    assert.equal(refusal([1, 2]).code, 'invalid_request');
    assert.equal(refusal('text').code, 'invalid_request');
  });

  it('refuses an unknown or disabled provider and a currency outside the narrowing', () => {
    assert.equal(refusal(payoneRequest({ pspType: 'NOPE' })).field, 'pspType');
    const cadOnly = resolveMethods(new Catalog(), { currencies: { PAYONE: ['CAD'] } });
    const error = refusal(payoneRequest({ currency: 'EUR' }), cadOnly);
    assert.equal(error.code, 'unsupported_method');
    assert.equal(error.field, 'currency');
    const payinOnly = resolveMethods(new Catalog(), { methods: { payin: ['PAYONE'], payout: [] } });
    assert.equal(refusal(payoneRequest({ type: 'payout' }), payinOnly).code, 'unsupported_method');
  });

  it('checks the amount against the limits', () => {
    for (const [amount, key] of [
      ['0.50', 'error.amount_min'],
      ['20000', 'error.amount_max'],
      ['1.234', 'error.amount_decimals'],
      ['ten', 'error.amount_invalid'],
      ['', 'error.required'],
    ]) {
      const error = refusal(payoneRequest({ amount }));
      assert.equal(error.code, 'invalid_field');
      assert.equal(error.field, 'amount');
      assert.equal(error.issues?.[0]?.code, key, amount);
      assert.doesNotMatch(error.message, /\{/, 'placeholders are filled');
    }
    assert.equal(refusal(payoneRequest({ amount: '' })).message, 'Amount is required.');
    assert.equal(refusal(payoneRequest({ amount: '0.50' })).message, 'Amount must be at least 1.00.');
  });

  it('refuses server-only and unknown fields', () => {
    const error = refusal(payoneRequest({}, { userId: 'someone-else' }));
    assert.equal(error.code, 'invalid_field');
    assert.equal(error.field, 'userId');
    assert.deepEqual(error.issues, [{ field: 'userId', code: 'error.server_field', message: 'This field can only be set by the server.' }]);
    const unknown = refusal(payoneRequest({}, { favouriteColour: 'red' }));
    assert.deepEqual(unknown.issues, [{ field: 'favouriteColour', code: 'error.unknown_field', message: 'This field is not accepted.' }]);
  });

  it('reports every Payone field error with its own message', () => {
    const cases: [Record<string, unknown>, string, string, string][] = [
      [{ firstName: '' }, 'firstName', 'error.required', 'First name is required.'],
      [{ lastName: '   ' }, 'lastName', 'error.required', 'Last name is required.'],
      [{ firstName: '<script>' }, 'firstName', 'error.name_chars', 'First name contains characters that are not allowed.'],
      [{ lastName: 'x'.repeat(51) }, 'lastName', 'error.too_long', 'Last name must be at most 50 characters.'],
      [{ email: 'not-an-email' }, 'email', 'error.invalid_email', 'Enter an email address like name@example.com.'],
      [{ email: undefined }, 'email', 'error.required', 'Email is required.'],
      [{ phone: '12345' }, 'phone', 'error.phone_min_digits', 'Phone number must have at least 6 digits.'],
      [{ phone: '1234567890123456' }, 'phone', 'error.phone_max_digits', 'Phone number must have at most 15 digits.'],
      [{ phone: '12345a7' }, 'phone', 'error.phone_chars', 'Phone number may contain only digits, spaces, dashes, brackets and a leading +.'],
      [{ phone: 12345678 }, 'phone', 'error.required', 'Phone number is required.'],
    ];
    for (const [fields, field, code, message] of cases) {
      const error = refusal(payoneRequest({}, fields));
      assert.equal(error.field, field, JSON.stringify(fields));
      assert.deepEqual(error.issues, [{ field, code, message }], JSON.stringify(fields));
      assert.equal(error.message, message);
    }
    const many = refusal(payoneRequest({}, { firstName: '', email: 'x' }));
    assert.equal(many.issues?.length, 2);
    assert.equal(many.field, 'firstName');
  });
});

describe('methods configuration', () => {
  it('serves the enabled methods, currencies and limits', () => {
    const cfg = resolveMethods(new Catalog(), {
      methods: { payin: ['PAYONE'], payout: ['PAYONE'] },
      currencies: { PAYONE: ['CAD'] },
      limits: { min: '5', max: '500' },
      amountPresets: ['10', '25.5'],
    });
    // Each method also carries its tile's kind and its own terms for the flow (method-terms.ts).
    const payone = {
      pspType: 'PAYONE',
      name: 'Payone',
      description: 'Bank transfer and local payment methods.',
      currencies: ['CAD'],
      kind: 'bank',
      limits: { min: '5.00', max: '500.00' },
      amountPresets: ['10.00', '25.50'],
    };
    assert.deepEqual(configResponse(cfg), {
      version: 1,
      methods: { payin: [payone], payout: [payone] },
      limits: { min: '5.00', max: '500.00' },
      amountPresets: ['10.00', '25.50'],
    });
  });

  it('fails loudly on a misconfiguration', () => {
    assert.throws(() => resolveMethods(new Catalog(), { methods: { payin: ['NOPE'] } }), ProxyConfigError);
    assert.throws(() => resolveMethods(new Catalog(), { currencies: { PAYONE: ['USD'] } }), ProxyConfigError);
    assert.throws(() => resolveMethods(new Catalog(), { currencies: { NOPE: ['EUR'] } }), ProxyConfigError);
    assert.throws(() => resolveMethods(new Catalog(), { limits: { min: '10', max: '1' } }), ProxyConfigError);
    assert.throws(() => resolveMethods(new Catalog(), { amountPresets: ['99999'] }), ProxyConfigError);
  });
});

describe('idempotency helpers', () => {
  it('hashes the canonical body: key order does not matter, values do', async () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    const key = await bodyHashKey('test-idempotency-secret');
    assert.equal(await bodyHash({ a: 1, b: 2 }, key), await bodyHash({ b: 2, a: 1 }, key));
    assert.notEqual(await bodyHash({ a: 1 }, key), await bodyHash({ a: 2 }, key));
  });

  it('checks the key format', () => {
    assert.equal(checkIdempotencyKey('abc_DEF-123'), 'abc_DEF-123');
    assert.equal(checkIdempotencyKey('a'.repeat(128)), 'a'.repeat(128));
    for (const bad of [null, '', 'a'.repeat(129), 'has space', 'ünïcode', 'a/b']) {
      assert.throws(
        () => checkIdempotencyKey(bad),
        (e: unknown) => e instanceof ProxyError && e.code === 'invalid_request',
      );
    }
  });
});
