/**
 * Faults injected in the sandbox (src/sandbox/faults.ts), seen through the proxy over real HTTP
 * on loopback. A fault after the request was sent leaves the outcome unknown (issue 13 rule 2):
 * `202 { status: 'unknown' }`, and a retry with the same Idempotency-Key replays it without
 * calling Mozarto again; a late webhook settles it. Duplicate or out-of-order webhooks never move
 * a final status.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ErrorResponse } from '../../src/core/contract.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { COMPANY_TOKEN, WEBHOOK_SECRET, call, eventually, newKey, payoneRequest, startProxy, tempDir, type Call, type StartedProxy } from './helpers.js';

const dir = tempDir();
let sandbox: StartedSandbox;
let proxy: StartedProxy;
const UPSTREAM_TIMEOUT_MS = 2000; // generous: a normal call on a busy machine must not time out

before(async () => {
  sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 30, companyToken: COMPANY_TOKEN, siteUrl: 'http://localhost/return' });
  proxy = await startProxy(join(dir.path, 'faults.db'), { upstreamUrl: sandbox.url, upstreamTimeoutMs: UPSTREAM_TIMEOUT_MS, rateLimit: false });
  sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
});
after(async () => {
  await proxy?.close();
  await sandbox?.close();
  dir.remove();
});
beforeEach(() => sandbox.sandbox.faults.clear());

async function arm(fault: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault, ...extra }),
  });
  assert.equal(res.status, 200);
}

const upstreamCount = () => sandbox.sandbox.transactions().length;
const create = (body: unknown, key: string) => call(`${proxy.api}/transactions`, { body, key });
const status = (id: string) => call(`${proxy.api}/transactions/${id}`);

function assertError(res: Call, httpStatus: number, code: string, retryable: boolean): void {
  assert.equal(res.status, httpStatus, JSON.stringify(res.body));
  assert.equal(ErrorResponse.safeParse(res.body).success, true, JSON.stringify(res.body));
  assert.equal(res.body.error.code, code);
  assert.equal(res.body.error.retryable, retryable);
}

/**
 * Under `fault` the outcome is unknown: 202 `unknown`, the transaction waits in `unknown`, and a
 * retry with the same key replays that answer without reaching the sandbox (which would otherwise
 * create a transaction now that the fault is used up).
 */
async function unknownThenReplayed(fault: string, code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const before = upstreamCount();
  await arm(fault, extra);
  const key = newKey();
  const body = payoneRequest({ amount: '12.00' });
  const first = await create(body, key);
  assert.equal(first.status, 202, JSON.stringify(first.body));
  assert.equal(first.body.status, 'unknown');
  assert.equal((await proxy.store.getTransaction(first.body.transactionId))?.errorCode, code);

  const retry = await create(body, key);
  assert.equal(retry.status, 202, JSON.stringify(retry.body));
  assert.equal(retry.headers.get('idempotent-replayed'), 'true');
  assert.equal(retry.body.transactionId, first.body.transactionId);
  assert.equal(upstreamCount(), before, 'the retry never called Mozarto again');
  assert.equal((await status(first.body.transactionId)).body.status, 'unknown');
}

/** A pay-out created through the proxy, and the sandbox's first two webhook deliveries for it. */
async function payoutAndTwoWebhooks(amount: string) {
  const res = await create(payoneRequest({ type: 'payout', amount }), newKey());
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const upstreamId = sandbox.sandbox.transactions()[0]!.transactionId;
  const deliveries = await eventually(
    () => {
      const d = sandbox.sandbox.webhookLog().filter((w) => w.transactionId === upstreamId);
      return d.length >= 2 ? d : undefined;
    },
    5000,
    'two webhook deliveries',
  );
  return { id: res.body.transactionId as string, deliveries };
}

