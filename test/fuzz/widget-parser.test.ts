/**
 * Fuzzing the widget's side of the contract under Node (src/widget/api.ts and flow-machine.ts import no
 * DOM): thousands of malformed proxy answers — wrong statuses, wrong types, missing and extra
 * keys, hostile redirect URLs, invalid JSON, HTML error pages — through `createApi` with a fake
 * `fetch`, then the flow's `created` step. Never an exception escapes, every failure is a
 * contract error code, and the widget never heads for a non-https URL (http only on localhost),
 * a `javascript:`/`data:` URL, or one with credentials.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { BUILT_IN_PSPS } from '../../src/core/catalog.js';
import { ERROR_CODES, ConfigResponse, CreateTransactionResponse, TransactionStatusResponse } from '../../src/core/contract.js';
import { STATUSES } from '../../src/core/status.js';
import { validateField } from '../../src/core/validate.js';
import { createApi, type ApiResult } from '../../src/widget/api.js';
import { afterCreate, reduce } from '../../src/widget/flow-machine.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

const LOCAL = new Set(['localhost', '127.0.0.1', '[::1]']);
/** The rule the widget promises (README, "Attributes and properties"). */
function safeTarget(url: string): boolean {
  const u = new URL(url);
  if (u.username || u.password) return false;
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && (LOCAL.has(u.hostname) || u.hostname.endsWith('.localhost'));
}

const hostileUrl = fc.oneof(
  fc.constantFrom(
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    '\tjavascript:alert(1)',
    'java\nscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'DATA:text/html;base64,PHNjcmlwdD4=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'http://evil.example/pay',
    'http://localhost.evil.example/',
    'http://127.0.0.1.nip.io/',
    '//evil.example/pay',
    '/relative/path',
    'https://user:pass@pay.example/',
    'https://pay.example@evil.example/',
    'https://pay.example/ok',
    'http://localhost:5174/hpp/1',
    'https://xn--80ak6aa92e.com/',
    'https://[::1]/',
    'blob:https://pay.example/uuid',
    'about:blank',
    'https:evil.example',
    '',
    'h'.repeat(5000),
  ),
  fc.webUrl({ validSchemes: ['https', 'http', 'ftp', 'javascript', 'data'], withQueryParameters: true, withFragments: true }),
  fc.string({ maxLength: 60 }),
);

const junk = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.array(fc.string(), { maxLength: 3 }));

/** Mostly `good`, sometimes junk: enough well-formed answers reach the redirect rule. */
const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: junk });

const createAnswer = fc.record(
  {
    transactionId: mostly(
      fc.oneof({ weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) }, { weight: 1, arbitrary: fc.constant('x'.repeat(200)) }),
    ),
    status: mostly(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant('pending') },
        { weight: 3, arbitrary: fc.constantFrom(...STATUSES) },
        { weight: 1, arbitrary: fc.constantFrom('Approved', 'PENDING', 'refunded', '__proto__') },
      ),
    ),
    outcome: mostly(fc.constantFrom('redirect', 'redirect', 'await', 'sync')),
    redirectUrl: mostly(fc.oneof(hostileUrl, fc.webUrl({ validSchemes: ['https'], withQueryParameters: true }))),
    message: mostly(fc.string()),
    extra: junk,
  },
  { requiredKeys: ['transactionId', 'status', 'outcome', 'redirectUrl'] },
);

const errorAnswer = fc.record(
  {
    error: fc.oneof(
      fc.record(
        {
          code: fc.oneof(fc.constantFrom(...ERROR_CODES), fc.constantFrom('teapot', 'INTERNAL', ''), junk),
          message: fc.oneof(fc.string(), junk),
          retryable: fc.oneof(fc.boolean(), junk),
          field: fc.oneof(fc.string(), junk),
          issues: fc.oneof(fc.array(fc.record({ field: fc.string(), code: fc.string(), message: fc.string() }), { maxLength: 3 }), junk),
        },
        { requiredKeys: [] },
      ),
      junk,
    ),
  },
  { requiredKeys: [] },
);

const statusAnswer = fc.record(
  {
    transactionId: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), junk),
    status: fc.oneof(fc.constantFrom(...STATUSES), junk),
    type: fc.oneof(fc.constantFrom('payin', 'payout'), junk),
    updatedAt: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      junk,
    ),
    message: fc.oneof(fc.string(), junk),
  },
  { requiredKeys: [] },
);

/** An HTTP answer as a proxy, a gateway or a broken network might give it. */
const answer = fc.record({
  status: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(200, 201) },
    { weight: 3, arbitrary: fc.constantFrom(204, 301, 400, 401, 404, 409, 413, 429, 500, 502, 503, 504) },
  ),
  body: fc.oneof(
    { weight: 8, arbitrary: createAnswer.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: createAnswer.map((v) => JSON.stringify(v).replace(/^\{/, '{"__proto__":{"polluted":true},')) },
    errorAnswer.map((v) => JSON.stringify(v)),
    statusAnswer.map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constantFrom('', '<html><body>502 Bad Gateway</body></html>', '{"transactionId":', 'null', '[]', '\u0000', '{"__proto__":{"polluted":1}}'),
    fc.string({ maxLength: 100 }),
  ),
  contentType: fc.constantFrom('application/json', 'text/html', 'text/plain', ''),
  network: fc.constantFrom(false, false, false, false, true),
});

