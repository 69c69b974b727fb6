/**
 * Fuzzing the proxy's two write routes with fast-check (seeded, bounded): thousands of random and
 * hostile bodies at `POST transactions` and `POST webhooks/mozarto` — wrong types, huge strings,
 * `__proto__`/`constructor` keys, unicode, missing and extra fields, invalid JSON, wrong
 * content types. Never a 5xx, never an invalid body sent upstream (a counting fake Mozarto), never
 * a final status moved, and Object.prototype untouched.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { STATUSES } from '../../src/core/status.js';
import { ErrorResponse } from '../../src/core/contract.js';
import {
  WEBHOOK_SECRET,
  newKey,
  payoneRequest,
  payoneSuccess,
  startFakeUpstream,
  startProxy,
  tempDir,
  type FakeUpstream,
  type StartedProxy,
} from '../proxy/helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy;
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

before(async () => {
  upstream = await startFakeUpstream();
  let n = 0;
  upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: `up-${++n}` }) });
  proxy = await startProxy(join(dir.path, 'fuzz.db'), { upstreamUrl: upstream.url, rateLimit: false, upstreamTimeoutMs: 2000 });
});
after(async () => {
  await proxy?.close();
  await upstream?.close();
  dir.remove();
});

interface Sent {
  status: number;
  text: string;
}

async function post(path: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const response = await proxy.handle(new Request(`http://127.0.0.1${path}`, { method: 'POST', headers, body }), { ip: '127.0.0.1' });
  return { status: response.status, text: await response.text() };
}

function assertCleanRefusal(res: Sent, what: string): void {
  assert.ok(res.status >= 400 && res.status < 500, `${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  let json: unknown;
  assert.doesNotThrow(() => (json = JSON.parse(res.text)), `${what}: error body is not JSON`);
  assert.equal(ErrorResponse.safeParse(json).success, true, `${what}: ${res.text.slice(0, 300)}`);
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'userId', 'userIp', 'kycVerified', 'userBalance', 'blocked', ''];
const weird = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', '"; DROP TABLE tx; --', '\u0000', '\ud800', '‮evil', 'ﷺ'.repeat(50), '😀'.repeat(20), 'javascript:alert(1)'),
  fc.string({ minLength: 300, maxLength: 20_000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), fc.string(), { maxKeys: 3 }),
);

/**
 * A valid request broken in one or more ways; every mutation makes it invalid for sure (the
 * names are checked by NAME_CHARS, so `<`, digits and `@` are never allowed in them).
 */
