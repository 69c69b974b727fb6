/**
 * The merchant's refusals (proxy `authorize`), each with its own next step: verification_required
 * links to the merchant's `verification-url`; limit_reached says what is left in the form's
 * currency and when it resets in the player's locale; every refusal links to the merchant's
 * responsible-gambling page when `limits-url` is set; a link is only ever an https URL or a path
 * on the merchant's site.
 */
import { expect, html } from '@open-wc/testing';
import '../../src/define.js';
import { loadLocale } from '../../src/widget/i18n/locales.js';
import { VALID, renderCashier, type CashierHarness } from './harness.js';
import { errorAnswer, fakeProxy, type FakeProxy } from '../../src/testing/index.js';

const links = (h: CashierHarness) =>
  [...h.root.querySelectorAll<HTMLAnchorElement>('[part~="status"] a[part~="link"]')].map((a) => [a.textContent!.trim(), a.getAttribute('href')]);
const buttons = (h: CashierHarness) => [...h.root.querySelectorAll('[part~="status"] button')].map((b) => b.textContent!.trim());

describe('<mozarto-cashier>: refusal panels', () => {
  let proxy: FakeProxy;
  beforeEach(() => (proxy = fakeProxy()));
  afterEach(() => proxy.restore());

  const refused = async (refusal: Record<string, string>, attrs: { verify?: string; limits?: string; locale?: string } = {}) => {
    proxy.create = errorAnswer(422, { code: 'refused', refusal });
    const h = await renderCashier(
      html`<mozarto-cashier
        psp="PAYONE"
        verification-url=${attrs.verify ?? (undefined as unknown as string)}
        limits-url=${attrs.limits ?? (undefined as unknown as string)}
        locale=${attrs.locale ?? (undefined as unknown as string)}
      ></mozarto-cashier>`,
    );
    await h.fillAll(
      attrs.locale === 'fr' ? { Prénom: 'Ada', Nom: 'Lovelace', 'E-mail': VALID.Email, 'Numéro de téléphone': VALID['Phone number'], Montant: '100' } : VALID,
    );
    await h.submit();
    await h.until('error');
    return h;
  };

  it('verification_required: its message, the verify link, Back; the limits page when set', async () => {
    const h = await refused({ reason: 'verification_required' }, { verify: 'https://casino.example/account/verify', limits: '/safer-gambling' });
    expect(h.panelText()).to.contain('Please verify your account first.');
    expect(links(h)).to.deep.equal([
      ['Verify your account', 'https://casino.example/account/verify'],
      ['Your limits and safer gambling', '/safer-gambling'],
    ]);
    expect(buttons(h)).to.deep.equal(['Back']);
    await expect(h.el).to.be.accessible();
  });

  it('without the attributes: no links; an unsafe URL is never a link', async () => {
    let h = await refused({ reason: 'verification_required' });
    expect(links(h)).to.deep.equal([]);
    h.el.remove();
    h = await refused({ reason: 'verification_required' }, { verify: 'javascript:alert(1)', limits: '//evil.example/x' });
    expect(links(h)).to.deep.equal([]);
    h.el.remove();
    // A browser reads `/\\host` as `//host`: a path that leads to another site (issue 28).
    h = await refused({ reason: 'verification_required' }, { verify: '/\\evil.example/verify', limits: '/\\evil.example/limits' });
    expect(links(h)).to.deep.equal([]);
  });

  it('limit_reached: what is left in the form’s currency and when it resets, in the player’s locale', async () => {
    const h = await refused({ reason: 'limit_reached', remaining: '50.00', resetsAt: '2030-01-01T12:00:00.000Z' }, { limits: 'https://casino.example/limits' });
    const when = new Date('2030-01-01T12:00:00.000Z').toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
    expect(h.panelText()).to.contain(`You can still pay €50.00 until ${when}.`);
    expect(h.panelText()).to.contain('Choose a smaller amount, or try again after the limit resets.');
    expect(links(h)).to.deep.equal([['Your limits and safer gambling', 'https://casino.example/limits']]);
    await h.click('Back');
    expect(h.state()).to.equal('editing');
  });

  it('limit_reached in French: amount and date as a French player reads them', async () => {
    await loadLocale('fr');
    const h = await refused({ reason: 'limit_reached', remaining: '1250.50', resetsAt: '2030-01-01T12:00:00.000Z' }, { locale: 'fr' });
    const when = new Date('2030-01-01T12:00:00.000Z').toLocaleString('fr', { dateStyle: 'medium', timeStyle: 'short' });
    expect(h.panelText().replace(/\u00a0|\u202f/g, ' ')).to.contain(`1 250,50 €`);
    expect(h.panelText()).to.contain(when);
  });

  for (const [reason, next, back] of [
    ['insufficient_balance', 'Choose a smaller amount.', true],
    ['method_unavailable', 'Choose another payment method.', true],
    ['self_excluded', 'Contact support if you have questions.', false],
  ] as const) {
    it(`${reason}: its next step${back ? ', Back' : ', no way around it'}, and the limits page`, async () => {
      const h = await refused({ reason }, { verify: 'https://casino.example/verify', limits: 'https://casino.example/limits' });
      expect(h.root.querySelector('[part~="status"]')!.getAttribute('data-status')).to.equal('refused');
      expect(h.panelText()).to.contain(next);
      expect(buttons(h)).to.deep.equal(back ? ['Back'] : []);
      expect(links(h), 'the verify link only for verification_required').to.deep.equal([['Your limits and safer gambling', 'https://casino.example/limits']]);
    });
  }
});
