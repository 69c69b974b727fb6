/**
 * The script-tag bundle validates fields with src/widget/zod-mini-lite.ts instead of zod/mini
 * (vite.config.ts, issue 7). This differential fuzz test builds the whole catalog twice — once
 * on zod/mini, once on the subset — and checks that every field of every provider answers the
 * same to thousands of random inputs: same success, same parsed value, same first issue (the
 * only one core/validate.ts reads), and an exception where zod throws one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import * as realCatalog from '../../src/core/catalog.js';
import * as realContract from '../../src/core/contract.js';
import type { PspDefinition } from '../../src/core/psp/types.js';
import { importScriptBuild } from '../core/script-build.js';

let lite: { catalog: typeof realCatalog; contract: typeof realContract };
let remove = () => {};

before(async () => {
  const built = await importScriptBuild<typeof lite>(`export * as catalog from './src/core/catalog.ts'; export * as contract from './src/core/contract.ts';`);
  lite = built.module;
  remove = built.remove;
});
after(() => remove());

type Outcome = { threw: string } | { success: true; data: unknown } | { success: false; first: Record<string, unknown> };

function outcome(schema: { safeParse(v: unknown): unknown }, input: unknown): Outcome {
  let r: { success: boolean; data?: unknown; error?: { issues: Record<string, unknown>[] } };
  try {
    r = schema.safeParse(input) as typeof r;
  } catch (e) {
    return { threw: (e as Error)?.constructor?.name ?? 'thrown' };
  }
  if (r.success) return { success: true, data: r.data };
  const i = r.error!.issues[0]!;
  return { success: false, first: { message: i.message, code: i.code, maximum: i.maximum, minimum: i.minimum } };
}

// Characters the catalog's patterns care about, plus a little of everything else.
const CHARS = [
  ...'0123456789', ...'abcxyzABCXYZ', ...' .-+()@_/:,\'’', '\t', '\n', 'é', 'ß', 'Ж', '中', '\u0301', '😀', '\u00a0',
];
const value = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 40 }) },
  { weight: 2, arbitrary: fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/) },
  { weight: 2, arbitrary: fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.[a-z]{2,3}$/) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'EUR', 'BTC', 'US', 'CA', 'true', '1', '4111111111111111', 'x'.repeat(300)) },
  { weight: 2, arbitrary: fc.anything() },
);

const allFields = (defs: readonly PspDefinition[]) => defs.flatMap((d) => d.fields.map((f) => [`${d.pspType}.${f.name}`, f] as const));

describe('zod-mini-lite agrees with zod/mini on every catalog field', () => {
  it('has the same providers and fields', () => {
    const names = (defs: readonly PspDefinition[]) => allFields(defs).map(([n]) => n);
    assert.deepEqual(names(lite.catalog.BUILT_IN_PSPS), names(realCatalog.BUILT_IN_PSPS));
    assert.ok(names(realCatalog.BUILT_IN_PSPS).length >= 4);
    // …and the second copy really is built on the subset, not on zod.
    assert.equal('_zod' in lite.catalog.BUILT_IN_PSPS[0]!.fields[0]!.schema, false);
    assert.equal('_zod' in realCatalog.BUILT_IN_PSPS[0]!.fields[0]!.schema, true);
  });

  it('answers the same to random and hostile inputs (seeded)', () => {
    const real = allFields(realCatalog.BUILT_IN_PSPS);
    const mine = new Map(allFields(lite.catalog.BUILT_IN_PSPS));
    let compared = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: real.length - 1 }), value, (i, input) => {
        const [name, field] = real[i]!;
        const a = outcome(field.schema, input);
        const b = outcome(mine.get(name)!.schema, input);
        compared++;
        if ('success' in a && a.success) accepted++;
        assert.deepEqual(b, a, `${name} on ${JSON.stringify(input)}`);
      }),
      { numRuns: 3000, seed: 7 },
    );
    assert.equal(compared, 3000);
    // The generators must reach the accepting paths too, or the test proves little.
    assert.ok(accepted > 100, `only ${accepted} accepted inputs`);
  });

  it('parses the transaction request the same way (success and value)', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            pspType: fc.constantFrom('PAYONE', 'payone', 'X'.repeat(41), 1),
            type: fc.constantFrom('payin', 'payout', 'PAYIN'),
            amount: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
            currency: fc.constantFrom('EUR', 'eur', 'EURO'),
            fields: fc.oneof(fc.dictionary(fc.string(), fc.anything()), fc.anything()),
            extra: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (body) => {
          const a = realContract.CreateTransactionRequest.safeParse(body);
          const b = lite.contract.CreateTransactionRequest.safeParse(body);
          assert.equal(b.success, a.success, JSON.stringify(body));
          if (a.success) assert.deepEqual(b.data, a.data);
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});
