/**
 * Each provider is its form (src/core/psp/<name>.ts, all the widget imports: src/core/forms.ts)
 * joined with its proxy part (<name>.proxy.ts) in the proxy's catalog. The form must offer the
 * player exactly what the whole provider does, and hold nothing the proxy alone reads.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILT_IN_PSPS, CatalogError } from '../../src/core/catalog.js';
import { BUILT_IN_FORMS } from '../../src/core/forms.js';
import { definePsp } from '../../src/core/psp/define.js';
import { payone } from '../../src/core/psp/payone.js';
import { FLOWS, type PspForm } from '../../src/core/psp/types.js';
import { fieldsFor, validateField } from '../../src/core/validate.js';

const face = (def: PspForm) => ({
  pspType: def.pspType,
  name: def.name,
  description: def.description,
  flows: FLOWS.filter((f) => def.flows[f]),
  currencies: def.currencies,
  cardEntry: def.cardEntry,
  rules: def.rules,
});
const userFields = (def: PspForm, flow: (typeof FLOWS)[number]) => fieldsFor(def, flow, ['user']).map(({ toBody: _, ...f }) => f);

describe("the providers' forms (what the widget imports)", () => {
  it('offer the same providers, in order, with the same flows, currencies and rules as the catalog', () => {
    assert.deepEqual(BUILT_IN_FORMS.map(face), BUILT_IN_PSPS.map(face));
  });

  it("have, for every flow, the catalog's user fields and nothing the proxy fills or reads", () => {
    for (const [i, def] of BUILT_IN_PSPS.entries()) {
      const form = BUILT_IN_FORMS[i]!;
      for (const flow of FLOWS) assert.deepEqual(userFields(form, flow), userFields(def, flow), `${def.pspType} ${flow}`);
      assert.deepEqual(
        form.fields.filter((f) => f.source !== 'user' || f.toBody),
        [],
        def.pspType,
      );
      assert.equal('derive' in form || 'gaps' in form, false, def.pspType);
      for (const flow of FLOWS) if (form.flows[flow]) assert.equal(form.flows[flow], true, `${def.pspType} ${flow}`);
      for (const field of form.fields)
        for (const s of ['', 'Ada', 'x'.repeat(300)])
          assert.deepEqual(
            validateField(field, s).ok,
            validateField(
              def.fields.find((f) => f.name === field.name)!,
              s,
            ).ok,
          );
    }
    // …so the split did something: the proxy's side has proxy-filled fields, body entries, derive and gaps.
    assert.ok(BUILT_IN_PSPS.some((d) => d.fields.some((f) => f.source === 'server')));
    assert.ok(BUILT_IN_PSPS.some((d) => d.fields.some((f) => f.source === 'profile')));
    assert.ok(BUILT_IN_PSPS.some((d) => d.fields.some((f) => f.toBody)));
    assert.ok(BUILT_IN_PSPS.some((d) => d.derive) && BUILT_IN_PSPS.some((d) => d.gaps));
  });

  it('definePsp refuses a proxy part whose flows or body entries do not match the form', () => {
    const outcome = { kind: 'await' } as const;
    assert.throws(
      () => definePsp(payone, { flows: { payin: { type: 'PAYIN', outcome } } }),
      (e) => e instanceof CatalogError && /disagree on payout/.test(e.message),
    );
    const flows = { payin: { type: 'PAYIN', outcome }, payout: { type: 'PAYOUT', outcome } } as const;
    assert.throws(() => definePsp(payone, { flows, toBody: { iban: () => ({}) } }), /toBody for iban, which its form lacks/);
    const def = definePsp(payone, { flows, toBody: { email: (v) => ({ mail: v }) } });
    assert.deepEqual(def.fields.find((f) => f.name === 'email')!.toBody!('a@b.c'), { mail: 'a@b.c' });
  });
});
