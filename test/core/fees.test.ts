/** Fees and quotes (src/core/fees.ts): the one computation the widget's summary and the proxy's check share. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkAmount, feeMinor, percentUnits, quote } from '../../src/core/fees.js';

describe('fees', () => {
  it('fixed, percent (rounded half up to the cent), both, and a minimum', () => {
    assert.equal(feeMinor(10_000, { fixed: '0.50' }), 50);
    assert.equal(feeMinor(10_000, { percent: '2.5' }), 250);
    assert.equal(feeMinor(1_001, { percent: '2.5' }), 25); // 25.025 → 25
    assert.equal(feeMinor(1_002, { percent: '2.5' }), 25); // 25.05 → 25 (cent-level: 0.2505 € → 0.25)
    assert.equal(feeMinor(1_010, { percent: '2.5' }), 25); // 25.25
    assert.equal(feeMinor(1_020, { percent: '2.5' }), 26); // 25.5 → 26, half up
    assert.equal(feeMinor(10_000, { fixed: '0.30', percent: '1.4' }), 170);
    assert.equal(feeMinor(1_000, { percent: '1', min: '0.50' }), 50);
    assert.equal(feeMinor(1_000, undefined), 0);
  });

  it('no float drift: 0.1 % of 999,999,999,999.99 is exact', () => {
    assert.equal(feeMinor(99_999_999_999_999, { percent: '0.1' }), 100_000_000_000);
  });

  it('a pay-in adds the fee to the total; a pay-out takes it off what the player receives', () => {
    assert.deepEqual(quote('100.00', { fixed: '1.00', percent: '2' }, 'payin'), { amount: '100.00', fee: '3.00', total: '103.00' });
    assert.deepEqual(quote('100.00', { fixed: '1.00', percent: '2' }, 'payout'), { amount: '100.00', fee: '3.00', total: '97.00' });
    assert.deepEqual(quote('25.00', undefined, 'payin'), { amount: '25.00', fee: '0.00', total: '25.00' });
  });

  it('percentages: up to 4 decimals, 0 to 100', () => {
    assert.equal(percentUnits('2.5'), 25_000);
    assert.equal(percentUnits('0.0001'), 1);
    assert.equal(percentUnits('100'), 1_000_000);
    for (const bad of ['101', '-1', '2,5', '1.00001', '', 'abc']) assert.equal(percentUnits(bad), undefined, bad);
  });

  it('checkAmount: the range first, then a pay-out the fee would swallow', () => {
    const limits = { min: '10.00', max: '500.00' };
    assert.deepEqual(checkAmount('5', limits, undefined, 'payin'), { ok: false, key: 'error.amount_min', params: { min: '10.00' } });
    assert.deepEqual(checkAmount('501', limits, undefined, 'payin'), { ok: false, key: 'error.amount_max', params: { max: '500.00' } });
    assert.deepEqual(checkAmount('10', limits, { fixed: '10.00' }, 'payout'), { ok: false, key: 'error.amount_fee', params: { fee: '10.00' } });
    const ok = checkAmount('10,50', limits, { fixed: '10.00' }, 'payout');
    assert.deepEqual(ok, { ok: true, value: '10.50', quote: { amount: '10.50', fee: '10.00', total: '0.50' } });
  });

  it('property: fee ≥ min, pay-in total − fee = amount = pay-out total + fee', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e13 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        (minor, fixed, units, min) => {
          const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
          const rule = { fixed: cents(fixed), percent: `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`, min: cents(min) };
          const fee = feeMinor(minor, rule);
          assert.ok(fee >= min && fee >= fixed);
          const a = cents(minor);
          const pin = quote(a, rule, 'payin');
          const pout = quote(a, rule, 'payout');
          assert.equal(pin.fee, pout.fee);
          assert.equal(Math.round(Number(pin.total) * 100) - fee, minor);
        },
      ),
    );
  });
});