describe('proxy + sandbox under injected faults', () => {
  it('500 → 202 unknown (upstream_error); the retry with the same key never calls Mozarto', () => unknownThenReplayed('500', 'upstream_error'));

  it('504 after a hang → 202 unknown (upstream_timeout); the retry never calls Mozarto', () =>
    unknownThenReplayed('504-after-hang', 'upstream_timeout', { ms: 100 }));

  it('malformed JSON → 202 unknown (upstream_error); the retry never calls Mozarto', () => unknownThenReplayed('malformed-json', 'upstream_error'));

  it('dropped connection → 202 unknown (upstream_error); the retry never calls Mozarto', () => unknownThenReplayed('drop-connection', 'upstream_error'));

  it('slower than the proxy waits → 202 unknown (upstream_timeout); the retry never calls Mozarto', () =>
    unknownThenReplayed('slow', 'upstream_timeout', { ms: UPSTREAM_TIMEOUT_MS * 4 }));

  it('a pay-out Mozarto took but answered late: unknown, the retry sends no second pay-out, the webhook settles it', async () => {
    const before = upstreamCount();
    await arm('late-answer', { ms: UPSTREAM_TIMEOUT_MS * 3 });
    const key = newKey();
    // .16: the pay-out waits for back-office approval, so its webhook comes after our timeout.
    const body = payoneRequest({ type: 'payout', amount: '20.16' });
    const first = await create(body, key);
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.equal(first.body.status, 'unknown');
    assert.equal(upstreamCount(), before + 1, 'Mozarto did take it');
    const retry = await create(body, key);
    assert.equal(retry.body.transactionId, first.body.transactionId);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(upstreamCount(), before + 1, 'no second pay-out');
    const upstreamId = sandbox.sandbox.transactions().at(-1)!.transactionId;
    const approve = await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/approve`, { method: 'POST' });
    assert.equal(approve.status, 200);
    const settled = await eventually(
      async () => {
        const s = (await status(first.body.transactionId)).body;
        return s.status === 'approved' ? s : undefined;
      },
      8000,
      'the webhook settling the unknown pay-out',
    );
    assert.equal(settled.status, 'approved');
    const stored = await proxy.store.getTransaction(first.body.transactionId);
    assert.equal(stored?.upstreamId, sandbox.sandbox.transactions().at(-1)!.transactionId, 'matched by merchantReference, upstream id learnt');
  });

  it('slow but within the timeout → 201, one transaction', async () => {
    const before = upstreamCount();
    await arm('slow', { ms: 100 });
    const res = await create(payoneRequest(), newKey());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(upstreamCount(), before + 1);
  });

  it('the unknown attempt is recorded as unknown with its class, never left pending', async () => {
    await arm('500');
    const res = await create(payoneRequest({ amount: '13.00' }), newKey());
    assert.equal(res.status, 202);
    const entry = proxy.logger.entries.find((e) => /outcome unknown/.test(e.msg) && e.transactionId === res.body.transactionId);
    assert.ok(entry, 'the unknown outcome is logged with its transaction id');
    const stored = await proxy.store.getTransaction(res.body.transactionId);
    assert.equal(stored?.status, 'unknown');
    assert.equal(stored?.errorCode, 'upstream_error');
  });

  it('a PSP refusal that proves nothing was created (400 PSP_UNAVAILABLE) frees the key: the retry runs', async () => {
    const key = newKey();
    const body = payoneRequest({ amount: '12.97' });
    assertError(await create(body, key), 502, 'psp_unavailable', true);
    const again = await create(body, key);
    assert.equal(again.headers.get('idempotent-replayed'), null);
    assertError(again, 502, 'psp_unavailable', true);
  });

  it('duplicate webhooks: approved once, stays approved, one transaction', async () => {
    await arm('duplicate-webhook');
    const { id, deliveries } = await payoutAndTwoWebhooks('10.00');
    // both deliveries reached the proxy and were accepted (2xx): a duplicate is not an error
    assert.ok(
      deliveries.every((d) => d.ok),
      JSON.stringify(deliveries.map((d) => d.httpStatus)),
    );
    assert.equal((await status(id)).body.status, 'approved');
  });

  it('out-of-order webhooks: a stale Pending after Declined never reverts the final status', async () => {
    await arm('out-of-order-webhooks');
    const { id, deliveries } = await payoutAndTwoWebhooks('10.13');
    assert.deepEqual(
      deliveries.map((d) => d.payload.transaction_status),
      ['Declined', 'Pending'],
    );
    assert.ok(deliveries[1]!.httpStatus! < 500, `stale webhook answered ${deliveries[1]!.httpStatus}`);
    assert.equal((await status(id)).body.status, 'declined');
  });
});
