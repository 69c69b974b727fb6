/**
 * The standalone server (src/standalone/server.ts), the real thing spawned as a child process on a
 * free port: a bad variable stops it with exit code 1 naming the variable; a good configuration
 * serves a whole pay-out against the sandbox, knowing the player from the merchant site's session
 * token (ADR 0005). Its environment, pure, is in environment.test.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { signHs256 } from '../../src/proxy/jwt.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import type { Env } from '../../src/standalone/environment.js';
import { call, eventually, newKey, payoneRequest, tempDir } from '../proxy/helpers.js';

const SESSION_SECRET = 'server-env-test-session-secret-0123456789';
const WEBHOOK = 'server-env-test-webhook-secret';
const ISSUER = 'https://shop.example';
const GOOD: Env = {
  MOZARTO_URL: 'https://backend.stg-app.mozarto.io',
  MOZARTO_COMPANY_TOKEN: 'eyJ.company.jwt',
  MOZARTO_USER_TOKEN_SECRET: 'user-token-secret',
  MOZARTO_WEBHOOK_SECRET: WEBHOOK,
  CASHIER_SESSION_SECRET: SESSION_SECRET,
  CASHIER_SESSION_ISSUER: ISSUER,
  CASHIER_ALLOWED_ORIGINS: 'https://shop.example, https://www.shop.example',
};
/** A session token as the merchant's site signs it. */
const sessionFor = (sub: string, claims: Record<string, string> = {}) =>
  signHs256({ sub, iss: ISSUER, aud: 'mozarto-cashier', ...claims }, SESSION_SECRET, { expiresInSeconds: 600 });

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

  /** A server against the sandbox with this test's credentials, on the SQLite file `db`. */
  function serving(db: string): Record<string, string> {
    return {
      MOZARTO_URL: sandbox.url,
      MOZARTO_COMPANY_TOKEN: 'sandbox-company-token',
      MOZARTO_USER_TOKEN_SECRET: 'sandbox-user-token-secret',
      MOZARTO_WEBHOOK_SECRET: WEBHOOK,
      CASHIER_SESSION_SECRET: SESSION_SECRET,
      CASHIER_SESSION_ISSUER: ISSUER,
      CASHIER_ALLOWED_ORIGINS: 'https://shop.example',
      CASHIER_DB: join(dir.path, db),
      // The merchant's check is test/standalone/merchant-backend.test.ts's.
      CASHIER_PAYOUTS_UNCHECKED: '1',
      CASHIER_DRAIN_DELAY_MS: '0', // no balancer to tell: stop at once (the drain: standalone/drain)
      PORT: '0',
    };
  }

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
    assert.match(missing.out(), /MOZARTO_URL is required/, 'no silent local sandbox');
  });

  it('a loopback MOZARTO_URL takes no public sandbox credentials silently: it stops naming them, and says so loudly when they are set (issue 28)', async () => {
    const local = { ...GOOD, MOZARTO_URL: sandbox.url, MOZARTO_COMPANY_TOKEN: undefined, MOZARTO_USER_TOKEN_SECRET: undefined, PORT: '0' };
    const refused = spawnServer(local);
    children.push(refused.child);
    // It must stop at once; one that listens instead took the credentials silently.
    const outcome = await eventually(
      () => refused.child.exitCode ?? (/"url":"http/.test(refused.out()) ? 'listening' : undefined),
      20_000,
      `the server to stop or listen; output: ${refused.out()}`,
    );
    assert.equal(outcome, 1, refused.out());
    assert.match(refused.out(), /MOZARTO_COMPANY_TOKEN is required/);
    assert.match(refused.out(), /MOZARTO_USER_TOKEN_SECRET is required/);
    const named = spawnServer({
      ...local,
      MOZARTO_COMPANY_TOKEN: 'sandbox-company-token',
      MOZARTO_USER_TOKEN_SECRET: 'sandbox-user-token-secret',
      CASHIER_PAYOUTS_UNCHECKED: '1',
      CASHIER_DRAIN_DELAY_MS: '0',
    });
    children.push(named.child);
    await eventually(() => /"url":"(http:\/\/[^"]+)"/.exec(named.out())?.[1], 20_000, `the server to listen; output: ${named.out()}`);
    const warning = named
      .out()
      .split('\n')
      .find((line) => line.includes("the sandbox's public credentials are in use"));
    assert.ok(warning, named.out());
    assert.equal(JSON.parse(warning).level, 'warn');
    assert.deepEqual(JSON.parse(warning).options, ['companyToken', 'userContext.secret']);
    named.child.kill('SIGTERM');
    assert.equal(await named.exited, 0);
  });

  it('refuses to start with pay-outs on and nobody to ask before money leaves (issue 23 rule 2); CASHIER_PAYOUTS_UNCHECKED=1 starts and warns', async () => {
    const refused = spawnServer({ ...GOOD, PORT: '0' });
    assert.equal(await refused.exited, 1);
    assert.match(refused.out(), /CASHIER_AUTHORIZE_URL is required while pay-outs are on/);
    const unchecked = spawnServer({
      ...GOOD,
      MOZARTO_URL: sandbox.url,
      MOZARTO_COMPANY_TOKEN: 'sandbox-company-token',
      CASHIER_PAYOUTS_UNCHECKED: '1',
      PORT: '0',
      CASHIER_DB: join(dir.path, 'unchecked.db'),
    });
    children.push(unchecked.child);
    await eventually(() => /"url":"(http:\/\/[^"]+)"/.exec(unchecked.out())?.[1], 20_000, `the server to listen; output: ${unchecked.out()}`);
    assert.match(unchecked.out(), /"level":"warn".*payoutsUnchecked: pay-outs are offered and nothing asks the merchant before money leaves/);
    unchecked.child.kill('SIGTERM');
    assert.equal(await unchecked.exited, 0);
  });

  it('serves a pay-out end to end with a session token, refuses a foreign Origin, stops on SIGTERM', async () => {
    const server = spawnServer(serving('server.db'));
    children.push(server.child);
    const url = await eventually(() => /"url":"(http:\/\/[^"]+)"/.exec(server.out())?.[1], 20_000, `the server to listen; output: ${server.out()}`);
    const api = `${url}/api/cashier`;
    sandbox.sandbox.configure({ webhookUrl: `${api}/webhooks/mozarto` });
    const session = await sessionFor('env-player', { email: 'env@example.com' });
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
    const other = await sessionFor('someone-else');
    assert.equal((await call(`${api}/transactions/${id}`, { user: null, headers: { authorization: `Bearer ${other}` } })).status, 404);

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.doesNotMatch(server.out(), new RegExp(`${SESSION_SECRET}|${WEBHOOK}|${session.split('.')[2]}`), 'the output holds no secret');
  });

  it("a logged-in player's chunked body over the cap, 100 times: 413 each time and the process lives (nodejs/node#54205)", async () => {
    const server = spawnServer(serving('over-cap.db'));
    children.push(server.child);
    const url = new URL(await eventually(() => /"url":"(http:\/\/[^"]+)"/.exec(server.out())?.[1], 20_000, 'the server to listen'));
    const session = await sessionFor('big-body-player');
    const statuses: (number | string)[] = [];
    for (let n = 0; n < 100; n++) {
      statuses.push(
        await new Promise<number | string>((resolve) => {
          const req = request(
            {
              host: url.hostname,
              port: url.port,
              method: 'POST',
              path: '/api/cashier/transactions',
              headers: {
                authorization: `Bearer ${session}`,
                'content-type': 'application/json',
                'idempotency-key': newKey(),
                'transfer-encoding': 'chunked',
              },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', (error) => resolve(error.message));
          // 100 KB in 64 KB and 36 KB chunks against the 16 KB cap.
          req.write(Buffer.alloc(65_536, 0x20));
          req.end(Buffer.alloc(36_864, 0x20));
        }),
      );
      assert.equal(server.child.exitCode, null, `the server exited after try ${n + 1}: ${server.out().slice(-2000)}`);
    }
    assert.deepEqual(new Set(statuses), new Set([413]), statuses.join(','));
    assert.equal((await fetch(`${url.origin}/healthz`)).status, 200);
    assert.doesNotMatch(server.out(), /ERR_INVALID_STATE|uncaught/i);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  });
});
