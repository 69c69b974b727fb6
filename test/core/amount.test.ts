import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount, toMinor, fromMinor } from '../../src/core/amount.js';

describe('parseAmount', () => {
  it('canonicalises what a player types', () => {
    assert.deepEqual(parseAmount('25'), { ok: true, value: '25.00', minor: 2500 });
    assert.deepEqual(parseAmount('25.5'), { ok: true, value: '25.50', minor: 2550 });
    assert.deepEqual(parseAmount('25,50'), { ok: true, value: '25.50', minor: 2550 });
    assert.deepEqual(parseAmount(' 1 000.05 '), { ok: true, value: '1000.05', minor: 100005 });
    assert.deepEqual(parseAmount(12.3), { ok: true, value: '12.30', minor: 1230 });
  });

  it('names what is wrong', () => {
    assert.equal((parseAmount('') as { key: string }).key, 'error.required');
    for (const bad of ['abc', '1.2.3', '-5', '1e3', '0x10', '１２']) {
      const r = parseAmount(bad);
      assert.equal(r.ok, false, bad);
      assert.equal(!r.ok && r.key, 'error.amount_invalid', bad);
    }
    assert.equal((parseAmount('1.234') as { key: string }).key, 'error.amount_decimals');
    assert.equal((parseAmount('0') as { key: string }).key, 'error.amount_positive');
    assert.equal((parseAmount('0.00') as { key: string }).key, 'error.amount_positive');
    assert.equal((parseAmount(null) as { key: string }).key, 'error.amount_invalid');
  });

  it('enforces limits in minor units, without float drift', () => {
    assert.deepEqual(parseAmount('0.99', { min: '1.00' }), { ok: false, key: 'error.amount_min', params: { min: '1.00' } });
    assert.deepEqual(parseAmount('10000.01', { max: '10000.00' }), { ok: false, key: 'error.amount_max', params: { max: '10000.00' } });
    assert.equal(parseAmount('10000.00', { max: '10000.00' }).ok, true);
    assert.equal(parseAmount('0.30', { min: '0.30' }).ok, true); // 0.1 + 0.2 territory
  });

  it('round-trips minor units', () => {
    assert.equal(toMinor('12.3'), 1230);
    assert.equal(fromMinor(5), '0.05');
    assert.equal(fromMinor(123456), '1234.56');
  });
});
