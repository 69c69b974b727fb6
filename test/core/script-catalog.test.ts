/**
 * The script-tag bundle's catalog leaves out what only the proxy reads (scripts/strip-proxy-only.ts,
 * applied by vite.config.ts). Built here the same way — the psp files stripped — it must offer the player exactly what the full catalog does: the same
 * providers, flows and currencies, and for every flow the same user fields with the same labels,
 * input hints, options and validation answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as full from '../../src/core/catalog.js';
import { FLOWS, type PspDefinition } from '../../src/core/psp/types.js';
import { fieldsFor, validateField } from '../../src/core/validate.js';
import { PROXY_ONLY_BUILDERS, stripProxyOnly } from '../../scripts/strip-proxy-only.js';
import { importScriptBuild } from './script-build.js';

let script: typeof full;
let remove = () => {};

before(async () => {
  const built = await importScriptBuild<typeof full>(`export * from './src/core/catalog.ts';`, { stripProxyOnly: true });
  script = built.module;
  remove = built.remove;
});
after(() => remove());

const pick = (def: PspDefinition) => ({
  pspType: def.pspType,
  name: def.name,
  description: def.description,
  flows: FLOWS.filter((f) => def.flows[f]),
  currencies: def.currencies,
  cardEntry: def.cardEntry,
  rules: def.rules?.length ?? 0,
});
const userFields = (def: PspDefinition, flow: (typeof FLOWS)[number]) =>
  fieldsFor(def, flow, ['user']).map(({ schema: _, toBody: __, ...f }) => f);

describe('the script-tag catalog (proxy-only parts left out)', () => {
  it('offers the same providers, flows, currencies and rules', () => {
    assert.deepEqual(script.BUILT_IN_PSPS.map(pick), full.BUILT_IN_PSPS.map(pick));
  });

  it('has, for every provider and flow, the same user fields and nothing the proxy fills', () => {
    for (const [i, def] of full.BUILT_IN_PSPS.entries()) {
      const stripped = script.BUILT_IN_PSPS[i]!;
      for (const flow of FLOWS) assert.deepEqual(userFields(stripped, flow), userFields(def, flow), `${def.pspType} ${flow}`);
      assert.deepEqual(stripped.fields.filter((f) => f.source !== 'user'), [], def.pspType);
      assert.equal(stripped.derive, undefined);
      assert.equal(stripped.gaps, undefined);
      for (const flow of FLOWS) if (stripped.flows[flow]) assert.deepEqual(stripped.flows[flow], {}, `${def.pspType} ${flow}`);
    }
    // …so the strip did something: the full catalog has proxy-filled fields, derive and gaps.
    assert.ok(full.BUILT_IN_PSPS.some((d) => d.fields.some((f) => f.source === 'server')));
    assert.ok(full.BUILT_IN_PSPS.some((d) => d.fields.some((f) => f.source === 'profile')));
    assert.ok(full.BUILT_IN_PSPS.some((d) => d.derive) && full.BUILT_IN_PSPS.some((d) => d.gaps));
  });

  it('validates every user field alike on sample values', () => {
    const samples = ['', ' ', 'Ada', 'ada@example.com', '+49 151 1234 5678', '6045551234', '1990-01-15', '2999-01-01', 'CL', 'BTC', '4111 1111 1111 1111', '12/39', '737', 'x'.repeat(300)];
    for (const [i, def] of full.BUILT_IN_PSPS.entries()) {
      for (const flow of FLOWS) {
        const a = fieldsFor(def, flow, ['user']);
        const b = fieldsFor(script.BUILT_IN_PSPS[i]!, flow, ['user']);
        a.forEach((f, k) => {
          for (const s of samples) assert.deepEqual(validateField(b[k]!, s), validateField(f, s), `${def.pspType}.${f.name} ${JSON.stringify(s)}`);
        });
      }
    }
  });

  it('stripProxyOnly removes proxy-only members and builder calls, commas included, and nothing else', () => {
    const src = [
      `const def = {`,
      `  fields: [email(), gender(), ...kycFields(), select('x', 'l', ['A']), countryCode(true)],`,
      `  derive: ({ currency }) => ({ currencyCode: currency }),`,
      `  rules: [],`,
      `  gaps: ['Pay-out ACH — not in the docs (§6.5)'],`,
      `  flows: { payin: { type: 'PAYIN', outcome: { kind: 'sync' } }, payout: { type: 'PAYOUT' } },`,
      `};`,
    ].join('\n');
    const out = stripProxyOnly(src)!;
    assert.equal(out.replace(/\s+/g, ' '), `const def = { fields: [email(), select('x', 'l', ['A']), ], rules: [], flows: { payin: { }, payout: { } }, };`);
    assert.equal(stripProxyOnly(`const a = [email(), text(3)];`), null);
    assert.ok(PROXY_ONLY_BUILDERS.includes('server') && PROXY_ONLY_BUILDERS.includes('profile'));
  });
});
