import { expect } from '@open-wc/testing';
import { Catalog } from '../../src/core/catalog.js';
import { applyServerErrors, checkForm, createForm, edit, leave, prefill, showAll, visibleErrors } from '../../src/widget/form-state.js';
import { resolveSetup, type Setup } from '../../src/widget/setup.js';
import { widgetError } from '../../src/widget/errors.js';
import { CONFIG } from '../../src/testing/index.js';

const catalog = new Catalog();
const payone = (): Setup => {
  const r = resolveSetup(CONFIG, catalog, { type: 'payin' });
  if (!r.ok) throw new Error(r.error.message);
  return r.setup;
};
const valid = { firstName: ' Ada ', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 (151) 123-45', amount: '100,5' };

describe('setup', () => {
  it('picks the first method the proxy enables, with its user fields', () => {
    const s = payone();
    expect(s.def.pspType).to.equal('PAYONE');
    expect(s.fields.map((f) => f.name)).to.deep.equal(['firstName', 'lastName', 'email', 'phone']);
    expect(s.currencies).to.deep.equal(['EUR']);
    expect(s.limits).to.deep.equal({ min: '10.00', max: '5000.00' });
  });

  it('offers the currencies both the proxy and the catalog allow', () => {
    const config = { ...CONFIG, methods: { ...CONFIG.methods, payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR', 'CAD', 'XXX'] }] } };
    const r = resolveSetup(config, catalog, { type: 'payin' });
    expect(r.ok && r.setup.currencies).to.deep.equal(['EUR', 'CAD']);
    const fixed = resolveSetup(config, catalog, { type: 'payin', currency: 'cad' });
    expect(fixed.ok && fixed.setup.currencies).to.deep.equal(['CAD']);
  });

  it('is loud about misconfiguration', () => {
    const cases = [{ psp: 'NOPE', type: 'payin' }, { type: 'refund' }, { type: 'payin', currency: 'USD' }];
    for (const c of cases) {
      const r = resolveSetup(CONFIG, catalog, c);
      expect(r.ok, JSON.stringify(c)).to.equal(false);
      if (!r.ok) expect(r.error.code).to.equal('unsupported_method');
    }
    const none = resolveSetup({ ...CONFIG, methods: { payin: [], payout: [] } }, catalog, { psp: 'PAYONE', type: 'payin' });
    expect(none.ok).to.equal(false);
  });

  it('takes the first enabled of several codes', () => {
    const r = resolveSetup(CONFIG, catalog, { psp: 'PAYONE', type: 'payout' });
    expect(r.ok && r.setup.flow).to.equal('payout');
  });
});

describe('form model', () => {
  it('parses valid values into what is sent', () => {
    const c = checkForm(payone(), valid);
    expect(c.errors).to.deep.equal({});
    expect(c.fields).to.deep.equal({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '4915112345' });
    expect(c.amount).to.equal('100.50');
    expect(c.currency).to.equal('EUR');
  });

  it('is invalid at once but shows nothing until leave or submit', () => {
    const setup = payone();
    let f = edit(createForm(), 'firstName', '<b>');
    expect(checkForm(setup, f.values).errors.firstName).to.deep.equal({ key: 'error.name_chars', params: {} });
    expect(visibleErrors(f, checkForm(setup, f.values))).to.deep.equal({});
    f = leave(f, 'firstName');
    expect(Object.keys(visibleErrors(f, checkForm(setup, f.values)))).to.deep.equal(['firstName']);
  });

  it('leaving an untouched empty field shows nothing; submit shows all', () => {
    const setup = payone();
    let f = leave(createForm(), 'email');
    expect(visibleErrors(f, checkForm(setup, f.values))).to.deep.equal({});
    f = showAll(f, ['firstName', 'lastName', 'email', 'phone', 'amount', 'currency']);
    expect(Object.keys(visibleErrors(f, checkForm(setup, f.values)))).to.deep.equal(['firstName', 'lastName', 'email', 'phone', 'amount']);
  });

  it('prefill never overwrites what the player typed', () => {
    let f = edit(createForm(), 'email', 'mine@example.com');
    f = prefill(f, { email: 'theirs@example.com', firstName: 'Ada', amount: undefined });
    expect(f.values).to.deep.equal({ email: 'mine@example.com', firstName: 'Ada' });
  });

  it('server issues land on their fields and clear on edit', () => {
    const error = widgetError('invalid_field', 'bad', false, {
      issues: [
        { field: 'phone', code: 'error.phone_min_digits', message: 'too short' },
        { field: 'partnerName', code: 'error.server_field', message: 'no' },
      ],
    });
    const { form, unplaced } = applyServerErrors(createForm(valid), error, ['firstName', 'phone', 'amount']);
    expect(unplaced).to.equal(true);
    expect(form.server).to.deep.equal({ phone: { key: 'error.phone_min_digits', text: 'too short' } });
    expect(form.values).to.deep.equal(valid);
    expect(edit(form, 'phone', '123456').server).to.deep.equal({});
  });
});
