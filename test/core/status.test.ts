import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isFinal, nextStatus, normalizeStatus, STATUSES } from '../../src/core/status.js';

describe('status model', () => {
  it('normalises Mozarto values case-insensitively', () => {
    assert.equal(normalizeStatus('Approved').status, 'approved');
    assert.equal(normalizeStatus('DECLINED').status, 'declined');
    assert.equal(normalizeStatus('Pending').status, 'pending');
    assert.equal(normalizeStatus('AWAITING_APPROVAL').status, 'awaiting_approval');
    assert.equal(normalizeStatus('on hold').status, 'awaiting_approval');
    assert.equal(normalizeStatus(' failed ').status, 'failed');
    assert.equal(normalizeStatus('Rejected').status, 'rejected');
  });

  it('reads unknown values as pending and says so', () => {
    assert.deepEqual(normalizeStatus('confirmed'), { status: 'pending', known: false });
    assert.deepEqual(normalizeStatus(undefined), { status: 'pending', known: false });
    assert.deepEqual(normalizeStatus(42), { status: 'pending', known: false });
  });

  it('never moves a final status', () => {
    for (const final of STATUSES.filter(isFinal)) {
      for (const incoming of STATUSES) assert.equal(nextStatus(final, incoming), final);
    }
    assert.equal(nextStatus('pending', 'approved'), 'approved');
    assert.equal(nextStatus('awaiting_approval', 'pending'), 'awaiting_approval');
    assert.equal(nextStatus('pending', 'awaiting_approval'), 'awaiting_approval');
  });
});
