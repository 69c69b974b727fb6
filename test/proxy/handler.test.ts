/**
 * The proxy's HTTP behaviour against a scriptable fake Mozarto: the contract's error bodies,
 * idempotency, ownership, webhooks and every upstream failure shape the sandbox does not produce.
 * (The real sandbox is used in sandbox.test.ts.)
 */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CreateTransactionResponse, ErrorResponse, TransactionStatusResponse, ConfigResponse } from '../../src/core/contract.js';
import { createCashierProxy, openSqliteStore } from '../../src/proxy/index.js';
import {
  ALICE,
  USER_TOKEN_SECRET,
  WEBHOOK_SECRET,
  call,
  newKey,
  payoneRequest,
  payoneSuccess,
  startFakeUpstream,
  startProxy,
  tempDir,
  type Call,
  type FakeUpstream,
  type StartedProxy,
} from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy;
let dbCounter = 0;

before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  dir.remove();
});
beforeEach(async () => {
  upstream.calls.length = 0;
  upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: `up-${upstream.calls.length}` }) });
  proxy = await startProxy(join(dir.path, `handler-${++dbCounter}.db`), {
    upstreamUrl: upstream.url,
    allowedOrigins: ['https://shop.example'],
    upstreamTimeoutMs: 500,
  });
});
afterEach(async () => {
  await proxy.close();
});

function assertError(res: Call, status: number, code: string): Call['body']['error'] {
  assert.equal(res.status, status, JSON.stringify(res.body));
  const parsed = ErrorResponse.safeParse(res.body);
  assert.equal(parsed.success, true, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code, JSON.stringify(res.body));
  assert.equal(res.body.error.requestId, res.headers.get('x-request-id'));
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return res.body.error;
}

const create = (body: unknown = payoneRequest(), key = newKey(), extra: Parameters<typeof call>[1] = {}) =>
  call(`${proxy.api}/transactions`, { body, key, ...extra });

const webhook = (payload: unknown, authorization: string | null = `Bearer ${WEBHOOK_SECRET}`) =>
  call(`${proxy.api}/webhooks/mozarto`, {
    user: null,
    raw: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: authorization ? { authorization } : {},
  });

describe('routing and the contract', () => {
  it('GET config answers the ConfigResponse', async () => {
    const res = await call(`${proxy.api}/config`, { user: null });
    assert.equal(res.status, 200);
    assert.equal(ConfigResponse.safeParse(res.body).success, true);
    assert.deepEqual(res.body.limits, { min: '1.00', max: '10000.00' });
    // Every catalog provider but the card-entry ones (cardEntry is off by default, ADR 0004).
    assert.deepEqual(
      res.body.methods.payin.map((m: { pspType: string }) => m.pspType),
      ['PAYONE', 'GIGADAT', 'FORUMPAY', 'CLEO', 'FLEXEPIN', 'NEOSURF', 'TRUST', 'WORLDPAY_EU', 'BRITE'],
    );
    assert.deepEqual(
      res.body.methods.payout.map((m: { pspType: string }) => m.pspType),
      ['PAYONE', 'GIGADAT', 'FORUMPAY', 'CLEO'],
    );
    assert.equal(res.body.methods.payin[0].description, 'Bank transfer and local payment methods.');
    assert.ok(res.headers.get('x-request-id'));
  });

  it('answers JSON 404 outside the base path and for unknown routes', async () => {
    assertError(await call(`${proxy.url}/elsewhere`), 404, 'not_found');
    assertError(await call(`${proxy.api}/nothing`), 404, 'not_found');
    assertError(await call(`${proxy.url}/api/cashierX/config`), 404, 'not_found');
  });

  it('answers 405 for a wrong method', async () => {
    const res = await call(`${proxy.api}/config`, { method: 'DELETE' });
    assertError(res, 405, 'invalid_request');
    assert.equal(res.headers.get('allow'), 'GET');
  });

  it('keeps a well-formed x-request-id from the caller', async () => {
    const res = await call(`${proxy.api}/config`, { headers: { 'x-request-id': 'gateway-123456' } });
    assert.equal(res.headers.get('x-request-id'), 'gateway-123456');
    const bad = await call(`${proxy.api}/config`, { headers: { 'x-request-id': 'no spaces allowed' } });
    assert.match(bad.headers.get('x-request-id') ?? '', /^req_[0-9a-f]{16}$/);
  });

  it('handle() never throws, even on a strange request', async () => {
    const store = openSqliteStore(join(dir.path, 'direct.db'));
    const p = createCashierProxy({
      upstreamUrl: upstream.url,
      companyToken: 't',
      userContext: { mode: 'token', secret: 's' },
      webhookSecret: WEBHOOK_SECRET,
      getUser: () => {
        throw new Error('session store down');
      },
      store,
      logger: { log() {} },
    });
    const res = await p.handle(new Request('http://x/api/cashier/transactions/tx_1'));
    assert.equal(res.status, 500);
    assert.equal((await res.json()).error.code, 'internal');
    store.close();
  });
});