const brokenRequest = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('wrongTop' as const), key: fc.constantFrom('pspType', 'type', 'amount', 'currency', 'fields'), value: weird }),
        fc.record({ op: fc.constant('dropTop' as const), key: fc.constantFrom('pspType', 'type', 'amount', 'currency', 'fields') }),
        fc.record({ op: fc.constant('extraTop' as const), key: fc.constantFrom(...HOSTILE_KEYS, 'extra'), value: weird }),
        fc.record({ op: fc.constant('extraField' as const), key: fc.constantFrom(...HOSTILE_KEYS, 'iban'), value: weird }),
        fc.record({
          op: fc.constant('badName' as const),
          key: fc.constantFrom('firstName', 'lastName'),
          value: fc.constantFrom('<b>x</b>', 'R2D2', 'a@b', '', '   ', 'x'.repeat(51), 42, null),
        }),
        fc.record({ op: fc.constant('dropField' as const), key: fc.constantFrom('firstName', 'lastName', 'email', 'phone') }),
        fc.record({ op: fc.constant('badEmail' as const), value: fc.constantFrom('no-at-sign', 'a@b', 'a b@c.de', '@x.io', 7) }),
        fc.record({ op: fc.constant('badPhone' as const), value: fc.constantFrom('12345', '+49 abc', '1'.repeat(16), '☎123456', []) }),
        fc.record({ op: fc.constant('badAmount' as const), value: fc.constantFrom('0', '-5', '1.234', '1e3', 'NaN', '', '10,000.00', '99999999999999', 10) }),
        fc.record({ op: fc.constant('badCurrency' as const), value: fc.constantFrom('eur', 'XXX', 'US', '€', 'EURO', '') }),
        fc.record({ op: fc.constant('badPsp' as const), value: fc.constantFrom('payone', 'NOPE', 'PAYONE ', '__proto__', 'constructor') }),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([ops]) => {
    // Built as JSON text so `__proto__` stays an own key, as it arrives off the wire.
    const body = payoneRequest() as Record<string, unknown>;
    const fields = { ...(body.fields as Record<string, unknown>) };
    const top: [string, unknown][] = Object.entries(body).filter(([k]) => k !== 'fields');
    let fieldEntries: [string, unknown][] = Object.entries(fields);
    let fieldsValue: unknown = undefined;
    let dropFields = false;
    for (const op of ops) {
      switch (op.op) {
        case 'wrongTop':
          if (op.key === 'fields') fieldsValue = Array.isArray(op.value) || typeof op.value !== 'object' || op.value === null ? op.value : [op.value];
          else
            top.push([
              op.key,
              typeof op.value === 'string' && op.key !== 'amount' ? 42 : op.value === undefined ? null : typeof op.value === 'string' ? 1 : op.value,
            ]);
          break;
        case 'dropTop':
          if (op.key === 'fields') dropFields = true;
          else top.splice(0, top.length, ...top.filter(([k]) => k !== op.key));
          break;
        case 'extraTop':
          top.push([op.key, op.value]);
          break;
        case 'extraField':
          fieldEntries.push([op.key, op.value]);
          break;
        case 'badName':
          fieldEntries = fieldEntries.filter(([k]) => k !== op.key).concat([[op.key, op.value]]);
          break;
        case 'dropField':
          fieldEntries = fieldEntries.filter(([k]) => k !== op.key);
          break;
        case 'badEmail':
          fieldEntries = fieldEntries.filter(([k]) => k !== 'email').concat([['email', op.value]]);
          break;
        case 'badPhone':
          fieldEntries = fieldEntries.filter(([k]) => k !== 'phone').concat([['phone', op.value]]);
          break;
        case 'badAmount':
          top.push(['amount', op.value]);
          break;
        case 'badCurrency':
          top.push(['currency', op.value]);
          break;
        case 'badPsp':
          top.push(['pspType', op.value]);
          break;
      }
    }
    const obj = (entries: [string, unknown][]) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(',')}}`;
    // later duplicates win in JSON.parse, so a pushed key overrides the valid one
    const parts = top.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`);
    if (!dropFields) parts.push(`"fields":${fieldsValue !== undefined ? JSON.stringify(fieldsValue) : obj(fieldEntries)}`);
    return { text: `{${parts.join(',')}}`, ops };
  });

const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '',
    '{',
    '[]',
    'null',
    '"x"',
    '{"pspType":',
    '{}'.repeat(1000),
    '\u0000\u0001',
    '{"__proto__":{"polluted":1}}',
    '{"constructor":{"prototype":{"polluted":1}}}',
  ),
  fc.anything().map((v) => JSON.stringify(v) ?? 'undefined'),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

