/**
 * The standalone server's environment (src/standalone/environment.ts), pure: each variable
 * translated into the proxy's options or the server's settings, and every problem — of parsing,
 * of the proxy's rules (src/proxy/options-schema.ts) and of the server's (settings.ts) — told at
 * once by variable name. The server itself, spawned, is in server.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resolveOptions, startWarnings } from '../../src/proxy/options-schema.js';
import { proxySettingsFromEnv, readStandaloneConfig, variableOf, type Env } from '../../src/standalone/environment.js';
import { call, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, userFromHeader, type FakeUpstream } from '../proxy/helpers.js';
import { createMemoryStore } from '../../src/proxy/index.js';
import { EVENTS_SECRET } from '../proxy/merchant-endpoint.js';

const SESSION_SECRET = 'server-env-test-session-secret-0123456789';
const WEBHOOK = 'server-env-test-webhook-secret';
const GOOD: Env = {
  MOZARTO_URL: 'https://backend.stg-app.mozarto.io',
  MOZARTO_COMPANY_TOKEN: 'eyJ.company.jwt',
  MOZARTO_USER_TOKEN_SECRET: 'user-token-secret',
  MOZARTO_WEBHOOK_SECRET: WEBHOOK,
  CASHIER_SESSION_SECRET: SESSION_SECRET,
  CASHIER_SESSION_ISSUER: 'https://shop.example',
  CASHIER_ALLOWED_ORIGINS: 'https://shop.example, https://www.shop.example',
  // The merchant's backend, asked before pay-outs (issue 23 rule 2).
  CASHIER_AUTHORIZE_URL: 'https://wallet.example/cashier/authorize',
  CASHIER_EVENTS_SECRET: EVENTS_SECRET,
};

function problems(env: Env): string[] {
  const result = readStandaloneConfig(env);
  return 'problems' in result ? result.problems : [];
}

function config(env: Env) {
  const result = readStandaloneConfig(env);
  assert.ok('config' in result, JSON.stringify(result));
  return result.config;
}

/** What the proxy makes of the standalone's settings: its resolved options. */
const resolved = (env: Env) => resolveOptions({ ...config(env).proxy, getUser: () => null, store: createMemoryStore() });

