/**
 * Issue 23 rule 2, the README's recipe made safe: a merchant holds the amount in `authorize` under
 * the `authorizationId` (the transaction's id) and captures or releases it on the transaction's
 * terminal outcome (`onOutcome` in process; the events over HTTP carry the same). Proven with a
 * wallet in process:
 *
 * - 10 concurrent pay-outs of 100.00 against a balance of 150.00, through the real sandbox: at most
 *   one goes through, the balance ends at 50.00 and no hold is left. The recipe the README gave
 *   before (check the balance in `authorize`, debit in `onOutcome`) let all 10 through.
 * - Every exit of the create path ends the transaction in exactly one terminal outcome, also when
 *   it never reached Mozarto (refused, the merchant unavailable, the player's profile lacking a
 *   field, refused by Mozarto, no connection, an error on the way), so no hold is left behind.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { toMinor } from '../../src/core/amount.js';
import type { AuthorizeDecision, AuthorizeRequest, StoredTransaction } from '../../src/proxy/index.js';
import { TERMINAL_EVENTS } from '../../src/proxy/merchant/merchant-event.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { EVENTS_SECRET, startMerchantEndpoint, type MerchantEndpoint } from './merchant-endpoint.js';
import {
  COMPANY_TOKEN,
  WEBHOOK_SECRET,
  call,
  eventually,
  newKey,
  payoneRequest,
  startFakeUpstream,
  startProxy,
  tempDir,
  type FakeUpstream,
  type StartedProxy,
} from './helpers.js';

/**
 * The merchant's wallet, in minor units, as the README's "Your backend" tells it to be kept. The
 * check and the hold are one step (in SQL: `UPDATE … SET held = held + :amount WHERE balance -
 * held >= :amount`); the awaits around it stand for the database's round trips.
 */
class Wallet {
  balance: number;
  readonly holds = new Map<string, number>();
  /** Terminal outcomes heard, per transaction: exactly one each. */
  readonly outcomes = new Map<string, string[]>();
  constructor(balance: string) {
    this.balance = toMinor(balance);
  }

  async authorize({ request }: { request: AuthorizeRequest }): Promise<AuthorizeDecision> {
    await new Promise((r) => setTimeout(r, 5));
    if (request.flow === 'payin') return { ok: true };
    if (this.holds.has(request.authorizationId)) return { ok: true }; // asked again for the same id
    const amount = toMinor(request.amount);
    const held = [...this.holds.values()].reduce((a, b) => a + b, 0);
    if (this.balance - held < amount) return { ok: false, reason: 'insufficient_balance' };
    this.holds.set(request.authorizationId, amount);
    await new Promise((r) => setTimeout(r, 5));
    return { ok: true };
  }

  /** `onOutcome`: capture on approved, release on any other terminal status; idempotent by id and status. */
  outcome(tx: StoredTransaction): void {
    const heard = this.outcomes.get(tx.id) ?? [];
    if (heard.includes(tx.status)) return;
    this.outcomes.set(tx.id, [...heard, tx.status]);
    const held = this.holds.get(tx.id);
    this.holds.delete(tx.id);
    if (tx.flow === 'payin' && tx.status === 'approved') this.balance += toMinor(tx.amount);
    if (tx.flow === 'payout' && tx.status === 'approved') this.balance -= held ?? toMinor(tx.amount);
  }
}

const dir = tempDir();
after(() => dir.remove());

