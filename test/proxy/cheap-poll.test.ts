/**
 * Issue 17, "cheap per payment", the status poll's side (ADR 0012): what was cut from every poll
 * must not have cut a check. A session token is verified once and then remembered until it
 * expires, never past it and never for different bytes; the JSON lines are written a batch at a
 * time, in order, with a warning never ahead of what led to it; only an event stream gets a
 * signal tied to the client's connection.
 */
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { consoleLogger, sessionUser, signHs256, toNodeListener } from '../../src/proxy/index.js';
import { requestIdFrom } from '../../src/proxy/ids.js';
import { VerifiedTokens } from '../../src/proxy/verified-tokens.js';

const SECRET = 'cheap-poll-session-secret-0123456789-012345';
const ISSUER = 'https://shop.example';

describe('verified session tokens', () => {
  it('keep a value until its exp, and no longer', () => {
    const tokens = new VerifiedTokens<string>();
    tokens.set('a.b.c', 1000, 'alice');
    assert.equal(tokens.get('a.b.c', 999), 'alice');
    assert.equal(tokens.get('a.b.c', 1000), undefined, 'at exp the entry is gone');
    assert.equal(tokens.size, 0);
    assert.equal(tokens.get('a.b.x', 10), undefined);
  });

  it('are bounded: the oldest go first, and very long tokens are not kept', () => {
    const tokens = new VerifiedTokens<number>(3);
    for (let i = 0; i < 5; i++) tokens.set(`t${i}`, 10_000, i);
    assert.equal(tokens.size, 3);
    assert.equal(tokens.get('t0', 0), undefined);
    assert.equal(tokens.get('t4', 0), 4);
    tokens.set('x'.repeat(4000), 10_000, 9);
    assert.equal(tokens.get('x'.repeat(4000), 0), undefined);
  });

  it('sessionUser answers a known token from memory, but never past its exp', async () => {
    let now = new Date('2026-12-02T10:00:00Z');
    const getUser = sessionUser({ secret: SECRET, issuer: ISSUER, now: () => now });
    const token = await signHs256({ sub: 'p-1', iss: ISSUER, aud: 'mozarto-cashier', email: 'p@example.com' }, SECRET, { now, expiresInSeconds: 600 });
    const request = () => new Request('http://x/api/cashier/config', { headers: { authorization: `Bearer ${token}` } });
    const first = await getUser(request());
    assert.deepEqual(first, { id: 'p-1', email: 'p@example.com' });
    first!.id = 'mallory';
    assert.deepEqual(await getUser(request()), { id: 'p-1', email: 'p@example.com' }, 'each caller gets its own copy');
    now = new Date(now.getTime() + 599_000);
    assert.equal((await getUser(request()))?.id, 'p-1');
    // At exp the memory lets go; a fresh check still grants its 30 s of clock leeway, then refuses.
    now = new Date(now.getTime() + 1_000 + 29_000);
    assert.equal((await getUser(request()))?.id, 'p-1');
    now = new Date(now.getTime() + 2_000);
    assert.equal(await getUser(request()), null, 'a remembered token is not served past its exp and leeway');
  });

  it('sessionUser never lets a different token ride on a remembered one', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const rejected: string[] = [];
    const getUser = sessionUser({ secret: SECRET, issuer: ISSUER, now: () => now, onRejected: (reason) => rejected.push(reason) });
    const token = await signHs256({ sub: 'p-1', iss: ISSUER, aud: 'mozarto-cashier' }, SECRET, { now, expiresInSeconds: 600 });
    assert.equal((await getUser(new Request('http://x/', { headers: { authorization: `Bearer ${token}` } })))?.id, 'p-1');
    const [h, , s] = token.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'p-2', exp: Math.floor(now.getTime() / 1000) + 600 })).toString('base64url')}.${s}`;
    assert.equal(await getUser(new Request('http://x/', { headers: { authorization: `Bearer ${forged}` } })), null);
    assert.deepEqual(rejected, ['signature']);
    // A refusal is not remembered either: the same forged bytes are checked, and refused, again.
    assert.equal(await getUser(new Request('http://x/', { headers: { authorization: `Bearer ${forged}` } })), null);
    assert.deepEqual(rejected, ['signature', 'signature']);
  });
});

describe('the console logger', () => {
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    mock.method(console, 'log', (line: string) => out.push(line));
    mock.method(console, 'error', (line: string) => err.push(line));
  });
  afterEach(() => mock.restoreAll());
  const entry = (level: 'debug' | 'info' | 'warn' | 'error', msg: string) => ({ level, msg, time: '2026-12-02T10:00:00.000Z' });

  it('writes info lines a batch per timer turn, in order', async () => {
    const logger = consoleLogger();
    logger.log(entry('info', 'one'));
    logger.log(entry('info', 'two'));
    logger.log(entry('debug', 'not at info'));
    assert.equal(out.length, 0, 'held until the timer turns');
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(out.length, 1, 'one write for the batch');
    assert.deepEqual(
      out[0]!.split('\n').map((l) => (JSON.parse(l) as { msg: string }).msg),
      ['one', 'two'],
    );
  });

  it('writes what it holds before a warning or an error, and on flush()', () => {
    const logger = consoleLogger();
    logger.log(entry('info', 'before'));
    logger.log(entry('warn', 'careful'));
    assert.deepEqual(
      out.map((l) => (JSON.parse(l) as { msg: string }).msg),
      ['before'],
      'the lead-up is out before the warning',
    );
    assert.deepEqual(
      err.map((l) => (JSON.parse(l) as { msg: string }).msg),
      ['careful'],
    );
    logger.log(entry('info', 'last words'));
    logger.flush();
    assert.equal(out.length, 2);
    assert.match(out[1]!, /last words/);
  });
});

describe('the Node adapter', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r())));

  it('ties only an event stream to the client: it aborts when the client leaves', async () => {
    const signals: (AbortSignal | null)[] = [];
    let aborted!: () => void;
    const gone = new Promise<void>((r) => (aborted = r));
    server = createServer(
      toNodeListener((request) => {
        signals.push(request.signal);
        if (!(request.headers.get('accept') ?? '').includes('text/event-stream'))
          return new Response('{}', { headers: { 'content-type': 'application/json' } });
        request.signal.addEventListener('abort', () => aborted());
        return new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode(': hi\n\n')) }), {
          headers: { 'content-type': 'text/event-stream' },
        });
      }),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    assert.equal(await (await fetch(url)).text(), '{}');
    const controller = new AbortController();
    const stream = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    const reader = stream.body!.getReader();
    await reader.read();
    controller.abort();
    await gone;
    assert.equal(signals.length, 2);
    assert.equal(signals[1]!.aborted, true);
  });
});

describe('request ids', () => {
  it('are 16 hex characters after req_, unique, and a well-formed caller id is kept', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => requestIdFrom(null)));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, /^req_[0-9a-f]{16}$/);
    assert.equal(requestIdFrom('gateway-1234.abcd'), 'gateway-1234.abcd');
    assert.match(requestIdFrom('bad id!'), /^req_[0-9a-f]{16}$/);
  });
});
