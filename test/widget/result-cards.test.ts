/**
 * Results as cards (issue 27): an icon with a tone, the amount and method, the date, the
 * reference with a copy button, one primary next action, "Contact support" from `support-url`;
 * a cancel on the provider's page is neutral; awaiting approval is calm (no spinner, no clock)
 * with the request's time and a way to the history; an unknown pay-out has pay-out wording; the
 * provider's raw text never sits under a translated headline; the card keeps the form's height
 * and its heading takes focus.
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { loadLocale } from '../../src/widget/i18n/locales.js';
import { loadPart } from '../../src/widget/parts.js';
import { LAST_TRANSACTION_KEY } from '../../src/widget/resume.js';
import { VALID, renderCashier, type CashierHarness } from './harness.js';
import { awaitOutcome, errorAnswer, fakeProxy, txStatus, type FakeProxy } from '../../src/testing/index.js';

const card = (h: CashierHarness) => h.root.querySelector<HTMLElement>('[part~="result"]');
const tone = (h: CashierHarness) => card(h)?.dataset.tone;
const text = (h: CashierHarness, sel: string) =>
  h.root
    .querySelector(sel)
    ?.textContent?.replace(/\s+/g, ' ')
    .replace(/\u00a0|\u202f/g, ' ')
    .trim() ?? null;
const facts = (h: CashierHarness) =>
  Object.fromEntries(
    [...h.root.querySelectorAll('[part~="result"] dl div')].map((d) => [
      d.querySelector('dt')!.textContent!.trim(),
      d.querySelector('dd')!.textContent!.trim(),
    ]),
  );
const primary = (h: CashierHarness) =>
  [...h.root.querySelectorAll('[part~="result"] :is([part~="next"], a[part~="button"])')].map((b) => b.textContent!.trim());
const links = (h: CashierHarness) =>
  [...h.root.querySelectorAll<HTMLAnchorElement>('[part~="result"] a')].map((a) => [a.textContent!.trim(), a.getAttribute('href')]);

describe('<mozarto-cashier>: result cards', () => {
  let proxy: FakeProxy;
  beforeEach(async () => {
    proxy = fakeProxy();
    proxy.create = awaitOutcome;
    await loadPart('result');
  });
  afterEach(() => {
    proxy.restore();
    sessionStorage.removeItem(LAST_TRANSACTION_KEY);
  });

  /** A pay-out submitted from the form, focus in the form, until `state`. */
  const submitted = async (status: Parameters<typeof txStatus>[1] & { status: string }, state: string, attrs = '') => {
    proxy.status = txStatus(status.status, status);
    const h = await renderCashier(
      attrs === 'support'
        ? html`<mozarto-cashier type="payout" support-url="https://casino.example/help"></mozarto-cashier>`
        : attrs === 'history'
          ? html`<mozarto-cashier type="payout" history></mozarto-cashier>`
          : html`<mozarto-cashier type="payout"></mozarto-cashier>`,
    );
    h.fastPolling();
    await h.fillAll(VALID);
    const form = h.root.querySelector('form')!.getBoundingClientRect().height;
    h.control('Amount').focus();
    await h.submit();
    await h.until(state);
    await waitUntil(() => card(h), 'card');
    await h.settle();
    return { h, form };
  };

  const resumed = async (status: string, over: Record<string, unknown> = {}, attrs: { locale?: string; support?: string } = {}) => {
    proxy.status = txStatus(status, over);
    const h = await renderCashier(
      html`<mozarto-cashier
        transaction="tx_1"
        locale=${attrs.locale ?? (undefined as unknown as string)}
        support-url=${attrs.support ?? (undefined as unknown as string)}
      ></mozarto-cashier>`,
      'done',
    );
    await waitUntil(() => card(h), 'card');
    await h.settle();
    return h;
  };

  it('approved: success icon, amount and method, date, reference with copy, "New withdrawal"; the form’s height; focus on the heading', async () => {
    const { h, form } = await submitted({ status: 'approved', type: 'payout', pspType: 'PAYONE', amount: '100.00', currency: 'EUR' }, 'done');
    expect(tone(h)).to.equal('success');
    expect(h.root.querySelector('[part~="result-icon"] svg')).to.exist;
    expect(h.message()).to.equal('Withdrawal approved');
    expect(text(h, '[part~="amount-line"]')).to.equal('€100.00 withdrawn with Payone');
    expect(facts(h)).to.have.property(
      'Date',
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-11-23T10:00:00Z')),
    );
    expect(text(h, '[part~="reference"]')).to.equal('Reference: tx_1 Copy');
    expect(primary(h)).to.deep.equal(['New withdrawal']);
    // Not the old 166 px box under a 600 px form: the card holds the form's height.
    expect(card(h)!.getBoundingClientRect().height).to.be.at.least(form - 1);
    expect(h.root.activeElement).to.equal(h.root.querySelector('[part~="result"] h2'));
    await expect(h.el).to.be.accessible();
    h.button('New withdrawal')!.click();
    await h.until('editing');
    expect(h.value('First name')).to.equal('Ada');
  });

  it('copies the reference, says so', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (s: string) => void written.push(s) } });
    try {
      const { h } = await submitted({ status: 'approved' }, 'done');
      h.button('Copy')!.click();
      await waitUntil(() => h.button('Copied'), 'copied');
      expect(written).to.deep.equal(['tx_1']);
    } finally {
      // The prototype's own clipboard is back.
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('a cancel on the provider’s page is neutral: "Payment cancelled", no red, Try again; not the provider’s English', async () => {
    const h = await resumed('declined', { type: 'payin', message: 'Transaction cancelled by the payer' });
    expect(h.message()).to.equal('Payment cancelled');
    expect(tone(h)).to.equal('neutral');
    expect(getComputedStyle(h.root.querySelector('[part~="message"]')!).color).to.equal(getComputedStyle(h.el).color);
    expect(h.panelText()).to.not.contain('Transaction cancelled by the payer');
    expect(h.panelText()).to.not.contain('declined');
    expect(h.announcement(), 'the live region never says declined').to.not.match(/declined/i);
    expect(primary(h)).to.deep.equal(['Try again']);
  });

  it('a known reason in the player’s language (Flexepin’s voucher, the back office), never the raw English', async () => {
    let h = await resumed('declined', { type: 'payin', message: 'Voucher has already been redeemed' });
    expect(tone(h)).to.equal('error');
    expect(h.panelText()).to.contain('This voucher has already been used.');
    expect(h.panelText()).to.not.contain('Voucher has already been redeemed');
    h.el.remove();
    await loadLocale('fr');
    h = await resumed('rejected', { type: 'payout', message: 'Transaction rejected by the back office' }, { locale: 'fr' });
    expect(h.message()).to.equal('Retrait rejeté');
    expect(h.panelText()).to.contain('Notre équipe n’a pas approuvé cette transaction.');
    expect(h.panelText()).to.not.contain('back office');
    h.el.remove();
    h = await resumed('declined', { type: 'payout', message: 'Transaction declined' }, { locale: 'fr' });
    expect(h.panelText()).to.not.contain('Transaction declined');
  });

  it('any other provider text is labelled as the provider’s message', async () => {
    const h = await resumed('declined', { type: 'payin', message: 'Insufficient funds' });
    expect(facts(h)).to.have.property('The provider’s message', 'Insufficient funds');
    expect(h.root.querySelectorAll('[part~="result"] [part~="detail"]')).to.have.length(1); // the next step only
  });

  it('support-url makes "Contact support" a link on failures: https or a path on the site only', async () => {
    let h = await resumed('failed', { type: 'payin' }, { support: 'https://casino.example/help' });
    expect(links(h)).to.deep.equal([['Contact support', 'https://casino.example/help']]);
    expect(primary(h)).to.deep.equal(['Try again']);
    h.el.remove();
    h = await resumed('rejected', { type: 'payout' }, { support: '/help' });
    expect(links(h)).to.deep.equal([['Contact support', '/help']]);
    expect(primary(h), 'support is the next step').to.deep.equal(['Contact support']);
    h.el.remove();
    for (const unsafe of ['javascript:alert(1)', '//evil.example/x', '/\\evil.example/x', 'http://casino.example/help']) {
      h = await resumed('failed', { type: 'payin' }, { support: unsafe });
      expect(links(h), unsafe).to.deep.equal([]);
      h.el.remove();
    }
    h = await resumed('approved', { type: 'payin' }, { support: '/help' });
    expect(links(h), 'not on a success').to.deep.equal([]);
  });

  it('awaiting approval is calm: no spinner, no clock, the time of the request, the reference, a way to the history', async () => {
    const { h } = await submitted({ status: 'awaiting_approval', type: 'payout' }, 'awaiting-approval', 'history');
    expect(h.root.querySelector('[part~="spinner"]')).to.equal(null);
    expect(h.root.querySelector('[part~="elapsed"]')).to.equal(null);
    expect(tone(h)).to.equal('neutral');
    expect(facts(h)).to.have.property('Requested');
    expect(h.panelText()).to.contain('Reference: tx_1');
    await expect(h.el).to.be.accessible();
    await loadPart('history');
    await h.settle();
    h.button('See your transactions')!.click();
    await waitUntil(() => h.root.querySelector('[role="tab"][aria-selected="true"]')?.textContent?.trim() === 'History', 'history tab');
  });

  it('an unknown pay-out has pay-out wording, not "Do not pay again"; support when set', async () => {
    const { h } = await submitted({ status: 'unknown', type: 'payout' }, 'processing', 'support');
    expect(h.message()).to.equal('We are confirming your withdrawal…');
    expect(h.panelText()).to.contain('Do not request it again');
    expect(h.panelText()).to.not.contain('Do not pay again');
    expect(links(h)).to.deep.equal([['Contact support', 'https://casino.example/help']]);
  });

  it('a refusal’s next step is the primary action: "Verify your account", then Back', async () => {
    proxy.create = errorAnswer(422, { code: 'refused', refusal: { reason: 'verification_required' } });
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" verification-url="https://casino.example/verify"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    await h.until('error');
    await waitUntil(() => card(h), 'card');
    expect(primary(h)).to.deep.equal(['Verify your account']);
    expect(h.root.querySelector('[part~="result"] button.secondary')!.textContent!.trim()).to.equal('Back');
    expect(tone(h)).to.equal('error');
  });
});
