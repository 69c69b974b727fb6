/**
 * Fault injection (src/sandbox/faults.ts): `/__sandbox/faults` arms the next N cashier calls with
 * a failure; each fault does what the README says, is used up, and creates no transaction when it
 * answers instead of the sandbox.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startHarness, payoneBody, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());
beforeEach(async () => {
  await fetch(`${h.url}/__sandbox/faults`, { method: 'DELETE' });
});

const arm = (body: unknown) =>
  fetch(`${h.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const count = () => h.sandbox.sandbox.transactions().length;

describe('sandbox faults: the switch', () => {
  it('arms, lists and clears', async () => {
    const res = await arm({ fault: '500', count: 2 });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { armed: unknown[] }).armed, [{ fault: '500', remaining: 2, ms: 1000 }]);
    const listed = (await (await fetch(`${h.url}/__sandbox/faults`)).json()) as { armed: unknown[] };
    assert.equal(listed.armed.length, 1);
    assert.equal((await fetch(`${h.url}/__sandbox/faults`, { method: 'DELETE' })).status, 200);
    const after = (await (await fetch(`${h.url}/__sandbox/faults`)).json()) as { armed: unknown[] };
    assert.deepEqual(after.armed, []);
    // disarmed: the next call is normal
    assert.equal((await h.cashier(payoneBody())).status, 200);
  });

  it('refuses unknown faults, bad counts and bad delays with 400', async () => {
    for (const body of [
      { fault: 'explode' },
      { fault: '500', count: 0 },
      { fault: '500', count: 1.5 },
      { fault: 'slow', ms: -1 },
      { fault: 'slow', ms: 'x' },
      [],
    ]) {
      const res = await arm(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as { status: string }).status, 'error');
    }
    const bad = await fetch(`${h.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.equal(bad.status, 400);
  });

  it('catches exactly `count` cashier calls, in the order armed', async () => {
    await arm({ fault: '500', count: 2 });
    await arm({ fault: 'malformed-json', count: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.cashier(payoneBody())).status);
    assert.deepEqual(statuses, [500, 500, 200, 200]);
  });
});

describe('sandbox faults: each fault', () => {
  it('500: Mozarto generic 500, no transaction', async () => {
    const before = count();
    await arm({ fault: '500' });
    const res = await h.cashier(payoneBody());
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { status: 'error', message: 'Internal server error', isSuccess: false, data: 'Something went wrong' });
    assert.equal(count(), before);
  });

  it('504-after-hang: waits, then a gateway HTML 504, no transaction', async () => {
    const before = count();
    await arm({ fault: '504-after-hang', ms: 150 });
    const res = await h.cashier(payoneBody());
    assert.equal(res.status, 504);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(count(), before);
  });

  it('malformed-json: 200 with a body that is not JSON, no transaction', async () => {
    const before = count();
    await arm({ fault: 'malformed-json' });
    const res = await h.cashier(payoneBody());
    assert.equal(res.status, 200);
    await assert.rejects(res.json());
    assert.equal(count(), before);
  });

  it('slow: the normal answer, late, and the transaction exists', async () => {
    const before = count();
    await arm({ fault: 'slow', ms: 150 });
    const res = await h.cashier(payoneBody());
    assert.equal(res.status, 200);
    assert.equal(count(), before + 1);
  });

  it('slow: a caller that gives up creates nothing', async () => {
    const before = count();
    await arm({ fault: 'slow', ms: 300 });
    await assert.rejects(
      fetch(`${h.url}/v1/api/mozarto/cashier`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-company-token', 'content-type': 'application/json' },
        body: JSON.stringify(payoneBody()),
        signal: AbortSignal.timeout(100),
      }),
    );
    await new Promise((r) => setTimeout(r, 500)); // past the 300 ms the sandbox would have waited
    assert.equal(count(), before);
    assert.deepEqual(h.sandbox.sandbox.faults.list(), []);
  });

  it('drop-connection: the socket closes without an answer, no transaction', async () => {
    const before = count();
    await arm({ fault: 'drop-connection' });
    await assert.rejects(h.cashier(payoneBody()), /fetch failed|other side closed|socket/i);
    assert.equal(count(), before);
    assert.equal((await h.cashier(payoneBody())).status, 200, 'used up after one call');
  });

  it('duplicate-webhook: every webhook of the transaction arrives twice', async () => {
    await arm({ fault: 'duplicate-webhook' });
    const already = h.receiver.received.length;
    const data = await h.create({ type: 'PAYOUT', baseamount: 10.0 });
    const got = await h.receiver.waitFor(already + 2);
    const mine = got.slice(already).filter((r) => r.body.transaction_id === data.transactionId);
    assert.equal(mine.length, 2);
    assert.deepEqual(mine[0]!.body, mine[1]!.body);
    assert.equal(mine[0]!.body.transaction_status, 'Approved');
  });

  it('out-of-order-webhooks: the final webhook is followed by a stale Pending one', async () => {
    await arm({ fault: 'out-of-order-webhooks' });
    const already = h.receiver.received.length;
    const data = await h.create({ type: 'PAYOUT', baseamount: 10.13 });
    const got = await h.receiver.waitFor(already + 2);
    const mine = got.slice(already).filter((r) => r.body.transaction_id === data.transactionId);
    assert.deepEqual(
      mine.map((r) => r.body.transaction_status),
      ['Declined', 'Pending'],
    );
  });
});
