/** Pay-out and the magic amounts (scenarios.ts; docs/mozarto-api.md §5, §7, §8). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WEBHOOK_SECRET, payoneBody, startHarness, type Harness } from './helpers.js';

describe('sandbox pay-out', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  /** Creates a pay-out and waits for its webhook. */
  async function settledPayout(baseamount: number) {
    const count = h.receiver.received.length;
    const data = await h.create({ type: 'PAYOUT', baseamount });
    const all = await h.receiver.waitFor(count + 1);
    const webhook = all.find((w) => w.body['transaction_id'] === data['transactionId']);
    assert.ok(webhook, 'webhook for this pay-out');
    return { data, webhook };
  }

  it('answers with the generic pay-out shape', async () => {
    const response = await h.cashier(payoneBody({ type: 'PAYOUT', baseamount: 10.17 }));
    assert.equal(response.status, 200);
    const json = (await response.json()) as { data: { transactionId: string } };
    assert.match(json.data.transactionId, /^[0-9a-f]{24}$/);
    assert.deepEqual(json, {
      status: 'success',
      message: 'Successfully',
      isSuccess: true,
      data: { status: 'PENDING', transactionId: json.data.transactionId, transaction_status: 'Pending', merchantReference: 'order-42' },
    });
  });

  it('settles Approved by webhook after payoutSettleMs', async () => {
    const started = performance.now();
    const { data, webhook } = await settledPayout(100);
    assert.ok(performance.now() - started >= 45, 'not before payoutSettleMs');
    assert.equal(webhook.headers['authorization'], `Bearer ${WEBHOOK_SECRET}`);
    assert.deepEqual(webhook.body, {
      transaction_id: data['transactionId'],
      psp_transaction_id: webhook.body['psp_transaction_id'],
      user_id: 'user_123',
      status: 'success',
      transaction_status: 'Approved',
      message: 'Transaction approved and successfully processed',
      amount: '100.00',
      currency: 'EUR',
      merchantReference: 'order-42',
    });
  });

  for (const [amount, status, transactionStatus] of [
    [10.13, 'declined', 'Declined'],
    [10.14, 'failed', 'Failed'],
    [10.15, 'rejected', 'Rejected'],
  ] as const) {
    it(`.${String(amount).split('.')[1]} settles ${transactionStatus}`, async () => {
      const { webhook } = await settledPayout(amount);
      assert.equal(webhook.body['transaction_status'], transactionStatus);
      assert.equal(webhook.body['status'], status);
      assert.equal(webhook.body['amount'], amount.toFixed(2));
    });
  }

  async function queued() {
    const response = await h.cashier(payoneBody({ type: 'PAYOUT', baseamount: 25.16 }));
    assert.equal(response.status, 200);
    const json = (await response.json()) as { message: string; data: Record<string, unknown> };
    assert.equal(json.message, 'Added to approvals table');
    assert.deepEqual(json.data, {
      status: 'PENDING',
      method: 'AWAITING_APPROVAL',
      transactionId: json.data['transactionId'],
      transaction_status: 'Pending',
      merchantReference: 'order-42',
    });
    return json.data['transactionId'] as string;
  }

  it('.16 waits in the approval queue, then approve settles Approved', async () => {
    const id = await queued();
    const count = h.receiver.received.length;
    await new Promise((r) => setTimeout(r, 120)); // well past payoutSettleMs
    assert.equal(h.receiver.received.length, count, 'no webhook while queued');
    const tx = (await (await h.backOffice('GET', `/transactions/${id}`)).json()) as Record<string, unknown>;
    assert.equal(tx['transaction_status'], 'Pending');
    assert.equal(tx['status'], 'AWAITING_APPROVAL');

    const response = await h.backOffice('POST', `/transactions/${id}/approve`);
    assert.equal(response.status, 200);
    const json = (await response.json()) as { transaction: Record<string, unknown>; deliveries: Array<Record<string, unknown>> };
    assert.equal(json.transaction['transaction_status'], 'Approved');
    assert.equal(json.deliveries.length, 1);
    assert.equal(json.deliveries[0]!['ok'], true);
    const webhook = h.receiver.received.at(-1)!;
    assert.equal(webhook.body['transaction_id'], id);
    assert.equal(webhook.body['transaction_status'], 'Approved');

    const again = await h.backOffice('POST', `/transactions/${id}/approve`);
    assert.equal(again.status, 409, 'no longer queued');
  });

  it('.16 then reject settles Rejected', async () => {
    const id = await queued();
    const response = await h.backOffice('POST', `/transactions/${id}/reject`);
    assert.equal(response.status, 200);
    const webhook = h.receiver.received.at(-1)!;
    assert.equal(webhook.body['transaction_id'], id);
    assert.equal(webhook.body['transaction_status'], 'Rejected');
    assert.equal(webhook.body['status'], 'rejected');
  });

  it('approve/reject answer 409 for a transaction not in the queue, 404 for an unknown one', async () => {
    const data = await h.create({ type: 'PAYOUT', baseamount: 10.17 });
    assert.equal((await h.backOffice('POST', `/transactions/${data['transactionId'] as string}/approve`)).status, 409);
    assert.equal((await h.backOffice('POST', `/transactions/${data['transactionId'] as string}/reject`)).status, 409);
    assert.equal((await h.backOffice('POST', '/transactions/0123456789abcdef01234567/approve')).status, 404);
  });

  it('.17 never settles', async () => {
    const data = await h.create({ type: 'PAYOUT', baseamount: 3.17 });
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(!h.receiver.received.some((w) => w.body['transaction_id'] === data['transactionId']));
    const tx = h.sandbox.sandbox.transactions().find((t) => t.transactionId === data['transactionId']);
    assert.equal(tx?.transaction_status, 'Pending');
    assert.equal(tx?.status, 'PENDING');
  });

  for (const type of ['PAYIN', 'PAYOUT']) {
    it(`.98 answers 500 Internal server error (${type})`, async () => {
      const count = h.receiver.received.length;
      const response = await h.cashier(payoneBody({ type, baseamount: 5.98 }));
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), {
        status: 'error',
        message: 'Internal server error',
        isSuccess: false,
        data: 'Something went wrong',
      });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(h.receiver.received.length, count, 'no webhook');
    });

    it(`.97 answers 400 PSP_UNAVAILABLE with the transaction id (${type})`, async () => {
      const response = await h.cashier(payoneBody({ type, baseamount: 5.97 }));
      assert.equal(response.status, 400);
      const json = (await response.json()) as Record<string, unknown>;
      assert.match(json['transactionId'] as string, /^[0-9a-f]{24}$/);
      assert.deepEqual(json, {
        status: 'error',
        isSuccess: false,
        errorCode: 'PSP_UNAVAILABLE',
        message: 'The payment provider is unavailable. Try again later.',
        transactionId: json['transactionId'],
        errors: [],
      });
      const tx = h.sandbox.sandbox.transactions().find((t) => t.transactionId === json['transactionId']);
      assert.equal(tx?.transaction_status, 'Failed');
    });
  }

  it('pay-in magic amounts other than .97/.98 leave the decision to the hosted page', async () => {
    const data = await h.create({ type: 'PAYIN', baseamount: 10.13 });
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(h.sandbox.sandbox.transactions().find((t) => t.transactionId === data['transactionId'])?.transaction_status, 'Pending');
    assert.ok(String(data['redirect_url']).includes('/hpp/'));
  });
});
