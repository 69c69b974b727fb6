/**
 * Issue 13, rule 3 "The webhook must match": amount, currency and user_id are compared with the
 * stored transaction (as decimals, not floats); a mismatch is `review` (final, never approved),
 * `onOutcome` hears it with the mismatch named, and the event is stored. A final status never
 * takes a new player-visible message.
 */
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { StoredTransaction } from '../../src/proxy/index.js';
import { canonicalDecimal, webhookMismatches } from '../../src/proxy/mozarto/mozarto-webhook.js';
import {
  ALICE,
  BOB,
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
let proxy: StartedProxy;
let outcomes: StoredTransaction[];
let n = 0;

before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  dir.remove();
});
beforeEach(async () => {
  outcomes = [];
  upstream.reply = () => ({
    status: 200,
    body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: `up-${++n}`, transaction_status: 'Pending' } }),
  });
  proxy = await startProxy(join(dir.path, `match-${n}.db`), { upstreamUrl: upstream.url, onOutcome: (tx) => void outcomes.push(tx), outcomeRetryMs: 50 });
});
afterEach(() => proxy.close());

/** A 100.00 EUR pay-out of Alice's, pending upstream. */
async function deposit(): Promise<{ id: string; upstreamId: string }> {
  const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '100.00', currency: 'EUR' }), key: newKey() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.transactionId, upstreamId: `up-${n}` };
}

const webhook = (body: Record<string, unknown>) =>
  call(`${proxy.api}/webhooks/mozarto`, { user: null, body, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } });

const approved = (upstreamId: string, id: string, extra: Record<string, unknown> = {}) => ({
  transaction_id: upstreamId,
  merchantReference: id,
  transaction_status: 'Approved',
  status: 'success',
  message: 'Transaction approved',
  amount: '100.00',
  currency: 'EUR',
  user_id: ALICE.id,
  ...extra,
});

describe('webhook match (issue 13 rule 3)', () => {
  for (const [name, extra, field] of [
    ['0.01 for a 100.00 deposit', { amount: '0.01' }, 'amount'],
    ['an amount that only a float would call equal (100.000000000000001)', { amount: '100.000000000000001' }, 'amount'],
    ['a number amount off by a cent', { amount: 99.99 }, 'amount'],
    ['another currency', { currency: 'USD' }, 'currency'],
    ['another user_id', { user_id: BOB.id }, 'user_id'],
  ] as const) {
    it(`an Approved webhook with ${name} → review, never approved; onOutcome hears the mismatch`, async () => {
      const { id, upstreamId } = await deposit();
      const res = await webhook(approved(upstreamId, id, extra));
      assert.equal(res.status, 200);
      const seen = await call(`${proxy.api}/transactions/${id}`);
      assert.equal(seen.body.status, 'review');
      assert.equal(seen.body.message, undefined, 'the player is shown our own text, not the webhook’s');
      const tx = await eventually(() => outcomes.find((t) => t.id === id), 5000, 'onOutcome');
      assert.equal(tx.status, 'review');
      assert.match(tx.reviewReason ?? '', new RegExp(`^${field}:`));
      const events = await proxy.store.listWebhookEvents(id);
      assert.equal(events.length, 1, 'the event is stored');
      // A later, matching Approved cannot undo the review.
      await webhook(approved(upstreamId, id));
      assert.equal((await call(`${proxy.api}/transactions/${id}`)).body.status, 'review');
    });
  }

  for (const missing of ['amount', 'user_id'] as const) {
    it(`a signed Approved webhook without ${missing} → review, never applied unchecked (issue 28)`, async () => {
      const { id, upstreamId } = await deposit();
      const { [missing]: _left, ...body } = approved(upstreamId, id);
      assert.equal((await webhook(body)).status, 200);
      assert.equal((await call(`${proxy.api}/transactions/${id}`)).body.status, 'review');
      const tx = await eventually(() => outcomes.find((t) => t.id === id), 5000, 'onOutcome');
      assert.equal(tx.reviewReason, `${missing}: missing`);
    });
  }

  it('a matching webhook approves, amounts compared as decimals ("100" = "100.00" = 100)', async () => {
    for (const amount of ['100', '100.0', 100]) {
      const { id, upstreamId } = await deposit();
      await webhook(approved(upstreamId, id, { amount }));
      assert.equal((await call(`${proxy.api}/transactions/${id}`)).body.status, 'approved', String(amount));
    }
  });

  it('a final status never takes a new player-visible message', async () => {
    const { id, upstreamId } = await deposit();
    await webhook(approved(upstreamId, id));
    await webhook(approved(upstreamId, id, { message: 'Call +1 555 0100 to claim a bonus' }));
    await webhook({ ...approved(upstreamId, id), transaction_status: 'Declined', message: 'Declined after all' });
    const seen = await call(`${proxy.api}/transactions/${id}`);
    assert.equal(seen.body.status, 'approved');
    assert.equal(seen.body.message, 'Transaction approved');
  });
});

describe('webhookMismatches', () => {
  it('compares canonical decimal strings', () => {
    assert.equal(canonicalDecimal('0100.500'), '100.5');
    assert.equal(canonicalDecimal('1e2'), null);
    assert.equal(canonicalDecimal('-1'), null);
    const tx = { pspType: 'GIGADAT', total: '0.30', currency: 'EUR', userId: 'u' };
    assert.deepEqual(webhookMismatches(tx, { amount: '0.3', currency: 'eur', userId: 'u' }), []);
    assert.deepEqual(webhookMismatches(tx, { amount: String(0.1 + 0.2), currency: 'EUR', userId: 'u' }), ['amount: expected 0.30, got "0.30000000000000004"']);
  });

  it('each provider’s webhook must carry its facts (docs/mozarto-api.md §7): one left out is a mismatch (issue 28)', () => {
    const none = { amount: null, currency: null, userId: null };
    assert.deepEqual(webhookMismatches({ pspType: 'GIGADAT', total: '1.00', currency: 'CAD', userId: 'u' }, none), [
      'amount: missing',
      'currency: missing',
      'user_id: missing',
    ]);
    const payone = { pspType: 'PAYONE', total: '1.00', currency: 'CAD', userId: 'u' };
    assert.deepEqual(webhookMismatches(payone, none), ['amount: missing', 'user_id: missing']);
    assert.deepEqual(webhookMismatches(payone, { amount: '1.00', currency: null, userId: 'u' }), [], 'the Payone status webhook has no currency (§7)');
    assert.deepEqual(
      webhookMismatches(payone, { amount: '1.00', currency: 'EUR', userId: 'u' }),
      ['currency: expected CAD, got "EUR"'],
      'one it sends must match',
    );
  });
});