describe('readStandaloneConfig (pure)', () => {
  it('reads a good production configuration with its defaults', () => {
    const { proxy: o, server } = config(GOOD);
    assert.equal(o.upstreamUrl, 'https://backend.stg-app.mozarto.io');
    assert.deepEqual(o.allowedOrigins, ['https://shop.example', 'https://www.shop.example']);
    assert.deepEqual(o.userContext, { mode: 'token', secret: 'user-token-secret' });
    assert.deepEqual(o.limits, { min: '1.00', max: '10000.00' });
    assert.equal(o.basePath, '/api/cashier');
    assert.equal(o.upstreamTimeoutMs, 15_000);
    assert.deepEqual(o.rateLimit, { windowMs: 60_000, perUser: 20, perIp: 60 });
    assert.equal(server.session.cookieName, 'cashier_session');
    assert.equal(server.session.issuer, 'https://shop.example');
    assert.equal(server.session.audience, 'mozarto-cashier', 'the audience a token must carry, by default');
    assert.equal(server.sandbox, undefined);
    assert.deepEqual(server.listen, { port: 8787, host: '127.0.0.1' });
    assert.deepEqual(server.drain, { delayMs: 5000 });
    assert.equal(server.store.webhookJournal, '.data/webhook-journal', 'beside the SQLite file');
    assert.equal(config({ ...GOOD, CASHIER_DB: '/var/lib/cashier/c.db' }).server.store.webhookJournal, '/var/lib/cashier/webhook-journal');
    assert.equal(config({ ...GOOD, CASHIER_DATABASE_URL: 'postgres://db.internal/cashier' }).server.store.webhookJournal, '.data/webhook-journal');
    assert.equal(config({ ...GOOD, CASHIER_WEBHOOK_JOURNAL: '/srv/journal' }).server.store.webhookJournal, '/srv/journal');
    assert.equal(config({ ...GOOD, CASHIER_WEBHOOK_JOURNAL: 'off' }).server.store.webhookJournal, null);
    assert.deepEqual(config({ ...GOOD, CASHIER_DRAIN_DELAY_MS: '0' }).server.drain, { delayMs: 0 });
  });

  const BAD: [string, Env][] = [
    ['MOZARTO_URL', { MOZARTO_URL: 'http://backend.app.mozarto.io' }],
    ['MOZARTO_URL', { MOZARTO_URL: 'not a url' }],
    ['MOZARTO_COMPANY_TOKEN', { MOZARTO_COMPANY_TOKEN: '' }],
    ['MOZARTO_COMPANY_TOKEN', { MOZARTO_COMPANY_TOKEN: 'sandbox-company-token' }],
    ['MOZARTO_USER_CONTEXT', { MOZARTO_USER_CONTEXT: 'both' }],
    ['MOZARTO_USER_TOKEN_SECRET', { MOZARTO_USER_TOKEN_SECRET: undefined }],
    ['MOZARTO_WEBHOOK_SECRET', { MOZARTO_WEBHOOK_SECRET: undefined }],
    ['MOZARTO_WEBHOOK_SECRET', { MOZARTO_WEBHOOK_SECRET: 'short' }],
    ['CASHIER_SESSION_SECRET', { CASHIER_SESSION_SECRET: undefined }],
    ['CASHIER_SESSION_SECRET', { CASHIER_SESSION_SECRET: 'too-short' }],
    // Issue 28: any key was taken, as were tokens without iss or aud, plain-http origins, a public SANDBOX=1.
    ['CASHIER_SESSION_SECRET', { CASHIER_SESSION_SECRET: 's'.repeat(40) }],
    ['CASHIER_SESSION_SECRET', { CASHIER_SESSION_SECRET: 'changeme-changeme-changeme-changeme' }],
    ['CASHIER_SESSION_ISSUER', { CASHIER_SESSION_ISSUER: undefined }],
    ['CASHIER_ALLOWED_ORIGINS', { CASHIER_ALLOWED_ORIGINS: 'http://shop.example' }],
    ['MOZARTO_URL', { MOZARTO_URL: undefined }],
    ['MOZARTO_COMPANY_TOKEN', { MOZARTO_URL: 'http://127.0.0.1:5174', MOZARTO_COMPANY_TOKEN: undefined }],
    ['MOZARTO_USER_TOKEN_SECRET', { MOZARTO_URL: 'http://127.0.0.1:5174', MOZARTO_USER_TOKEN_SECRET: undefined }],
    ['MOZARTO_USER_TOKEN_SECRET', { MOZARTO_USER_TOKEN_SECRET: 'sandbox-user-token-secret' }],
    ['HOST', { SANDBOX: '1', MOZARTO_URL: undefined, HOST: '0.0.0.0' }],
    ['CASHIER_ALLOWED_ORIGINS', { CASHIER_ALLOWED_ORIGINS: undefined }],
    ['CASHIER_ALLOWED_ORIGINS', { CASHIER_ALLOWED_ORIGINS: 'https://shop.example/checkout' }],
    ['CASHIER_AMOUNT_MIN', { CASHIER_AMOUNT_MIN: 'abc' }],
    ['CASHIER_AMOUNT_MIN', { CASHIER_AMOUNT_MIN: '500.00', CASHIER_AMOUNT_MAX: '100.00' }],
    ['CASHIER_MAX_BODY_BYTES', { CASHIER_MAX_BODY_BYTES: '10' }],
    ['CASHIER_RATE_LIMIT_PER_USER', { CASHIER_RATE_LIMIT_PER_USER: '-1' }],
    ['CASHIER_RATE_LIMIT', { CASHIER_RATE_LIMIT: 'maybe' }],
    ['MOZARTO_TIMEOUT_MS', { MOZARTO_TIMEOUT_MS: '1e9' }],
    ['PORT', { PORT: '70000' }],
    ['CASHIER_DRAIN_DELAY_MS', { CASHIER_DRAIN_DELAY_MS: '301000' }],
    ['CASHIER_DRAIN_DELAY_MS', { CASHIER_DRAIN_DELAY_MS: 'soon' }],
    ['CASHIER_BASE_PATH', { CASHIER_BASE_PATH: 'api cashier' }],
    ['CASHIER_LOG_LEVEL', { CASHIER_LOG_LEVEL: 'loud' }],
    ['SANDBOX', { SANDBOX: 'yes' }],
    ['MOZARTO_URL', { SANDBOX: '1' }],
    ['CASHIER_EVENTS_SECRET', { CASHIER_EVENTS_URL: 'https://wallet.example/events', CASHIER_EVENTS_SECRET: undefined }],
    ['CASHIER_EVENTS_SECRET', { CASHIER_EVENTS_URL: 'https://wallet.example/events', CASHIER_EVENTS_SECRET: 'secret' }],
    ['CASHIER_EVENTS_URL', { CASHIER_EVENTS_URL: 'http://wallet.example/events', CASHIER_EVENTS_SECRET: EVENTS_SECRET }],
    [
      'CASHIER_EVENTS_TIMEOUT_MS',
      { CASHIER_EVENTS_URL: 'https://wallet.example/events', CASHIER_EVENTS_SECRET: EVENTS_SECRET, CASHIER_EVENTS_TIMEOUT_MS: '5' },
    ],
    ['CASHIER_ALLOW_HTTP_BACKEND', { CASHIER_ALLOW_HTTP_BACKEND: 'yes' }],
  ];
  for (const [variable, patch] of BAD) {
    it(`names ${variable} when ${JSON.stringify(patch)}`, () => {
      const list = problems({ ...GOOD, ...patch });
      assert.ok(list.length > 0, 'refused');
      assert.ok(
        list.some((p) => p.includes(variable)),
        list.join('\n'),
      );
    });
  }

  it('CASHIER_CARD_ENTRY=1 serves the card-taking provider (also when the flows are narrowed), CASHIER_ALLOW_HTTP_UPSTREAM=1 a plain-http Mozarto; both warn', () => {
    assert.ok(problems({ ...GOOD, MOZARTO_URL: 'http://mozarto.internal:8080' }).some((p) => p.includes('MOZARTO_URL')));
    for (const extra of [{}, { CASHIER_PAYOUT: 'off' }]) {
      const env = { ...GOOD, ...extra, CASHIER_CARD_ENTRY: '1', CASHIER_ALLOW_HTTP_UPSTREAM: '1', MOZARTO_URL: 'http://mozarto.internal:8080' };
      const o = resolved(env);
      assert.ok(o.methods.byFlow.payin.has('EMERCHANTPAY'), JSON.stringify(extra));
      const said = startWarnings(o).map((w) => w.msg);
      assert.ok(said.some((m) => /^cardEntry:/.test(m)) && said.some((m) => /^allowHttpUpstream:/.test(m)), said.join('\n'));
    }
    assert.ok(!resolved(GOOD).methods.byFlow.payin.has('EMERCHANTPAY'), 'off by default');
    assert.ok(problems({ ...GOOD, CASHIER_CARD_ENTRY: 'yes' }).some((p) => p.includes('CASHIER_CARD_ENTRY')));
  });

  it('reads the merchant’s backend: the event URLs (comma-separated), the secret, the timeout, plain http by its named variable', () => {
    const { proxy: o } = config({
      ...GOOD,
      CASHIER_EVENTS_URL: 'https://wallet.example/events, http://ledger.internal:8080/cashier',
      CASHIER_EVENTS_SECRET: EVENTS_SECRET,
      CASHIER_EVENTS_TIMEOUT_MS: '4000',
      CASHIER_ALLOW_HTTP_BACKEND: '1',
    });
    assert.deepEqual(o.events, {
      urls: ['https://wallet.example/events', 'http://ledger.internal:8080/cashier'],
      secret: EVENTS_SECRET,
      timeoutMs: 4000,
      retryForMs: 259_200_000,
      pollMs: 1000,
    });
    assert.equal(o.allowHttpBackend, true);
    assert.deepEqual(config(GOOD).proxy.events.urls, [], 'none unless set');
  });

  it('tells every problem at once, parsing, the proxy’s rules and the server’s alike, each by its variable', () => {
    assert.deepEqual(
      problems({
        ...GOOD,
        MOZARTO_URL: 'http://backend.app.mozarto.io',
        MOZARTO_WEBHOOK_SECRET: 'short',
        CASHIER_AMOUNT_MIN: '500.00',
        CASHIER_AMOUNT_MAX: '100.00',
        CASHIER_LIMITS: '{"methods":{"FLEXEPIN":{"max":"lots"}}}',
        MOZARTO_TIMEOUT_MS: 'soon',
        PORT: '70000',
      }),
      [
        'MOZARTO_TIMEOUT_MS must be a whole number, got "soon"',
        'MOZARTO_URL must be https (plain http only for a loopback host, or with CASHIER_ALLOW_HTTP_UPSTREAM=1), got "http://backend.app.mozarto.io"; Mozarto: https://backend.stg-app.mozarto.io (sandbox) or https://backend.app.mozarto.io',
        'MOZARTO_WEBHOOK_SECRET must be at least 16 characters',
        'CASHIER_AMOUNT_MIN and CASHIER_AMOUNT_MAX must have min <= max, got 500.00 > 100.00',
        'CASHIER_LIMITS (methods.FLEXEPIN.max) must be an amount such as "10.00", got "lots"',
        'PORT must be a whole number from 0 to 65535, got 70000',
      ],
    );
  });

  it('names a setting by its variable, or by its parent’s with the rest', () => {
    assert.equal(variableOf('rateLimit.perIp'), 'CASHIER_RATE_LIMIT_PER_IP');
    assert.equal(variableOf('fees.methods.BRITE.percent'), 'CASHIER_FEES (methods.BRITE.percent)');
    assert.equal(variableOf('redirectHosts.*'), 'CASHIER_REDIRECT_HOSTS');
    assert.equal(variableOf('redirectHosts.PAYONE'), 'CASHIER_REDIRECT_HOSTS_PAYONE');
    assert.equal(variableOf('acceptUnsignedWebhooks'), 'the proxy option acceptUnsignedWebhooks', 'no variable sets it');
  });

  it('a local sandbox’s public credentials only when named, and then said at every start; SANDBOX=1 needs no secrets (issue 28)', () => {
    const local = { ...GOOD, MOZARTO_URL: 'http://127.0.0.1:5174', CASHIER_ALLOWED_ORIGINS: '*' };
    assert.deepEqual(
      problems({ ...local, MOZARTO_COMPANY_TOKEN: undefined, MOZARTO_USER_TOKEN_SECRET: undefined }).filter((p) => /^MOZARTO_(COMPANY|USER)/.test(p)),
      [
        'MOZARTO_COMPANY_TOKEN is required: the company JWT from the Mozarto back office (Admin Center → API Credentials)',
        'MOZARTO_USER_TOKEN_SECRET is required in token mode: the key the x-user-token is signed with (docs/mozarto-api.md §3)',
      ],
      'a loopback URL may be a tunnel to a real Mozarto: nothing public is taken silently',
    );
    const named = { ...local, MOZARTO_COMPANY_TOKEN: 'sandbox-company-token', MOZARTO_USER_TOKEN_SECRET: 'sandbox-user-token-secret' };
    assert.equal(config(named).proxy.allowAnyOrigin, true, '"*" is the named choice allowAnyOrigin');
    assert.equal(config(named).proxy.allowedOrigins, undefined);
    const warning = startWarnings(resolved(named)).find((w) => /public credentials/.test(w.msg));
    assert.deepEqual(warning?.fields?.options, ['companyToken', 'userContext.secret'], 'said at every start');
    assert.equal(
      startWarnings(resolved(GOOD)).find((w) => /public credentials/.test(w.msg)),
      undefined,
    );

    const sandbox = config({ SANDBOX: '1' });
    assert.deepEqual(sandbox.server.sandbox, { port: 0 });
    assert.equal(sandbox.madeUpSession, true);
    assert.equal(sandbox.proxy.companyToken, 'sandbox-company-token', 'the embedded sandbox’s, for the try-out');
    assert.ok(sandbox.proxy.webhookSecret && sandbox.proxy.webhookSecret.length >= 16, 'a webhook secret made up for the try-out');
    assert.ok(new TextEncoder().encode(sandbox.server.session.secret).length >= 32, 'a session secret made up for the try-out');
    assert.equal(sandbox.server.session.issuer, 'mozarto-cashier-sandbox');
    assert.deepEqual(config({ SANDBOX: '1', HOST: '::1' }).server.listen.host, '::1', 'any loopback host');
    assert.equal(sandbox.proxy.payoutsUnchecked, true, 'the embedded sandbox moves no money: pay-outs unchecked, warned');
  });

  describe('pay-outs are asked for first (issue 23 rule 2, secure default)', () => {
    const { CASHIER_AUTHORIZE_URL: _url, ...WITHOUT } = GOOD;
    it('refuses to start with pay-outs on and no CASHIER_AUTHORIZE_URL, saying how to choose otherwise', () => {
      const list = problems(WITHOUT);
      assert.equal(list.length, 1, list.join('\n'));
      assert.match(list[0]!, /^CASHIER_AUTHORIZE_URL is required while pay-outs are on: .*CASHIER_PAYOUT=off, or CASHIER_PAYOUTS_UNCHECKED=1/);
    });

    it('starts with pay-outs off, or with CASHIER_PAYOUTS_UNCHECKED=1, which warns at every start', () => {
      assert.deepEqual(problems({ ...WITHOUT, CASHIER_PAYOUT: 'off' }), []);
      const entries: { level: string; msg: string }[] = [];
      const o = resolveOptions({
        ...config({ ...WITHOUT, CASHIER_PAYOUTS_UNCHECKED: '1' }).proxy,
        getUser: () => null,
        store: createMemoryStore(),
      });
      for (const { msg } of startWarnings(o)) entries.push({ level: 'warn', msg });
      assert.ok(
        entries.some((e) => /^payoutsUnchecked: pay-outs are offered and nothing asks the merchant/.test(e.msg)),
        entries.map((e) => e.msg).join('\n'),
      );
    });

    it('reads the authorize URL and its timeout; the URL needs the secret that signs it', () => {
      const { proxy: o } = config({ ...GOOD, CASHIER_AUTHORIZE_TIMEOUT_MS: '2500' });
      assert.equal(o.authorizeUrl, 'https://wallet.example/cashier/authorize');
      assert.equal(o.authorizeTimeoutMs, 2500);
      const { CASHIER_EVENTS_SECRET: _secret, ...unsigned } = GOOD;
      assert.ok(
        problems(unsigned).some((p) => p.startsWith('CASHIER_EVENTS_SECRET is required with CASHIER_AUTHORIZE_URL')),
        problems(unsigned).join('\n'),
      );
      assert.ok(
        problems({ ...GOOD, CASHIER_AUTHORIZE_URL: 'http://wallet.example/authorize' }).some((p) => p.startsWith('CASHIER_AUTHORIZE_URL must be https')),
      );
      assert.ok(problems({ ...GOOD, CASHIER_AUTHORIZE_TIMEOUT_MS: '50' }).some((p) => p.startsWith('CASHIER_AUTHORIZE_TIMEOUT_MS must be')));
    });
  });

  it('plain-http origins only on loopback hosts; a weak key, tokens without an issuer, SANDBOX=1 on a public host never (issue 28)', () => {
    assert.deepEqual(config({ ...GOOD, CASHIER_ALLOWED_ORIGINS: 'http://localhost:5173, http://127.0.0.1:8080' }).proxy.allowedOrigins, [
      'http://localhost:5173',
      'http://127.0.0.1:8080',
    ]);
    assert.deepEqual(problems({ ...GOOD, CASHIER_ALLOWED_ORIGINS: 'https://shop.example, http://shop.example' }), [
      'CASHIER_ALLOWED_ORIGINS entry "http://shop.example" must be https (plain http only for a loopback host such as http://localhost:5173)',
    ]);
    assert.deepEqual(problems({ ...GOOD, CASHIER_SESSION_SECRET: 'x'.repeat(48) }), [
      'CASHIER_SESSION_SECRET looks guessable: about 0 bits by the spread of its characters, at least 128 needed; use 32 random bytes, e.g. `openssl rand -base64 32`',
    ]);
    assert.match(problems({ ...GOOD, CASHIER_SESSION_ISSUER: undefined }).join('\n'), /^CASHIER_SESSION_ISSUER is required/);
    assert.deepEqual(problems({ SANDBOX: '1', HOST: '0.0.0.0' }), [
      'HOST must be a loopback address with SANDBOX=1 (the embedded sandbox is a try-out on this machine), got "0.0.0.0"',
    ]);
  });

  it('the demo’s dev server reads its proxy settings with the same function, only what is set', () => {
    const { settings, problems: parse } = proxySettingsFromEnv({ MOZARTO_URL: 'http://127.0.0.1:5180', CASHIER_FEES: '{"percent":"1"}' }, true);
    assert.deepEqual(parse, []);
    assert.deepEqual(settings, {
      upstreamUrl: 'http://127.0.0.1:5180',
      companyToken: 'sandbox-company-token',
      userContext: { mode: 'token', secret: 'sandbox-user-token-secret' },
      fees: { percent: '1' },
    });
    const real = proxySettingsFromEnv({ MOZARTO_URL: 'http://127.0.0.1:5180' }).settings;
    assert.equal(real.companyToken, undefined, 'not its own sandbox: no public credentials');
  });
});

