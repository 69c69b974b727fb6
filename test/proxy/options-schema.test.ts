/**
 * The options schema (src/proxy/options-schema.ts) names every problem at once, in field order, with
 * the texts merchants and the README rely on, and fills the documented defaults.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeProblem, ProxyConfigError } from '../../src/proxy/config-error.js';
import type { ProxyOptions } from '../../src/proxy/options.js';
import { checkProxySettings, resolveOptions, startWarnings } from '../../src/proxy/options-schema.js';

const base = {
  upstreamUrl: 'http://127.0.0.1:1/',
  companyToken: 'c',
  userContext: { mode: 'forward' },
  getUser: () => null,
  store: {},
  webhookSecret: 'sixteen-characters',
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
    assert.throws(() => resolveOptions({ ...base, onOutcome: 5 as never, eventsPingMs: 0 }), {
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
    assert.equal(r.staleAfterMs, 90_000, 'two upstream timeouts and a minute');
    assert.equal(resolveOptions({ ...base, upstreamTimeoutMs: 2000 }).staleAfterMs, 64_000);
    assert.deepEqual([r.onOutcomeTimeoutMs, r.outcomeRetryMs, r.eventsPingMs, r.maxEventStreamsPerUser], [30_000, 60_000, 15_000, 10]);
    assert.deepEqual(r.methods.limits, { min: '1.00', max: '10000.00' });
    assert.equal(r.allowedOrigins, 'same');
    assert.equal(r.acceptUnsignedWebhooks, false);
  });
});

describe('one error for every misconfiguration (issue 22)', () => {
  /** The problems `options` is refused with, each as a library user reads it. */
  const problems = (options: Partial<ProxyOptions>): string[] => {
    try {
      resolveOptions({ ...base, ...options });
    } catch (error) {
      assert.ok(error instanceof ProxyConfigError, String(error));
      assert.equal(error.message, `createCashierProxy: ${error.problems.map((p) => describeProblem(p)).join('; ')}`);
      return error.problems.map((p) => describeProblem(p));
    }
    return assert.fail('accepted');
  };

  it('lists field, cross-field and commercial problems together, each naming its option', () => {
    assert.deepEqual(
      problems({
        ...base,
        companyToken: '',
        userContext: { mode: 'token', secret: '' },
        webhookSecret: undefined,
        methods: { payin: ['NOPE', 'PAYONE', 'EMERCHANTPAY'], payout: ['EMERCHANTPAY'] },
        currencies: { PAYONE: ['XYZ'] },
        limits: { min: '50.00', max: '5.00', methods: { FLEXEPIN: { max: 'lots' } } },
        fees: { payout: { percent: '150' } },
        logos: { PAYONE: 'http://cdn.example/payone.svg' },
        upstreamTimeoutMs: 10,
      }),
      [
        'companyToken is required: the company JWT from the Mozarto back office (Admin Center → API Credentials)',
        'userContext.secret is required in token mode: the key the x-user-token is signed with (docs/mozarto-api.md §3)',
        'webhookSecret is required (the Authorization secret of the webhook, docs/mozarto-api.md §7); for a local sandbox only, acceptUnsignedWebhooks: true accepts unsigned webhooks',
        'methods.payin names an unknown payment provider "NOPE"; known: PAYONE, GIGADAT, FORUMPAY, CLEO, FLEXEPIN, NEOSURF, TRUST, WORLDPAY_EU, EMERCHANTPAY, BRITE',
        'EMERCHANTPAY takes card data in your page (PCI DSS scope); set cardEntry: true to serve it (docs/adr/0004-card-entry.md)',
        'EMERCHANTPAY does not support payout; remove it from methods.payout',
        'currencies.PAYONE: PAYONE does not accept XYZ; the catalog allows EUR, CAD',
        'limits.min and limits.max must have min <= max, got 50.00 > 5.00',
        'logos.PAYONE must be an https URL or a path such as /img/payone.svg, got "http://cdn.example/payone.svg"',
        'upstreamTimeoutMs must be a whole number from 100 to 120000, got 10',
      ],
    );
  });

  it('says a problem met from several places once', () => {
    assert.deepEqual(
      problems({ limits: { max: 'lots' } }),
      ['limits.max must be an amount such as "10.00", got "lots"'],
      'read for every method and flow, told once',
    );
  });

  it('names each option in the reader’s own terms', () => {
    const result = checkProxySettings({ ...base, limits: { methods: { PAYONE: { max: 'lots' } } } });
    assert.ok('problems' in result);
    assert.deepEqual(
      result.problems.map((p) => describeProblem(p, (path) => `<${path}>`)),
      ['<limits.methods.PAYONE.max> must be an amount such as "10.00", got "lots"'],
    );
  });
});

