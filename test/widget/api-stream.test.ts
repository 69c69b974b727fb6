import { expect, waitUntil } from '@open-wc/testing';
import type { TransactionStatusResponse } from '../../src/core/contract.js';
import { createApi } from '../../src/widget/api.js';
import { fakeProxy, type FakeProxy } from '../../src/testing/index.js';

describe('api: the push channel', () => {
  let proxy: FakeProxy;
  beforeEach(() => {
    proxy = fakeProxy();
    proxy.push = true;
  });
  afterEach(() => proxy.restore());

  const listen = () => {
    const got: (TransactionStatusResponse | 'error')[] = [];
    const open = createApi('/api/cashier/').stream('tx_1')!;
    const handle = open({ message: (s) => got.push(s), error: () => got.push('error') });
    return { got, handle };
  };
  const opened = () => waitUntil(() => (proxy.stream() as unknown as { readyState: number } | undefined)?.readyState === 1);

  it('opens {endpoint}/transactions/:id/events and passes statuses that fit the contract', async () => {
    const { got } = listen();
    await opened();
    expect(new URL(proxy.stream()!.url).pathname).to.equal('/api/cashier/transactions/tx_1/events');
    proxy.stream()!.send('pending', { type: 'payout' });
    expect(got).to.deep.equal([{ transactionId: 'tx_1', status: 'pending', type: 'payout', updatedAt: '2026-11-23T10:00:00Z' }]);
  });

  for (const [name, data] of [
    ['not JSON', 'approved'],
    ['an unknown status', JSON.stringify({ transactionId: 'tx_1', status: 'APPROVED!', updatedAt: 'x' })],
    ['another transaction', JSON.stringify({ transactionId: 'tx_2', status: 'approved', updatedAt: 'x' })],
    ['no updatedAt', JSON.stringify({ transactionId: 'tx_1', status: 'approved' })],
  ] as const) {
    it(`never trusts a message with ${name}`, async () => {
      const { got } = listen();
      await opened();
      proxy.stream()!.sendRaw(data);
      expect(got).to.deep.equal(['error']);
    });
  }

  it('a failed connection is an error; close() closes the EventSource', async () => {
    proxy.push = false;
    const { got, handle } = listen();
    await waitUntil(() => got.length > 0);
    expect(got).to.deep.equal(['error']);
    handle.close();
    expect(proxy.stream()!.closed).to.equal(true);
  });

  it('is undefined where EventSource does not exist (polling only)', () => {
    const ES = window.EventSource;
    (window as { EventSource?: unknown }).EventSource = undefined;
    try {
      expect(createApi('/api/cashier').stream('tx_1')).to.equal(undefined);
    } finally {
      window.EventSource = ES;
    }
  });
});
