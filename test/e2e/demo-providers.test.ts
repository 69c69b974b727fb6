/**
 * "The demo lets a person try every provider": the demo's own proxy (demo/vite-plugin.ts, with its
 * demo player and the embedded sandbox) accepts a valid submission for every provider and flow of
 * the catalog and answers with that provider's outcome. A provider the demo user cannot pay with
 * (missing KYC fields, card entry off) fails here, not in front of a designer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_PSPS } from '../../src/core/catalog.js';
import { VALID } from '../core/provider-fixtures.js';
import { startDevServer } from './support.js';

let server: Awaited<ReturnType<typeof startDevServer>>;

before(async () => {
  server = await startDevServer();
});

after(async () => {
  await server?.close();
});

describe('demo proxy serves every provider', () => {
  it('has a valid fixture for every provider and flow of the catalog', () => {
    const catalog = BUILT_IN_PSPS.flatMap((p) => Object.keys(p.flows).map((flow) => `${p.pspType} ${flow}`)).sort();
    const fixtures = VALID.map((v) => `${v.pspType} ${v.flow}`).sort();
    assert.deepEqual(fixtures, catalog);
  });

  for (const v of VALID) {
    it(`${v.pspType} ${v.flow}: 201 with outcome ${v.outcome}`, async () => {
      const res = await fetch(`${server.url}/api/cashier/transactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `demo-${v.pspType}-${v.flow}-${Date.now()}` },
        body: JSON.stringify({ pspType: v.pspType, type: v.flow, amount: '10.00', currency: v.currency, fields: v.fields }),
      });
      const body = (await res.json()) as { outcome?: string; status?: string; redirectUrl?: string; error?: unknown };
      assert.equal(res.status, 201, JSON.stringify(body));
      assert.equal(body.outcome, v.outcome);
      assert.equal(body.status, v.status);
      if (v.outcome === 'redirect') assert.match(body.redirectUrl ?? '', /^http:\/\/localhost:\d+\//, 'the sandbox hosted page');
    });
  }
});
