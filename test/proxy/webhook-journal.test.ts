/**
 * Issue 24, the webhook journal (src/proxy/webhook-journal.ts, file-journal.ts, routes/webhook.ts;
 * ADR 0020): a webhook that arrives while the store fails is kept on disk, answered 200, and
 * applied once the store is back, without an operator; one kept by an earlier process is applied
 * at start; a duplicate changes nothing; without a journal the answer stays an error Mozarto may
 * retry. The file journal itself: whole entries, oldest first, owner-only files.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createCashierProxy, createMemoryStore, openFileJournal, type CashierProxy, type ProxyOptions, type TransactionStore } from '../../src/proxy/index.js';
import { ALICE, COMPANY_TOKEN, USER_TOKEN_SECRET, WEBHOOK_SECRET, captureLogger, eventually, tempDir } from './helpers.js';

const dir = tempDir();
after(() => dir.remove());

/** A memory store every call of which fails while `down.value` is true. */
function flakyStore() {
  const store = createMemoryStore();
  const down = { value: false };
  const flaky = new Proxy(store, {
    get(target, name: string) {
      const value = (target as unknown as Record<string, unknown>)[name];
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        down.value ? Promise.reject(new Error('connection refused (test)')) : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  }) as TransactionStore & { close(): void };
  return { store: flaky, raw: store, down };
}

function proxyOn(store: TransactionStore, extra: Partial<ProxyOptions> = {}): CashierProxy & { logger: ReturnType<typeof captureLogger> } {
  const logger = captureLogger();
  return Object.assign(
    createCashierProxy({
      upstreamUrl: 'http://127.0.0.1:1',
      companyToken: COMPANY_TOKEN,
      userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      getUser: () => ALICE,
      store,
      logger,
      ...extra,
    }),
    { logger },
  );
}

const webhook = (proxy: CashierProxy, payload: Record<string, unknown>) =>
  proxy.handle(
    new Request('http://127.0.0.1/api/cashier/webhooks/mozarto', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_SECRET}` },
      body: JSON.stringify(payload),
    }),
  );

/** A pay-out waiting for approval, as a create leaves it, and the webhook that approves it. */
async function awaitingPayout(raw: TransactionStore, n: number) {
  const id = `tx_${String(n).padStart(24, '0')}`;
  await raw.insertTransaction({
    id,
    userId: ALICE.id,
    pspType: 'PAYONE',
    flow: 'payout',
    amount: '100.00',
    currency: 'EUR',
    createdAt: new Date().toISOString(),
  });
  await raw.updateTransaction(id, { status: 'awaiting_approval', outcome: 'await', upstreamId: `up-${n}`, updatedAt: new Date().toISOString() });
  const approved = {
    transaction_id: `up-${n}`,
    psp_transaction_id: `psp-${n}`,
    user_id: ALICE.id,
    status: 'success',
    transaction_status: 'Approved',
    message: 'Approved',
    amount: '100.00',
    currency: 'EUR',
    merchantReference: id,
  };
  return { id, approved };
}

describe('the file journal', () => {
  it('keeps whole entries, lists them oldest first, forgets them, owner-only', async () => {
    const journal = openFileJournal(join(dir.path, 'plain'));
    await journal.append({ n: 1 }, '2026-01-01T00:00:00.000Z');
    await new Promise((r) => setTimeout(r, 2));
    await journal.append({ n: 2 }, '2026-01-01T00:00:01.000Z');
    const entries = await journal.list(10);
    assert.deepEqual(
      entries.map((e) => [e.payload.n, e.receivedAt]),
      [
        [1, '2026-01-01T00:00:00.000Z'],
        [2, '2026-01-01T00:00:01.000Z'],
      ],
    );
    assert.deepEqual(
      readdirSync(join(dir.path, 'plain')).filter((f) => f.startsWith('.')),
      [],
      'no temporary file left',
    );
    for (const f of readdirSync(join(dir.path, 'plain'))) assert.equal(statSync(join(dir.path, 'plain', f)).mode & 0o777, 0o600, f);
    assert.equal(statSync(join(dir.path, 'plain')).mode & 0o777, 0o700);
    await journal.remove(entries[0]!.id);
    await journal.remove(entries[0]!.id); // gone already: no error
    assert.deepEqual(
      (await journal.list(10)).map((e) => e.payload.n),
      [2],
    );
    await assert.rejects(journal.remove('../../etc/passwd'), /not a journal entry/);
  });

  it('refuses past its limit, so the webhook is answered with an error Mozarto may retry', async () => {
    const journal = openFileJournal(join(dir.path, 'full'), { maxEntries: 1 });
    await journal.append({ n: 1 }, '2026-01-01T00:00:00.000Z');
    await assert.rejects(journal.append({ n: 2 }, '2026-01-01T00:00:00.000Z'), /limit/);
  });
});

describe('a webhook while the store fails', () => {
  it('is journaled and answered 200, then applied once the store is back; a duplicate changes nothing', async () => {
    const { store, raw, down } = flakyStore();
    const journalDir = join(dir.path, 'outage');
    const proxy = proxyOn(store, { webhookJournal: openFileJournal(journalDir) });
    const { id, approved } = await awaitingPayout(raw, 1);
    down.value = true;
    const answer = await webhook(proxy, approved);
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { received: true, journaled: true });
    assert.equal(readdirSync(journalDir).length, 1);
    await new Promise((r) => setTimeout(r, 1500)); // a replay or two fail meanwhile
    assert.equal((await raw.getTransaction(id))?.status, 'awaiting_approval');
    down.value = false;
    await eventually(async () => ((await raw.getTransaction(id))?.status === 'approved' ? true : undefined), 8000, 'the journaled webhook applied');
    // The file goes before the replayer's own await on its removal returns and logs: wait for both.
    await eventually(() => (readdirSync(journalDir).length === 0 ? true : undefined), 2000, 'the entry forgotten');
    await eventually(() => (/journaled webhook applied/.test(proxy.logger.text()) ? true : undefined), 2000, 'the replay logged');
    // Mozarto retrying the same webhook later: harmless.
    assert.equal((await webhook(proxy, approved)).status, 200);
    assert.equal((await raw.getTransaction(id))?.status, 'approved');
    await proxy.close();
  });

  it('kept by an earlier process: applied when the next one starts', async () => {
    const { store, raw } = flakyStore();
    const journalDir = join(dir.path, 'restart');
    const { id, approved } = await awaitingPayout(raw, 2);
    await openFileJournal(journalDir).append(approved, new Date().toISOString());
    const proxy = proxyOn(store, { webhookJournal: openFileJournal(journalDir) });
    await eventually(async () => ((await raw.getTransaction(id))?.status === 'approved' ? true : undefined), 5000, 'applied at start');
    await proxy.close();
  });

  it('without a journal, the answer is an error (Mozarto may retry), never a 200 for a lost webhook', async () => {
    const { store, raw, down } = flakyStore();
    const proxy = proxyOn(store);
    const { approved } = await awaitingPayout(raw, 3);
    down.value = true;
    assert.equal((await webhook(proxy, approved)).status, 500);
    await proxy.close();
  });
});