describe('fuzz: POST transactions', () => {
  it('a valid request still reaches Mozarto (the fake upstream counts)', async () => {
    const before = upstream.calls.length;
    const res = await post('/api/cashier/transactions', JSON.stringify(payoneRequest()), {
      'content-type': 'application/json',
      'idempotency-key': newKey(),
      'x-test-user': 'alice',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(upstream.calls.length, before + 1);
  });

  it(`refuses ${RUNS} broken requests with a 4xx contract error and no upstream call`, async () => {
    const before = upstream.calls.length;
    await fc.assert(
      fc.asyncProperty(brokenRequest, async ({ text, ops }) => {
        const res = await post('/api/cashier/transactions', text, { 'content-type': 'application/json', 'idempotency-key': newKey(), 'x-test-user': 'alice' });
        assertCleanRefusal(res, JSON.stringify(ops).slice(0, 300));
      }),
      { numRuns: RUNS, seed: 42 },
    );
    assert.equal(upstream.calls.length, before, 'an invalid body reached Mozarto');
  });

  it(`refuses ${RUNS} random bodies, content types and keys — never a 5xx, never upstream`, async () => {
    const before = upstream.calls.length;
    await fc.assert(
      fc.asyncProperty(
        rawBody,
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
          '',
        ),
        fc.oneof(fc.constant(undefined), fc.constantFrom('', ' ', 'a'.repeat(129), 'k\u00e9y', 'k/../1', 'ok-key')),
        fc.constantFrom('alice', 'bob', ''),
        async (body, type, key, user) => {
          const headers: Record<string, string> = {};
          if (type) headers['content-type'] = type;
          headers['idempotency-key'] = key ?? newKey();
          if (user) headers['x-test-user'] = user;
          const res = await post('/api/cashier/transactions', body, headers);
          assertCleanRefusal(res, `${type} ${JSON.stringify(body).slice(0, 200)}`);
        },
      ),
      { numRuns: RUNS, seed: 43 },
    );
    assert.equal(upstream.calls.length, before, 'a random body reached Mozarto');
  });

  it('refuses an oversized body with 413', async () => {
    const huge = JSON.stringify(payoneRequest({}, { firstName: 'A'.repeat(100_000) }));
    const res = await post('/api/cashier/transactions', huge, { 'content-type': 'application/json', 'idempotency-key': newKey(), 'x-test-user': 'alice' });
    assert.equal(res.status, 413, res.text);
  });
});

describe('fuzz: POST webhooks/mozarto', () => {
  it(`${RUNS} hostile webhooks: never a 5xx, never a final status moved, nothing without the secret`, async () => {
    // Two transactions of alice: one approved by a real webhook, one still pending.
    const mk = async () => {
      const res = await post('/api/cashier/transactions', JSON.stringify(payoneRequest({ type: 'payout' })), {
        'content-type': 'application/json',
        'idempotency-key': newKey(),
        'x-test-user': 'alice',
      });
      assert.equal(res.status, 201, res.text);
      const id = (JSON.parse(res.text) as { transactionId: string }).transactionId;
      return (await proxy.store.getTransaction(id))!;
    };
    const approved = await mk();
    const pending = await mk();
    const auth = { authorization: `Bearer ${WEBHOOK_SECRET}`, 'content-type': 'application/json' };
    const ok = await post(
      '/api/cashier/webhooks/mozarto',
      // With the facts a Payone webhook carries (docs/mozarto-api.md §7): without them it is review.
      JSON.stringify({
        transaction_id: approved.upstreamId,
        transaction_status: 'Approved',
        status: 'success',
        merchantReference: approved.id,
        amount: '10.00',
        user_id: 'user-alice',
      }),
      auth,
    );
    assert.ok(ok.status < 300, ok.text);
    assert.equal((await proxy.store.getTransaction(approved.id))!.status, 'approved');

    const ids = fc.constantFrom(approved.upstreamId, pending.upstreamId, approved.id, pending.id, 'unknown', '', '__proto__');
    const payload = fc.oneof(
      fc
        .record(
          {
            transaction_id: fc.oneof(ids, weird),
            merchantReference: fc.oneof(ids, weird),
            transaction_status: fc.oneof(
              fc.constantFrom('Pending', 'Approved', 'Declined', 'Failed', 'Rejected', 'pending', 'APPROVED', 'Refunded', '__proto__'),
              weird,
            ),
            status: weird,
            amount: weird,
            message: weird,
            __proto__: fc.constant({ polluted: 'yes' }),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
      rawBody,
    );
    const authorization = fc.constantFrom(
      `Bearer ${WEBHOOK_SECRET}`,
      `Bearer ${WEBHOOK_SECRET}`,
      `Bearer ${WEBHOOK_SECRET}`,
      'Bearer wrong',
      `bearer ${WEBHOOK_SECRET}x`,
      '',
      WEBHOOK_SECRET,
    );

    await fc.assert(
      fc.asyncProperty(payload, authorization, async (text, authz) => {
        const pendingBefore = (await proxy.store.getTransaction(pending.id))!;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authz) headers.authorization = authz;
        const res = await post('/api/cashier/webhooks/mozarto', text, headers);
        assert.ok(res.status < 500, `HTTP ${res.status} for ${text.slice(0, 200)}: ${res.text.slice(0, 200)}`);
        // `Bearer <secret>` and the bare secret are both accepted (src/proxy/secrets.ts)
        if (authz !== `Bearer ${WEBHOOK_SECRET}` && authz !== WEBHOOK_SECRET) {
          assert.equal(res.status, 401);
          assert.deepEqual(await proxy.store.getTransaction(pending.id), pendingBefore, 'an unauthenticated webhook changed a transaction');
        }
        const a = (await proxy.store.getTransaction(approved.id))!;
        assert.equal(a.status, 'approved', 'a final status moved');
        const p = (await proxy.store.getTransaction(pending.id))!;
        assert.ok((STATUSES as readonly string[]).includes(p.status), p.status);
      }),
      { numRuns: RUNS, seed: 44 },
    );
  });
});

describe('fuzz: afterwards', () => {
  it('Object.prototype is not polluted', () => {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), protoBefore);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