describe('10 concurrent pay-outs of 100.00 against a balance of 150.00 (the real sandbox)', () => {
  let sandbox: StartedSandbox;
  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 200, companyToken: COMPANY_TOKEN });
  });
  after(() => sandbox.close());

  async function race(
    wallet: Wallet,
    authorize: (args: { request: AuthorizeRequest }) => Promise<AuthorizeDecision>,
    onOutcome: (tx: StoredTransaction) => void,
  ) {
    const proxy = await startProxy(join(dir.path, `race-${Date.now()}.db`), {
      upstreamUrl: sandbox.url,
      authorize,
      onOutcome,
      outcomeRetryMs: 100,
      rateLimit: false,
    });
    sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
    try {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '100.00' }), key: newKey() })),
      );
      const created = answers.filter((a) => a.status === 201).map((a) => a.body.transactionId as string);
      // Every transaction of the race reaches its terminal outcome, and the merchant hears it.
      await eventually(
        async () => {
          const all = await proxy.store.listTransactionsByUser('user-alice', 100);
          return all.length === 10 && all.every((tx) => wallet.outcomes.has(tx.id)) ? true : undefined;
        },
        15_000,
        'every outcome heard',
      );
      const approved = (await proxy.store.listTransactionsByUser('user-alice', 100)).filter((tx) => tx.status === 'approved');
      return { answers, created, approved };
    } finally {
      await proxy.close();
    }
  }

  it('the recipe the README gave before — check the balance in authorize, debit in onOutcome — lets all 10 through', async () => {
    const wallet = new Wallet('150.00');
    const { approved } = await race(
      wallet,
      async ({ request }) => (toMinor(request.amount) <= wallet.balance ? { ok: true } : { ok: false, reason: 'insufficient_balance' }),
      (tx) => {
        if (wallet.outcomes.has(tx.id)) return;
        wallet.outcomes.set(tx.id, [tx.status]);
        if (tx.status === 'approved') wallet.balance -= toMinor(tx.amount);
      },
    );
    assert.equal(approved.length, 10);
    assert.equal(wallet.balance, toMinor('150.00') - 10 * toMinor('100.00'), 'the balance −850.00');
  });

  it('holding in authorize under the authorizationId: one goes through, nine are refused, 50.00 left and no hold', async () => {
    const wallet = new Wallet('150.00');
    const { answers, approved } = await race(
      wallet,
      (args) => wallet.authorize(args),
      (tx) => wallet.outcome(tx),
    );
    assert.equal(approved.length, 1, `approved: ${approved.length}`);
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array<number>(9).fill(422)]);
    assert.ok(answers.filter((a) => a.status === 422).every((a) => a.body.error.refusal.reason === 'insufficient_balance'));
    assert.equal(wallet.balance, toMinor('50.00'));
    assert.deepEqual([...wallet.holds], [], 'no hold left');
    assert.ok(
      [...wallet.outcomes.values()].every((heard) => heard.length === 1),
      'one terminal outcome each',
    );
  });
});

describe('the same race over HTTP: the merchant’s wallet behind authorizeUrl and the events (node:http), counted at the sandbox', () => {
  let sandbox: StartedSandbox;
  let merchant: MerchantEndpoint;
  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 200, companyToken: COMPANY_TOKEN });
    merchant = await startMerchantEndpoint();
  });
  after(async () => {
    await merchant.close();
    await sandbox.close();
  });

  it('10 concurrent pay-outs of 100.00 against 150.00 held at authorize: one reaches the sandbox, 50.00 left, no hold, each event applied once', async () => {
    // The merchant's backend as README "Your backend" tells it: hold at authorize (check and hold
    // in one step), capture or release on the terminal event, dedupe on webhook-id.
    let balance = toMinor('150.00');
    const holds = new Map<string, number>();
    const applied = new Set<string>();
    merchant.reply = (r) => {
      if (!r.verified) return { status: 400 };
      if (r.path === '/authorize') {
        const { authorizationId, type, amount } = r.json as { authorizationId: string; type: string; amount: string };
        if (type !== 'payout' || holds.has(authorizationId)) return { status: 200, body: '{"decision":"allow"}', delayMs: 5 };
        const held = [...holds.values()].reduce((a, b) => a + b, 0);
        if (balance - held < toMinor(amount)) return { status: 200, body: '{"decision":"refuse","reason":"insufficient_balance"}', delayMs: 5 };
        holds.set(authorizationId, toMinor(amount));
        return { status: 200, body: '{"decision":"allow"}', delayMs: 5 };
      }
      const id = String(r.headers['webhook-id']);
      if (applied.has(id)) return { status: 200 };
      applied.add(id);
      const { type, data } = r.json as { type: string; data: { transactionId: string; amount: string; flow: string } };
      if (!(TERMINAL_EVENTS as readonly string[]).includes(type) || !holds.has(data.transactionId)) return { status: 200 };
      if (type === 'transaction.approved') balance -= holds.get(data.transactionId)!;
      if (type !== 'transaction.review' && type !== 'transaction.unknown') holds.delete(data.transactionId);
      return { status: 200 };
    };
    const proxy = await startProxy(join(dir.path, 'race-http.db'), {
      upstreamUrl: sandbox.url,
      authorizeUrl: merchant.authorizeUrl,
      events: { urls: [merchant.url], secret: EVENTS_SECRET },
      rateLimit: false,
    });
    sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
    try {
      const atSandbox = () => sandbox.sandbox.transactions().filter((t) => t.type === 'PAYOUT').length;
      const before = atSandbox();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '100.00' }), key: newKey() })),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, ...Array<number>(9).fill(422)]);
      assert.equal(atSandbox() - before, 1, 'one pay-out reached the sandbox');
      await eventually(() => (holds.size === 0 && balance === toMinor('50.00') ? true : undefined), 15_000, 'the hold captured');
      const ids = merchant.acknowledged().map((r) => String(r.headers['webhook-id']));
      assert.equal(new Set(ids).size, ids.length, 'no event acknowledged twice');
      assert.equal(balance, toMinor('50.00'));
    } finally {
      await proxy.close();
    }
  });
});

