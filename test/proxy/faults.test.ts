/**
 * Faults injected in the sandbox (src/sandbox/faults.ts), seen through the proxy over real HTTP
 * on loopback: each reaches the widget-facing API as a clear error code (retryable where a retry
 * can help), a retry with the same Idempotency-Key creates exactly one upstream transaction, and
 * duplicate or out-of-order webhooks never move a final status.
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

/** Fails once under `fault`, then the same key succeeds, and a third call replays: one upstream transaction. */
async function failsThenOneTransaction(fault: string, httpStatus: number, code: string, extra: Record<string, unknown> = {}): Promise<void> {
  const before = upstreamCount();
  await arm(fault, extra);
  const key = newKey();
  const body = payoneRequest({ amount: '12.00' });
  assertError(await create(body, key), httpStatus, code, true);
  assert.equal(upstreamCount(), before, `${fault} created an upstream transaction`);

  const retry = await create(body, key);
  assert.equal(retry.status, 201, JSON.stringify(retry.body));
  const replay = await create(body, key);
  assert.equal(replay.status, 201);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(replay.body.transactionId, retry.body.transactionId);
  assert.equal(upstreamCount(), before + 1, 'exactly one upstream transaction after the retries');
  assert.equal((await status(retry.body.transactionId)).body.status, 'pending');
}

/** A pay-out created through the proxy, and the sandbox's first two webhook deliveries for it. */
async function payoutAndTwoWebhooks(amount: string) {
  const res = await create(payoneRequest({ type: 'payout', amount }), newKey());
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const upstreamId = sandbox.sandbox.transactions()[0]!.transactionId;
  const deliveries = await eventually(() => {
    const d = sandbox.sandbox.webhookLog().filter((w) => w.transactionId === upstreamId);
    return d.length >= 2 ? d : undefined;
  }, 5000, 'two webhook deliveries');
  return { id: res.body.transactionId as string, deliveries };
}

describe('proxy + sandbox under injected faults', () => {
  it('500 → upstream_error (502, retryable); the retry makes one transaction', () => failsThenOneTransaction('500', 502, 'upstream_error'));

  it('504 after a hang → upstream_timeout (504, retryable); the retry makes one transaction', () =>
    failsThenOneTransaction('504-after-hang', 504, 'upstream_timeout', { ms: 100 }));

  it('malformed JSON → upstream_error (502, retryable); the retry makes one transaction', () =>
    failsThenOneTransaction('malformed-json', 502, 'upstream_error'));

  it('dropped connection → upstream_error (502, retryable); the retry makes one transaction', () =>
    failsThenOneTransaction('drop-connection', 502, 'upstream_error'));

  it('slower than the proxy waits → upstream_timeout (504, retryable); nothing created upstream; the retry makes one', () =>
    failsThenOneTransaction('slow', 504, 'upstream_timeout', { ms: UPSTREAM_TIMEOUT_MS * 4 }));

  it('slow but within the timeout → 201, one transaction', async () => {
    const before = upstreamCount();
    await arm('slow', { ms: 100 });
    const res = await create(payoneRequest(), newKey());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(upstreamCount(), before + 1);
  });

  it('the failed attempt is recorded as failed, never left pending', async () => {
    await arm('500');
    const res = await create(payoneRequest({ amount: '13.00' }), newKey());
    assertError(res, 502, 'upstream_error', true);
    const entry = proxy.logger.entries.find((e) => e.msg === 'upstream call failed' && e.requestId === res.body.error.requestId);
    assert.ok(entry && typeof entry.transactionId === 'string', 'the failure is logged with its transaction id');
    const stored = await proxy.store.getTransaction(entry.transactionId as string);
    assert.equal(stored?.status, 'failed');
    assert.equal(stored?.errorCode, 'upstream_error');
  });

  it('duplicate webhooks: approved once, stays approved, one transaction', async () => {
    await arm('duplicate-webhook');
    const { id, deliveries } = await payoutAndTwoWebhooks('10.00');
    // both deliveries reached the proxy and were accepted (2xx): a duplicate is not an error
    assert.ok(deliveries.every((d) => d.ok), JSON.stringify(deliveries.map((d) => d.httpStatus)));
    assert.equal((await status(id)).body.status, 'approved');
  });

  it('out-of-order webhooks: a stale Pending after Declined never reverts the final status', async () => {
    await arm('out-of-order-webhooks');
    const { id, deliveries } = await payoutAndTwoWebhooks('10.13');
    assert.deepEqual(deliveries.map((d) => d.payload.transaction_status), ['Declined', 'Pending']);
    assert.ok(deliveries[1]!.httpStatus! < 500, `stale webhook answered ${deliveries[1]!.httpStatus}`);
    assert.equal((await status(id)).body.status, 'declined');
  });
});
