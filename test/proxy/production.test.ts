/**
 * The production rules of the merchant proxy, each against a running proxy and the real sandbox
 * over HTTP (docs/design.md "The proxy"), counting the sandbox's transactions where a rule is about
 * "never a second payment". Also: the same handler in a real Express app and called as an edge
 * runtime would (plain Request objects), the outcome hook's "exactly once", and logs that never
 * hold a secret.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { createCashierProxy, openSqliteStore, sessionUser, signHs256, toNodeListener, type StoredTransaction } from '../../src/proxy/index.js';
import {
  COMPANY_TOKEN,
  USER_TOKEN_SECRET,
  WEBHOOK_SECRET,
  call,
  captureLogger,
  eventually,
  newKey,
  payoneRequest,
  startProxy,
  tempDir,
  type StartedProxy,
} from './helpers.js';

const dir = tempDir();
let sandbox: StartedSandbox;
let proxy: StartedProxy;
const SHOP = 'https://shop.example';

const sandboxCount = () => sandbox.sandbox.transactions().length;
const upstreamIdOf = (id: string) => sandbox.sandbox.transactions().find((t) => t.merchantReference === id)?.transactionId;

before(async () => {
  sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 50, companyToken: COMPANY_TOKEN, siteUrl: 'http://localhost/return' });
  proxy = await startProxy(join(dir.path, 'prod.db'), { upstreamUrl: sandbox.url, allowedOrigins: [SHOP], rateLimit: { perUser: 1000, perIp: 1000 } });
  sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
});

after(async () => {
  await proxy?.close();
  await sandbox?.close();
  dir.remove();
});

const create = (body: unknown, init: { key?: string; user?: 'alice' | 'bob'; headers?: Record<string, string> } = {}) =>
  call(`${proxy.api}/transactions`, { body, key: init.key ?? newKey(), user: init.user ?? 'alice', headers: init.headers ?? {} });
const statusOf = async (id: string, user: 'alice' | 'bob' = 'alice') => (await call(`${proxy.api}/transactions/${id}`, { user })).body?.status;

describe('requests', () => {
  it('a replayed Idempotency-Key makes one sandbox transaction and the same answer', async () => {
    const before = sandboxCount();
    const key = newKey();
    const first = await create(payoneRequest({ amount: '31.00' }), { key });
    const second = await create(payoneRequest({ amount: '31.00' }), { key });
    assert.equal(first.status, 201);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.equal(sandboxCount(), before + 1);
  });

  it('two simultaneous requests with one key make one upstream call', async () => {
    const before = sandboxCount();
    const key = newKey();
    const [a, b] = await Promise.all([create(payoneRequest({ amount: '32.00' }), { key }), create(payoneRequest({ amount: '32.00' }), { key })]);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(a.body.transactionId, b.body.transactionId);
    assert.equal(sandboxCount(), before + 1);
  });

  it('the same key with another body is a 409 and makes nothing', async () => {
    const key = newKey();
    await create(payoneRequest({ amount: '33.00' }), { key });
    const before = sandboxCount();
    const res = await create(payoneRequest({ amount: '34.00' }), { key });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'idempotency_conflict');
    assert.equal(sandboxCount(), before);
  });

  it('a foreign Origin is refused (403) before anything reaches Mozarto; the shop’s is served', async () => {
    const before = sandboxCount();
    const foreign = await create(payoneRequest(), { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.body.error.code, 'forbidden_origin');
    const status = await call(`${proxy.api}/config`, { headers: { origin: 'https://evil.example' } });
    assert.equal(status.status, 403);
    assert.equal(sandboxCount(), before);
    const shop = await create(payoneRequest(), { headers: { origin: SHOP } });
    assert.equal(shop.status, 201);
    assert.equal(shop.headers.get('access-control-allow-origin'), SHOP);
  });

  it('strict validation: unknown keys, server-only and unknown fields are refused; nothing is sent', async () => {
    const before = sandboxCount();
    const extraKey = await create({ ...payoneRequest(), userId: 'someone-else' });
    assert.equal(extraKey.status, 400);
    assert.equal(extraKey.body.error.code, 'invalid_request');
    const serverOnly = await create(payoneRequest({}, { userId: 'someone-else' }));
    assert.equal(serverOnly.status, 400);
    const unknownField = await create(payoneRequest({}, { cardNumber: '4111111111111111' }));
    assert.equal(unknownField.status, 400);
    assert.doesNotMatch(JSON.stringify(unknownField.body), /4111111111111111/);
    const overLimit = await create(payoneRequest({ amount: '10000.01' }));
    assert.equal(overLimit.status, 400);
    const badCurrency = await create(payoneRequest({ currency: 'USD' }));
    assert.equal(badCurrency.status, 400);
    assert.equal(sandboxCount(), before);
  });

  it('caps the body size (413) before parsing, and sends nothing', async () => {
    const before = sandboxCount();
    const res = await create(payoneRequest({}, { firstName: 'x'.repeat(20_000) }));
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'payload_too_large');
    assert.equal(sandboxCount(), before);
  });

  it('rate limits per user and per IP; a player refused by its own limit spends nothing of the IP’s (issue 28)', async () => {
    const limited = await startProxy(join(dir.path, 'rate.db'), { upstreamUrl: sandbox.url, rateLimit: { perUser: 2, perIp: 3 } });
    try {
      const go = (user: 'alice' | 'bob') => call(`${limited.api}/transactions`, { body: payoneRequest(), key: newKey(), user });
      assert.equal((await go('alice')).status, 201);
      assert.equal((await go('alice')).status, 201);
      const third = await go('alice');
      assert.equal(third.status, 429, 'per user');
      assert.equal(third.body.error.code, 'rate_limited');
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      // Alice keeps trying behind the shared address: each is refused by her own limit only.
      for (let i = 0; i < 10; i++) assert.equal((await go('alice')).status, 429);
      const before = sandboxCount();
      assert.equal((await go('bob')).status, 201, 'another player from the same IP still may: Alice’s refusals did not count');
      // Three attempts went through from 127.0.0.1: the IP's limit still bounds every account there.
      const overIp = await go('bob');
      assert.equal(overIp.status, 429, 'per IP');
      assert.equal(overIp.body.error.code, 'rate_limited');
      assert.equal(sandboxCount(), before + 1);
    } finally {
      await limited.close();
    }
  });
});

describe('status', () => {
  it("another user's transaction id is a 404, like an unknown one", async () => {
    const mine = await create(payoneRequest({ type: 'payout', amount: '35.16' }));
    const foreign = await call(`${proxy.api}/transactions/${mine.body.transactionId}`, { user: 'bob' });
    const unknown = await call(`${proxy.api}/transactions/tx_000000000000000000000000`, { user: 'bob' });
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.code, 'not_found');
    assert.equal(unknown.status, 404);
    assert.equal(foreign.body.error.message, unknown.body.error.message);
    assert.equal((await call(`${proxy.api}/transactions/${mine.body.transactionId}`)).status, 200);
  });
});

describe('webhooks', () => {
  it('a forged or missing secret changes nothing', async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '36.16' })); // waits for approval
    const id = res.body.transactionId as string;
    const upstreamId = upstreamIdOf(id)!;
    const before = await proxy.store.getTransaction(id);
    const payload = JSON.stringify({
      transaction_id: upstreamId,
      merchantReference: id,
      user_id: 'user-alice',
      status: 'success',
      transaction_status: 'Approved',
      amount: '36.16',
    });
    for (const authorization of [undefined, 'Bearer wrong-secret', WEBHOOK_SECRET.slice(0, -1), `Bearer ${WEBHOOK_SECRET}x`, '']) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization !== undefined) headers.authorization = authorization;
      const hook = await fetch(`${proxy.api}/webhooks/mozarto`, { method: 'POST', headers, body: payload });
      assert.equal(hook.status, 401, String(authorization));
    }
    assert.deepEqual(await proxy.store.getTransaction(id), before);
    assert.equal((await proxy.store.listWebhookEvents(id)).length, 0);
    // The real one, from the sandbox's back office, does change it.
    await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/approve`, { method: 'POST' });
    await eventually(async () => ((await statusOf(id)) === 'approved' ? true : undefined), 5000, 'approved');
  });

  it('duplicates and out-of-order deliveries never revert a final status', async () => {
    const res = await create(payoneRequest({ type: 'payout', amount: '37.13' })); // declined by webhook
    const id = res.body.transactionId as string;
    await eventually(async () => ((await statusOf(id)) === 'declined' ? true : undefined), 5000, 'declined');
    const upstreamId = upstreamIdOf(id)!;
    // A re-send of the last webhook, then a late Pending and a contradicting Approved.
    await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/webhook`, { method: 'POST' });
    for (const transaction_status of ['Pending', 'Approved']) {
      const hook = await fetch(`${proxy.api}/webhooks/mozarto`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_SECRET}` },
        body: JSON.stringify({ transaction_id: upstreamId, user_id: 'user-alice', status: 'x', transaction_status }),
      });
      assert.equal(hook.status, 200);
    }
    assert.equal(await statusOf(id), 'declined');
  });
});

describe('onOutcome', () => {
  it('is called exactly once per final outcome: duplicates, restarts, and a hook that failed once', async () => {
    const db = join(dir.path, 'outcome.db');
    const calls: StoredTransaction[] = [];
    let failNext = true;
    let gate!: () => void;
    const gateOpen = new Promise<void>((resolve) => (gate = resolve));
    const hook = async (tx: StoredTransaction) => {
      await gateOpen; // a slow hook: the webhook must be answered without waiting for it
      if (failNext) {
        failNext = false;
        throw new Error('merchant ledger briefly down');
      }
      calls.push(tx);
    };
    let p = await startProxy(db, { upstreamUrl: sandbox.url, onOutcome: hook, outcomeRetryMs: 60_000 });
    sandbox.sandbox.configure({ webhookUrl: `${p.api}/webhooks/mozarto` });
    try {
      const res = await call(`${p.api}/transactions`, { body: payoneRequest({ type: 'payout', amount: '38.16' }), key: newKey() });
      const id = res.body.transactionId as string;
      const upstreamId = upstreamIdOf(id)!;
      await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/approve`, { method: 'POST' });
      // The webhook was answered (the status is stored) while the hook still waits at its gate.
      await eventually(async () => ((await call(`${p.api}/transactions/${id}`)).body?.status === 'approved' ? true : undefined), 5000, 'approved');
      assert.equal(calls.length, 0);
      gate();
      await eventually(() => (failNext === false ? true : undefined), 3000, 'first attempt ran');
      assert.equal(calls.length, 0, 'the first attempt threw');

      // A duplicate webhook retries the failed hook; further duplicates do not call it again.
      for (let i = 0; i < 3; i++) await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/webhook`, { method: 'POST' });
      await eventually(() => (calls.length === 1 ? true : undefined), 5000, 'hook called');

      // Restart on the same database: the start-up sweep finds nothing to do, duplicates neither.
      await p.close();
      p = await startProxy(db, { upstreamUrl: sandbox.url, onOutcome: hook });
      sandbox.sandbox.configure({ webhookUrl: `${p.api}/webhooks/mozarto` });
      await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamId}/webhook`, { method: 'POST' });
      await eventually(async () => ((await p.store.listWebhookEvents(id)).length >= 5 ? true : undefined), 5000, 'webhook after restart');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.id, id);
      assert.equal(calls[0]!.status, 'approved');
      assert.ok((await p.store.getTransaction(id))?.outcomeNotifiedAt, 'stored as notified');
    } finally {
      await p.close();
      sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
    }
  });

  it('runs after a restart for an outcome whose hook never finished (crash)', async () => {
    const db = join(dir.path, 'crash.db');
    const store = openSqliteStore(db);
    // A transaction approved while the process died before the hook: final, not notified.
    await store.insertTransaction({
      id: 'tx_aaaaaaaaaaaaaaaaaaaaaaaa',
      userId: 'u',
      pspType: 'PAYONE',
      flow: 'payout',
      amount: '1.00',
      currency: 'EUR',
      createdAt: new Date().toISOString(),
    });
    await store.updateTransaction('tx_aaaaaaaaaaaaaaaaaaaaaaaa', { status: 'approved', upstreamId: 'up-crash', updatedAt: new Date().toISOString() });
    // And our own failure without an upstream id: an outcome too (what authorize held is released).
    await store.insertTransaction({
      id: 'tx_bbbbbbbbbbbbbbbbbbbbbbbb',
      userId: 'u',
      pspType: 'PAYONE',
      flow: 'payout',
      amount: '1.00',
      currency: 'EUR',
      createdAt: new Date().toISOString(),
    });
    await store.updateTransaction('tx_bbbbbbbbbbbbbbbbbbbbbbbb', { status: 'failed', errorCode: 'upstream_timeout', updatedAt: new Date().toISOString() });
    const seen: string[] = [];
    const proxyAfterCrash = createCashierProxy({
      upstreamUrl: sandbox.url,
      companyToken: COMPANY_TOKEN,
      userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      getUser: () => null,
      store,
      logger: captureLogger(),
      onOutcome: (tx) => void seen.push(tx.id),
    });
    await eventually(
      async () => {
        await proxyAfterCrash.idle();
        return seen.length >= 2 ? true : undefined;
      },
      3000,
      'sweep',
    );
    await proxyAfterCrash.close();
    assert.deepEqual(seen.sort(), ['tx_aaaaaaaaaaaaaaaaaaaaaaaa', 'tx_bbbbbbbbbbbbbbbbbbbbbbbb']);
    store.close();
  });
});

describe('mounting', () => {
  it('in a real Express app: a pay-out from creation to the approving webhook', async () => {
    const store = openSqliteStore(join(dir.path, 'express.db'));
    const logger = captureLogger();
    const cashier = createCashierProxy({
      upstreamUrl: sandbox.url,
      companyToken: COMPANY_TOKEN,
      userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      getUser: (request) => (request.headers.get('x-test-user') === 'alice' ? { id: 'express-alice', email: 'a@example.com' } : null),
      store,
      logger,
    });
    const app = express();
    app.disable('x-powered-by');
    app.use(express.json()); // a body parser before the proxy must not break it
    app.use('/api/cashier', toNodeListener(cashier.handle));
    app.get('/', (_req, res) => void res.send('shop'));
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sandbox.sandbox.configure({ webhookUrl: `${base}/api/cashier/webhooks/mozarto` });
    try {
      assert.equal(await (await fetch(`${base}/`)).text(), 'shop');
      const before = sandboxCount();
      const res = await call(`${base}/api/cashier/transactions`, { body: payoneRequest({ type: 'payout', amount: '39.00' }), key: newKey() });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(sandboxCount(), before + 1);
      const id = res.body.transactionId as string;
      await eventually(
        async () => ((await call(`${base}/api/cashier/transactions/${id}`)).body?.status === 'approved' ? true : undefined),
        5000,
        'approved via Express',
      );
      assert.equal((await call(`${base}/api/cashier/config`)).status, 200);
    } finally {
      sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    }
  });

  it('as an edge runtime handler: plain Request objects in, Responses out, waitUntil for the hook', async () => {
    const store = openSqliteStore(join(dir.path, 'edge.db'));
    const outcomes: string[] = [];
    const cashier = createCashierProxy({
      upstreamUrl: sandbox.url,
      companyToken: COMPANY_TOKEN,
      userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
      webhookSecret: WEBHOOK_SECRET,
      getUser: sessionUser({ secret: 'edge-session-secret-0123456789-abcdefghij', issuer: 'https://shop.example' }),
      store,
      logger: captureLogger(),
      onOutcome: (tx) => void outcomes.push(`${tx.id}:${tx.status}`),
    });
    const worker = { fetch: cashier.handle }; // what `export default { fetch: proxy.handle }` exports
    const session = await signHs256(
      { sub: 'edge-user', iss: 'https://shop.example', aud: 'mozarto-cashier', email: 'e@example.com' },
      'edge-session-secret-0123456789-abcdefghij',
      { expiresInSeconds: 600 },
    );
    try {
      const created = await worker.fetch(
        new Request('https://shop.example/api/cashier/transactions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), authorization: `Bearer ${session}` },
          body: JSON.stringify(payoneRequest({ type: 'payout', amount: '40.16' })),
        }),
      );
      assert.equal(created.status, 201);
      const { transactionId } = (await created.json()) as { transactionId: string };
      const waits: Promise<unknown>[] = [];
      const hook = await worker.fetch(
        new Request('https://shop.example/api/cashier/webhooks/mozarto', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_SECRET}` },
          body: JSON.stringify({
            transaction_id: upstreamIdOf(transactionId),
            user_id: 'edge-user',
            status: 'success',
            transaction_status: 'Approved',
            amount: '40.16',
          }),
        }),
        { waitUntil: (p) => void waits.push(p) },
      );
      assert.equal(hook.status, 200);
      assert.ok(waits.length >= 1, 'the hook was handed to waitUntil');
      await Promise.all(waits);
      assert.deepEqual(outcomes, [`${transactionId}:approved`]);
      const status = await worker.fetch(
        new Request(`https://shop.example/api/cashier/transactions/${transactionId}`, { headers: { authorization: `Bearer ${session}` } }),
      );
      assert.equal(((await status.json()) as { status: string }).status, 'approved');
      const anonymous = await worker.fetch(new Request(`https://shop.example/api/cashier/transactions/${transactionId}`));
      assert.equal(anonymous.status, 401);
    } finally {
      await cashier.close();
      store.close();
    }
  });
});

describe('logs', () => {
  it('are JSON lines with request ids and never hold tokens, secrets, field values or card data', async () => {
    const SESSION_SECRET = 'log-test-session-secret-0123456789abcdef';
    const logger = captureLogger();
    const store = openSqliteStore(join(dir.path, 'logs.db'));
    // forward mode: the player's session token travels to Mozarto as x-user-authorization.
    const cashier = createCashierProxy({
      upstreamUrl: sandbox.url,
      companyToken: COMPANY_TOKEN,
      userContext: { mode: 'forward' },
      webhookSecret: WEBHOOK_SECRET,
      getUser: sessionUser({ secret: SESSION_SECRET, issuer: 'https://shop.example', onRejected: () => {} }),
      store,
      logger,
    });
    const session = await signHs256(
      {
        sub: 'log-user',
        iss: 'https://shop.example',
        aud: 'mozarto-cashier',
        email: 'secret.player@example.com',
        firstName: 'Zebulon',
        phone: '4915199988877',
      },
      SESSION_SECRET,
      {
        expiresInSeconds: 600,
      },
    );
    const fields = { firstName: 'Quintessa', lastName: 'Vandermolen', email: 'quintessa.private@example.org', phone: '+49 151 7777 6666' };
    const auth = { authorization: `Bearer ${session}`, 'content-type': 'application/json' };
    const send = (path: string, init: RequestInit) => cashier.handle(new Request(`http://proxy.local/api/cashier${path}`, init), { ip: '203.0.113.9' });
    try {
      const created = await send('/transactions', {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': newKey() },
        body: JSON.stringify(payoneRequest({ type: 'payout', amount: '41.16' }, fields)),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const { transactionId } = (await created.json()) as { transactionId: string };
      // A card-like field (refused), a wrong session, a forged and a real webhook, a status read.
      const card = await send('/transactions', {
        method: 'POST',
        headers: { ...auth, 'idempotency-key': newKey() },
        body: JSON.stringify(payoneRequest({}, { ...fields, cardNumber: '4111 1111 1111 1111', cvv: '737' })),
      });
      assert.equal(card.status, 400);
      await send('/transactions', {
        method: 'POST',
        headers: { authorization: 'Bearer not.a.jwt', 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: '{}',
      });
      await send('/webhooks/mozarto', {
        method: 'POST',
        headers: { authorization: 'Bearer forged-webhook-secret-guess', 'content-type': 'application/json' },
        body: '{}',
      });
      const upstreamId = upstreamIdOf(transactionId);
      await send('/webhooks/mozarto', {
        method: 'POST',
        headers: { authorization: `Bearer ${WEBHOOK_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          transaction_id: upstreamId,
          user_id: 'log-user',
          status: 'success',
          transaction_status: 'Approved',
          message: 'paid to quintessa.private@example.org card 4111111111111111',
        }),
      });
      await send(`/transactions/${transactionId}`, { headers: auth });

      const text = logger.text();
      assert.ok(logger.entries.length >= 6, text);
      for (const entry of logger.entries) {
        assert.equal(typeof entry.level, 'string');
        assert.equal(typeof entry.msg, 'string');
        assert.ok(entry.requestId || entry.phase === 'start', `every request line carries its request id: ${JSON.stringify(entry)}`);
      }
      const secrets = [
        session,
        session.split('.')[2]!,
        SESSION_SECRET,
        COMPANY_TOKEN,
        WEBHOOK_SECRET,
        'forged-webhook-secret-guess',
        '4111',
        '737',
        'Quintessa',
        'Vandermolen',
        'quintessa.private',
        '7777',
        'secret.player',
        'Zebulon',
        '4915199988877',
      ];
      // Random ids, timestamps and durations may hold "737" or "4111" by chance: they are left out
      // of the search, which still sees every value a request or a webhook could have carried.
      const searched = text.replace(/\b(?:tx|req|idem)_[0-9a-z]+|\b[0-9a-f]{16,}\b|\d{4}-\d\d-\d\dT[\d:.]+Z|"durationMs":\d+/g, '');
      for (const secret of secrets) assert.ok(!searched.includes(secret), `the logs contain ${JSON.stringify(secret)}`);
    } finally {
      store.close();
    }
  });
});
