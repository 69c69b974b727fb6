/**
 * Issue 23 rule 2, the merchant authorizes over HTTP (`authorizeUrl`, docs/adr/0018): before
 * Mozarto hears anything the proxy POSTs the contract's body, signed per Standard Webhooks
 * (verified here with the `standardwebhooks` package), and reads `{ decision: "allow", profile? }`
 * or `{ decision: "refuse", reason, … }`. A timeout, a non-2xx, a redirect or a malformed answer
 * refuses with a clear "try again", and the attempt still ends in its terminal event
 * (`transaction.failed`, `upstreamId` null, with the reason). Against a real HTTP endpoint.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createCashierProxy, createMemoryStore, ProxyConfigError, type ProxyOptions } from '../../src/proxy/index.js';
import { EVENTS_SECRET, startMerchantEndpoint, type Answer, type MerchantEndpoint, type Received } from './merchant-endpoint.js';
import {
  ALICE,
  WEBHOOK_SECRET,
  call,
  eventually,
  newKey,
  payoneRequest,
  startFakeUpstream,
  startProxy,
  tempDir,
  type FakeUpstream,
  type StartedProxy,
} from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
let merchant: MerchantEndpoint;
let proxy: StartedProxy;
/** How the merchant's authorize answers the next requests. */
let decide: (request: Received) => Answer = () => ({ status: 200, body: '{"decision":"allow"}' });
let n = 0;

before(async () => {
  upstream = await startFakeUpstream();
  upstream.reply = () => ({
    status: 200,
    body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: `az-${++n}`, transaction_status: 'Pending' } }),
  });
  merchant = await startMerchantEndpoint();
  merchant.reply = (r) => (r.path === '/authorize' ? decide(r) : { status: 200 });
  proxy = await startProxy(join(dir.path, 'authorize-http.db'), {
    upstreamUrl: upstream.url,
    authorizeUrl: merchant.authorizeUrl,
    authorizeTimeoutMs: 1000,
    events: { urls: [merchant.url], secret: EVENTS_SECRET },
    fees: { payout: { fixed: '2.00' } },
  });
});
after(async () => {
  await proxy.close();
  await merchant.close();
  await upstream.close();
  dir.remove();
});
afterEach(() => {
  decide = () => ({ status: 200, body: '{"decision":"allow"}' });
});

const asked = () => merchant.received.filter((r) => r.path === '/authorize');
const eventsOf = (id: string) => merchant.acknowledged().filter((r) => r.json?.data?.transactionId === id);