describe('the security rules hold for a library user too (issue 22, issue 28)', () => {
  const refused = (options: Partial<ProxyOptions>, pattern: RegExp) => assert.throws(() => resolveOptions({ ...base, ...options }), pattern);

  it('an upstream on another host must be https; allowHttpUpstream is the named exception, and it warns', () => {
    refused({ upstreamUrl: 'http://backend.app.mozarto.io' }, /upstreamUrl must be https .*https:\/\/backend\.stg-app\.mozarto\.io/);
    refused({ upstreamUrl: 'https://user:pw@backend.app.mozarto.io/' }, /upstreamUrl must be a plain base URL/);
    for (const loopback of ['http://127.0.0.1:5174', 'http://localhost:5174', 'http://[::1]:5174']) {
      assert.doesNotThrow(() => resolveOptions({ ...base, upstreamUrl: loopback }), loopback);
    }
    const plain = resolveOptions({ ...base, upstreamUrl: 'http://mozarto-sandbox.internal:5174', allowHttpUpstream: true });
    assert.ok(
      startWarnings(plain).some((w) => /^allowHttpUpstream:/.test(w.msg)),
      'warned at every start',
    );
    assert.ok(!startWarnings(resolveOptions({ ...base, allowHttpUpstream: true })).some((w) => /allowHttpUpstream/.test(w.msg)), 'not on loopback');
  });

  it('cardEntry serves the card-taking provider and warns at every start; without it, no warning', () => {
    const cards = resolveOptions({ ...base, cardEntry: true });
    const warning = startWarnings(cards).find((w) => /^cardEntry:/.test(w.msg));
    assert.match(warning?.msg ?? '', /PCI DSS scope/);
    assert.deepEqual(warning?.fields, { providers: ['EMERCHANTPAY'] });
    assert.ok(!startWarnings(resolveOptions(base)).some((w) => /cardEntry/.test(w.msg)));
  });

  it('the sandbox’s public company token is refused for anything but a loopback upstream', () => {
    refused({ upstreamUrl: 'https://backend.app.mozarto.io', companyToken: 'sandbox-company-token' }, /companyToken is the sandbox token/);
    assert.doesNotThrow(() => resolveOptions({ ...base, upstreamUrl: 'http://127.0.0.1:5174', companyToken: 'sandbox-company-token' }));
  });

  it('the sandbox’s public user-token key likewise, and either public credential is said at every start (issue 28)', () => {
    refused(
      { upstreamUrl: 'https://backend.app.mozarto.io', userContext: { mode: 'token', secret: 'sandbox-user-token-secret' } },
      /userContext\.secret is the sandbox's public key/,
    );
    const local = resolveOptions({ ...base, upstreamUrl: 'http://127.0.0.1:5174', companyToken: 'sandbox-company-token' });
    const warning = startWarnings(local).find((w) => /sandbox's public credentials are in use/.test(w.msg));
    assert.deepEqual(warning?.fields?.options, ['companyToken']);
    assert.equal(
      startWarnings(resolveOptions(base)).find((w) => /public credentials/.test(w.msg)),
      undefined,
    );
  });

  it('an allowed origin on plain http only on a loopback host (issue 28)', () => {
    refused({ allowedOrigins: ['http://shop.example'] }, /allowedOrigins entry "http:\/\/shop\.example" must be https/);
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://www.shop.localhost:8080', 'http://[::1]:8080']) {
      assert.doesNotThrow(() => resolveOptions({ ...base, allowedOrigins: [origin] }), origin);
    }
  });

  it('a webhook secret has at least 16 characters', () => {
    refused({ webhookSecret: 'short' }, /webhookSecret must be at least 16 characters/);
  });

  it('allowed origins are origins, and the base path is a path', () => {
    refused({ allowedOrigins: ['https://shop.example/checkout'] }, /allowedOrigins entry "https:\/\/shop\.example\/checkout" is not an origin/);
    refused({ basePath: 'api cashier' }, /basePath must be a path such as \/api\/cashier/);
    assert.deepEqual([...(resolveOptions({ ...base, allowedOrigins: ['https://Shop.example/'] }).allowedOrigins as Set<string>)], ['https://shop.example']);
  });

  it('sizes and timeouts stay within sane bounds', () => {
    refused({ maxBodyBytes: 10 }, /maxBodyBytes must be a whole number from 1024 to 1048576, got 10/);
    refused({ upstreamTimeoutMs: 1e9 }, /upstreamTimeoutMs must be a whole number from 100 to 120000/);
    refused({ rateLimit: { windowMs: 10 } }, /rateLimit\.windowMs must be a whole number from 1000 to 86400000/);
    refused({ staleAfterMs: 'soon' as unknown as number }, /staleAfterMs must be a whole number of ms from 1000 to 86400000/);
    // A create still waiting on Mozarto must never count as stranded.
    refused({ upstreamTimeoutMs: 10_000, staleAfterMs: 12_000 }, /staleAfterMs must be at least upstreamTimeoutMs \+ 5000 \(15000\), got 12000/);
    assert.equal(resolveOptions({ ...base, upstreamTimeoutMs: 10_000, staleAfterMs: 15_000 }).staleAfterMs, 15_000);
  });
});

describe('checkProxySettings: the settings alone, before any store exists', () => {
  it('applies the same rules and gives back the settings with their defaults, which check again unchanged', () => {
    const { getUser: _g, store: _s, ...settings } = base;
    const bad = checkProxySettings({ ...settings, upstreamUrl: 'http://backend.app.mozarto.io', webhookSecret: 'short' });
    assert.ok('problems' in bad);
    assert.deepEqual(
      bad.problems.map((p) => p.path),
      ['upstreamUrl', 'webhookSecret'],
    );
    const good = checkProxySettings(settings);
    assert.ok('settings' in good, JSON.stringify(good));
    assert.deepEqual(good.settings.limits, { min: '1.00', max: '10000.00' });
    assert.equal(good.settings.basePath, '/api/cashier');
    const again = checkProxySettings(good.settings);
    assert.ok('settings' in again);
    assert.deepEqual(again.settings, good.settings);
  });
});