describe('POST transactions', () => {
  it('creates a pay-in: 201 with the redirect URL, and stores it', async () => {
    const res = await create();
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(CreateTransactionResponse.safeParse(res.body).success, true);
    assert.match(res.body.transactionId, /^tx_[0-9a-f]{24}$/);
    assert.equal(res.body.status, 'pending');
    assert.equal(res.body.outcome, 'redirect');
    assert.equal(res.body.redirectUrl, 'https://demo.payonepayment.com/webflow-payment/abc');

    const stored = await proxy.store.getTransaction(res.body.transactionId);
    assert.equal(stored?.upstreamId, 'up-1');
    assert.equal(stored?.userId, ALICE.id);
    assert.equal(stored?.amount, '10.00');
  });

  it('sends Mozarto the documented headers and body', async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '12.5' }));
    assert.equal(res.status, 201);
    assert.equal(res.body.outcome, 'await');
    assert.equal(res.body.redirectUrl, undefined);
    const [sent] = upstream.calls;
    assert.equal(sent!.headers.authorization, 'Bearer sandbox-company-token');
    assert.match(String(sent!.headers['x-user-token']), /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(sent!.headers['x-user-authorization'], undefined);
    assert.match(String(sent!.headers['content-type']), /application\/json/);
    assert.deepEqual(sent!.body, {
      pspType: 'PAYONE',
      type: 'PAYOUT',
      baseamount: 12.5,
      currency: 'EUR',
      currencyCode: 'EUR',
      userId: ALICE.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: 'ada@example.com',
      phone: '4915112345678',
      merchantReference: res.body.transactionId,
    });
  });

  it('persists the transaction as pending before calling upstream', async () => {
    let seen: unknown;
    upstream.reply = (c) => {
      seen = c.body.merchantReference;
      return { status: 200, body: payoneSuccess(), delayMs: 300 };
    };
    const pending = create();
    // Wait for the upstream call itself (not a fixed time: shared CI cores are slow), then look
    // while the upstream is still holding its answer.
    while (seen === undefined) await new Promise((r) => setTimeout(r, 5));
    const tx = await proxy.store.getTransaction(String(seen));
    assert.equal(tx?.status, 'pending');
    assert.equal((await pending).status, 201);
  });

  it('refuses without a user (401) and calls nobody', async () => {
    assertError(await create(payoneRequest(), newKey(), { user: null }), 401, 'unauthorized');
    assert.equal(upstream.calls.length, 0);
  });

  it('refuses a foreign Origin (403) but accepts a listed one and no Origin', async () => {
    assertError(await create(payoneRequest(), newKey(), { headers: { origin: 'https://evil.example' } }), 403, 'forbidden_origin');
    assertError(await call(`${proxy.api}/config`, { headers: { origin: 'null' } }), 403, 'forbidden_origin');
    const ok = await create(payoneRequest(), newKey(), { headers: { origin: 'https://shop.example' } });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal((await create()).status, 201);
    assert.equal(upstream.calls.length, 2);
  });

  it('answers a CORS preflight from a listed origin', async () => {
    const res = await fetch(`${proxy.api}/transactions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /idempotency-key/);
  });

  it('answers malformed JSON with 400, never 500', async () => {
    for (const raw of ['{', 'not json', '', '{"a":', '\u0000', 'null', '[]', '"x"', '123']) {
      const res = await create(undefined, newKey(), { raw });
      assertError(res, 400, 'invalid_request');
    }
    const bytes = await fetch(`${proxy.api}/transactions`, {
      method: 'POST',
      headers: { 'x-test-user': 'alice', 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    assert.equal(bytes.status, 400);
    assert.equal(upstream.calls.length, 0);
  });

  it('refuses a body that is not declared JSON (415)', async () => {
    assertError(await create(undefined, newKey(), { raw: JSON.stringify(payoneRequest()), headers: { 'content-type': 'text/plain' } }), 415, 'invalid_request');
  });

  it('refuses an oversize body (413), declared or streamed', async () => {
    const big = payoneRequest({}, { firstName: 'A'.repeat(20_000) });
    assertError(await create(big), 413, 'payload_too_large');
    // Chunked, without Content-Length: the cap applies to the bytes read.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1000)));
        controller.close();
      },
    });
    const res = await fetch(`${proxy.api}/transactions`, {
      method: 'POST',
      headers: { 'x-test-user': 'alice', 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal((await res.json()).error.code, 'payload_too_large');
    assert.equal(upstream.calls.length, 0);
  });

  it('requires a well-formed Idempotency-Key', async () => {
    const missing = await call(`${proxy.api}/transactions`, { body: payoneRequest() });
    assert.equal(assertError(missing, 400, 'invalid_request').field, 'Idempotency-Key');
    assertError(await create(payoneRequest(), 'bad key!'), 400, 'invalid_request');
    assertError(await create(payoneRequest(), 'x'.repeat(129)), 400, 'invalid_request');
  });

  it('refuses a server-only field with error.server_field', async () => {
    const res = await create(payoneRequest({}, { userId: 'someone-else' }));
    const error = assertError(res, 400, 'invalid_field');
    assert.equal(error.field, 'userId');
    assert.deepEqual(error.issues, [{ field: 'userId', code: 'error.server_field', message: 'This field can only be set by the server.' }]);
    assert.equal(upstream.calls.length, 0);
  });

  it('brings each Payone field error back with a specific message', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ firstName: '' }, 'firstName', 'First name is required.'],
      [{ lastName: 'L0v3l@ce' }, 'lastName', 'Last name contains characters that are not allowed.'],
      [{ email: 'ada@' }, 'email', 'Enter an email address like name@example.com.'],
      [{ phone: '123' }, 'phone', 'Phone number must have at least 6 digits.'],
      [{ phone: 'call me' }, 'phone', 'Phone number may contain only digits, spaces, dashes, brackets and a leading +.'],
    ];
    for (const [fields, field, message] of cases) {
      const error = assertError(await create(payoneRequest({}, fields)), 400, 'invalid_field');
      assert.equal(error.field, field);
      assert.equal(error.message, message);
      assert.equal(error.issues[0].message, message);
    }
    const amount = assertError(await create(payoneRequest({ amount: '0.10' })), 400, 'invalid_field');
    assert.equal(amount.field, 'amount');
    const method = assertError(await create(payoneRequest({ currency: 'USD' })), 400, 'unsupported_method');
    assert.equal(method.field, 'currency');
    assert.equal(upstream.calls.length, 0);
  });

  it('rate limits per user', async () => {
    await proxy.close();
    proxy = await startProxy(join(dir.path, `handler-${++dbCounter}.db`), { upstreamUrl: upstream.url, rateLimit: { perUser: 2, perIp: 100 } });
    assert.equal((await create()).status, 201);
    assert.equal((await create()).status, 201);
    const limited = await create();
    assertError(limited, 429, 'rate_limited');
    assert.equal(limited.body.error.retryable, true);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await create(payoneRequest(), newKey(), { user: 'bob' })).status, 201, 'another user is not limited');
  });
});

describe('idempotency', () => {
  it('replays a repeated key: one transaction, same status and body', async () => {
    const key = newKey();
    const first = await create(payoneRequest(), key);
    assert.equal(first.status, 201);
    const second = await create(payoneRequest(), key);
    assert.equal(second.status, 201);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(upstream.calls.length, 1);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const key = newKey();
    const body = payoneRequest();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    assert.deepEqual((await create(reordered, key)).body, (await create(body, key)).body);
    assert.equal(upstream.calls.length, 1);
  });

  it('answers 409 for the same key with a different body', async () => {
    const key = newKey();
    assert.equal((await create(payoneRequest(), key)).status, 201);
    const conflict = assertError(await create(payoneRequest({ amount: '11.00' }), key), 409, 'idempotency_conflict');
    assert.equal(conflict.retryable, false);
    assert.equal(upstream.calls.length, 1);
  });

  it('scopes keys per user', async () => {
    const key = newKey();
    const a = await create(payoneRequest(), key);
    const b = await create(payoneRequest(), key, { user: 'bob' });
    assert.equal(b.status, 201);
    assert.notEqual(a.body.transactionId, b.body.transactionId);
    assert.equal(upstream.calls.length, 2);
  });

  it('serves two concurrent requests with one key from one upstream call', async () => {
    upstream.reply = () => ({ status: 200, body: payoneSuccess(), delayMs: 150 });
    const key = newKey();
    const [a, b] = await Promise.all([create(payoneRequest(), key), create(payoneRequest(), key)]);
    assert.equal(a.status, 201);
    assert.deepEqual(b.body, a.body);
    assert.equal(b.status, a.status);
    assert.equal(upstream.calls.length, 1);
  });

  it('replays a stored non-retryable error, but retries after a retryable one', async () => {
    upstream.reply = () => ({ status: 400, body: JSON.stringify({ status: 'error', message: 'Rules action is not matched', isSuccess: false, errors: [] }) });
    const key = newKey();
    const first = await create(payoneRequest(), key);
    assertError(first, 502, 'rules_not_matched');
    const replay = await create(payoneRequest(), key);
    assert.deepEqual(replay.body, first.body);
    assert.equal(upstream.calls.length, 1);

    // A retryable refusal that proves nothing was created frees the key (issue 13 rule 2).
    upstream.reply = () => ({
      status: 400,
      body: JSON.stringify({ status: 'error', isSuccess: false, errorCode: 'PSP_UNAVAILABLE', message: 'down', errors: [] }),
    });
    const key2 = newKey();
    assertError(await create(payoneRequest(), key2), 502, 'psp_unavailable');
    upstream.reply = () => ({ status: 200, body: payoneSuccess() });
    assert.equal((await create(payoneRequest(), key2)).status, 201);
    assert.equal(upstream.calls.length, 3);

    // A 500 proves nothing: the key stays bound to the unknown transaction.
    upstream.reply = () => ({
      status: 500,
      body: JSON.stringify({ status: 'error', message: 'Internal server error', isSuccess: false, data: 'Something went wrong' }),
    });
    const key3 = newKey();
    assert.equal((await create(payoneRequest(), key3)).status, 202);
    upstream.reply = () => ({ status: 200, body: payoneSuccess() });
    const again = await create(payoneRequest(), key3);
    assert.equal(again.status, 202);
    assert.equal(again.body.status, 'unknown');
    assert.equal(upstream.calls.length, 4);
  });

  it('lets a corrected request reuse the key of a refused one', async () => {
    const key = newKey();
    assertError(await create(payoneRequest({}, { email: 'bad' }), key), 400, 'invalid_field');
    assert.equal((await create(payoneRequest(), key)).status, 201);
  });
});

describe('upstream failures', () => {
  const failures: [string, () => { status: number; body: string; delayMs?: number }, number, string, boolean][] = [
    [
      '401 (wrong company token)',
      () => ({ status: 401, body: JSON.stringify({ status: 'error', message: 'Unauthorized', isSuccess: false, errors: [] }) }),
      502,
      'upstream_unauthorized',
      false,
    ],
    [
      'PSP not configured',
      () => ({
        status: 400,
        body: JSON.stringify({
          status: 'error',
          message: 'Something went wrong',
          isSuccess: false,
          data: 'PSP Configuration not found. Please check you psp Configuration',
        }),
      }),
      502,
      'psp_not_configured',
      false,
    ],
    [
      'PSP_UNAVAILABLE',
      () => ({ status: 400, body: JSON.stringify({ status: 'error', isSuccess: false, errorCode: 'PSP_UNAVAILABLE', message: 'down', errors: [] }) }),
      502,
      'psp_unavailable',
      true,
    ],
    [
      'Validation failed',
      () => ({ status: 400, body: JSON.stringify({ status: 'error', message: 'Validation failed', isSuccess: false, errors: ['phone must not be empty'] }) }),
      502,
      'upstream_rejected',
      false,
    ],
    ['an unsafe redirect URL', () => ({ status: 200, body: payoneSuccess({ redirect_url: 'javascript:alert(1)' }) }), 502, 'upstream_error', false],
    ['a plain-http redirect URL', () => ({ status: 200, body: payoneSuccess({ redirect_url: 'http://evil.example/pay' }) }), 502, 'upstream_error', false],
    ['no redirect URL', () => ({ status: 200, body: payoneSuccess({ redirect_url: undefined }) }), 502, 'upstream_error', false],
  ];
  for (const [name, reply, status, code, retryable] of failures) {
    it(`${name} → ${status} ${code}, transaction failed`, async () => {
      upstream.reply = reply;
      const error = assertError(await create(), status, code);
      assert.equal(error.retryable, retryable);
      const merchantReference = String(upstream.calls[0]!.body.merchantReference);
      const tx = await proxy.store.getTransaction(merchantReference);
      assert.equal(tx?.status, 'failed');
      assert.equal(tx?.errorCode, code);
    });
  }

  // Issue 13 rule 2: these prove nothing, so the transaction waits in `unknown` (was: failed, 502/504).
  const unknowns: [string, () => { status: number; body: string; delayMs?: number }, string][] = [
    [
      '500',
      () => ({ status: 500, body: JSON.stringify({ status: 'error', message: 'Internal server error', isSuccess: false, data: 'Something went wrong' }) }),
      'upstream_error',
    ],
    ['504', () => ({ status: 504, body: '' }), 'upstream_timeout'],
    ['our timeout', () => ({ status: 200, body: payoneSuccess(), delayMs: 1500 }), 'upstream_timeout'],
  ];
  for (const [name, reply, code] of unknowns) {
    it(`${name} → 202 unknown (${code}), transaction unknown`, async () => {
      upstream.reply = reply;
      const res = await create();
      assert.equal(res.status, 202, JSON.stringify(res.body));
      assert.equal(res.body.status, 'unknown');
      const tx = await proxy.store.getTransaction(String(upstream.calls[0]!.body.merchantReference));
      assert.equal(tx?.status, 'unknown');
      assert.equal(tx?.errorCode, code);
    });
  }

  it('a network error → 502 upstream_error, retryable', async () => {
    await proxy.close();
    proxy = await startProxy(join(dir.path, `handler-${++dbCounter}.db`), { upstreamUrl: 'http://127.0.0.1:1' });
    const error = assertError(await create(), 502, 'upstream_error');
    assert.equal(error.retryable, true);
  });

  it('forwards the session token in forward mode', async () => {
    await proxy.close();
    proxy = await startProxy(join(dir.path, `handler-${++dbCounter}.db`), { upstreamUrl: upstream.url, userContext: { mode: 'forward', header: 'x-session' } });
    assert.equal((await create(payoneRequest(), newKey(), { headers: { 'x-session': 'Bearer player-session' } })).status, 201);
    assert.equal(upstream.calls[0]!.headers['x-user-authorization'], 'Bearer player-session');
    assert.equal(upstream.calls[0]!.headers['x-user-token'], undefined);
    assertError(await create(), 401, 'unauthorized');
    assert.equal(upstream.calls.length, 1);
  });
});

describe('GET transactions/:id', () => {
  it('answers the owner, with no-store', async () => {
    const created = await create();
    const res = await call(`${proxy.api}/transactions/${created.body.transactionId}`);
    assert.equal(res.status, 200);
    assert.equal(TransactionStatusResponse.safeParse(res.body).success, true);
    assert.equal(res.body.transactionId, created.body.transactionId);
    assert.equal(res.body.status, 'pending');
    assert.equal(res.body.type, 'payin');
    assert.equal(res.body.pspType, 'PAYONE');
    assert.equal(res.body.amount, '10.00');
    assert.equal(res.body.currency, 'EUR');
    assert.match(res.headers.get('cache-control') ?? '', /no-store/);
  });

  it("answers 404 for another user's id and an unknown id, with the same body", async () => {
    const created = await create();
    const other = await call(`${proxy.api}/transactions/${created.body.transactionId}`, { user: 'bob' });
    const unknown = await call(`${proxy.api}/transactions/tx_000000000000000000000000`, { user: 'bob' });
    const garbage = await call(`${proxy.api}/transactions/${encodeURIComponent("' OR 1=1 --")}`, { user: 'bob' });
    for (const res of [other, unknown, garbage]) assertError(res, 404, 'not_found');
    const strip = (b: Call['body']) => ({ ...b.error, requestId: undefined });
    assert.deepEqual(strip(other.body), strip(unknown.body));
    assert.deepEqual(strip(other.body), strip(garbage.body));
  });

  it('requires a user', async () => {
    assertError(await call(`${proxy.api}/transactions/tx_000000000000000000000000`, { user: null }), 401, 'unauthorized');
  });
});

describe('POST webhooks/mozarto', () => {
  /** What a Payone webhook carries beside its ids and status (docs/mozarto-api.md §7): the 10.00 of payoneRequest, Alice's id. */
  const FACTS = { amount: '10.00', user_id: ALICE.id };
  async function created() {
    const res = await create();
    const tx = (await proxy.store.getTransaction(res.body.transactionId))!;
    return tx;
  }
  const status = async (id: string) => (await call(`${proxy.api}/transactions/${id}`)).body;

  it('applies Approved and the message', async () => {
    const tx = await created();
    const res = await webhook({
      transaction_id: tx.upstreamId,
      user_id: ALICE.id,
      status: 'success',
      transaction_status: 'Approved',
      message: 'Transaction approved',
      amount: '10.00',
      merchantReference: '',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { received: true });
    const body = await status(tx.id);
    assert.equal(body.status, 'approved');
    assert.equal(body.message, 'Transaction approved');
    assert.equal((await proxy.store.listWebhookEvents(tx.id)).length, 1);
  });

  it('matches by merchantReference when the upstream id is unknown', async () => {
    const tx = await created();
    await webhook({ ...FACTS, transaction_id: 'some-other-id', transaction_status: 'Declined', merchantReference: tx.id });
    // The stored upstream id differs from the webhook's: recorded, not applied.
    assert.equal((await status(tx.id)).status, 'pending');
    upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: undefined }) });
    const res = await create();
    await webhook({ ...FACTS, transaction_id: 'late-id', transaction_status: 'Declined', merchantReference: res.body.transactionId });
    assert.equal((await status(res.body.transactionId)).status, 'declined');
    assert.equal((await proxy.store.getTransaction(res.body.transactionId))?.upstreamId, 'late-id');
  });

  it('refuses a missing or wrong secret with 401 and changes nothing', async () => {
    const tx = await created();
    const payload = { transaction_id: tx.upstreamId, transaction_status: 'Approved' };
    assertError(await webhook(payload, null), 401, 'unauthorized');
    assertError(await webhook(payload, 'Bearer wrong'), 401, 'unauthorized');
    assertError(await webhook(payload, `Bearer ${WEBHOOK_SECRET}x`), 401, 'unauthorized');
    assertError(await webhook(payload, `Basic ${WEBHOOK_SECRET}`), 401, 'unauthorized');
    assert.equal((await status(tx.id)).status, 'pending');
    assert.equal((await proxy.store.listWebhookEvents(tx.id)).length, 0);
  });

  it('is exempt from the Origin check', async () => {
    const tx = await created();
    const res = await call(`${proxy.api}/webhooks/mozarto`, {
      user: null,
      body: { transaction_id: tx.upstreamId, transaction_status: 'Approved' },
      headers: { authorization: `Bearer ${WEBHOOK_SECRET}`, origin: 'https://evil.example' },
    });
    assert.equal(res.status, 200);
  });

  it('treats duplicates and out-of-order deliveries idempotently', async () => {
    const tx = await created();
    const send = (s: string, message: string) => webhook({ ...FACTS, transaction_id: tx.upstreamId, transaction_status: s, message });
    for (const [s, m] of [
      ['Approved', 'approved!'],
      ['Approved', 'approved!'],
      ['Pending', 'late pending'],
      ['Declined', 'late decline'],
    ]) {
      assert.equal((await send(s!, m!)).status, 200);
    }
    const body = await status(tx.id);
    assert.equal(body.status, 'approved');
    assert.equal(body.message, 'approved!');
    assert.equal((await proxy.store.listWebhookEvents(tx.id)).length, 4);
  });

  it('reads statuses case-insensitively and an unknown one as pending, logged', async () => {
    const tx = await created();
    await webhook({ ...FACTS, transaction_id: tx.upstreamId, transaction_status: 'SOMETHING_NEW' });
    assert.equal((await status(tx.id)).status, 'pending');
    assert.match(proxy.logger.text(), /unknown transaction_status/);
    await webhook({ ...FACTS, transaction_id: tx.upstreamId, transaction_status: 'AWAITING_APPROVAL' });
    assert.equal((await status(tx.id)).status, 'awaiting_approval');
    await webhook({ ...FACTS, transaction_id: tx.upstreamId, transaction_status: 'pending' });
    assert.equal((await status(tx.id)).status, 'awaiting_approval');
    await webhook({ ...FACTS, transaction_id: tx.upstreamId, transaction_status: 'rejected' });
    assert.equal((await status(tx.id)).status, 'rejected');
  });

  it('acknowledges an unknown transaction (200) and logs it', async () => {
    const res = await webhook({ transaction_id: 'never-seen', transaction_status: 'Approved' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { received: true });
    assert.match(proxy.logger.text(), /unknown transaction/);
  });

  it('applies a webhook that arrived before the create call returned', async () => {
    upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: 'early-bird' }), delayMs: 150 });
    const pending = create(payoneRequest({ type: 'payout' }));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await webhook({ ...FACTS, transaction_id: 'early-bird', transaction_status: 'Approved', merchantReference: '' })).status, 200);
    const res = await pending;
    assert.equal(res.status, 201);
    assert.equal(res.body.status, 'approved');
    assert.equal((await status(res.body.transactionId)).status, 'approved');
    assert.equal((await proxy.store.listWebhookEvents(res.body.transactionId)).length, 1);
  });

  it('a webhook settles a transaction whose create call timed out (unknown)', async () => {
    upstream.reply = () => ({ status: 200, body: payoneSuccess({ transactionId: 'slow-one' }), delayMs: 1500 });
    const res = await create();
    assert.equal(res.status, 202);
    const id = String(upstream.calls[0]!.body.merchantReference);
    assert.equal((await status(id)).status, 'unknown');
    await webhook({ ...FACTS, transaction_id: 'slow-one', transaction_status: 'Approved', merchantReference: id });
    assert.equal((await status(id)).status, 'approved');
  });

  it('answers malformed webhook bodies with 400, never 500', async () => {
    for (const raw of ['{', '', 'null', '[1]', '"x"']) {
      assertError(await webhook(raw), 400, 'invalid_request');
    }
  });

  it('stores the payload without secrets', async () => {
    const tx = await created();
    await webhook({ transaction_id: tx.upstreamId, transaction_status: 'Approved', access_token: 'leak-me', card: { number: '4111111111111111' } });
    const [event] = await proxy.store.listWebhookEvents(tx.id);
    assert.doesNotMatch(JSON.stringify(event!.payload), /leak-me|4111/);
  });
});

describe('logging', () => {
  it('never logs tokens, secrets or field values', async () => {
    const created = await create(payoneRequest({}, { email: 'secret-mail@example.com', phone: '+49 151 99999999' }));
    await webhook({ transaction_id: 'up-1', transaction_status: 'Approved' });
    await webhook({ transaction_id: 'up-1' }, 'Bearer wrong-secret');
    upstream.reply = () => ({ status: 401, body: '{}' });
    await create();
    const text = proxy.logger.text();
    assert.ok(proxy.logger.entries.length > 3);
    for (const entry of proxy.logger.entries) {
      assert.equal(typeof entry.level, 'string');
      assert.equal(typeof entry.msg, 'string');
      assert.ok(entry.requestId || entry.phase === 'start', JSON.stringify(entry)); // start-up warnings (issue 13) belong to no request
    }
    assert.match(text, new RegExp(created.body.transactionId));
    for (const secret of ['sandbox-company-token', USER_TOKEN_SECRET, WEBHOOK_SECRET, 'wrong-secret', 'secret-mail', '99999999', 'Lovelace', 'Bearer ']) {
      assert.equal(text.includes(secret), false, `log contains ${secret}`);
    }
    const upstreamToken = String(upstream.calls[0]!.headers['x-user-token']).split(' ')[1]!;
    assert.equal(text.includes(upstreamToken), false);
  });
});

describe('configuration', () => {
  it('fails at creation, not on a payment', () => {
    const store = openSqliteStore(join(dir.path, 'config.db'));
    const base = {
      upstreamUrl: upstream.url,
      companyToken: 't',
      userContext: { mode: 'token' as const, secret: 's' },
      webhookSecret: WEBHOOK_SECRET,
      getUser: () => null,
      store,
    };
    assert.throws(() => createCashierProxy({ ...base, upstreamUrl: 'not a url' }), /upstreamUrl/);
    assert.throws(() => createCashierProxy({ ...base, companyToken: '' }), /companyToken/);
    assert.throws(() => createCashierProxy({ ...base, userContext: { mode: 'token', secret: '' } }), /secret/);
    assert.throws(() => createCashierProxy({ ...base, methods: { payin: ['NOPE'] } }), /NOPE/);
    assert.throws(() => createCashierProxy({ ...base, webhookSecret: '' }), /webhookSecret/);
    assert.doesNotThrow(() => createCashierProxy(base));
    store.close();
  });

  it('serves under a custom base path', async () => {
    await proxy.close();
    proxy = await startProxy(join(dir.path, `handler-${++dbCounter}.db`), { upstreamUrl: upstream.url, basePath: '/pay/' });
    assert.equal((await call(`${proxy.url}/pay/config`)).status, 200);
    assert.equal((await call(`${proxy.url}/api/cashier/config`)).status, 404);
  });
});
