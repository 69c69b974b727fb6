/** The magic-amount table (scenarios.ts) and the sandbox's configuration checks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centsOf, createSandbox, scenarioFor } from '../../src/sandbox/index.js';

describe('scenarioFor', () => {
  it('reads the cents robustly', () => {
    assert.equal(centsOf(10.13), 13);
    assert.equal(centsOf(1234567.16), 16);
    assert.equal(centsOf(0.29), 29);
    assert.equal(centsOf(5), 0);
  });

  it('maps pay-out cents to outcomes', () => {
    assert.deepEqual(scenarioFor('PAYOUT', 10), { kind: 'settles', outcome: 'Approved' });
    assert.deepEqual(scenarioFor('PAYOUT', 10.12), { kind: 'settles', outcome: 'Approved' });
    assert.deepEqual(scenarioFor('PAYOUT', 10.13), { kind: 'settles', outcome: 'Declined' });
    assert.deepEqual(scenarioFor('PAYOUT', 10.14), { kind: 'settles', outcome: 'Failed' });
    assert.deepEqual(scenarioFor('PAYOUT', 10.15), { kind: 'settles', outcome: 'Rejected' });
    assert.deepEqual(scenarioFor('PAYOUT', 10.16), { kind: 'approval-queue' });
    assert.deepEqual(scenarioFor('PAYOUT', 10.17), { kind: 'never-settles' });
  });

  it('leaves pay-ins to the hosted page except the error amounts', () => {
    assert.deepEqual(scenarioFor('PAYIN', 10.13), { kind: 'hosted-page' });
    for (const type of ['PAYIN', 'PAYOUT'] as const) {
      assert.deepEqual(scenarioFor(type, 10.98), { kind: 'server-error' });
      assert.deepEqual(scenarioFor(type, 10.97), { kind: 'psp-unavailable' });
    }
  });
});

describe('sandbox configuration', () => {
  it('refuses a PSP it has no model for, and bad values', () => {
    assert.throws(() => createSandbox({ enabledPsps: ['PAYONE', 'ACME_PAY'] }), /no model for PSP "ACME_PAY"/);
    assert.throws(() => createSandbox({ siteUrl: '/return' }), /siteUrl must be an absolute URL/);
    assert.throws(() => createSandbox({ payoutSettleMs: -1 }), /payoutSettleMs/);
    const sandbox = createSandbox();
    assert.throws(() => sandbox.configure({ companyToken: '' }), /companyToken/);
    sandbox.close();
  });

  it('answers through handle() without a server, and never throws on odd requests', async () => {
    const sandbox = createSandbox();
    try {
      const odd = [
        new Request('http://sandbox.test/v1/api/mozarto/cashier', { method: 'POST' }),
        new Request('http://sandbox.test/hpp/%E0%A4%A', { method: 'GET' }),
        new Request('http://sandbox.test/hpp/x', { method: 'DELETE' }),
        new Request('http://sandbox.test/__sandbox/transactions/x/settle', { method: 'POST', body: 'nope' }),
      ];
      const statuses = [];
      for (const request of odd) statuses.push((await sandbox.handle(request)).status);
      assert.deepEqual(statuses, [401, 404, 404, 404]);

      const response = await sandbox.handle(
        new Request('http://sandbox.test/v1/api/mozarto/cashier', {
          method: 'POST',
          headers: { authorization: 'Bearer sandbox-company-token', 'x-user-authorization': 'Bearer s' },
          body: JSON.stringify({
            pspType: 'PAYONE',
            type: 'PAYIN',
            baseamount: 10,
            currency: 'CAD',
            currencyCode: 'CAD',
            userId: 'u',
            email: 'u@example.com',
            firstName: 'A',
            lastName: 'B',
            phone: '5551234567',
          }),
        }),
      );
      assert.equal(response.status, 200);
      const { data } = (await response.json()) as { data: { redirect_url: string } };
      assert.match(data.redirect_url, /^http:\/\/sandbox\.test\/hpp\/[0-9a-f]{24}$/, 'falls back to the request origin');
    } finally {
      sandbox.close();
    }
  });

  it('rejects an oversized body with 413', async () => {
    const sandbox = createSandbox();
    try {
      const response = await sandbox.handle(
        new Request('http://sandbox.test/v1/api/mozarto/cashier', {
          method: 'POST',
          headers: { authorization: 'Bearer sandbox-company-token', 'x-user-authorization': 'Bearer s' },
          body: JSON.stringify({ pspType: 'PAYONE', pad: 'x'.repeat(2 * 1024 * 1024) }),
        }),
      );
      assert.equal(response.status, 413);
    } finally {
      sandbox.close();
    }
  });
});
