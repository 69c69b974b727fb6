import { expect } from '@open-wc/testing';
import type { TransactionStatusResponse } from '../../src/core/contract.js';
import type { ApiResult } from '../../src/widget/api.js';
import { RESUME_GRACE_MS, watchTransaction, type StreamHandlers, type WatchOptions } from '../../src/widget/transaction-watcher.js';
import { fakeClock } from './fake-clock.js';

const st = (status: TransactionStatusResponse['status']): TransactionStatusResponse => ({ transactionId: 'tx_1', status, updatedAt: 'now' });
const ok = (status: TransactionStatusResponse['status']): ApiResult<TransactionStatusResponse> => ({ ok: true, data: st(status) });
const netErr: ApiResult<TransactionStatusResponse> = { ok: false, error: { code: 'network', message: 'x', retryable: true } };

function setup(answers: ApiResult<TransactionStatusResponse>[], extra: Partial<WatchOptions> & { push?: boolean } = {}) {
  const clock = fakeClock();
  const seen: string[] = [];
  const conn: boolean[] = [];
  const errors: string[] = [];
  const streams: { h: StreamHandlers; closed: boolean }[] = [];
  let gaveUp = 0;
  let polls = 0;
  const watcher = watchTransaction({
    poll: async () => answers[Math.min(polls++, answers.length - 1)]!,
    stream:
      extra.push === false
        ? undefined
        : (h) => {
            const s = { h, closed: false };
            streams.push(s);
            return { close: () => void (s.closed = true) };
          },
    onStatus: (s) => seen.push(s.status),
    onError: (e) => errors.push(e.code),
    onGiveUp: () => gaveUp++,
    onConnection: (v) => conn.push(v),
    giveUpAfter: 60_000,
    random: () => 0.5,
    now: clock.now,
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    ...extra,
  });
  const open = () => streams.filter((s) => !s.closed);
  return { clock, watcher, seen, conn, errors, streams, open, polls: () => polls, gaveUp: () => gaveUp };
}

