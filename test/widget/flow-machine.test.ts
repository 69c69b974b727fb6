import { expect } from '@open-wc/testing';
import {
  IdempotencyKeys,
  afterCreate,
  initialState,
  isWatching,
  reduce,
  shownState,
  statusState,
  uuid,
  type FlowState,
} from '../../src/widget/flow-machine.js';
import { widgetError } from '../../src/widget/errors.js';

const network = widgetError('network', 'offline', true);
const bad = widgetError('bad_response', 'garbage', true);
const editing: FlowState = { name: 'editing' };
const submitting: FlowState = { name: 'submitting' };
const tx = { transactionId: 'tx_1', status: 'pending' as const };

describe('flow: reduce', () => {
  it('starts idle and becomes editing when ready', () => {
    expect(initialState).to.deep.equal({ name: 'idle' });
    expect(reduce(initialState, { type: 'ready' })).to.deep.equal({ name: 'editing' });
  });

  it('submits only from editing (a second click is ignored)', () => {
    expect(reduce(editing, { type: 'submit' })).to.deep.equal(submitting);
    expect(reduce(submitting, { type: 'submit' })).to.equal(submitting);
    expect(reduce(initialState, { type: 'submit' })).to.equal(initialState);
  });

  it('resubmits from an error that offers it', () => {
    expect(reduce({ name: 'error', error: bad, retry: 'submit' }, { type: 'submit' })).to.deep.equal(submitting);
    const fatal: FlowState = { name: 'error', error: bad };
    expect(reduce(fatal, { type: 'submit' })).to.equal(fatal);
  });

  it('a network failure keeps the form with the error', () => {
    expect(reduce(submitting, { type: 'rejected', error: network })).to.deep.equal({ name: 'editing', error: network });
  });

  it('field errors that all landed on fields leave no error above the button', () => {
    const onEmail = widgetError('invalid_field', 'email is not valid', false, { field: 'email' });
    expect(reduce(submitting, { type: 'rejected', error: onEmail, onFields: true })).to.deep.equal({ name: 'editing' });
  });

  it('an unreadable answer is the error state, with retry when retryable', () => {
    expect(reduce(submitting, { type: 'rejected', error: bad })).to.deep.equal({ name: 'error', error: bad, retry: 'submit' });
    const fatal = widgetError('bad_response', 'x', false);
    expect(reduce(submitting, { type: 'rejected', error: fatal })).to.deep.equal({ name: 'error', error: fatal, retry: undefined });
  });

  it('ignores a late answer once no longer submitting', () => {
    expect(reduce(editing, { type: 'created', response: { ...tx, outcome: 'await' }, flow: 'payout' })).to.equal(editing);
    expect(reduce(editing, { type: 'rejected', error: network })).to.equal(editing);
  });

  it('moves processing forward and finishes on a final status', () => {
    let s = reduce(submitting, { type: 'created', response: { ...tx, outcome: 'await' }, flow: 'payout' });
    expect(s).to.deep.equal({ name: 'processing', transactionId: 'tx_1', flow: 'payout', status: 'pending' });
    s = reduce(s, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'awaiting_approval' });
    expect(s).to.deep.equal({ name: 'awaiting-approval', transactionId: 'tx_1', flow: 'payout', status: 'awaiting_approval' });
    s = reduce(s, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'approved', message: 'Paid' });
    expect(s).to.deep.equal({ name: 'done', transactionId: 'tx_1', flow: 'payout', status: 'approved', message: 'Paid' });
  });

  it('a final status never goes back', () => {
    const done = statusState('tx_1', 'payin', 'declined');
    expect(reduce(done, { type: 'status', transactionId: 'tx_1', flow: 'payin', status: 'pending' })).to.equal(done);
  });

  it('ignores statuses of another transaction', () => {
    const p = statusState('tx_1', 'payin', 'pending');
    expect(reduce(p, { type: 'status', transactionId: 'tx_2', flow: 'payin', status: 'approved' })).to.equal(p);
  });

  it('resumes into a checking processing state', () => {
    expect(reduce(editing, { type: 'resume', transactionId: 'tx_9', flow: 'payin' })).to.deep.equal({
      name: 'processing',
      transactionId: 'tx_9',
      flow: 'payin',
      status: 'pending',
      checking: true,
    });
  });

  it('stalls and rechecks', () => {
    const p = statusState('tx_1', 'payout', 'pending');
    const stalled = reduce(p, { type: 'stalled' });
    expect(stalled).to.include({ stalled: true });
    expect(reduce(stalled, { type: 'recheck' })).to.include({ stalled: false, name: 'processing' });
  });

  it('fails from anywhere; try again after done or error returns to the form', () => {
    const err = reduce(editing, { type: 'fail', error: bad, retry: 'config' });
    expect(err).to.deep.equal({ name: 'error', error: bad, retry: 'config', transactionId: undefined });
    expect(reduce(err, { type: 'ready' })).to.deep.equal(editing);
    expect(reduce(statusState('t', 'payin', 'declined'), { type: 'ready' })).to.deep.equal(editing);
    expect(reduce(submitting, { type: 'ready' })).to.equal(submitting);
  });
});

