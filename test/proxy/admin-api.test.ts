/**
 * Issue 26, the admin API as a library user mounts it (`proxy.handleAdmin`), in process: refused
 * on every route while no admin token is configured (the default), a stranded wait resolvable
 * only after the attention threshold, and the CSV export's cells safe to open in a spreadsheet.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADMIN_ROUTES } from '../../src/proxy/admin/admin-api.js';
import { csvRow } from '../../src/proxy/admin/csv.js';
import { createCashierProxy, createMemoryStore } from '../../src/proxy/index.js';
import { COMPANY_TOKEN, USER_TOKEN_SECRET, WEBHOOK_SECRET, captureLogger, userFromHeader } from './helpers.js';

const TOKEN = 'library-resolve-token-0123456789abcdef0123';

function proxyWith(admin: Parameters<typeof createCashierProxy>[0]['admin'], now: () => Date = () => new Date()) {
  const store = createMemoryStore();
  const proxy = createCashierProxy({
    upstreamUrl: 'http://127.0.0.1:9',
    companyToken: COMPANY_TOKEN,
    userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
    webhookSecret: WEBHOOK_SECRET,
    getUser: userFromHeader,
    store,
    logger: captureLogger(),
    now,
    ...(admin ? { admin } : {}),
  });
  return { proxy, store };
}

describe('the admin API in a library (issue 26)', () => {
  it('refuses every route when no admin token is configured, whatever is presented', async () => {
    const { proxy } = proxyWith(undefined);
    for (const route of ADMIN_ROUTES) {
      const url = `http://cashier.internal/admin/api${route.path.replace(':id', 'tx_000000000000000000000000')}`;
      for (const authorization of [undefined, `Bearer ${TOKEN}`, 'Bearer ', 'Basic YWRtaW46YWRtaW4=']) {
        const response = await proxy.handleAdmin(new Request(url, { method: route.method, headers: authorization ? { authorization } : {} }));
        assert.equal(response.status, 401, `${route.method} ${route.path} with ${authorization}`);
      }
    }
    assert.equal((await proxy.handleAdmin(new Request('http://cashier.internal/api/cashier/config'))).status, 404, 'the player routes are not here');
    await proxy.close();
  });

  it('resolves a stranded pending transaction only once it is older than the attention threshold', async () => {
    let clock = new Date('2026-03-01T10:00:00.000Z');
    const { proxy, store } = proxyWith({ tokens: [{ name: 'ops', role: 'resolve', token: TOKEN }], attentionAfterMs: 600_000 }, () => clock);
    await store.insertTransaction({
      id: 'tx_aaaaaaaaaaaaaaaaaaaaaaaa',
      userId: 'u1',
      pspType: 'PAYONE',
      flow: 'payin',
      amount: '5.00',
      currency: 'EUR',
      createdAt: clock.toISOString(),
    });
    const resolve = () =>
      proxy.handleAdmin(
        new Request('http://cashier.internal/admin/api/transactions/tx_aaaaaaaaaaaaaaaaaaaaaaaa/resolve', {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ status: 'failed', expectedStatus: 'pending', reason: 'Not in the back office at all' }),
        }),
      );
    assert.equal((await resolve()).status, 409, 'a young wait');
    clock = new Date('2026-03-01T10:11:00.000Z');
    const done = await resolve();
    assert.equal(done.status, 200);
    assert.equal((await store.getTransaction('tx_aaaaaaaaaaaaaaaaaaaaaaaa'))?.status, 'failed');
    const [entry] = await store.listAuditEntries('tx_aaaaaaaaaaaaaaaaaaaaaaaa');
    assert.deepEqual(
      { actor: entry!.actor, before: entry!.before, after: entry!.after, at: entry!.at },
      { actor: 'ops', before: 'pending', after: 'failed', at: clock.toISOString() },
    );
    await proxy.close();
  });

  it('writes CSV cells a spreadsheet reads as text, quoted per RFC 4180', () => {
    const row = csvRow({
      id: 'tx_aaaaaaaaaaaaaaaaaaaaaaaa',
      userId: '=HYPERLINK("http://evil.example","x")',
      pspType: 'PAYONE',
      flow: 'payin',
      amount: '5.00',
      fee: '0.50',
      total: '5.50',
      currency: 'EUR',
      status: 'review',
      upstreamId: null,
      outcome: null,
      redirectUrl: null,
      message: null,
      errorCode: null,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
      reviewReason: 'amount: expected 5.00, got "0.01"',
    });
    assert.equal(
      row,
      'tx_aaaaaaaaaaaaaaaaaaaaaaaa,2026-03-01T10:00:00.000Z,2026-03-01T10:00:00.000Z,"\'=HYPERLINK(""http://evil.example"",""x"")",payin,PAYONE,5.00,0.50,5.50,EUR,review,,,"amount: expected 5.00, got ""0.01"""\r\n',
    );
  });
});
