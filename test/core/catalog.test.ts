import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_PSPS, Catalog, CatalogError } from '../../src/core/catalog.js';
import { payone } from '../../src/core/psp/payone.proxy.js';
import { DESCRIPTIONS_EN } from '../../src/core/messages/descriptions.js';
import { en } from '../../src/core/messages/en.js';
import type { PspDefinition } from '../../src/core/psp/types.js';

describe('catalog', () => {
  it('registers every built-in and finds it by pspType', () => {
    const catalog = new Catalog();
    assert.equal(catalog.get('PAYONE'), payone);
    assert.deepEqual(
      catalog.supporting('payout').map((d) => d.pspType),
      ['PAYONE', 'GIGADAT', 'FORUMPAY', 'CLEO'],
    );
    assert.equal(catalog.all().length, 10);
  });

  it('fails loudly on an unknown provider', () => {
    assert.throws(
      () => new Catalog().get('NOPE'),
      (e: unknown) => e instanceof CatalogError && /Unknown payment provider "NOPE"/.test(e.message),
    );
  });

  it('checks a definition when it is registered', () => {
    const bad = (patch: Partial<PspDefinition>) => () => new Catalog([{ ...payone, ...patch }]);
    assert.throws(bad({ pspType: 'payone' }), /upper-case/);
    assert.throws(bad({ flows: {} }), /supports no flow/);
    assert.throws(bad({ currencies: [] }), /lists no currency/);
    assert.throws(bad({ fields: [payone.fields[0]!, payone.fields[0]!] }), /declared twice/);
    assert.throws(bad({ fields: [{ ...payone.fields[0]!, name: 'userId' }] }), /server-only/);
    assert.throws(() => new Catalog([payone, payone]), /registered twice/);
    assert.throws(bad({ fields: [{ ...payone.fields[0]!, name: 'card.pan' }] }), /card data; set cardEntry: true/);
    assert.throws(bad({ fields: [{ ...payone.fields[0]!, input: { type: 'select' } }] }), /select firstName has no options/);
  });

  it('gives every field and description an English text', () => {
    for (const def of BUILT_IN_PSPS) {
      // Descriptions travel in the proxy's config, so they are not among the widget's texts.
      assert.ok(def.description in DESCRIPTIONS_EN, `${def.pspType} description ${def.description}`);
      assert.ok(!(def.description in en), `${def.pspType} description ${def.description} twice`);
      assert.ok(def.englishDescription, `${def.pspType}: its proxy part gives the description's English`);
      for (const field of def.fields) {
        // Server fields are never shown: no label, the proxy's messages name them by their name.
        if (field.source === 'server') assert.equal(field.label, undefined, `${def.pspType}.${field.name}`);
        else assert.ok(field.label && field.label in en, `${def.pspType}.${field.name} label ${field.label}`);
      }
    }
  });
});
