import { expect } from '@open-wc/testing';
import type { TransactionStatusResponse } from '../../src/core/contract.js';
import { isFinal } from '../../src/core/status.js';
import type { ApiResult } from '../../src/widget/api.js';
import { DEFAULT_POLL_TIMING, createPoller, pollDelay, resolvePollTiming, type PollerOptions } from '../../src/widget/poller.js';
import { fakeClock } from './fake-clock.js';

const status = (s: TransactionStatusResponse['status']): ApiResult<TransactionStatusResponse> => ({
  ok: true,
  data: { transactionId: 'tx_1', status: s, updatedAt: 'now' },
});
const netErr: ApiResult<TransactionStatusResponse> = { ok: false, error: { code: 'network', message: 'x', retryable: true } };

function setup(answers: ApiResult<TransactionStatusResponse>[], extra: Partial<PollerOptions<TransactionStatusResponse>> = {}) {
  const clock = fakeClock();
  const seen: string[] = [];
  const errors: string[] = [];
  let calls = 0;
  const poller = createPoller({
    fetch: async () => answers[Math.min(calls++, answers.length - 1)]!,
    done: (s) => isFinal(s.status),
    onAnswer: (s) => seen.push(s.status),
    onError: (e) => errors.push(e.code),
    random: () => 0.5, // no jitter
    setTimer: clock.setTimer,
    clearTimer: clock.clearTimer,
    ...extra,
  });
  return { clock, poller, seen, errors, calls: () => calls };
}

describe('poller', () => {
  it('delays: first ~1 s, ×1.5, capped at 5 s', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => pollDelay(n, DEFAULT_POLL_TIMING, mid))).to.deep.equal([1000, 1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it('jitters by ±20 %', () => {
    expect(pollDelay(0, DEFAULT_POLL_TIMING, () => 0)).to.equal(800);
    expect(pollDelay(0, DEFAULT_POLL_TIMING, () => 0.999999)).to.equal(1200);
    expect(pollDelay(8, DEFAULT_POLL_TIMING, () => 0)).to.equal(4000);
    expect(pollDelay(8, DEFAULT_POLL_TIMING, () => 0.999999)).to.equal(6000);
  });

  it('polls with backoff until a final status, then stops', async () => {
    const t = setup([status('pending'), status('awaiting_approval'), status('approved')]);
    t.poller.start();
    expect(await t.clock.next()).to.equal(1000);
    expect(await t.clock.next()).to.equal(1500);
    expect(await t.clock.next()).to.equal(2250);
    expect(t.seen).to.deep.equal(['pending', 'awaiting_approval', 'approved']);
    expect(t.poller.state).to.equal('stopped');
    expect(t.clock.pending()).to.deep.equal([]);
  });

  it('keeps polling quietly through network errors', async () => {
    const t = setup([netErr, netErr, status('declined')]);
    t.poller.start();
    await t.clock.next();
    await t.clock.next();
    await t.clock.next();
    expect(t.seen).to.deep.equal(['declined']);
    expect(t.errors).to.deep.equal([]);
    expect(t.calls()).to.equal(3);
  });

  it('stops on a non-retryable error and reports it', async () => {
    const t = setup([{ ok: false, error: { code: 'not_found', message: 'x', retryable: false } }]);
    t.poller.start();
    await t.clock.next();
    expect(t.errors).to.deep.equal(['not_found']);
    expect(t.poller.state).to.equal('stopped');
    expect(t.clock.pending()).to.deep.equal([]);
  });

  it('stop() ends polling, and a late answer is dropped', async () => {
    let release!: (r: ApiResult<TransactionStatusResponse>) => void;
    const t = setup([], { fetch: () => new Promise((r) => (release = r)) });
    t.poller.start();
    await t.clock.next();
    t.poller.stop();
    release(status('approved'));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(t.seen).to.deep.equal([]);
    expect(t.clock.pending()).to.deep.equal([]);
  });

  it('pauses while hidden and polls at once on resume', async () => {
    const t = setup([status('pending')]);
    t.poller.start();
    t.poller.pause();
    expect(t.clock.pending()).to.deep.equal([]);
    t.poller.resume();
    expect(t.clock.pending()).to.deep.equal([0]);
    await t.clock.next();
    expect(t.calls()).to.equal(1);
  });

  it('never gives up by itself: the watcher owns the limit', async () => {
    const t = setup([status('pending')]);
    t.poller.start();
    for (let i = 0; i < 200; i++) await t.clock.next(); // ~16 min of 5 s polls
    expect(t.calls()).to.equal(200);
    expect(t.poller.state).to.equal('running');
    expect(t.clock.pending()).to.deep.equal([5000]);
  });

  it('takes only timing numbers from an override', () => {
    expect(resolvePollTiming({ initialDelay: 5, jitter: 0, maxDelay: 'x' as unknown as number })).to.deep.equal({
      ...DEFAULT_POLL_TIMING,
      initialDelay: 5,
      jitter: 0,
    });
  });

  it('works with real timers and short delays', async () => {
    const seen: string[] = [];
    let n = 0;
    const answers = [status('pending'), status('approved')];
    await new Promise<void>((done) => {
      createPoller({
        timing: resolvePollTiming({ initialDelay: 5, maxDelay: 5 }),
        fetch: async () => answers[n++]!,
        done: (s) => isFinal(s.status),
        onAnswer: (s) => {
          seen.push(s.status);
          if (s.status === 'approved') done();
        },
      }).start();
    });
    expect(seen).to.deep.equal(['pending', 'approved']);
  });
});