describe('every exit of the create path ends in one terminal outcome (no hold is stuck)', () => {
  let upstream: FakeUpstream;
  let merchant: MerchantEndpoint;
  let proxy: StartedProxy;
  let wallet: Wallet;
  /** What the merchant's authorize does after holding: answer, or fail. */
  let afterHold: 'allow' | 'throw' = 'allow';

  before(async () => {
    upstream = await startFakeUpstream();
    merchant = await startMerchantEndpoint();
    wallet = new Wallet('1000.00');
    proxy = await startProxy(join(dir.path, 'exits.db'), {
      upstreamUrl: upstream.url,
      rateLimit: false,
      outcomeRetryMs: 100,
      events: { urls: [merchant.url], secret: EVENTS_SECRET },
      authorize: async (args) => {
        const decision = await wallet.authorize(args);
        if (afterHold === 'throw') throw new Error('wallet service timed out after holding');
        return decision;
      },
      onOutcome: (tx) => wallet.outcome(tx),
    });
  });
  after(async () => {
    await proxy.close();
    await merchant.close();
    await upstream.close();
  });

  /** A pay-out of 10.00 through the scripted Mozarto; the transaction's id is the authorizationId. */
  async function payout(body = payoneRequest({ type: 'payout' })): Promise<{ status: number; id: string }> {
    const before = new Set((await proxy.store.listTransactionsByUser('user-alice', 1000)).map((t) => t.id));
    const res = await call(`${proxy.api}/transactions`, { body, key: newKey() });
    const [tx] = (await proxy.store.listTransactionsByUser('user-alice', 1000)).filter((t) => !before.has(t.id));
    assert.ok(tx, `a transaction was stored: ${JSON.stringify(res.body)}`);
    return { status: res.status, id: tx.id };
  }

  /** Its one terminal outcome, heard by onOutcome and by the events endpoint alike; the hold gone. */
  async function endsOnce(id: string, status: string): Promise<void> {
    await eventually(async () => (wallet.outcomes.has(id) ? true : undefined), 5000, `the outcome of ${id}`);
    assert.deepEqual(wallet.outcomes.get(id), [status]);
    assert.equal(wallet.holds.has(id), false, 'released or captured');
    const terminal = await eventually(() => {
      const events = merchant.acknowledged().filter((r) => r.json?.data?.transactionId === id);
      const ends = events.filter((e) => (TERMINAL_EVENTS as readonly string[]).includes(e.json.type));
      return ends.length > 0 ? ends : undefined;
    }, 5000);
    assert.deepEqual(
      terminal.map((e) => e.json.type),
      [`transaction.${status}`],
    );
  }

  const accepts = () => ({
    status: 200,
    body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: `ex-${newKey()}`, transaction_status: 'Pending' } }),
  });

  it('refused by the merchant: declined (nothing was held)', async () => {
    const { status, id } = await payout(payoneRequest({ type: 'payout', amount: '5000.00' }));
    assert.equal(status, 422);
    await endsOnce(id, 'declined');
  });

  it('the merchant held, then failed to answer: failed, and the hold released', async () => {
    afterHold = 'throw';
    try {
      const { status, id } = await payout();
      assert.equal(status, 503);
      await endsOnce(id, 'failed');
    } finally {
      afterHold = 'allow';
    }
  });

  it('the player’s profile lacks what the provider needs (checked after the allow): failed', async () => {
    // Cleo needs the KYC block; the test user has none.
    const { status, id } = await payout({
      pspType: 'CLEO',
      type: 'payout',
      amount: '10.00',
      currency: 'CLP',
      fields: {
        firstName: 'Ana',
        lastName: 'Rojas',
        email: 'ana@example.com',
        phone: '56912345678',
        dob: '1990-01-15',
        countryCode: 'CL',
        'address.line1': 'Av. 1',
        'address.city': 'Santiago',
        'address.state': 'RM',
        'address.postalCode': '8320000',
      },
    });
    assert.equal(status, 503);
    await endsOnce(id, 'failed');
  });

  it('refused by Mozarto (400 errors[]): failed', async () => {
    upstream.reply = () => ({ status: 400, body: JSON.stringify({ errors: ['phone is invalid'] }) });
    const { status, id } = await payout();
    assert.equal(status, 502);
    await endsOnce(id, 'failed');
  });

  it('no connection to Mozarto (nothing sent): failed', async () => {
    const down = await startFakeUpstream();
    const url = down.url;
    await down.close();
    const p = await startProxy(join(dir.path, 'exits-down.db'), {
      upstreamUrl: url,
      rateLimit: false,
      authorize: (args) => wallet.authorize(args),
      onOutcome: (tx) => wallet.outcome(tx),
      outcomeRetryMs: 100,
    });
    try {
      const res = await call(`${p.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      assert.equal(res.status, 502);
      assert.equal(res.body.error.retryable, true);
      const [tx] = await p.store.listTransactionsByUser('user-alice', 1);
      await eventually(async () => (wallet.outcomes.has(tx!.id) ? true : undefined), 5000);
      assert.deepEqual(wallet.outcomes.get(tx!.id), ['failed']);
      assert.equal(wallet.holds.has(tx!.id), false);
    } finally {
      await p.close();
    }
  });

  it('Mozarto may have it (500): unknown, the hold kept, until its webhook says declined', async () => {
    upstream.reply = () => ({ status: 500, body: '{"message":"Internal server error"}' });
    const { status, id } = await payout();
    assert.equal(status, 202);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(wallet.holds.has(id), true, 'unknown is not terminal: the hold stays');
    assert.equal(wallet.outcomes.has(id), false);
    const webhook = {
      transaction_id: 'up-late',
      merchantReference: id,
      user_id: 'user-alice',
      transaction_status: 'Declined',
      status: 'declined',
      amount: '10.00',
    };
    const res = await call(`${proxy.api}/webhooks/mozarto`, { user: null, body: webhook, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } });
    assert.equal(res.status, 200);
    await endsOnce(id, 'declined');
  });

  it('approved at Mozarto: captured', async () => {
    upstream.reply = accepts;
    const balance = wallet.balance;
    const { status, id } = await payout();
    assert.equal(status, 201);
    const { upstreamId } = (await proxy.store.getTransaction(id))!;
    const webhook = { transaction_id: upstreamId, user_id: 'user-alice', transaction_status: 'Approved', status: 'success', amount: '10.00' };
    await call(`${proxy.api}/webhooks/mozarto`, { user: null, body: webhook, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } });
    await endsOnce(id, 'approved');
    assert.equal(wallet.balance, balance - toMinor('10.00'));
  });
});