describe('flow: the method picker', () => {
  const picking: FlowState = { name: 'picking' };

  it('several methods after loading: picking; a choice: editing; Back: picking again', () => {
    expect(reduce(initialState, { type: 'pick' })).to.deep.equal(picking);
    expect(reduce(picking, { type: 'ready' })).to.deep.equal(editing);
    expect(reduce(editing, { type: 'pick' })).to.deep.equal(picking);
  });

  it('nothing is submitted from the picker, and a pick never interrupts a request or an outcome', () => {
    expect(reduce(picking, { type: 'submit' })).to.equal(picking);
    expect(reduce(submitting, { type: 'pick' })).to.equal(submitting);
    const done = statusState('tx_1', 'payin', 'approved');
    expect(reduce(done, { type: 'pick' })).to.equal(done);
    expect(reduce(picking, { type: 'load' })).to.deep.equal(initialState);
    // "Try another method" is its own event, from an outcome only.
    expect(reduce(statusState('tx_1', 'payin', 'declined'), { type: 'another' })).to.deep.equal(picking);
    expect(reduce(submitting, { type: 'another' })).to.equal(submitting);
  });

  it('pages see the picker as the editing phase', () => {
    expect(shownState(picking)).to.equal('editing');
    expect(shownState(editing)).to.equal('editing');
    expect(shownState(submitting)).to.equal('submitting');
  });
});

describe('flow: watching, approval, reconnecting, redirect targets', () => {
  const processing = statusState('tx_1', 'payout', 'pending');

  it('awaiting_approval is its own state; a final status ends it', () => {
    const waiting = reduce(processing, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'awaiting_approval' });
    expect(waiting).to.deep.equal({ name: 'awaiting-approval', transactionId: 'tx_1', flow: 'payout', status: 'awaiting_approval' });
    expect(isWatching(waiting)).to.equal(true);
    expect(reduce(waiting, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'rejected' })).to.include({ name: 'done', status: 'rejected' });
    expect(afterCreate({ transactionId: 't', status: 'awaiting_approval', outcome: 'await' }, 'payout')).to.include({ name: 'awaiting-approval' });
  });

  it('the same status again is the same state (no re-render, no re-announcement)', () => {
    expect(reduce(processing, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'pending' })).to.equal(processing);
  });

  it('a resumed check ends with the first answer, even when it is still pending', () => {
    const checking = reduce(editing, { type: 'resume', transactionId: 'tx_1', flow: 'payout' });
    const next = reduce(checking, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'pending' });
    expect(next).to.deep.equal({ name: 'processing', transactionId: 'tx_1', flow: 'payout', status: 'pending' });
  });

  it('connection trouble sets and clears the reconnecting hint, and keeps it across statuses', () => {
    const down = reduce(processing, { type: 'connection', ok: false });
    expect(down).to.include({ reconnecting: true });
    expect(reduce(down, { type: 'connection', ok: false })).to.equal(down);
    const waiting = reduce(down, { type: 'status', transactionId: 'tx_1', flow: 'payout', status: 'awaiting_approval' });
    expect(waiting).to.include({ name: 'awaiting-approval', reconnecting: true });
    expect(reduce(waiting, { type: 'connection', ok: true })).to.include({ reconnecting: false });
    expect(reduce(editing, { type: 'connection', ok: false })).to.equal(editing);
  });

  it('stalling clears the hint; recheck resumes watching', () => {
    const stalled = reduce(reduce(processing, { type: 'connection', ok: false }), { type: 'stalled' });
    expect(stalled).to.include({ stalled: true, reconnecting: false });
    expect(reduce(stalled, { type: 'connection', ok: false })).to.equal(stalled);
    expect(reduce(stalled, { type: 'recheck' })).to.include({ name: 'processing', stalled: false });
  });

  it('a blocked redirect keeps the URL for the link; an opened tab becomes processing', () => {
    const redirecting: FlowState = { name: 'redirecting', transactionId: 'tx_1', url: 'https://pay.example.com/' };
    expect(reduce(redirecting, { type: 'blocked' })).to.deep.equal({ ...redirecting, blocked: true });
    expect(reduce(redirecting, { type: 'opened', flow: 'payin' })).to.deep.equal({
      name: 'processing',
      transactionId: 'tx_1',
      flow: 'payin',
      status: 'pending',
      url: 'https://pay.example.com/',
    });
    expect(reduce(processing, { type: 'blocked' })).to.equal(processing);
    expect(reduce(processing, { type: 'opened', flow: 'payin' })).to.equal(processing);
  });
});