describe('readStandaloneConfig: CASHIER_DATABASE_URL (issue 17)', () => {
  it('takes a postgres URL and refuses anything else, naming the variable', () => {
    assert.equal(
      config({ ...GOOD, CASHIER_DATABASE_URL: 'postgres://cashier:pw@db.internal:5432/cashier' }).server.store.databaseUrl,
      'postgres://cashier:pw@db.internal:5432/cashier',
    );
    assert.equal(config(GOOD).server.store.databaseUrl, undefined, 'unset: the SQLite file');
    for (const bad of ['mysql://db/x', 'not a url', 'postgres://']) {
      assert.ok(
        problems({ ...GOOD, CASHIER_DATABASE_URL: bad }).some((p) => p.startsWith('CASHIER_DATABASE_URL')),
        bad,
      );
    }
  });
});

describe('limits and fees: the standalone server’s environment', () => {
  const LIMITS = { min: '5.00', payout: { max: '2000.00' }, methods: { PAYONE: { max: '800.00', payout: { min: '20.00' } }, FLEXEPIN: { max: '150.00' } } };
  const FEES = {
    percent: '1',
    payout: { fixed: '2.00' },
    methods: { PAYONE: { fixed: '0.25', percent: '1.5', min: '1.00' }, BRITE: { payin: { fixed: '0' } }, FORUMPAY: { payout: { fixed: '5.00' } } },
  };

  it('CASHIER_LIMITS and CASHIER_FEES take the options’ shapes as JSON, under CASHIER_AMOUNT_MIN/_MAX', () => {
    const env = { ...GOOD, CASHIER_AMOUNT_MIN: '2.00', CASHIER_LIMITS: JSON.stringify(LIMITS), CASHIER_FEES: JSON.stringify(FEES) };
    const { proxy } = config(env);
    assert.deepEqual(proxy.limits, { ...LIMITS, min: '2.00', max: '10000.00' });
    assert.deepEqual(proxy.fees, FEES);
    assert.deepEqual(resolved(env).methods.limits, { min: '2.00', max: '10000.00' });
  });

  for (const name of ['CASHIER_LIMITS', 'CASHIER_FEES']) {
    it(`names ${name} when it is not a JSON object`, () => {
      for (const bad of ['{', '[1]', '"x"']) {
        assert.ok(
          problems({ ...GOOD, [name]: bad }).some((p) => p.startsWith(`${name} must be a JSON object`)),
          bad,
        );
      }
    });
  }
});

