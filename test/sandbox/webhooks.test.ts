/** Webhook retries, the back office's forced outcomes and duplicate deliveries (docs/mozarto-api.md §7). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, startHarness, type Harness } from './helpers.js';

async function withHarness(receiverStatuses: number[], run: (h: Harness) => Promise<void>, options = {}): Promise<void> {
  const h = await startHarness(options, receiverStatuses);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

describe('sandbox webhooks', () => {
  it('retries after the receiver answers 500, and logs every attempt', () =>
    withHarness([500, 503], async (h) => {
      const data = await h.create();
      const started = performance.now();
      const response = await decide(data['redirect_url'] as string, 'approve');
      const elapsed = performance.now() - started;
      assert.equal(response.status, 303, 'the page waits for the retries, then returns to the merchant');
      assert.ok(elapsed >= 550, `backoff of 200 + 400 ms, took ${elapsed.toFixed(0)} ms`);
      assert.equal(h.receiver.received.length, 3);
      assert.deepEqual(h.receiver.received[0]!.body, h.receiver.received[2]!.body, 'the same payload each time');

      const log = h.sandbox.sandbox.webhookLog();
      assert.deepEqual(
        log.map((d) => [d.attempt, d.httpStatus, d.ok, d.url, d.transactionId]),
        [
          [1, 500, false, h.receiver.url, data['transactionId']],
          [2, 503, false, h.receiver.url, data['transactionId']],
          [3, 200, true, h.receiver.url, data['transactionId']],
        ],
      );
      assert.equal(log[0]!.payload.transaction_status, 'Approved');
    }));

  it('gives up after webhookRetries redeliveries and records network errors', () =>
    withHarness(
      [],
      async (h) => {
        await h.receiver.close();
        const data = await h.create({ type: 'PAYOUT', baseamount: 10.17 });
        const response = await h.backOffice('POST', `/transactions/${data['transactionId'] as string}/settle`, { transaction_status: 'Declined' });
        assert.equal(response.status, 200);
        const { deliveries } = (await response.json()) as { deliveries: Array<{ ok: boolean; error?: string; attempt: number }> };
        assert.deepEqual(
          deliveries.map((d) => [d.attempt, d.ok]),
          [
            [1, false],
            [2, false],
          ],
        );
        assert.ok(deliveries.every((d) => typeof d.error === 'string' && d.error.length > 0));
        assert.equal(h.sandbox.sandbox.webhookLog().length, 2);
      },
      { webhookRetries: 1 },
    ));

  it('logs a delivery without a webhookUrl, and sends once one is configured', () =>
    withHarness([], async (h) => {
      h.sandbox.sandbox.configure({ webhookUrl: undefined });
      const data = await h.create({ type: 'PAYOUT', baseamount: 10.17 });
      const id = data['transactionId'] as string;
      let response = await h.backOffice('POST', `/transactions/${id}/settle`, { transaction_status: 'Approved' });
      const first = (await response.json()) as { deliveries: Array<{ url: string | null; ok: boolean; error?: string }> };
      assert.deepEqual(
        first.deliveries.map((d) => [d.url, d.ok, d.error]),
        [[null, false, 'no webhookUrl configured']],
      );

      h.sandbox.sandbox.configure({ webhookUrl: h.receiver.url });
      response = await h.backOffice('POST', `/transactions/${id}/webhook`);
      assert.equal(response.status, 200);
      assert.equal(h.receiver.received.length, 1);
      assert.equal(h.receiver.received[0]!.body['transaction_status'], 'Approved');
    }));

  it('settle forces any final state and sends its webhook', () =>
    withHarness([], async (h) => {
      const data = await h.create({ type: 'PAYOUT', baseamount: 10.17 });
      const id = data['transactionId'] as string;
      for (const [transactionStatus, status] of [
        ['Failed', 'failed'],
        ['Approved', 'success'],
        ['Rejected', 'rejected'],
        ['Declined', 'declined'],
      ]) {
        const response = await h.backOffice('POST', `/transactions/${id}/settle`, { transaction_status: transactionStatus });
        assert.equal(response.status, 200);
        const json = (await response.json()) as { transaction: Record<string, unknown> };
        assert.equal(json.transaction['transaction_status'], transactionStatus);
        const webhook = h.receiver.received.at(-1)!;
        assert.equal(webhook.body['transaction_id'], id);
        assert.equal(webhook.body['transaction_status'], transactionStatus);
        assert.equal(webhook.body['status'], status);
      }
      assert.equal(h.receiver.received.length, 4);
    }));

  it('settle cancels the automatic pay-out outcome', () =>
    withHarness(
      [],
      async (h) => {
        const data = await h.create({ type: 'PAYOUT', baseamount: 10 });
        await h.backOffice('POST', `/transactions/${data['transactionId'] as string}/settle`, { transaction_status: 'Failed' });
        await new Promise((r) => setTimeout(r, 1200)); // past payoutSettleMs
        assert.deepEqual(
          h.receiver.received.map((w) => w.body['transaction_status']),
          ['Failed'],
        );
        // A settle delay the back-office call cannot lose to on a loaded machine (50 ms could).
      },
      { payoutSettleMs: 1000 },
    ));

  it('settle refuses an unknown status', () =>
    withHarness([], async (h) => {
      const data = await h.create({ type: 'PAYOUT', baseamount: 10.17 });
      for (const body of [{ transaction_status: 'Pending' }, { transaction_status: 'approved' }, {}]) {
        const response = await h.backOffice('POST', `/transactions/${data['transactionId'] as string}/settle`, body);
        assert.equal(response.status, 400);
        assert.deepEqual(await response.json(), {
          status: 'error',
          message: 'Validation failed',
          isSuccess: false,
          errors: ['transaction_status must be one of the following values: Approved, Declined, Failed, Rejected'],
        });
      }
      assert.equal(h.receiver.received.length, 0);
    }));

  it('re-sends the last webhook as an exact duplicate, 409 before any was sent', () =>
    withHarness([], async (h) => {
      const data = await h.create();
      const id = data['transactionId'] as string;
      assert.equal((await h.backOffice('POST', `/transactions/${id}/webhook`)).status, 409);
      await decide(data['redirect_url'] as string, 'decline');
      const response = await h.backOffice('POST', `/transactions/${id}/webhook`);
      assert.equal(response.status, 200);
      assert.equal(h.receiver.received.length, 2);
      assert.deepEqual(h.receiver.received[1]!.body, h.receiver.received[0]!.body);
      assert.equal(h.receiver.received[1]!.body['transaction_status'], 'Declined');
    }));

  it('lists transactions newest first and reads one', () =>
    withHarness([], async (h) => {
      const a = await h.create({ baseamount: 1 });
      const b = await h.create({ baseamount: 2 });
      const list = (await (await h.backOffice('GET', '/transactions')).json()) as Array<Record<string, unknown>>;
      assert.deepEqual(
        list.map((t) => t['transactionId']),
        [b['transactionId'], a['transactionId']],
      );
      const one = (await (await h.backOffice('GET', `/transactions/${a['transactionId'] as string}`)).json()) as Record<string, unknown>;
      assert.equal(one['amount'], 1);
      assert.equal(one['type'], 'PAYIN');
      assert.equal(one['pspType'], 'PAYONE');
      assert.equal((await h.backOffice('GET', '/transactions/nope')).status, 404);
    }));
});