describe('flow: afterCreate', () => {
  it('redirects to a safe URL', () => {
    expect(afterCreate({ ...tx, outcome: 'redirect', redirectUrl: 'https://pay.example.com/x?a=1' }, 'payin')).to.deep.equal({
      name: 'redirecting',
      transactionId: 'tx_1',
      url: 'https://pay.example.com/x?a=1',
    });
  });

  for (const url of ['javascript:alert(1)', 'http://evil.example/', '/relative/path', 'data:text/html,hi', undefined]) {
    it(`refuses the redirect ${String(url)}`, () => {
      const s = afterCreate({ ...tx, outcome: 'redirect', redirectUrl: url }, 'payin');
      expect(s.name).to.equal('error');
      if (s.name === 'error') {
        expect(s.error).to.include({ code: 'bad_response', retryable: false, key: 'error.redirect_unsafe' });
        expect(s.transactionId).to.equal('tx_1');
      }
    });
  }

  it('plain http to a loopback host only while the page is on one: a shop in production never goes there (issue 28)', () => {
    const res = { ...tx, outcome: 'redirect' as const, redirectUrl: 'http://evil.localhost/pay' };
    expect(location.hostname, 'the test page is local').to.match(/^(localhost|127\.)/);
    expect(afterCreate(res, 'payin').name, 'from this local page').to.equal('redirecting');
    const shop = afterCreate(res, 'payin', undefined, false);
    expect(shop.name, 'from https://shop.example').to.equal('error');
    expect(afterCreate({ ...res, redirectUrl: 'http://127.0.0.1:5174/hpp/1' }, 'payin', undefined, false).name).to.equal('error');
  });

  it('honours the host allow-list', () => {
    const res = { ...tx, outcome: 'redirect' as const, redirectUrl: 'https://pay.example.com/' };
    expect(afterCreate(res, 'payin', ['pay.example.com']).name).to.equal('redirecting');
    expect(afterCreate(res, 'payin', ['*.example.com']).name).to.equal('redirecting');
    expect(afterCreate(res, 'payin', ['other.example']).name).to.equal('error');
  });

  it('a final status wins, and sync outcomes are final at once', () => {
    expect(afterCreate({ transactionId: 't', status: 'declined', outcome: 'redirect' }, 'payin')).to.include({ name: 'done', status: 'declined' });
    expect(afterCreate({ transactionId: 't', status: 'approved', outcome: 'sync' }, 'payin')).to.include({ name: 'done', status: 'approved' });
  });

  it('awaits by polling', () => {
    expect(afterCreate({ transactionId: 't', status: 'pending', outcome: 'await' }, 'payout')).to.include({ name: 'processing', flow: 'payout' });
  });
});

describe('flow: IdempotencyKeys', () => {
  it('reuses the key for the same data, a new one for changed data or after settling', () => {
    let n = 0;
    const keys = new IdempotencyKeys(() => `k${++n}`);
    expect(keys.keyFor('a')).to.equal('k1');
    expect(keys.keyFor('a')).to.equal('k1');
    expect(keys.keyFor('b')).to.equal('k2');
    keys.settle();
    expect(keys.keyFor('b')).to.equal('k3');
  });

  it('makes v4 UUIDs', () => {
    const a = uuid();
    expect(a).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuid()).not.to.equal(a);
  });
});
