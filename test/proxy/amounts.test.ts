/**
 * Issue 23 rule 3, "the amounts that move are the amounts shown" (docs/adr/0019): a pay-in asks
 * Mozarto for amount + fee, a pay-out for amount − fee; the transaction keeps all three figures,
 * the merchant's `authorize`, the status and the history carry them, and a webhook is matched
 * against what Mozarto was asked to move. Against a scripted Mozarto that records the body as sent.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AuthorizeRequest } from '../../src/proxy/index.js';
import { WEBHOOK_SECRET, call, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, type FakeUpstream, type StartedProxy } from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy;
const asked: AuthorizeRequest[] = [];
let n = 0;

before(async () => {
  upstream = await startFakeUpstream();
  upstream.reply = () => ({
    status: 200,
    body: JSON.stringify({
      status: 'success',
      isSuccess: true,
      data: { transactionId: `am-${++n}`, transaction_status: 'Pending', redirect_url: 'https://hpp.example/pay' },
    }),
  });
  proxy = await startProxy(join(dir.path, 'amounts.db'), {
    upstreamUrl: upstream.url,
    // A 2.00 fee on Payone pay-ins and pay-outs alike.
    fees: { methods: { PAYONE: { fixed: '2.00' } } },
    authorize: ({ request }) => {
      asked.push(request);
      return { ok: true };
    },
  });
});
after(async () => {
  await proxy.close();
  await upstream.close();
  dir.remove();
});

const webhook = (body: Record<string, unknown>) =>
  call(`${proxy.api}/webhooks/mozarto`, { user: null, body, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } });

async function create(type: 'payin' | 'payout', amount: string) {
  const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type, amount }), key: newKey() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.transactionId as string, upstreamId: `am-${n}`, sent: upstream.calls[upstream.calls.length - 1]! };
}

for (const [flow, total] of [
  ['payin', '102.00'],
  ['payout', '98.00'],
] as const) {
  describe(`a ${flow} of 100.00 with a 2.00 fee`, () => {
    it(`asks Mozarto for ${total} (two decimals in the text), and authorize, the status and the history carry amount, fee and total`, async () => {
      const { id, sent } = await create(flow, '100.00');
      assert.equal(sent.body.baseamount, Number(total));
      assert.match(sent.raw, new RegExp(`"baseamount":${total.replace('.', '\\.')}[,}]`));
      assert.deepEqual(asked.at(-1), { authorizationId: id, flow, pspType: 'PAYONE', amount: '100.00', fee: '2.00', total, currency: 'EUR' });
      const figures = { amount: '100.00', fee: '2.00', total };
      const status = await call(`${proxy.api}/transactions/${id}`);
      assert.deepEqual({ amount: status.body.amount, fee: status.body.fee, total: status.body.total }, figures);
      const stored = (await proxy.store.getTransaction(id))!;
      assert.deepEqual({ amount: stored.amount, fee: stored.fee, total: stored.total }, figures);
      const history = await call(`${proxy.api}/transactions?limit=1`);
      const row = history.body.transactions[0];
      assert.deepEqual({ id: row.transactionId, amount: row.amount, fee: row.fee, total: row.total }, { id, ...figures });
    });

    it(`a webhook for ${total} settles it; one for the amount before the fee is a mismatch (review)`, async () => {
      const paid = await create(flow, '100.00');
      const event = { user_id: 'user-alice', currency: 'EUR', transaction_status: 'Approved', status: 'success' };
      await webhook({ ...event, transaction_id: paid.upstreamId, merchantReference: paid.id, amount: total });
      assert.equal((await call(`${proxy.api}/transactions/${paid.id}`)).body.status, 'approved');
      const wrong = await create(flow, '100.00');
      await webhook({ ...event, transaction_id: wrong.upstreamId, merchantReference: wrong.id, amount: '100.00' });
      const stored = (await proxy.store.getTransaction(wrong.id))!;
      assert.equal(stored.status, 'review');
      assert.equal(stored.reviewReason, `amount: expected ${total}, got "100.00"`);
    });
  });
}