describe('watch: push with polling fallback', () => {
  it('listens to the push channel: no polls, stops and closes on a final status', async () => {
    const t = setup([ok('pending')]);
    t.watcher.start();
    expect(t.watcher.mode).to.equal('push');
    expect(t.streams.length).to.equal(1);
    t.streams[0]!.h.message(st('pending'));
    t.streams[0]!.h.message(st('awaiting_approval'));
    t.streams[0]!.h.message(st('approved'));
    expect(t.seen).to.deep.equal(['pending', 'awaiting_approval', 'approved']);
    expect(t.streams[0]!.closed).to.equal(true);
    expect(t.watcher.mode).to.equal('off');
    expect(t.polls()).to.equal(0);
    expect(t.clock.pending()).to.deep.equal([]);
  });

  it('a stream that fails before its first message falls back to polling, quietly', async () => {
    const t = setup([ok('pending'), ok('approved')]);
    t.watcher.start();
    t.streams[0]!.h.error();
    expect(t.streams[0]!.closed).to.equal(true);
    expect(t.watcher.mode).to.equal('poll');
    await t.clock.next(); // first poll
    expect(t.polls()).to.equal(1);
    await t.clock.next(); // the give-up timer is later than the backoff
    expect(t.seen).to.deep.equal(['pending', 'approved']);
    expect(t.conn).to.deep.equal([]); // no "Reconnecting…" for a proxy without push
    expect(t.streams.length).to.equal(1); // never retried
    expect(t.clock.pending()).to.deep.equal([]);
  });

  it('without EventSource it polls', async () => {
    const t = setup([ok('declined')], { push: false });
    t.watcher.start();
    expect(t.watcher.mode).to.equal('poll');
    await t.clock.next();
    expect(t.seen).to.deep.equal(['declined']);
  });

  it('a drop after messages: reconnecting hint, polls meanwhile, reopens with backoff, hint cleared', async () => {
    const t = setup([netErr, ok('pending')]);
    t.watcher.start();
    t.streams[0]!.h.message(st('pending'));
    t.streams[0]!.h.error();
    expect(t.conn).to.deep.equal([false]);
    expect(t.streams[0]!.closed).to.equal(true);
    expect(t.watcher.mode).to.equal('poll');
    await t.clock.next(); // poll (network error) or reopen, both about 1 s
    await t.clock.next();
    expect(t.polls()).to.be.greaterThan(0);
    expect(t.streams.length).to.equal(2);
    const reopened = t.streams[1]!;
    expect(reopened.closed).to.equal(false);
    reopened.h.message(st('pending'));
    expect(t.conn).to.deep.equal([false, true]);
    const polls = t.polls();
    // The stream is back: polling stopped, only the give-up timer is left.
    expect(t.clock.pending().length).to.equal(1);
    reopened.h.message(st('approved'));
    expect(t.seen).to.deep.equal(['pending', 'pending', 'approved']);
    expect(t.polls()).to.equal(polls);
  });

  it('polling through network errors shows the hint and clears it on the next answer', async () => {
    const t = setup([netErr, netErr, ok('pending'), ok('failed')], { push: false });
    t.watcher.start();
    await t.clock.next();
    expect(t.conn).to.deep.equal([false]);
    await t.clock.next();
    expect(t.conn).to.deep.equal([false]); // said once, not on every failure
    await t.clock.next();
    expect(t.conn).to.deep.equal([false, true]);
    await t.clock.next();
    expect(t.seen).to.deep.equal(['pending', 'failed']);
    expect(t.errors).to.deep.equal([]);
  });

  it('a non-retryable poll error stops watching and reports it', async () => {
    const t = setup([{ ok: false, error: { code: 'not_found', message: 'x', retryable: false } }], { push: false });
    t.watcher.start();
    await t.clock.next();
    expect(t.errors).to.deep.equal(['not_found']);
    expect(t.watcher.mode).to.equal('off');
    expect(t.clock.pending()).to.deep.equal([]);
  });

  it('hidden: closes the stream, no timers; visible again: reopens at once', async () => {
    const t = setup([ok('pending')]);
    t.watcher.start();
    t.streams[0]!.h.message(st('pending'));
    t.watcher.pause();
    expect(t.open()).to.deep.equal([]);
    expect(t.clock.pending()).to.deep.equal([]);
    t.clock.skip(10 * 60_000);
    expect(t.polls()).to.equal(0);
    t.watcher.resume();
    expect(t.open().length).to.equal(1);
    expect(t.polls()).to.equal(0);
  });

  it('hidden while polling: no polls; visible again: polls at once', async () => {
    const t = setup([ok('pending')], { push: false });
    t.watcher.start();
    await t.clock.next();
    t.watcher.pause();
    expect(t.clock.pending()).to.deep.equal([]);
    t.watcher.resume();
    expect(t.clock.pending()[0]).to.equal(0);
    await t.clock.next();
    expect(t.polls()).to.equal(2);
  });

  it('starting in a hidden tab makes no request until shown', async () => {
    let hidden = true;
    const t = setup([ok('approved')], { push: false, hidden: () => hidden });
    t.watcher.start();
    expect(t.clock.pending()).to.deep.equal([]);
    hidden = false;
    t.watcher.resume();
    await t.clock.next();
    expect(t.seen).to.deep.equal(['approved']);
  });

  it('gives up after giveUpAfter of visible time, hidden time not counted, with a last check after a long absence', async () => {
    const t = setup([ok('pending')], { giveUpAfter: 5000 });
    t.watcher.start();
    t.streams[0]!.h.message(st('pending'));
    t.clock.skip(4000);
    t.watcher.pause();
    t.clock.skip(60_000);
    t.watcher.resume();
    expect(t.clock.pending()).to.deep.equal([RESUME_GRACE_MS]); // 1 s left, but room for one check
    await t.clock.next();
    expect(t.gaveUp()).to.equal(1);
    expect(t.watcher.mode).to.equal('off');
    expect(t.open()).to.deep.equal([]);
  });

  it('stop() drops late messages', () => {
    const t = setup([ok('pending')]);
    t.watcher.start();
    const h = t.streams[0]!.h;
    t.watcher.stop();
    h.message(st('approved'));
    h.error();
    expect(t.seen).to.deep.equal([]);
    expect(t.streams.length).to.equal(1);
    expect(t.clock.pending()).to.deep.equal([]);
  });
});
