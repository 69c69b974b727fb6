/**
 * `GET transactions?limit=&cursor=`: the player's own transactions, newest first, paged by an
 * opaque cursor to the end; another player's never, whatever the cursor; bad input is a 400 that
 * names the parameter. And the store's `listTransactionsByUser` behind it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { call, startProxy, tempDir, type StartedProxy } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
let proxy: StartedProxy;
const ids = (res: { body: { transactions: { transactionId: string }[] } }) => res.body.transactions.map((t) => t.transactionId);
const tx = (n: number) => `tx_${n.toString(16).padStart(24, '0')}`;

before(async () => {
  dir = tempDir();
  proxy = await startProxy(join(dir.path, 'db.sqlite'), { upstreamUrl: 'http://127.0.0.1:9' });
  // Alice: 7 transactions, two of them in the same millisecond (the id breaks the tie); Bob: 2.
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 10, minute)).toISOString();
  for (let i = 1; i <= 7; i++) {
    await proxy.store.insertTransaction({
      id: tx(i),
      userId: 'user-alice',
      pspType: 'PAYONE',
      flow: i % 2 ? 'payin' : 'payout',
      amount: `${i}0.00`,
      currency: 'EUR',
      createdAt: at(i === 7 ? 6 : i),
    });
  }
  for (const i of [100, 101])
    await proxy.store.insertTransaction({
      id: tx(i),
      userId: 'user-bob',
      pspType: 'PAYONE',
      flow: 'payin',
      amount: '1.00',
      currency: 'EUR',
      createdAt: at(30),
    });
  await proxy.store.updateTransaction(tx(2), { status: 'approved', message: 'Paid out', updatedAt: at(40) });
});
after(async () => {
  await proxy.close();
  dir.remove();
});

describe('GET transactions (history)', () => {
  it('the player’s own, newest first, with what the list shows', async () => {
    const res = await call(`${proxy.api}/transactions`);
    assert.equal(res.status, 200);
    assert.deepEqual(ids(res), [tx(7), tx(6), tx(5), tx(4), tx(3), tx(2), tx(1)]);
    assert.equal(res.body.nextCursor, undefined, 'one page: no cursor');
    const two = res.body.transactions[5];
    assert.deepEqual(two, {
      transactionId: tx(2),
      status: 'approved',
      type: 'payout',
      pspType: 'PAYONE',
      amount: '20.00',
      fee: '0.00',
      total: '20.00',
      currency: 'EUR',
      message: 'Paid out',
      updatedAt: two.updatedAt,
      createdAt: '2026-11-30T10:02:00.000Z',
    });
  });

  it('pages by the opaque cursor to the end, each row once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(`${proxy.api}/transactions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [tx(7), tx(6), tx(5), tx(4), tx(3), tx(2), tx(1)]);
  });

  it('another player’s never: Bob sees his own, and Alice’s cursor gives Bob only his', async () => {
    assert.deepEqual(ids(await call(`${proxy.api}/transactions`, { user: 'bob' })), [tx(101), tx(100)]);
    const alicePage = await call(`${proxy.api}/transactions?limit=2`);
    const bob = await call(`${proxy.api}/transactions?cursor=${alicePage.body.nextCursor}`, { user: 'bob' });
    assert.ok(
      ids(bob).every((id) => id === tx(100) || id === tx(101)),
      JSON.stringify(ids(bob)),
    );
  });

  it('nobody logged in: 401', async () => {
    assert.equal((await call(`${proxy.api}/transactions`, { user: null })).status, 401);
  });

  for (const [query, field] of [
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not*base64', 'cursor'],
    ['cursor=e30', 'cursor'],
  ] as const) {
    it(`${query} is a 400 naming ${field}`, async () => {
      const res = await call(`${proxy.api}/transactions?${query}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalid_request');
      assert.equal(res.body.error.field, field);
    });
  }

  it('other methods: 405 saying GET, POST', async () => {
    const res = await call(`${proxy.api}/transactions`, { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, POST');
  });
});
