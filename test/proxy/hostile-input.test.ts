/**
 * Issue 13 rule 6 "Hostile input": deep JSON is a 400 on every body-taking route; control and
 * bidi characters are refused in free text; the event-stream cap holds with a slow async store;
 * session-token base64url is strict; the node adapter trusts X-Forwarded-For only when told; the
 * standalone server enforces header timeouts and a connection cap.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { clientIp, openSqliteStore, toNodeListener, type TransactionStore } from '../../src/proxy/index.js';
import { signHs256, verifyHs256 } from '../../src/proxy/jwt.js';
import { ALICE, WEBHOOK_SECRET, call, eventually, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, type FakeUpstream } from './helpers.js';
import { spawnStandalone } from './standalone.js';

const dir = tempDir();
let upstream: FakeUpstream;
before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  dir.remove();
});

describe('hostile input (issue 13 rule 6)', () => {
  it('takes the client IP from X-Forwarded-For only behind trusted proxies', () => {
    assert.equal(clientIp('1.1.1.1, 10.0.0.2', '10.0.0.9', 0), '10.0.0.9');
    assert.equal(clientIp('6.6.6.6, 1.1.1.1', '10.0.0.9', 1), '1.1.1.1', 'the left entry is the client’s claim');
    assert.equal(clientIp(null, '10.0.0.9', 1), '10.0.0.9');
  });

  it('deeply nested JSON is a 400 on transactions and on the webhook, never a 500', async () => {
    const proxy = await startProxy(join(dir.path, 'deep.db'), { upstreamUrl: upstream.url });
    try {
      for (const depth of [40, 5000, 7000]) {
        const deep = '['.repeat(depth) + ']'.repeat(depth);
        const create = await call(`${proxy.api}/transactions`, {
          raw: JSON.stringify(payoneRequest()).replace('"fields":{', `"fields":{"x":${deep},`),
          key: newKey(),
        });
        assert.equal(create.status, 400, `transactions depth ${depth}: ${JSON.stringify(create.body)}`);
        assert.match(create.body.error.message, /nested/);
        const whole = await call(`${proxy.api}/transactions`, { raw: deep, key: newKey() });
        assert.equal(whole.status, 400);
        const hook = await call(`${proxy.api}/webhooks/mozarto`, {
          user: null,
          raw: `{"transaction_id":"x","extra":${deep}}`,
          headers: { authorization: `Bearer ${WEBHOOK_SECRET}` },
        });
        assert.equal(hook.status, 400, `webhook depth ${depth}`);
      }
      // Brackets inside strings are text, not nesting.
      const text = await call(`${proxy.api}/transactions`, { body: payoneRequest({}, { lastName: '[[[[' }), key: newKey() });
      assert.equal(text.status, 400);
      assert.equal(text.body.error.field, 'lastName', 'refused by the field rule, not the depth check');
    } finally {
      await proxy.close();
    }
  });

  it('refuses a bidi override in the e-mail, naming the field', async () => {
    const proxy = await startProxy(join(dir.path, 'bidi.db'), { upstreamUrl: upstream.url });
    try {
      const before = upstream.calls.length;
      const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({}, { email: 'moc.elpmaxe@\u202eada' }), key: newKey() });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalid_field');
      assert.equal(res.body.error.field, 'email');
      assert.equal(upstream.calls.length, before);
    } finally {
      await proxy.close();
    }
  });

  it('the per-user event-stream cap holds with a slow async store', async () => {
    const inner = openSqliteStore(join(dir.path, 'slow-inner.db'));
    const slow: TransactionStore = new Proxy(inner, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (prop === 'getTransaction') {
          return async (id: string) => {
            await new Promise((r) => setTimeout(r, 150));
            return target.getTransaction(id);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const proxy = await startProxy(join(dir.path, 'slow.db'), { upstreamUrl: upstream.url, store: slow, maxEventStreamsPerUser: 2 });
    const controllers: AbortController[] = [];
    try {
      const created = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.transactionId as string;
      const statuses = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const controller = new AbortController();
          controllers.push(controller);
          const res = await fetch(`${proxy.api}/transactions/${id}/events`, { headers: { 'x-test-user': 'alice' }, signal: controller.signal });
          if (res.status !== 200) await res.text();
          return res.status;
        }),
      );
      assert.equal(statuses.filter((s) => s === 200).length, 2, JSON.stringify(statuses));
      assert.equal(statuses.filter((s) => s === 429).length, 4);
    } finally {
      for (const c of controllers) c.abort();
      await proxy.close();
      inner.close();
    }
  });

  it('session tokens must be canonical base64url', async () => {
    const secret = 'x'.repeat(32);
    const token = await signHs256({ sub: ALICE.id }, secret, { expiresInSeconds: 60 });
    assert.equal((await verifyHs256(token, secret)).ok, true);
    const [h, b, s] = token.split('.') as [string, string, string];
    // 32 bytes in 43 characters leave 2 unused bits in the last one: flipping them decodes alike.
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const strayBits = `${s.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(s.at(-1)!) ^ 1]}`;
    for (const bad of [
      `${h}.${b}.${s}=`,
      `${h}.${b}.${s}!`,
      `${h}.${b}.${s.slice(0, 10)}*${s.slice(10)}`,
      `${h}=.${b}.${s}`,
      `${h}.${b}\n.${s}`,
      `${h}.${b}.${strayBits}`,
    ]) {
      assert.deepEqual(await verifyHs256(bad, secret), { ok: false, reason: 'malformed' }, bad);
    }
  });

  it('the node adapter ignores X-Forwarded-For unless told how many proxies to trust', async () => {
    const seen: (string | undefined)[] = [];
    const handler = (_: Request, info: { ip?: string }) => {
      seen.push(info.ip);
      return new Response('ok');
    };
    for (const trustedProxies of [undefined, 1]) {
      const server = createServer(toNodeListener(handler, trustedProxies === undefined ? {} : { trustedProxies }));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } });
      await new Promise<void>((r) => server.close(() => r()));
    }
    assert.deepEqual(seen, ['127.0.0.1', '203.0.113.7']);
  });

  it('a path with a dot segment (also %2e) or a backslash is a 400, never routed after normalizing (issue 28)', async () => {
    const proxy = await startProxy(join(dir.path, 'dots.db'), { upstreamUrl: upstream.url });
    const { hostname, port } = new URL(proxy.url);
    try {
      // Sent byte for byte: fetch would resolve the dots before sending.
      const get = (path: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpRequest({ host: hostname, port, path, headers: { 'x-test-user': 'alice' } }, (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      assert.equal((await get('/api/cashier/config')).status, 200);
      for (const path of [
        '/public/%2e%2e/api/cashier/config',
        '/public/%2E%2E/api/cashier/config',
        '/public/.%2e/api/cashier/config',
        '/public/../api/cashier/config',
        '/api/cashier/./config',
        '/api/cashier/%2e/config',
        '/api\\cashier/config',
        '/public/%2e%2e/api/cashier/config?x=1',
      ]) {
        const res = await get(path);
        assert.equal(res.status, 400, `${path}: ${res.body}`);
        assert.match(res.body, /"code":"invalid_request".*dot segment/, path);
      }
      assert.equal((await get('/api/cashier/config?next=/a/../b')).status, 200, 'dots in the query are the query’s');
    } finally {
      await proxy.close();
    }
  });

  it('a Host header that makes no URL is a 400, and the standalone server lives on', async () => {
    const server = await spawnStandalone(upstream.url, { CASHIER_DB: join(dir.path, 'host.db') });
    try {
      const { hostname, port } = new URL(server.url);
      const raw = (head: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => socket.write(head));
          let text = '';
          socket.on('data', (d: Buffer) => (text += d.toString()));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
      // Before the fix the first of these ended the process ("Invalid URL", uncaught).
      for (const host of ['exa mple', '[::1']) {
        const answer = await raw(`GET /api/cashier/config HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        assert.match(answer, /^HTTP\/1\.1 400/, `Host ${JSON.stringify(host)}: ${answer}`);
        assert.match(answer, /"code":"invalid_request"/);
        assert.match(answer, /Host header/);
      }
      assert.equal(server.child.exitCode, null, `the server is still running: ${server.out()}`);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.api}/config`)).status, 200, 'and it still answers the cashier routes');
    } finally {
      await server.stop();
    }
  });

  it('the standalone server closes a client that trickles its headers, and caps connections', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/standalone/server.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SANDBOX: '1',
        PORT: '0',
        CASHIER_DB: join(dir.path, 'server.db'),
        CASHIER_HEADERS_TIMEOUT_MS: '1000',
        CASHIER_REQUEST_TIMEOUT_MS: '2000',
        CASHIER_MAX_CONNECTIONS: '2',
      } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await eventually(() => /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1], 20_000, `the server to listen: ${out}`);
      assert.match(out, /"headersTimeoutMs":1000/);
      assert.match(out, /"maxConnections":2/);
      const { hostname, port } = new URL(url);
      const open = () =>
        new Promise<ReturnType<typeof connect>>((resolve, reject) => {
          const socket = connect(Number(port), hostname, () => resolve(socket));
          socket.once('error', reject);
        });
      // Headers never finished: the server answers 408 or closes the socket on its own.
      const slow = await open();
      slow.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      const closedOrTimedOut = new Promise<string>((resolve) => {
        let text = '';
        slow.on('data', (d: Buffer) => (text += d.toString()));
        slow.on('close', () => resolve(text));
      });
      const second = await open();
      // Two sockets are open: a third connection is closed at once, without an answer.
      const third = await open();
      const thirdResult = await new Promise<string>((resolve) => {
        let text = '';
        third.on('data', (d: Buffer) => (text += d.toString()));
        third.on('close', () => resolve(text));
        third.on('error', () => resolve(text));
        third.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      assert.equal(thirdResult, '', 'over the cap: closed without an answer');
      const text = await closedOrTimedOut;
      assert.ok(text === '' || /^HTTP\/1\.1 408/.test(text), text);
      second.destroy();
    } finally {
      // An exit that already happened (a start-up failure) must not leave the test waiting.
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
