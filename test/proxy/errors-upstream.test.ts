/**
 * Mozarto's three error shapes, its HTTP statuses and every documented `errorCode`
 * (docs/mozarto-api.md §5) as they reach the widget through a running proxy over HTTP. The sandbox
 * cannot produce most of these (403, a 504 with an HTML body, each errorCode), so a tiny real
 * HTTP server answers canned Mozarto-shaped responses.
 *
 * Each case checks the widget-facing answer: the stable code, `retryable`, a body that matches the
 * contract's ErrorResponse, a safe message (none of Mozarto's own text), and the stored
 * transaction left `failed` (or `declined`) — never pending forever. An answer that does not prove
 * that nothing was created (issue 13 rule 2: 5xx, 504, an unreadable success, PSP_TIMEOUT,
 * UNKNOWN_PSP_ERROR, our timeout) is instead `202 { status: 'unknown' }`, the transaction waits in
 * `unknown`, and a retry with the same Idempotency-Key replays that without calling Mozarto.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ErrorResponse } from '../../src/core/contract.js';
import { call, newKey, payoneRequest, startProxy, tempDir, type StartedProxy } from './helpers.js';

/** Text that must never reach the browser: it stands for Mozarto internals in its messages. */
const INTERNAL = 'INTERNAL-DETAIL-db-prod-7';

interface Canned {
  status: number;
  body: string;
  contentType?: string;
  delayMs?: number;
}

const err = (message: string, extra: Record<string, unknown> = {}) => JSON.stringify({ status: 'error', message, isSuccess: false, ...extra });
const coded = (errorCode: string) => err(`${INTERNAL} psp said no`, { errorCode, transactionId: '64a1f2b3c4d5e6f7a8b9c0d1', errors: [] });

