/**
 * Issue 13 on the real dev server (`npm start`'s stack: Vite + proxy + sandbox over HTTP):
 * the demo runs with the proxy's secure defaults (rule 1), never serves its database (rule 6),
 * and redirects only to the sandbox's host (rule 7).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startDevServer } from './support.js';

let server: Awaited<ReturnType<typeof startDevServer>>;
// Inside the project root, where Vite serves files from: the case the rule is about.
const dbDir = join(ROOT, '.data', `e2e-${process.pid}`);
const dbPath = join(dbDir, 'cashier.db');

before(async () => {
  server = await startDevServer({ dbPath });
});
after(async () => {
  await server?.close();
  rmSync(dbDir, { recursive: true, force: true });
});

describe('the demo dev server (issue 13)', () => {
  it('serves no database file, under any spelling of its path', async () => {
    assert.ok(existsSync(dbPath), 'the store file exists');
    const rel = `/.data/e2e-${process.pid}/cashier.db`;
    for (const path of [rel, `${rel}?raw`, `${rel}?url`, `/%2Edata/e2e-${process.pid}/cashier.db`, `/@fs${dbPath}`, `${rel}-journal`]) {
      const res = await fetch(`${server.url}${path}`);
      const body = Buffer.from(await res.arrayBuffer());
      assert.notEqual(res.status, 200, `${path} answered 200`);
      assert.equal(body.subarray(0, 15).toString('latin1') === 'SQLite format 3', false, `${path} served the database`);
    }
  });

  it('refuses unsigned webhooks and text/plain ones (the sandbox signs with a generated secret)', async () => {
    const api = `${server.url}/api/cashier`;
    const unsigned = await fetch(`${api}/webhooks/mozarto`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"transaction_id":"x","transaction_status":"Approved"}',
    });
    assert.equal(unsigned.status, 401);
    const guessed = await fetch(`${api}/webhooks/mozarto`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-webhook-secret' },
      body: '{"transaction_id":"x","transaction_status":"Approved"}',
    });
    assert.equal(guessed.status, 401, 'the old fixed demo secret is gone');
  });

  it('lets only its own origin call the proxy', async () => {
    const api = `${server.url}/api/cashier`;
    assert.equal((await fetch(`${api}/config`, { headers: { origin: server.url } })).status, 200);
    assert.equal((await fetch(`${api}/config`, { headers: { origin: 'https://evil.example' } })).status, 403);
  });

  it('a pay-out settles through signed webhooks from the sandbox', async () => {
    const api = `${server.url}/api/cashier`;
    const created = await fetch(`${api}/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `e2e-${Date.now()}`, origin: server.url },
      body: JSON.stringify({
        pspType: 'PAYONE',
        type: 'payout',
        amount: '10.00',
        currency: 'EUR',
        fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234 5678' },
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const { transactionId } = (await created.json()) as { transactionId: string };
    let status = '';
    for (let i = 0; i < 200 && status !== 'approved'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = ((await (await fetch(`${api}/transactions/${transactionId}`)).json()) as { status: string }).status;
    }
    assert.equal(status, 'approved');
  });
});
