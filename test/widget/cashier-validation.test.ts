import { expect, html } from '@open-wc/testing';
import '../../src/widget/define.js';
import { VALID, renderCashier, type CashierHarness } from './harness.js';
import { created, fakeProxy, type FakeProxy } from '../../src/testing/index.js';

/** Every Payone field error: what the player types, and what they must read next to the field. */
const CASES: { label: string; typed: string; message: string }[] = [
  { label: 'First name', typed: '', message: 'First name is required.' },
  { label: 'First name', typed: 'Ada<script>', message: 'First name contains characters that are not allowed.' },
  { label: 'Last name', typed: '', message: 'Last name is required.' },
  { label: 'Last name', typed: '   ', message: 'Last name is required.' },
  { label: 'Email', typed: '', message: 'Email is required.' },
  { label: 'Email', typed: 'ada@example', message: 'Enter an email address like name@example.com.' },
  { label: 'Phone number', typed: '', message: 'Phone number is required.' },
  { label: 'Phone number', typed: '12-34', message: 'Phone number must have at least 6 digits.' },
  { label: 'Phone number', typed: '0151 abc 123', message: 'Phone number may contain only digits, spaces, dashes, brackets and a leading +.' },
  { label: 'Amount', typed: '', message: 'Amount is required.' },
  { label: 'Amount', typed: '12a', message: 'Enter an amount like 25 or 25.50.' },
  { label: 'Amount', typed: '10.123', message: 'Amount can have at most 2 decimals.' },
  { label: 'Amount', typed: '0', message: 'Amount must be greater than zero.' },
  { label: 'Amount', typed: '9.99', message: 'Amount must be at least €10.00.' },
  { label: 'Amount', typed: '5000.01', message: 'Amount must be at most €5,000.00.' },
];

describe('<mozarto-cashier>: validation people like', () => {
  let proxy: FakeProxy;
  let h: CashierHarness;
  beforeEach(async () => {
    proxy = fakeProxy();
    h = await renderCashier(html`<mozarto-cashier></mozarto-cashier>`);
  });
  afterEach(() => proxy.restore());

  for (const c of CASES) {
    it(`${c.label} "${c.typed}" → "${c.message}" next to the field after submit, typed value kept`, async () => {
      await h.fillAll({ ...VALID, [c.label]: c.typed });
      await h.submit();
      expect(h.error(c.label)).to.equal(c.message);
      const input = h.control(c.label);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = input.getAttribute('aria-describedby')!.split(' ');
      const errorEl = h.root.getElementById(describedBy[0]!)!;
      expect(errorEl.textContent!.trim()).to.equal(c.message);
      expect(errorEl.closest('[part~="field"]')).to.equal(input.closest('[part~="field"]'));
      expect(h.value(c.label)).to.equal(c.typed);
      expect(h.errors()).to.deep.equal([c.message]);
      expect(h.focusedLabel()).to.equal(c.label);
      expect(proxy.posts()).to.deep.equal([]);
    });
  }

  it('no error shows while typing the first time', async () => {
    await h.type('Email', 'a');
    await h.type('Email', 'ada@');
    expect(h.error('Email')).to.equal(null);
    expect(h.invalid('Email')).to.equal(false);
  });

  it('an error shows after leaving the field, and updates live on later edits', async () => {
    await h.type('Email', 'ada@');
    await h.leave('Email');
    expect(h.error('Email')).to.equal('Enter an email address like name@example.com.');
    await h.type('Email', 'ada@example.com');
    expect(h.error('Email')).to.equal(null);
    expect(h.invalid('Email')).to.equal(false);
    await h.type('Email', '');
    expect(h.error('Email')).to.equal('Email is required.');
  });

  it('tabbing through an empty field does not scold', async () => {
    h.control('First name').focus();
    await h.leave('First name');
    expect(h.error('First name')).to.equal(null);
  });

  it('a failed submit shows all errors, announces a summary and focuses the first invalid field', async () => {
    await h.fill('Email', 'ada@example.com');
    await h.fill('Phone number', '123');
    await h.submit();
    // In the order they show: the amount first.
    expect(h.errors()).to.deep.equal(['Amount is required.', 'First name is required.', 'Last name is required.', 'Phone number must have at least 6 digits.']);
    await h.settle();
    expect(h.announcement()).to.equal('4 fields need attention');
    expect(h.focusedLabel()).to.equal('Amount');
    expect(h.value('Phone number')).to.equal('123');
    expect(h.value('Email')).to.equal('ada@example.com');
  });

  it('the summary counts one field as one', async () => {
    await h.fillAll({ ...VALID, 'Last name': '' });
    await h.submit();
    await h.settle();
    expect(h.announcement()).to.equal('1 field needs attention');
    expect(h.focusedLabel()).to.equal('Last name');
  });

  it('once every field is fixed, sending again leaves no stale summary in the live region', async () => {
    await h.submit();
    await h.settle();
    expect(h.announcement()).to.equal('5 fields need attention');
    await h.fillAll(VALID);
    proxy.create = { ...(created() as object), delay: 300 };
    await h.submit();
    expect(h.state()).to.equal('submitting');
    expect(h.announcement()).to.equal('');
  });

  it('a submission the page cancels leaves no stale summary either', async () => {
    await h.submit();
    await h.settle();
    expect(h.announcement()).to.equal('5 fields need attention');
    await h.fillAll(VALID);
    h.el.addEventListener('mozarto-submit', (e) => e.preventDefault(), { once: true });
    await h.submit();
    expect(h.state()).to.equal('editing');
    expect(h.announcement()).to.equal('');
  });

  it('Enter submits the form', async () => {
    await h.type('First name', 'Ada');
    await h.pressEnter('First name');
    expect(h.errors().length).to.equal(4);
  });
});
