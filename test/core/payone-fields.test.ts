import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { payone } from '../../src/core/psp/payone.proxy.js';
import { validateFields } from '../../src/core/validate.js';

const valid = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234-5678' };

function issueOf(fields: Record<string, unknown>, name: string) {
  const result = validateFields(payone, 'payin', fields);
  assert.equal(result.ok, false);
  return !result.ok ? result.issues.find((i) => i.field === name)?.key : undefined;
}

describe('Payone fields', () => {
  it('accepts a valid player and sends the phone as digits', () => {
    const result = validateFields(payone, 'payin', valid);
    assert.deepEqual(result, { ok: true, values: { ...valid, phone: '4915112345678' } });
  });

  it('uses the same fields for pay-out', () => {
    assert.equal(validateFields(payone, 'payout', valid).ok, true);
  });

  it('names each broken rule', () => {
    const cases: [string, unknown, string][] = [
      ['firstName', '', 'error.required'],
      ['firstName', '   ', 'error.required'],
      ['firstName', '<script>', 'error.name_chars'],
      ['firstName', 'A'.repeat(51), 'error.too_long'],
      ['lastName', undefined, 'error.required'],
      ['email', '', 'error.required'],
      ['email', 'ada@', 'error.invalid_email'],
      ['email', 'ada example.com', 'error.invalid_email'],
      ['phone', '', 'error.required'],
      ['phone', '12345', 'error.phone_min_digits'],
      ['phone', '+1 (23) 4-5', 'error.phone_min_digits'],
      ['phone', '12345a7', 'error.phone_chars'],
      ['phone', '1234567890123456', 'error.phone_max_digits'],
      ['phone', 123456, 'error.required'],
    ];
    for (const [field, value, key] of cases) {
      assert.equal(issueOf({ ...valid, [field]: value }, field), key, `${field}=${JSON.stringify(value)}`);
    }
  });

  it('accepts names in any script', () => {
    assert.equal(validateFields(payone, 'payin', { ...valid, firstName: 'José-María', lastName: "O'Brien" }).ok, true);
    assert.equal(validateFields(payone, 'payin', { ...valid, firstName: 'Zoë', lastName: '山田' }).ok, true);
  });

  it('refuses unknown and server-only keys', () => {
    assert.equal(issueOf({ ...valid, userId: 'someone-else' }, 'userId'), 'error.server_field');
    assert.equal(issueOf({ ...valid, kycVerified: true }, 'kycVerified'), 'error.server_field');
    assert.equal(issueOf({ ...valid, currencyCode: 'EUR' }, 'currencyCode'), 'error.unknown_field');
    assert.equal(issueOf({ ...valid, __proto__x: 1 }, '__proto__x'), 'error.unknown_field');
    assert.equal(
      issueOf(JSON.parse('{"__proto__": {"polluted": 1}, "firstName":"A","lastName":"B","email":"a@b.co","phone":"123456"}'), '__proto__'),
      'error.unknown_field',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a fields value that is not an object', () => {
    for (const bad of [null, [], 'x', 3]) assert.equal(validateFields(payone, 'payin', bad).ok, false);
  });
});
