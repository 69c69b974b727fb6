/**
 * Issue 24, a database outage: two standalone instances on one PostgreSQL behind a balancer, and
 * PostgreSQL stopped for 10 s while creates and webhooks are in flight (the scenario and its
 * assertions: outage.ts).
 *
 * On the code before issue 24: a create whose answer could not be stored was a 500 retryable,
 * its retries a 409 "in progress" until the stale limit; webhooks were refused and lost once the
 * sandbox stopped retrying, leaving pay-outs approved at Mozarto pending at the proxy.
 */
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { payThroughOutage } from './outage.js';
import { startStack, type Stack } from './stack.js';

describe('PostgreSQL stopped for 10 s while creates and webhooks are in flight', () => {
  let stack: Stack;
  let sql: postgres.Sql;
  before(async () => {
    stack = await startStack({
      env: { CASHIER_DRAIN_DELAY_MS: '200', MOZARTO_TIMEOUT_MS: '4000', CASHIER_STALE_AFTER_MS: '20000' },
      sandbox: { payoutSettleMs: 2500 },
    });
    sql = postgres(stack.cluster.url, { max: 1, onnotice: () => {} });
  });
  after(async () => {
    await sql?.end({ timeout: 1 });
    await stack?.close();
  });

  it('0 double pay-outs, every create answered, 0 rows stranded, every webhook applied within seconds of the return', (t) =>
    payThroughOutage(t, {
      api: stack.api,
      sandbox: stack.sandbox,
      players: 6,
      outageMs: 10_000,
      refuses: true,
      logs: () => stack.instances.map((i) => i.out()).join('\n'),
      down: () => stack.cluster.halt(),
      up: () => stack.cluster.resume(),
      statuses: async (ids) => [...(await sql<{ id: string; status: string }[]>`SELECT id, status FROM mozarto_cashier.transactions WHERE id IN ${sql(ids)}`)],
      unsettled: async () => [
        ...(await sql<
          { id: string; status: string }[]
        >`SELECT id, status FROM mozarto_cashier.transactions WHERE status IN ('pending', 'awaiting_approval', 'unknown')`),
      ],
    }));
});
