/**
 * The standalone server (src/standalone/server.ts): its pure environment parser, and the real thing
 * spawned as a child process on a free port — a bad variable stops it with exit code 1 naming
 * the variable; a good configuration serves a whole pay-out against the sandbox, knowing the
 * player from the merchant site's session token (ADR 0005).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { clientIp, readEnvConfig, type Env } from '../../src/proxy/env-config.js';
import { signHs256, verifyHs256 } from '../../src/proxy/jwt.js';
import { sessionUser } from '../../src/proxy/session.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { call, eventually, newKey, payoneRequest, tempDir } from './helpers.js';

const SESSION_SECRET = 'server-env-test-session-secret-0123456789';
const WEBHOOK = 'server-env-test-webhook-secret';
const GOOD: Env = {
  MOZARTO_URL: 'https://backend.stg-app.mozarto.io',
  MOZARTO_COMPANY_TOKEN: 'eyJ.company.jwt',
  MOZARTO_USER_TOKEN_SECRET: 'user-token-secret',
  MOZARTO_WEBHOOK_SECRET: WEBHOOK,
  CASHIER_SESSION_SECRET: SESSION_SECRET,
  CASHIER_ALLOWED_ORIGINS: 'https://shop.example, https://www.shop.example',
};

function problems(env: Env): string[] {
  const result = readEnvConfig(env);
  return 'problems' in result ? result.problems : [];
}

describe('readEnvConfig (pure)', () => {
  it('reads a good production configuration with its defaults', () => {
    const result = readEnvConfig(GOOD);
    assert.ok('options' in result, JSON.stringify(result));
    const o = result.options;
    assert.equal(o.upstreamUrl, 'https://backend.stg-app.mozarto.io');
    assert.deepEqual(o.allowedOrigins, ['https://shop.example', 'https://www.shop.example']);
    assert.deepEqual(o.userContext, { mode: 'token', secret: 'user-token-secret' });
    assert.deepEqual(o.limits, { min: '1.00', max: '10000.00' });
    assert.equal(o.basePath, '/api/cashier');
    assert.equal(o.upstreamTimeoutMs, 15_000);
    assert.deepEqual(o.rateLimit, { windowMs: 60_000, perUser: 20, perIp: 60 });
    assert.equal(o.session.cookieName, 'cashier_session');
    assert.equal(o.sandbox, undefined);
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
    ['CASHIER_ALLOWED_ORIGINS', { CASHIER_ALLOWED_ORIGINS: undefined }],
    ['CASHIER_ALLOWED_ORIGINS', { CASHIER_ALLOWED_ORIGINS: 'https://shop.example/checkout' }],
    ['CASHIER_AMOUNT_MIN', { CASHIER_AMOUNT_MIN: 'abc' }],
    ['CASHIER_AMOUNT_MIN', { CASHIER_AMOUNT_MIN: '500.00', CASHIER_AMOUNT_MAX: '100.00' }],
    ['CASHIER_MAX_BODY_BYTES', { CASHIER_MAX_BODY_BYTES: '10' }],
    ['CASHIER_RATE_LIMIT_PER_USER', { CASHIER_RATE_LIMIT_PER_USER: '-1' }],
    ['CASHIER_RATE_LIMIT', { CASHIER_RATE_LIMIT: 'maybe' }],
    ['MOZARTO_TIMEOUT_MS', { MOZARTO_TIMEOUT_MS: '1e9' }],
    ['PORT', { PORT: '70000' }],
    ['CASHIER_BASE_PATH', { CASHIER_BASE_PATH: 'api cashier' }],
    ['CASHIER_LOG_LEVEL', { CASHIER_LOG_LEVEL: 'loud' }],
    ['SANDBOX', { SANDBOX: 'yes' }],
    ['MOZARTO_URL', { SANDBOX: '1' }],
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

  it('defaults to the local sandbox (its token allowed only there) and SANDBOX=1 needs no secrets', () => {
    const local = readEnvConfig({ MOZARTO_WEBHOOK_SECRET: WEBHOOK, CASHIER_SESSION_SECRET: SESSION_SECRET, CASHIER_ALLOWED_ORIGINS: '*' });
    assert.ok('options' in local);
    assert.equal(local.options.upstreamUrl, 'http://127.0.0.1:5174');
    assert.equal(local.options.companyToken, 'sandbox-company-token');
    assert.equal(local.options.allowedOrigins, 'any', '"*" is the named choice allowAnyOrigin');
    const sandbox = readEnvConfig({ SANDBOX: '1' });
    assert.ok('options' in sandbox, JSON.stringify(sandbox));
    assert.deepEqual(sandbox.options.sandbox, { port: 0 });
  });

  it('takes the client IP from X-Forwarded-For only behind trusted proxies', () => {
    assert.equal(clientIp('1.1.1.1, 10.0.0.2', '10.0.0.9', 0), '10.0.0.9');
    assert.equal(clientIp('6.6.6.6, 1.1.1.1', '10.0.0.9', 1), '1.1.1.1', 'the left entry is the client’s claim');
    assert.equal(clientIp(null, '10.0.0.9', 1), '10.0.0.9');
  });
});

describe('session tokens (ADR 0005)', () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const getUser = sessionUser({ secret: SESSION_SECRET, now: () => now });
  const token = (claims: Record<string, string | number>, secret = SESSION_SECRET, expiresInSeconds = 600) =>
    signHs256(claims, secret, { now, expiresInSeconds });
  const req = (headers: Record<string, string>) => new Request('http://x/api/cashier/config', { headers });

  it('reads the user from Authorization: Bearer or the cookie', async () => {
    const t = await token({ sub: 'p-1', email: 'p@example.com', countryCode: 'DE' });
    assert.deepEqual(await getUser(req({ authorization: `Bearer ${t}` })), { id: 'p-1', email: 'p@example.com', countryCode: 'DE' });
    assert.deepEqual(await getUser(req({ cookie: `theme=dark; cashier_session=${t}` })), { id: 'p-1', email: 'p@example.com', countryCode: 'DE' });
  });

  it('refuses a wrong signature, alg none, an expired or too long-lived token, and no sub', async () => {
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ sub: 'p' }, 'another-secret-another-secret-another')}` })), null);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'p', exp: 9e9 })).toString('base64url')}.`;
    assert.equal(await getUser(req({ authorization: `Bearer ${none}` })), null);
    const old = await signHs256({ sub: 'p' }, SESSION_SECRET, { now: new Date(now.getTime() - 7200_000), expiresInSeconds: 600 });
    assert.equal((await verifyHs256(old, SESSION_SECRET, { now })).ok, false);
    assert.equal(await getUser(req({ authorization: `Bearer ${old}` })), null);
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ sub: 'p' }, SESSION_SECRET, 86_400)}` })), null);
    assert.equal(await getUser(req({ authorization: `Bearer ${await token({ email: 'x@example.com' })}` })), null);
    assert.equal(await getUser(req({})), null);
  });
});

/** Spawns `node --import tsx src/standalone/server.ts` and collects its output. */
function spawnServer(env: Env): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/standalone/server.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