const CASES: { name: string; reply: Canned; code: string; http: number; retryable: boolean; unknown?: true }[] = [
  // Shape 1: errors[] (§5 "Error body").
  {
    name: '400 Validation failed, errors[]',
    reply: { status: 400, body: err('Validation failed', { errors: [`email must be a valid email ${INTERNAL}`] }) },
    code: 'upstream_rejected',
    http: 502,
    retryable: false,
  },
  {
    name: '400 Missing required field',
    reply: { status: 400, body: err(`Missing required field: pspType ${INTERNAL}`, { errors: [] }) },
    code: 'upstream_rejected',
    http: 502,
    retryable: false,
  },
  {
    name: '400 Rules action is not matched',
    reply: { status: 400, body: err('Rules action is not matched', { errors: [] }) },
    code: 'rules_not_matched',
    http: 502,
    retryable: false,
  },
  {
    name: '401 Unauthorized',
    reply: { status: 401, body: err(`Unauthorized ${INTERNAL}`, { errors: [] }) },
    code: 'upstream_unauthorized',
    http: 502,
    retryable: false,
  },
  {
    name: '403 Forbidden (password expired)',
    reply: { status: 403, body: err(`Forbidden ${INTERNAL}`, { errors: [] }) },
    code: 'upstream_unauthorized',
    http: 502,
    retryable: false,
  },
  // Shape 2: data string.
  {
    name: '400 PSP Configuration not found (data string)',
    reply: { status: 400, body: err('Something went wrong', { data: 'PSP Configuration not found. Please check you psp Configuration' }) },
    code: 'psp_not_configured',
    http: 502,
    retryable: false,
  },
  {
    name: '500 Internal server error (data string)',
    reply: { status: 500, body: err(`Internal server error ${INTERNAL}`, { data: 'Something went wrong' }) },
    code: 'upstream_error',
    http: 502,
    retryable: true,
    unknown: true,
  },
  // Not JSON at all.
  {
    name: '504 with an HTML body (gateway timeout)',
    reply: { status: 504, body: `<html><body><h1>504 Gateway Time-out</h1>${INTERNAL}</body></html>`, contentType: 'text/html' },
    code: 'upstream_timeout',
    http: 504,
    retryable: true,
    unknown: true,
  },
  {
    name: '502 with an HTML body',
    reply: { status: 502, body: `<html>Bad gateway ${INTERNAL}</html>`, contentType: 'text/html' },
    code: 'upstream_error',
    http: 502,
    retryable: true,
    unknown: true,
  },
  {
    name: '200 that is not JSON',
    reply: { status: 200, body: `<html>${INTERNAL}</html>`, contentType: 'text/html' },
    code: 'upstream_error',
    http: 502,
    retryable: true,
    unknown: true,
  },
  // Shape 3: errorCode (§5 "Normalized PSP transport errors").
  {
    name: 'errorCode INVALID_PSP_CREDENTIALS (HTTP 400)',
    reply: { status: 400, body: coded('INVALID_PSP_CREDENTIALS') },
    code: 'psp_credentials',
    http: 502,
    retryable: false,
  },
  { name: 'errorCode PSP_TIMEOUT', reply: { status: 400, body: coded('PSP_TIMEOUT') }, code: 'psp_timeout', http: 502, retryable: true, unknown: true },
  { name: 'errorCode PSP_UNAVAILABLE', reply: { status: 400, body: coded('PSP_UNAVAILABLE') }, code: 'psp_unavailable', http: 502, retryable: true },
  { name: 'errorCode PSP_RATE_LIMITED', reply: { status: 400, body: coded('PSP_RATE_LIMITED') }, code: 'psp_rate_limited', http: 502, retryable: true },
  {
    name: 'errorCode UNKNOWN_PSP_ERROR (HTTP 500)',
    reply: { status: 500, body: coded('UNKNOWN_PSP_ERROR') },
    code: 'psp_error',
    http: 502,
    retryable: false,
    unknown: true,
  },
  {
    name: 'errorCode UNKNOWN_PSP_ERROR in a 200 (Brite business rejection)',
    reply: { status: 200, body: coded('UNKNOWN_PSP_ERROR') },
    code: 'psp_error',
    http: 502,
    retryable: false,
  },
  { name: 'an errorCode not in the docs', reply: { status: 400, body: coded('SOMETHING_NEW') }, code: 'psp_error', http: 502, retryable: false },
  // Transport.
  {
    name: 'no answer within upstreamTimeoutMs',
    reply: { status: 200, body: '{}', delayMs: 2000 },
    code: 'upstream_timeout',
    http: 504,
    retryable: true,
    unknown: true,
  },
];

let canned: Canned = { status: 200, body: '{}' };
let upstreamCalls = 0;
let server: Server;
let upstreamUrl: string;
const dir = tempDir();
let proxy: StartedProxy;

before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      upstreamCalls += 1;
      const { status, body, contentType, delayMs } = canned;
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': contentType ?? 'application/json' });
        res.end(body);
      };
      if (delayMs) setTimeout(send, delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy = await startProxy(join(dir.path, 'errors.db'), { upstreamUrl, upstreamTimeoutMs: 300, rateLimit: false });
});

after(async () => {
  await proxy?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  dir.remove();
});

