/**
 * The options schema (src/proxy/options.ts) names every problem at once, in field order, with
 * the texts merchants and the README rely on, and fills the documented defaults.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveLiveOptions, resolveOptions, type ProxyOptions } from '../../src/proxy/options.js';

const base = {
  upstreamUrl: 'http://127.0.0.1:1/',
  companyToken: 'c',
  userContext: { mode: 'forward' },
  getUser: () => null,
  store: {},
  webhookSecret: 's',
} as unknown as ProxyOptions;

describe('proxy options schema', () => {
  it('reports every problem in one error, in field order', () => {
    const bad = {
      ...base,
      upstreamUrl: 'ftp://x/',
      webhookSecret: '',
      allowAnyOrigin: true,
      allowedOrigins: ['https://a.example'],
      redirectHosts: { A: [] },
      maxBodyBytes: -1,
      rateLimit: { perIp: 0 },
      idempotencySecret: 'short',
    } as unknown as ProxyOptions;
    assert.throws(() => resolveOptions(bad), {
      message:
        'createCashierProxy: upstreamUrl must be http(s); webhookSecret must not be empty when set; allowedOrigins and allowAnyOrigin are exclusive; redirectHosts.A must be a non-empty list of host names such as "pay.example" or "*.example.com"; idempotencySecret must be at least 16 characters; maxBodyBytes must be a positive number; rateLimit.perIp must be a positive number',
    });
    assert.throws(() => resolveLiveOptions({ onOutcome: 5 as never, eventsPingMs: 0 }, () => ({}) as never), {
      message: 'createCashierProxy: onOutcome must be a function; eventsPingMs must be a positive number',
    });
  });

  it('fills the defaults', () => {
    const r = resolveOptions({ ...base, retentionDays: undefined });
    assert.equal(r.upstreamUrl, 'http://127.0.0.1:1');
    assert.equal(r.basePath, '/api/cashier');
    assert.deepEqual(r.rateLimit, { windowMs: 60_000, perUser: 20, perIp: 60 });
    assert.equal(r.retentionMs, 30 * 86_400_000);
    assert.equal(r.maxBodyBytes, 16_384);
    assert.equal(r.upstreamTimeoutMs, 15_000);
    const live = resolveLiveOptions({}, () => ({}) as never);
    assert.deepEqual([live.onOutcomeTimeoutMs, live.outcomeRetryMs, live.eventsPingMs, live.maxEventStreamsPerUser], [30_000, 60_000, 15_000, 10]);
  });
});
