/**
 * Issue 13 rule 4 "The merchant authorizes": `authorize({ user, request })` runs before any
 * upstream call, for pay-ins and pay-outs, and may refuse with a reason from a closed list. (The
 * standalone server's flows and providers turned off by environment: test/standalone/environment.test.ts.)
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ErrorResponse, REFUSAL_REASONS } from '../../src/core/contract.js';
import type { AuthorizeDecision, AuthorizeRequest, CashierUser } from '../../src/proxy/index.js';
import { ALICE, call, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, type FakeUpstream, type StartedProxy } from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
let proxy: StartedProxy | undefined;
let n = 0;
before(async () => {
  upstream = await startFakeUpstream();
  upstream.reply = () => ({
    status: 200,
    body: JSON.stringify({
      status: 'success',
      isSuccess: true,
      data: { transactionId: `a-${upstream.calls.length}`, transaction_status: 'Pending', redirect_url: 'https://hpp.example/pay' },
    }),
  });
});
after(async () => {
  await upstream.close();
  dir.remove();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

async function withAuthorize(authorize: (args: { user: CashierUser; request: AuthorizeRequest }) => AuthorizeDecision | Promise<AuthorizeDecision>) {
  proxy = await startProxy(join(dir.path, `auth-${++n}.db`), { upstreamUrl: upstream.url, authorize });
  return proxy;
}

describe('authorize (issue 13 rule 4)', () => {
  it('runs before the upstream call with the user, the validated request and the transaction’s id; a refusal sends nothing and ends the transaction declined', async () => {
    const seen: { user: CashierUser; request: AuthorizeRequest }[] = [];
    let balance = '5.00';
    const p = await withAuthorize(async (args) => {
      seen.push(args);
      await new Promise((r) => setTimeout(r, 5));
      return Number(args.request.amount) > Number(balance) ? { ok: false, reason: 'insufficient_balance' } : { ok: true };
    });
    const calls = upstream.calls.length;
    const key = newKey();
    const body = payoneRequest({ type: 'payout', amount: '25.5' });
    const refused = await call(`${p.api}/transactions`, { body, key });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.ok(ErrorResponse.safeParse(refused.body).success, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'refused');
    assert.equal(refused.body.error.retryable, false);
    assert.deepEqual(refused.body.error.refusal, { reason: 'insufficient_balance' });
    assert.equal(upstream.calls.length, calls, 'Mozarto was not called');
    const { authorizationId, ...request } = seen[0]!.request;
    assert.deepEqual(
      { user: seen[0]!.user, request },
      { user: ALICE, request: { flow: 'payout', pspType: 'PAYONE', amount: '25.50', fee: '0.00', total: '25.50', currency: 'EUR' } },
    );
    const refusedTx = (await p.store.getTransaction(authorizationId))!;
    assert.deepEqual(
      [refusedTx.status, refusedTx.errorCode, refusedTx.upstreamId],
      ['declined', 'refused', null],
      'the id asked about is the transaction’s, ended',
    );

    balance = '100.00'; // the player topped up: the same key may be used again
    const allowed = await call(`${p.api}/transactions`, { body, key });
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
    assert.equal(upstream.calls.length, calls + 1);
    assert.equal(seen[1]!.request.authorizationId, allowed.body.transactionId, 'a new attempt, a new id: the one the transaction has');
    assert.equal(upstream.calls[upstream.calls.length - 1]!.body.merchantReference, allowed.body.transactionId);
  });

  it('covers pay-ins too, and carries limit_reached with the remaining amount and the reset time', async () => {
    const p = await withAuthorize(({ request }) =>
      request.flow === 'payin' ? { ok: false, reason: 'limit_reached', remaining: '20', resetsAt: new Date('2026-07-01T00:00:00Z') } : { ok: true },
    );
    const res = await call(`${p.api}/transactions`, { body: payoneRequest(), key: newKey() });
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.refusal, { reason: 'limit_reached', remaining: '20.00', resetsAt: '2026-07-01T00:00:00.000Z' });
  });

  for (const reason of REFUSAL_REASONS) {
    it(`passes the reason ${reason} to the widget`, async () => {
      const p = await withAuthorize(() => ({ ok: false, reason }));
      const res = await call(`${p.api}/transactions`, { body: payoneRequest(), key: newKey() });
      assert.equal(res.body.error.refusal.reason, reason);
    });
  }

  for (const [name, hook] of [
    ['throws', () => Promise.reject(new Error('wallet service down'))],
    ['answers an unknown reason', () => ({ ok: false, reason: 'because' }) as unknown as AuthorizeDecision],
    ['answers nothing', () => undefined as unknown as AuthorizeDecision],
    ['answers a truthy non-decision', () => 'yes' as unknown as AuthorizeDecision],
    ['allows with a profile that is not an object', () => ({ ok: true, profile: 'kyc' }) as unknown as AuthorizeDecision],
  ] as const) {
    it(`fails closed when authorize ${name}: no upstream call, a clear "try again", the transaction failed with why`, async () => {
      const p = await withAuthorize(hook as () => AuthorizeDecision);
      const calls = upstream.calls.length;
      const res = await call(`${p.api}/transactions`, { body: payoneRequest(), key: newKey() });
      assert.equal(res.status, 503);
      assert.equal(res.body.error.code, 'authorize_unavailable');
      assert.equal(res.body.error.retryable, true);
      assert.equal(upstream.calls.length, calls);
      const [tx] = await p.store.listTransactionsByUser(ALICE.id, 1);
      assert.deepEqual([tx!.status, tx!.errorCode], ['failed', 'authorize_unavailable']);
    });
  }
});
