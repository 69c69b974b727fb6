/**
 * dist/openapi.json (written by `npm run build`, src/proxy/openapi.ts, ADR 0016) against a maintained
 * OpenAPI parser and against the real thing: the built standalone server (`dist/proxy/server.js`,
 * SANDBOX=1, its SQLite store) driven over HTTP through every route, success and error answers,
 * the event stream frame by frame. Each answer must be one the document declares for that
 * operation: its status, its media type, its body (ajv, JSON Schema 2020-12, the document's own
 * schemas), every header the document requires, and no header the document does not name.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, compileErrors } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { signHs256 } from '../../src/proxy/jwt.js';
import { DEFAULT_SESSION_AUDIENCE } from '../../src/proxy/session.js';
import { ROOT, freePort, tempDir } from './support.js';

const DOC_PATH = join(ROOT, 'dist/openapi.json');
const SESSION_SECRET = 'openapi-test-session-secret-0123456789abcdef';
const SESSION_ISSUER = 'https://shop.openapi.test';
const WEBHOOK_SECRET = 'openapi-test-webhook-secret';
const SHOP = 'https://shop.example';

type Json = Record<string, any>;
let doc: Json;
let ajv: InstanceType<typeof Ajv2020>;
let server: ChildProcess;
let out = '';
let api: string;
let origin: string;
const dir = tempDir('cashier-openapi-');
/** `METHOD path status` of every answer checked, for the coverage check at the end. */
const seen = new Set<string>();

/** The document's `#/components/schemas/X` as `doc#/$defs/X`, so that ajv compiles any part of it. */
function rebased(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebased);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', 'doc#/$defs/') : rebased(v)]),
    );
  }
  return value;
}

const resolve = (node: Json): Json =>
  node.$ref
    ? resolve(
        node.$ref
          .slice(2)
          .split('/')
          .reduce((n: Json, k: string) => n[k.replace(/~1/g, '/')], doc),
      )
    : node;

function check(schema: unknown, value: unknown, what: string): void {
  const fn = ajv.compile(rebased(schema) as object);
  assert.ok(fn(value), `${what}: ${ajv.errorsText(fn.errors, { separator: '\n  ' })}\n  value: ${JSON.stringify(value).slice(0, 600)}`);
}

/** Headers any HTTP/1.1 answer has, which an API description does not list. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-type']);

/** Checks one real answer against the operation `method path` of the document; returns the body read. */
async function conforms(method: string, path: string, res: Response): Promise<any> {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(operation, `the document has ${method} ${path}`);
  const declared = operation.responses[String(res.status)];
  const text = method === 'HEAD' ? '' : await res.text();
  assert.ok(declared, `${method} ${path} answered ${res.status}, which the document does not declare: ${text.slice(0, 300)}`);
  seen.add(`${method} ${path} ${res.status}`);
  const response = resolve(declared);
  const where = `${method} ${path} ${res.status}`;

  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, h]) => [name.toLowerCase(), resolve(h as Json)]));
  for (const [name, h] of Object.entries(headers)) {
    const value = res.headers.get(name);
    if (h.required) assert.ok(value !== null, `${where}: header ${name} is required`);
    if (value !== null) check(h.schema, value, `${where}: header ${name}`);
  }
  for (const name of res.headers.keys()) assert.ok(TRANSPORT.has(name) || name in headers, `${where}: header ${name} is not in the document`);

  if (!response.content) {
    assert.equal(text, '', `${where}: no body declared`);
    return undefined;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const media = response.content[type];
  assert.ok(media, `${where}: ${type} is not among ${Object.keys(response.content).join(', ')}`);
  if (method === 'HEAD') return undefined;
  if (type === 'application/json') {
    const body = JSON.parse(text);
    check(media.schema, body, `${where}: body`);
    return body;
  }
  if (type === 'text/event-stream') {
    const frames = parseFrames(text);
    for (const frame of frames) check(media['x-frame-schema'], frame, `${where}: frame`);
    return frames;
  }
  check(media.schema, text, `${where}: body`);
  return text;
}

/** SSE frames as the document describes them: fields by name, `data` read as JSON, a comment as `comment`. */
function parseFrames(text: string): Json[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const frame: Json = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        else {
          const colon = line.indexOf(':');
          const [name, value] = colon < 0 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
          frame[name] = name === 'data' ? JSON.parse(value) : value;
        }
      }
      return frame;
    });
}