describe('redirect hosts: the standalone server’s environment', () => {
  it('reads CASHIER_REDIRECT_HOSTS and CASHIER_REDIRECT_HOSTS_<PSPTYPE>', () => {
    const base = { ...GOOD, CASHIER_ALLOWED_ORIGINS: 'https://shop.example' };
    assert.deepEqual(
      config({ ...base, CASHIER_REDIRECT_HOSTS: 'pay.example, *.hpp.example', CASHIER_REDIRECT_HOSTS_PAYONE: '*.payonepayment.com' }).proxy.redirectHosts,
      {
        '*': ['pay.example', '*.hpp.example'],
        PAYONE: ['*.payonepayment.com'],
      },
    );
    assert.ok(problems({ ...base, CASHIER_REDIRECT_HOSTS: 'https://pay.example/' }).some((p) => p.includes('CASHIER_REDIRECT_HOSTS')));
  });
});

describe('flows and providers off by environment', () => {
  const base = { ...GOOD, CASHIER_ALLOWED_ORIGINS: 'https://shop.example' };
  const dir = tempDir();
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await startFakeUpstream();
  });
  after(async () => {
    await upstream.close();
    dir.remove();
  });

  it('CASHIER_PAYOUT=off and CASHIER_DISABLED_PROVIDERS narrow the methods', () => {
    const all = resolved(base).methods.byFlow;
    assert.ok(all.payout.has('PAYONE'));
    assert.ok(!all.payin.has('EMERCHANTPAY'), 'card entry stays off');
    const narrowed = config({ ...base, CASHIER_PAYOUT: 'off', CASHIER_DISABLED_PROVIDERS: 'neosurf, FLEXEPIN' }).proxy.methods!;
    assert.deepEqual(narrowed.payout, []);
    assert.ok(!narrowed.payin!.includes('NEOSURF'));
    assert.ok(!narrowed.payin!.includes('FLEXEPIN'));
    assert.ok(narrowed.payin!.includes('PAYONE'));
    assert.ok(!narrowed.payin!.includes('EMERCHANTPAY'), 'card entry stays off');
  });

  it('names a bad value', () => {
    for (const [env, variable] of [
      [{ CASHIER_DISABLED_PROVIDERS: 'PAYPAL' }, 'CASHIER_DISABLED_PROVIDERS'],
      [{ CASHIER_PAYIN: 'maybe' }, 'CASHIER_PAYIN'],
    ] as const) {
      const list = problems({ ...base, ...env });
      assert.ok(
        list.some((p) => p.includes(variable)),
        list.join('\n'),
      );
    }
  });

  it('a flow turned off is refused by the proxy', async () => {
    const { methods } = config({ ...base, CASHIER_PAYOUT: 'off' }).proxy;
    const proxy = await startProxy(join(dir.path, 'env.db'), { upstreamUrl: upstream.url, methods, getUser: userFromHeader });
    try {
      const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      assert.equal(res.body.error.code, 'unsupported_method');
      const cfg = await call(`${proxy.api}/config`);
      assert.deepEqual(cfg.body.methods.payout, []);
    } finally {
      await proxy.close();
    }
  });
});