describe('the standalone server as a child process', () => {
  const dir = tempDir();
  let sandbox: StartedSandbox;
  const children: ChildProcess[] = [];

  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK, payoutSettleMs: 50 });
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await sandbox?.close();
    dir.remove();
  });

  it('exits 1 naming a bad variable', async () => {
    const { exited, out } = spawnServer({ ...GOOD, PORT: '0', CASHIER_ALLOWED_ORIGINS: 'ftp://shop.example' });
    assert.equal(await exited, 1);
    assert.match(out(), /CASHIER_ALLOWED_ORIGINS/);
    const missing = spawnServer({ PORT: '0' });
    assert.equal(await missing.exited, 1);
    assert.match(missing.out(), /MOZARTO_WEBHOOK_SECRET/);
    assert.match(missing.out(), /CASHIER_SESSION_SECRET/);
  });

  it('serves a pay-out end to end with a session token, refuses a foreign Origin, stops on SIGTERM', async () => {
    const server = spawnServer({
      MOZARTO_URL: sandbox.url,
      MOZARTO_WEBHOOK_SECRET: WEBHOOK,
      CASHIER_SESSION_SECRET: SESSION_SECRET,
      CASHIER_ALLOWED_ORIGINS: 'https://shop.example',
      CASHIER_DB: join(dir.path, 'server.db'),
      PORT: '0',
    });
    children.push(server.child);
    const url = await eventually(() => /"url":"(http:\/\/[^"]+)"/.exec(server.out())?.[1], 20_000, `the server to listen; output: ${server.out()}`);
    const api = `${url}/api/cashier`;
    sandbox.sandbox.configure({ webhookUrl: `${api}/webhooks/mozarto` });
    const session = await signHs256({ sub: 'env-player', email: 'env@example.com' }, SESSION_SECRET, { expiresInSeconds: 600 });
    const auth = { authorization: `Bearer ${session}` };

    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    assert.equal((await call(`${api}/config`, { user: null, headers: { origin: 'https://evil.example' } })).status, 403);
    assert.equal((await call(`${api}/transactions`, { user: null, body: payoneRequest(), key: newKey() })).status, 401);

    const before = sandbox.sandbox.transactions().length;
    const created = await call(`${api}/transactions`, {
      user: null,
      headers: { ...auth, origin: 'https://shop.example' },
      body: payoneRequest({ type: 'payout', amount: '42.00' }),
      key: newKey(),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(sandbox.sandbox.transactions().length, before + 1);
    const id = created.body.transactionId as string;
    // The cookie works as well as the header (the widget's same-origin fetch sends it).
    await eventually(
      async () => {
        const res = await call(`${api}/transactions/${id}`, { user: null, headers: { cookie: `cashier_session=${session}` } });
        return res.body?.status === 'approved' ? true : undefined;
      },
      10_000,
      'approved through the standalone server',
    );
    const other = await signHs256({ sub: 'someone-else' }, SESSION_SECRET, { expiresInSeconds: 600 });
    assert.equal((await call(`${api}/transactions/${id}`, { user: null, headers: { authorization: `Bearer ${other}` } })).status, 404);

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.doesNotMatch(server.out(), new RegExp(`${SESSION_SECRET}|${WEBHOOK}|${session.split('.')[2]}`), 'the output holds no secret');
  });
});

describe('readEnvConfig: CASHIER_DATABASE_URL (issue 17)', () => {
  it('takes a postgres URL and refuses anything else, naming the variable', () => {
    const ok = readEnvConfig({ ...GOOD, CASHIER_DATABASE_URL: 'postgres://cashier:pw@db.internal:5432/cashier' });
    assert.ok('options' in ok);
    assert.equal(ok.options.databaseUrl, 'postgres://cashier:pw@db.internal:5432/cashier');
    assert.equal((readEnvConfig(GOOD) as { options: { databaseUrl?: string } }).options.databaseUrl, undefined, 'unset: the SQLite file');
    for (const bad of ['mysql://db/x', 'not a url', 'postgres://']) {
      assert.ok(
        problems({ ...GOOD, CASHIER_DATABASE_URL: bad }).some((p) => p.startsWith('CASHIER_DATABASE_URL')),
        bad,
      );
    }
  });
});