function fakeFetch(a: { status: number; body: string; contentType: string; network: boolean }): typeof fetch {
  return (async () => {
    if (a.network) throw new TypeError('fetch failed');
    const headers = a.contentType ? { 'content-type': a.contentType } : undefined;
    const body = a.status === 204 || a.status === 304 ? null : a.body;
    return new Response(body, { status: a.status, headers });
  }) as typeof fetch;
}

function checkResult<T>(result: ApiResult<T>, schema: { safeParse(v: unknown): { success: boolean } }): void {
  assert.equal(typeof result, 'object');
  if (result.ok) {
    assert.equal(schema.safeParse(result.data).success, true, 'ok data must satisfy the contract');
  } else {
    assert.ok((ERROR_CODES as readonly string[]).includes(result.error.code), `unknown code ${String(result.error.code)}`);
    assert.equal(typeof result.error.retryable, 'boolean');
    assert.equal(typeof result.error.message, 'string');
  }
}

function checkTarget(state: { name: string; url?: string }): void {
  if (state.url !== undefined) {
    assert.ok(safeTarget(state.url), `flow heads for an unsafe URL: ${state.url}`);
    assert.doesNotMatch(state.url, /^\s*(javascript|data|vbscript|file):/i);
  }
}

describe('fuzz: the widget parses whatever the network answers', () => {
  it(`create(): ${RUNS} answers, never a throw, never an unsafe redirect`, async () => {
    const api = createApi('/api/cashier', 1000);
    let redirected = 0;
    let judged = 0;
    await fc.assert(
      fc.asyncProperty(
        answer,
        fc.constantFrom<'payin' | 'payout'>('payin', 'payout'),
        fc.constantFrom(undefined, ['pay.example'], ['*.example.com']),
        async (a, flow, allowHosts) => {
          globalThis.fetch = fakeFetch(a);
          const result = await api.create({ pspType: 'PAYONE', type: flow, amount: '10.00', currency: 'EUR', fields: {} }, 'key-1');
          checkResult(result, CreateTransactionResponse);
          const state = result.ok
            ? reduce({ name: 'submitting' }, { type: 'created', response: result.data, flow, allowHosts } as Parameters<typeof reduce>[1])
            : reduce({ name: 'submitting' }, { type: 'rejected', error: result.error } as Parameters<typeof reduce>[1]);
          checkTarget(state as { name: string; url?: string });
          if (result.ok && result.data.outcome === 'redirect' && !STATUSES.slice(2).includes(result.data.status)) judged++;
          if (state.name === 'redirecting') redirected++;
        },
      ),
      { numRuns: RUNS, seed: 1 },
    );
    // the generators do reach the redirect rule, so it is really exercised, and it lets some through
    assert.ok(judged > 50, `only ${judged} redirect answers judged`);
    assert.ok(redirected > 0, 'no redirect was ever allowed');
  });

  it(`afterCreate(): ${RUNS} hostile redirect URLs straight into the flow`, () => {
    fc.assert(
      fc.property(hostileUrl, fc.constantFrom<'payin' | 'payout'>('payin', 'payout'), (url, flow) => {
        const state = afterCreate({ transactionId: 'tx_1', status: 'pending', outcome: 'redirect', redirectUrl: url }, flow);
        checkTarget(state as { name: string; url?: string });
        if (state.name !== 'redirecting') assert.ok(['error', 'processing', 'awaiting-approval'].includes(state.name), state.name);
      }),
      { numRuns: RUNS, seed: 2 },
    );
  });

  it(`status() and config(): ${RUNS} answers each, never a throw, only contract data`, async () => {
    const api = createApi('/api/cashier', 1000);
    await fc.assert(
      fc.asyncProperty(answer, fc.string({ maxLength: 30 }), async (a, id) => {
        globalThis.fetch = fakeFetch(a);
        checkResult(await api.status(id), TransactionStatusResponse);
        checkResult(await api.config(), ConfigResponse);
      }),
      { numRuns: RUNS, seed: 3 },
    );
  });

  it('Object.prototype is not polluted by any answer', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('fuzz: field validation never throws', () => {
  const fields = BUILT_IN_PSPS.flatMap((d) => d.fields.map((f) => [`${d.pspType}.${f.name}`, f] as const));
  it(`validateField on every catalog field: ${RUNS * 2} inputs`, () => {
    fc.assert(
      fc.property(
        fc.nat({ max: fields.length - 1 }),
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/),
          fc.anything(),
          fc.string({ unit: 'grapheme', maxLength: 20 }),
        ),
        (i, raw) => {
          const [name, field] = fields[i]!;
          let result;
          assert.doesNotThrow(() => (result = validateField(field, raw)), `${name} threw on ${JSON.stringify(raw)}`);
          assert.equal(typeof (result as unknown as { ok: boolean }).ok, 'boolean');
        },
      ),
      { numRuns: RUNS * 2, seed: 4 },
    );
  });
});