describe('the operators’ listener’s variables (issue 26)', () => {
  const token = 'a'.repeat(16) + 'b'.repeat(16) + '0123456789';
  it('is off by default, on loopback when on, and takes named tokens with roles', () => {
    assert.equal(config(GOOD).server.admin.port, undefined);
    const on = config({ ...GOOD, CASHIER_ADMIN_PORT: '9464', CASHIER_ADMIN_TOKENS: `alice:resolve:${token},grafana:read:sha256:${'ab'.repeat(32)}` });
    assert.equal(on.server.admin.port, 9464);
    assert.equal(on.server.admin.host, '127.0.0.1');
    assert.deepEqual(
      on.proxy.admin.credentials.map((c) => `${c.name}:${c.role}`),
      ['alice:resolve', 'grafana:read'],
    );
    assert.equal(on.proxy.admin.attentionAfterMs, 900_000);
  });

  it('names each problem by its variable', () => {
    assert.match(problems({ ...GOOD, CASHIER_ADMIN_PORT: '9464' }).join('\n'), /CASHIER_ADMIN_TOKENS is required with CASHIER_ADMIN_PORT/);
    assert.match(
      problems({ ...GOOD, CASHIER_ADMIN_PORT: '8787', CASHIER_ADMIN_TOKENS: `a:read:${token}` }).join('\n'),
      /CASHIER_ADMIN_PORT must not be the player's PORT/,
    );
    const bad = problems({ ...GOOD, CASHIER_ADMIN_PORT: '9464', CASHIER_ADMIN_TOKENS: 'alice:resolve:short,bob:admin:' + token + ',alice:read:' + token }).join(
      '\n',
    );
    assert.match(bad, /CASHIER_ADMIN_TOKENS.*token must be at least 32 characters/);
    assert.match(bad, /CASHIER_ADMIN_TOKENS.*role must be read or resolve/);
    const twice = problems({ ...GOOD, CASHIER_ADMIN_PORT: '9464', CASHIER_ADMIN_TOKENS: `alice:resolve:${token},alice:read:${token}` }).join('\n');
    assert.match(twice, /CASHIER_ADMIN_TOKENS \(1\): the name "alice" is taken twice/);
    assert.doesNotMatch(bad, new RegExp(token), 'a token is never echoed');
    assert.match(problems({ ...GOOD, CASHIER_ATTENTION_AFTER_MS: '10' }).join('\n'), /CASHIER_ATTENTION_AFTER_MS.*from 60000/);
  });
});