const token = (sub: string) =>
  signHs256({ sub, iss: SESSION_ISSUER, aud: DEFAULT_SESSION_AUDIENCE, email: `${sub}@example.com`, exp: Math.floor(Date.now() / 1000) + 600 }, SESSION_SECRET);

interface Call {
  readonly method?: string;
  readonly user?: string | null;
  readonly origin?: string | null;
  readonly key?: string;
  readonly body?: unknown;
  readonly raw?: string;
  readonly type?: string;
  readonly headers?: Record<string, string>;
}

async function call(path: string, c: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.user !== null) headers.authorization = `Bearer ${await token(c.user ?? 'ada')}`;
  if (c.origin !== null) headers.origin = c.origin ?? SHOP;
  if (c.key) headers['idempotency-key'] = c.key;
  const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  if (body !== undefined) headers['content-type'] = c.type ?? 'application/json';
  return fetch(`${api}${path}`, { method: c.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
}

const payin = (over: Json = {}) => ({
  pspType: 'PAYONE',
  type: 'payin',
  amount: '10.00',
  currency: 'EUR',
  fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234 5678' },
  ...over,
});
let keys = 0;
const key = () => `openapi-${process.pid}-${++keys}`;

before(async () => {
  assert.ok(existsSync(DOC_PATH), 'run `npm run build` first: dist/openapi.json is missing');
  doc = JSON.parse(readFileSync(DOC_PATH, 'utf8')) as Json;
  ajv = new Ajv2020({ allErrors: true, strict: true });
  // The document's own keywords on the error codes (x-status, x-retryable, x-client-only).
  ajv.addVocabulary(['x-status', 'x-retryable', 'x-client-only']);
  ajv.addSchema(rebased({ $id: 'doc', $defs: doc.components.schemas }) as object);

  const port = await freePort();
  server = spawn(process.execPath, [join(ROOT, 'dist/proxy/server.js')], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SANDBOX: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      CASHIER_DB: join(dir.path, 'proxy.db'),
      CASHIER_SESSION_SECRET: SESSION_SECRET,
      CASHIER_SESSION_ISSUER: SESSION_ISSUER,
      MOZARTO_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CASHIER_ALLOWED_ORIGINS: SHOP,
      CASHIER_RATE_LIMIT_PER_USER: '6',
      CASHIER_LOG_LEVEL: 'error',
      CASHIER_DRAIN_DELAY_MS: '0', // no balancer to tell: stop at once
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  origin = `http://127.0.0.1:${port}`;
  api = `${origin}/api/cashier`;
  for (let i = 0; ; i++) {
    assert.ok(server.exitCode === null, `the server exited: ${out}`);
    assert.ok(i < 300, `the server never answered: ${out}`);
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
});

after(async () => {
  if (server && server.exitCode === null) {
    const gone = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await gone;
  }
  dir.remove();
});

describe('dist/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(doc) as never);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.deepEqual(result.warnings, []);
    assert.equal(doc.openapi.slice(0, 4), '3.1.');
    assert.equal(doc.info.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('lists every error code with its status and default retryable, and the package exports it', async () => {
    const { ERROR_CODES } = await import('../../src/core/contract.js');
    const { ERROR_TABLE } = await import('../../src/proxy/http/errors.js');
    const listed = doc.components.schemas.ErrorCode.oneOf as { const: string; 'x-status': number; 'x-retryable': boolean }[];
    assert.deepEqual(
      listed.map((c) => c.const),
      [...ERROR_CODES],
    );
    for (const c of listed) {
      const info = ERROR_TABLE[c.const as keyof typeof ERROR_TABLE];
      assert.deepEqual([c['x-status'], c['x-retryable']], [info.status, info.retryable], c.const);
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.exports['./openapi.json'], './dist/openapi.json');
  });

  it('names exactly the webhook keys the proxy reads', async () => {
    const { readWebhook } = await import('../../src/proxy/mozarto/mozarto-webhook.js');
    const keys = Object.keys(doc.components.schemas.MozartoWebhook.properties);
    const read = readWebhook(Object.fromEntries(keys.map((k) => [k, 'x1'])) as Record<string, unknown>);
    assert.deepEqual(
      Object.entries(read).filter(([, v]) => v === null),
      [],
      'a documented key the proxy does not read',
    );
    assert.equal(keys.length, Object.keys(read).length, 'a key the proxy reads that the document does not name');
  });
});

describe('the standalone server answers as dist/openapi.json says', () => {
  it('GET /healthz', async () => {
    assert.equal(await conforms('GET', '/healthz', await fetch(`${origin}/healthz`)), 'ok\n');
  });

  it('GET /config: 200 (HEAD alike) with CORS for a listed origin, 403 for another, 405 for another method', async () => {
    const config = await conforms('GET', '/config', await call('/config', { user: null }));
    assert.ok(config.methods.payin.length > 0);
    await conforms('GET', '/config', await call('/config', { user: null, origin: null }));
    const head = await call('/config', { user: null, method: 'HEAD' });
    assert.equal(head.status, 200);
    const forbidden = await conforms('GET', '/config', await call('/config', { origin: 'https://evil.example' }));
    assert.equal(forbidden.error.code, 'forbidden_origin');
    const wrong = await call('/config', { method: 'DELETE' });
    assert.equal((await conforms('GET', '/config', wrong)).error.code, 'invalid_request');
    assert.equal(wrong.headers.get('allow'), 'GET');
  });

  it('OPTIONS (CORS preflight) on every browser route: 204 for a listed origin, 403 for another', async () => {
    const tx = (await (await call('/transactions', { body: payin(), key: key() })).json()) as Json;
    for (const [path, real] of [
      ['/config', '/config'],
      ['/transactions', '/transactions'],
      ['/transactions/{id}', `/transactions/${tx.transactionId}`],
      ['/transactions/{id}/events', `/transactions/${tx.transactionId}/events`],
    ]) {
      const res = await call(real!, { method: 'OPTIONS', user: null, headers: { 'access-control-request-method': 'GET' } });
      assert.equal(res.status, 204);
      await conforms('OPTIONS', path!, res);
      await conforms('OPTIONS', path!, await call(real!, { method: 'OPTIONS', user: null, origin: 'https://evil.example' }));
    }
  });

  it('POST /transactions: 201 redirect, sync and await, a replay, and 202 unknown', async () => {
    const k = key();
    const created = await conforms('POST', '/transactions', await call('/transactions', { body: payin(), key: k }));
    assert.equal(created.outcome, 'redirect');
    const replay = await call('/transactions', { body: payin(), key: k });
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await conforms('POST', '/transactions', replay), created);
    const voucher = {
      pspType: 'FLEXEPIN',
      type: 'payin',
      amount: '10.00',
      currency: 'EUR',
      fields: { voucherPin: '1234 5678 9012 3456', email: 'ana@example.com' },
    };
    assert.equal((await conforms('POST', '/transactions', await call('/transactions', { body: voucher, key: key() }))).outcome, 'sync');
    assert.equal((await conforms('POST', '/transactions', await call('/transactions', { body: payin({ type: 'payout' }), key: key() }))).outcome, 'await');
    const unknown = await call('/transactions', { body: payin({ amount: '5.98' }), key: key(), user: 'bea' });
    assert.equal(unknown.status, 202);
    assert.equal((await conforms('POST', '/transactions', unknown)).status, 'unknown');
  });

  it('POST /transactions: every refusal a client can cause', async () => {
    const cases: [Call, number, string][] = [
      [{ body: payin(), key: key(), user: null }, 401, 'unauthorized'],
      [{ body: payin(), key: key(), origin: 'https://evil.example' }, 403, 'forbidden_origin'],
      [{ raw: JSON.stringify(payin()), type: 'text/plain', key: key() }, 415, 'invalid_request'],
      [{ body: payin() }, 400, 'invalid_request'],
      [{ body: payin(), key: 'not a key!' }, 400, 'invalid_request'],
      [{ raw: '{"pspType":', key: key() }, 400, 'invalid_request'],
      [{ raw: `${'['.repeat(40)}${']'.repeat(40)}`, key: key() }, 400, 'invalid_request'],
      [{ body: payin({ extra: 1 }), key: key() }, 400, 'invalid_request'],
      [{ body: payin({ fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'x@', phone: '+49 151 1234 5678' } }), key: key() }, 400, 'invalid_field'],
      [{ body: payin({ amount: '0.01' }), key: key() }, 400, 'invalid_field'],
      [{ body: payin({ pspType: 'NOPE' }), key: key() }, 400, 'unsupported_method'],
      [{ raw: JSON.stringify(payin({ fields: { note: 'x'.repeat(20_000) } })), key: key() }, 413, 'payload_too_large'],
      [
        {
          body: { pspType: 'FLEXEPIN', type: 'payin', amount: '10.00', currency: 'EUR', fields: { voucherPin: '1234567890120000', email: 'ana@example.com' } },
          key: key(),
        },
        402,
        'declined',
      ],
      [{ body: payin({ amount: '10.97' }), key: key() }, 502, 'psp_unavailable'],
      [{ method: 'PUT', body: payin(), key: key() }, 405, 'invalid_request'],
    ];
    for (const [c, status, code] of cases) {
      const res = await call('/transactions', c);
      const body = await conforms('POST', '/transactions', res);
      assert.deepEqual([res.status, body.error.code], [status, code], JSON.stringify(c).slice(0, 200));
    }
    // Same key, another body.
    const k = key();
    await call('/transactions', { body: payin(), key: k, user: 'cy' });
    const conflict = await conforms('POST', '/transactions', await call('/transactions', { body: payin({ amount: '11.00' }), key: k, user: 'cy' }));
    assert.equal(conflict.error.code, 'idempotency_conflict');
  });

  it('POST /transactions: 429 rate_limited with Retry-After', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 8; i++) {
      res = await call('/transactions', { body: payin(), key: key(), user: 'dee' });
      if (res.status === 429) break;
      await res.body?.cancel();
    }
    assert.equal(res!.status, 429);
    assert.equal((await conforms('POST', '/transactions', res!)).error.code, 'rate_limited');
  });

  it('GET /transactions: pages with nextCursor; 400 for a bad limit or cursor; 401 without a session', async () => {
    for (let i = 0; i < 2; i++) await (await call('/transactions', { body: payin(), key: key(), user: 'eve' })).body?.cancel();
    const first = await conforms('GET', '/transactions', await call('/transactions?limit=1', { user: 'eve' }));
    assert.equal(first.transactions.length, 1);
    assert.ok(first.nextCursor);
    const second = await conforms('GET', '/transactions', await call(`/transactions?limit=1&cursor=${first.nextCursor}`, { user: 'eve' }));
    assert.notEqual(second.transactions[0].transactionId, first.transactions[0].transactionId);
    for (const q of ['limit=0', 'limit=101', 'cursor=nope!']) {
      assert.equal((await conforms('GET', '/transactions', await call(`/transactions?${q}`, { user: 'eve' }))).error.code, 'invalid_request');
    }
    assert.equal((await conforms('GET', '/transactions', await call('/transactions', { user: null }))).error.code, 'unauthorized');
  });

  it("GET /transactions/{id}: 200 for the owner, 404 for another user's or an unknown id, 401 without a session", async () => {
    const tx = (await (await call('/transactions', { body: payin(), key: key(), user: 'fay' })).json()) as Json;
    const status = await conforms('GET', '/transactions/{id}', await call(`/transactions/${tx.transactionId}`, { user: 'fay' }));
    assert.equal(status.transactionId, tx.transactionId);
    assert.equal((await conforms('GET', '/transactions/{id}', await call(`/transactions/${tx.transactionId}`, { user: 'gus' }))).error.code, 'not_found');
    assert.equal(
      (await conforms('GET', '/transactions/{id}', await call('/transactions/tx_000000000000000000000000', { user: 'fay' }))).error.code,
      'not_found',
    );
    assert.equal((await conforms('GET', '/transactions/{id}', await call(`/transactions/${tx.transactionId}`, { user: null }))).error.code, 'unauthorized');
    const wrong = await call(`/transactions/${tx.transactionId}`, { method: 'POST', body: {}, user: 'fay' });
    assert.equal((await conforms('GET', '/transactions/{id}', wrong)).error.code, 'invalid_request');
  });

  it('GET /transactions/{id}/events: status frames (and pings) until a final status, then the stream closes', async () => {
    const tx = (await (await call('/transactions', { body: payin({ type: 'payout' }), key: key(), user: 'hal' })).json()) as Json;
    // The sandbox settles a pay-out by webhook after 1.5 s; the stream ends by itself after it.
    const frames = (await conforms('GET', '/transactions/{id}/events', await call(`/transactions/${tx.transactionId}/events`, { user: 'hal' }))) as Json[];
    const statuses = frames.filter((f) => f.event === 'status').map((f) => f.data.status);
    assert.equal(statuses[0], 'pending');
    assert.equal(statuses.at(-1), 'approved');
    for (const [user, id, code] of [
      [null, tx.transactionId, 'unauthorized'],
      ['ida', tx.transactionId, 'not_found'],
      ['hal', 'tx_000000000000000000000000', 'not_found'],
    ]) {
      assert.equal((await conforms('GET', '/transactions/{id}/events', await call(`/transactions/${id}/events`, { user }))).error.code, code);
    }
  });

  it('GET /transactions/{id}/events: 429 with Retry-After past the streams a player may hold', async () => {
    const tx = (await (await call('/transactions', { body: payin({ type: 'payout', amount: '10.17' }), key: key(), user: 'jo' })).json()) as Json;
    const open: AbortController[] = [];
    let refused: Response | undefined;
    try {
      for (let i = 0; i < 20 && !refused; i++) {
        const abort = new AbortController();
        const headers = { authorization: `Bearer ${await token('jo')}`, origin: SHOP };
        const res = await fetch(`${api}/transactions/${tx.transactionId}/events`, { headers, signal: abort.signal });
        if (res.status === 429) refused = res;
        else open.push(abort);
      }
      assert.ok(refused, 'a 429 came');
      assert.equal((await conforms('GET', '/transactions/{id}/events', refused)).error.code, 'rate_limited');
    } finally {
      for (const a of open) a.abort();
    }
  });

  it('POST /webhooks/mozarto: 200 taken (also for an unknown transaction); 401, 415, 400, 413 and 405 refused', async () => {
    const auth = { authorization: `Bearer ${WEBHOOK_SECRET}` };
    const tx = (await (await call('/transactions', { body: payin(), key: key(), user: 'kim' })).json()) as Json;
    const event = {
      transaction_id: 'mz-unknown',
      user_id: 'kim',
      status: 'success',
      transaction_status: 'Approved',
      amount: '10.00',
      currency: 'EUR',
      merchantReference: tx.transactionId,
    };
    const webhook = (c: Call) => call('/webhooks/mozarto', { user: null, origin: null, ...c });
    assert.deepEqual(await conforms('POST', '/webhooks/mozarto', await webhook({ body: event, headers: auth })), { received: true });
    assert.deepEqual(await conforms('POST', '/webhooks/mozarto', await webhook({ body: { ...event, merchantReference: 'elsewhere' }, headers: auth })), {
      received: true,
    });
    const cases: [Call, number][] = [
      [{ body: event }, 401],
      [{ body: event, headers: { authorization: 'Bearer wrong-secret-wrong-secret' } }, 401],
      [{ raw: JSON.stringify(event), type: 'text/plain', headers: auth }, 415],
      [{ raw: '[1,2]', headers: auth }, 400],
      [{ raw: '{"transaction_id":', headers: auth }, 400],
      [{ raw: JSON.stringify({ ...event, message: 'x'.repeat(70_000) }), headers: auth }, 413],
      [{ method: 'GET', headers: auth }, 405],
    ];
    for (const [c, status] of cases) {
      const res = await webhook(c);
      assert.equal(res.status, status, JSON.stringify(c).slice(0, 200));
      await conforms('POST', '/webhooks/mozarto', res);
    }
  });

  it('a path that is no route is a 404 not_found in the contract’s error shape', async () => {
    const res = await call('/nope');
    assert.equal(res.status, 404);
    check({ $ref: '#/components/schemas/ErrorResponse' }, await res.json(), 'GET /nope');
  });

  it('every operation of the document was answered, with its success status', () => {
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const method of Object.keys(item).filter((m) => ['get', 'post', 'options'].includes(m))) {
        const success = Object.keys(item[method].responses).find((s) => s.startsWith('2'))!;
        assert.ok(seen.has(`${method.toUpperCase()} ${path} ${success}`), `${method.toUpperCase()} ${path} ${success} was not exercised`);
      }
    }
    const statuses = new Set([...seen].map((s) => s.split(' ')[2]));
    for (const s of ['200', '201', '202', '204', '400', '401', '402', '403', '404', '405', '409', '413', '415', '429', '502'])
      assert.ok(statuses.has(s), `status ${s}`);
  });
});
