/**
 * What the widget sends is what the proxy accepts. The widget validates what the player typed
 * and sends the parsed values (`checkForm` → `validateField`); the proxy validates those values
 * again with the same field definitions. So every field's parse must read its own output the
 * same way, or a player who typed something valid gets an error from the server (issue 13: an
 * eMerchantPay expiry typed "12/30" was sent as "2030-12" and refused as "must be like 03/27").
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/core/catalog.js';
import { validateFields } from '../../src/core/validate.js';
import { VALID } from './provider-fixtures.js';

const catalog = new Catalog();

describe('the values the widget sends pass the proxy unchanged', () => {
  for (const v of VALID) {
    it(`${v.pspType} ${v.flow}: parsed once, parsed again, the same values`, () => {
      const def = catalog.get(v.pspType);
      const sent = validateFields(def, v.flow, v.fields, ['user'], v.currency);
      assert.ok(sent.ok, JSON.stringify(!sent.ok && sent.issues));
      const checked = validateFields(def, v.flow, sent.values, ['user'], v.currency);
      assert.deepEqual(checked, sent);
    });
  }

  it('eMerchantPay: "12/30" as typed → "12/2030" sent → accepted again → Mozarto\'s expMonth "12", expYear "2030"', () => {
    const def = catalog.get('EMERCHANTPAY');
    const expiry = def.fields.find((f) => f.name === 'card.expiry')!;
    const typed = { ...VALID.find((x) => x.pspType === 'EMERCHANTPAY')!.fields, 'card.expiry': '12/30' };
    const sent = validateFields(def, 'payin', typed);
    assert.ok(sent.ok);
    assert.equal(sent.values['card.expiry'], '12/2030');
    const checked = validateFields(def, 'payin', sent.values);
    assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.issues));
    assert.deepEqual(expiry.toBody?.(checked.values['card.expiry']), { 'card.expMonth': '12', 'card.expYear': '2030' });
    for (const spelled of ['12/2030', '12 / 30', '12/ 2030']) {
      const again = validateFields(def, 'payin', { ...typed, 'card.expiry': spelled });
      assert.equal(again.ok && again.values['card.expiry'], '12/2030', spelled);
    }
  });
});
