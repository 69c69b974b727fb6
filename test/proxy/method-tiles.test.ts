/** What `GET config` tells the widget's tiles: each method's kind (its icon) and the merchant's logo. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/core/catalog.js';
import { configResponse, resolveMethods } from '../../src/proxy/methods.js';

describe('config for the method tiles', () => {
  it('every built-in method has its kind', () => {
    const config = configResponse(resolveMethods(new Catalog(), { cardEntry: true }));
    const kinds = Object.fromEntries(config.methods.payin.map((m) => [m.pspType, m.kind]));
    assert.deepEqual(kinds, {
      PAYONE: 'bank',
      GIGADAT: 'interac',
      FORUMPAY: 'crypto',
      CLEO: 'bank',
      FLEXEPIN: 'voucher',
      NEOSURF: 'voucher',
      TRUST: 'card',
      WORLDPAY_EU: 'card',
      EMERCHANTPAY: 'card',
      BRITE: 'open_banking',
    });
  });

  it('serves the merchant’s logos (https or a path on its site), on every flow of the method', () => {
    const config = configResponse(resolveMethods(new Catalog(), { logos: { PAYONE: 'https://cdn.shop.example/payone.svg', BRITE: '/img/brite.png' } }));
    assert.equal(config.methods.payin.find((m) => m.pspType === 'PAYONE')!.logo, 'https://cdn.shop.example/payone.svg');
    assert.equal(config.methods.payout.find((m) => m.pspType === 'PAYONE')!.logo, 'https://cdn.shop.example/payone.svg');
    assert.equal(config.methods.payin.find((m) => m.pspType === 'BRITE')!.logo, '/img/brite.png');
    assert.equal(config.methods.payin.find((m) => m.pspType === 'GIGADAT')!.logo, undefined);
  });

  // `/\\host` and a tab after the slash are `//host` to a browser: another site (issue 28).
  for (const bad of [
    'http://cdn.example/x.svg',
    '//cdn.example/x.svg',
    'javascript:alert(1)',
    'img/x.svg',
    '/a b.svg',
    '/\\evil.example/x.svg',
    '/\t/evil.example/x.svg',
    'https://user:pw@cdn.example/x.svg',
  ]) {
    it(`refuses the logo ${JSON.stringify(bad)} at start-up, naming the option`, () => {
      assert.throws(() => resolveMethods(new Catalog(), { logos: { PAYONE: bad } }), /logos\.PAYONE must be an https URL or a path/);
    });
  }

  it('refuses a logo for an unknown provider', () => {
    assert.throws(() => resolveMethods(new Catalog(), { logos: { NOPE: '/x.svg' } }), /NOPE/);
  });
});