describe('authorize over HTTP (authorizeUrl)', () => {
  it('POSTs the contract’s body, signed per Standard Webhooks with a fresh msg_ id, before Mozarto hears anything; an allow goes on', async () => {
    const before = upstream.calls.length;
    const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '100.00' }), key: newKey() });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const request = asked().at(-1)!;
    assert.equal(request.verified, true, 'verified with the events’ secret');
    assert.match(String(request.headers['webhook-id']), /^msg_[0-9a-f]{24}$/);
    assert.deepEqual(request.json, {
      authorizationId: res.body.transactionId,
      user: { id: ALICE.id, email: ALICE.email, firstName: ALICE.firstName, lastName: ALICE.lastName, phone: ALICE.phone, countryCode: ALICE.countryCode },
      type: 'payout',
      pspType: 'PAYONE',
      amount: '100.00',
      fee: '2.00',
      total: '98.00',
      currency: 'EUR',
    });
    assert.equal(upstream.calls.length, before + 1);
    assert.ok(request.at <= Date.now());
    assert.notEqual(asked().at(-2)?.headers['webhook-id'], request.headers['webhook-id']);
  });

  it('a refusal reaches the widget with its reason, remaining and reset; the transaction ends declined, and no event says anything was held', async () => {
    decide = () => ({ status: 200, body: JSON.stringify({ decision: 'refuse', reason: 'limit_reached', remaining: '50', resetsAt: '2026-12-07T00:00:00Z' }) });
    const before = upstream.calls.length;
    const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ amount: '80.00' }), key: newKey() });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.deepEqual(res.body.error.refusal, { reason: 'limit_reached', remaining: '50.00', resetsAt: '2026-12-07T00:00:00.000Z' });
    assert.equal(upstream.calls.length, before, 'Mozarto was not called');
    const id = asked().at(-1)!.json.authorizationId as string;
    const events = await eventually(() => (eventsOf(id).length === 2 ? eventsOf(id) : undefined));
    assert.deepEqual(
      events.map((e) => [e.json.type, e.json.data.reason, e.json.data.upstreamId]),
      [
        ['transaction.created', undefined, null],
        ['transaction.declined', 'refused: limit_reached', null],
      ],
    );
  });

  it('a refusal cannot smuggle an allow', async () => {
    decide = () => ({ status: 200, body: JSON.stringify({ decision: 'refuse', reason: 'insufficient_balance', ok: true }) });
    const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.refusal.reason, 'insufficient_balance');
  });

  for (const [name, answer, why] of [
    ['does not answer within the timeout', 'hang', /no answer from authorizeUrl within 1000 ms/],
    ['answers HTTP 500', { status: 500, body: '{"decision":"allow"}' }, /authorizeUrl answered HTTP 500/],
    ['answers a redirect (not followed)', { status: 302, body: '' }, /authorizeUrl answered HTTP 302/],
    ['answers text', { status: 200, body: 'OK' }, /not JSON/],
    [
      'answers no decision',
      { status: 200, body: '{"allowed":true}' },
      /is not \{ "decision": "allow" \} or \{ "decision": "refuse", "reason": … \} at decision/,
    ],
    ['answers an unknown reason', { status: 200, body: '{"decision":"refuse","reason":"because"}' }, / at reason: /],
    ['allows with a profile that is not an object', { status: 200, body: '{"decision":"allow","profile":[1]}' }, / at profile: /],
    ['answers a JSON array', { status: 200, body: '[]' }, /is not \{ "decision": "allow" \}/],
  ] as const) {
    it(`fails closed when the merchant ${name}: "try again", nothing sent, and the attempt ends in transaction.failed with why`, async () => {
      decide = () => answer as Answer;
      const before = upstream.calls.length;
      const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'authorize_unavailable');
      assert.equal(res.body.error.retryable, true);
      assert.equal(upstream.calls.length, before, 'Mozarto was not called');
      const id = asked().at(-1)!.json.authorizationId as string;
      const failed = await eventually(() => eventsOf(id).find((e) => e.json.type === 'transaction.failed'), 5000);
      assert.equal(failed.json.data.upstreamId, null);
      assert.match(failed.json.data.reason, why);
    });
  }

  it('the configuration: the secret that signs it, one kind of authorize, https, the timeout’s range', () => {
    const options = {
      upstreamUrl: 'https://backend.stg-app.mozarto.io',
      companyToken: 'company-jwt',
      userContext: { mode: 'token', secret: 's' },
      webhookSecret: WEBHOOK_SECRET,
      getUser: () => null,
      store: createMemoryStore(),
      logger: { log: () => {} },
    } as unknown as ProxyOptions;
    const problems = (extra: Partial<ProxyOptions>) => {
      try {
        void createCashierProxy({ ...options, ...extra }).close();
        return [];
      } catch (error) {
        assert.ok(error instanceof ProxyConfigError);
        return error.problems.map((p) => p.message);
      }
    };
    assert.deepEqual(problems({ authorizeUrl: 'https://wallet.example/authorize' }), [
      '{events.secret} is required with {authorizeUrl}: the Standard Webhooks secret (whsec_…) the authorize requests are signed with',
    ]);
    assert.deepEqual(problems({ authorizeUrl: 'https://wallet.example/authorize', events: { secret: EVENTS_SECRET }, authorize: () => ({ ok: true }) }), [
      '{authorizeUrl} and {authorize} are exclusive: the merchant authorizes over HTTP or in process',
    ]);
    assert.deepEqual(problems({ authorizeUrl: 'http://wallet.example/authorize', events: { secret: EVENTS_SECRET } }), [
      '{authorizeUrl} must be https (plain http only for a loopback host, or with {allowHttpBackend}: true), got "http://wallet.example/authorize"',
    ]);
    assert.deepEqual(problems({ authorizeUrl: 'https://wallet.example/authorize', events: { secret: EVENTS_SECRET }, authorizeTimeoutMs: 60_000 }), [
      '{authorizeTimeoutMs} must be a whole number from 100 to 30000, got 60000',
    ]);
  });
});