describe('Mozarto errors reach the widget as stable codes', () => {
  for (const c of CASES.filter((c) => c.unknown)) {
    it(`${c.name} → 202 unknown (was ${c.code}); the same key never calls Mozarto again`, async () => {
      canned = c.reply;
      const before = upstreamCalls;
      const key = newKey();
      const res = await call(`${proxy.api}/transactions`, { body: payoneRequest(), key });
      assert.equal(upstreamCalls, before + 1, 'exactly one upstream call');
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.status, 'unknown');
      assert.equal(res.body.outcome, 'await');
      assert.doesNotMatch(JSON.stringify(res.body), new RegExp(INTERNAL), 'Mozarto text never reaches the browser');
      const stored = await proxy.store.getTransaction(res.body.transactionId);
      assert.equal(stored?.status, 'unknown');
      assert.equal(stored?.errorCode, c.code, 'the class is kept for the operator');
      canned = {
        status: 200,
        body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'second', redirect_url: 'https://hpp.example/x' } }),
      };
      const retry = await call(`${proxy.api}/transactions`, { body: payoneRequest(), key });
      assert.equal(upstreamCalls, before + 1, 'the retry with the same key made no upstream call');
      assert.equal(retry.status, 202);
      assert.equal(retry.body.transactionId, res.body.transactionId);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    });
  }

  for (const c of CASES.filter((c) => !c.unknown)) {
    it(`${c.name} → ${c.http} ${c.code}, retryable ${c.retryable}`, async () => {
      canned = c.reply;
      const before = upstreamCalls;
      const res = await call(`${proxy.api}/transactions`, { body: payoneRequest(), key: newKey() });
      assert.equal(upstreamCalls, before + 1, 'exactly one upstream call');
      assert.equal(res.status, c.http, JSON.stringify(res.body));
      assert.ok(ErrorResponse.safeParse(res.body).success, JSON.stringify(res.body));
      assert.equal(res.body.error.code, c.code);
      assert.equal(res.body.error.retryable, c.retryable);
      assert.ok(res.body.error.message.length > 0);
      assert.doesNotMatch(JSON.stringify(res.body), new RegExp(INTERNAL), 'Mozarto text never reaches the browser');
      assert.ok(res.headers.get('x-request-id'));
    });
  }

  it('a refused connection (nothing sent) → 502 upstream_error, retryable, and the key is freed', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const p = await startProxy(join(dir.path, 'refused.db'), { upstreamUrl: `http://127.0.0.1:${port}`, rateLimit: false });
    try {
      const key = newKey();
      const res = await call(`${p.api}/transactions`, { body: payoneRequest(), key });
      assert.equal(res.status, 502);
      assert.equal(res.body.error.code, 'upstream_error');
      assert.equal(res.body.error.retryable, true);
      const again = await call(`${p.api}/transactions`, { body: payoneRequest(), key });
      assert.equal(again.headers.get('idempotent-replayed'), null, 'the retry ran again');
    } finally {
      await p.close();
    }
  });

  it('stores the transaction as failed with the code, and the log keeps Mozarto’s reason', async () => {
    canned = { status: 400, body: err('Validation failed', { errors: ['phone must not be empty'] }) };
    const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ amount: '11.00' }), key: newKey() });
    assert.equal(res.body.error.code, 'upstream_rejected');
    const line = proxy.logger.entries.find(
      (e) => e.msg === 'upstream call failed' && e.code === 'upstream_rejected' && String(e.upstreamMessage).includes('phone must not be empty'),
    );
    assert.ok(line, 'the reason is logged for the operator');
    const id = line.transactionId as string;
    const stored = await proxy.store.getTransaction(id);
    assert.equal(stored?.status, 'failed');
    assert.equal(stored?.errorCode, 'upstream_rejected');
  });

  it('a retryable failure lets the same Idempotency-Key run again; a final one is replayed', async () => {
    const key = newKey();
    canned = { status: 400, body: coded('PSP_UNAVAILABLE') };
    const before = upstreamCalls;
    assert.equal((await call(`${proxy.api}/transactions`, { body: payoneRequest(), key })).body.error.code, 'psp_unavailable');
    canned = { status: 400, body: coded('INVALID_PSP_CREDENTIALS') };
    assert.equal((await call(`${proxy.api}/transactions`, { body: payoneRequest(), key })).body.error.code, 'psp_credentials');
    const replay = await call(`${proxy.api}/transactions`, { body: payoneRequest(), key });
    assert.equal(replay.body.error.code, 'psp_credentials');
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(upstreamCalls, before + 2, 'the replay made no upstream call');
  });
});
