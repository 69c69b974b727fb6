/**
 * Every provider × flow the demo offers, as a person does it (issue 13, rule 8): Chromium opens
 * the demo (`npm start`'s dev server, with the real proxy and the embedded sandbox behind it),
 * picks provider, flow and currency in the demo's controls, types into each field, found by its
 * visible label, what a person types (`12/30` for a card expiry, a phone with spaces and
 * brackets, a date of birth into the date control), submits, approves on the sandbox's hosted
 * payment page where there is one, and waits for the final outcome on screen: on the return page
 * after a hosted page; in place for a synchronous voucher and for what settles by webhook
 * (pay-outs, Neosurf).
 *
 * Only visible things are used (labels, button names, the outcome's words), so the test holds
 * whatever the widget's internals become.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { BUILT_IN_PSPS } from '../../src/core/catalog.js';
import { devServerAndBrowser } from './support.js';

const e2e = devServerAndBrowser({ payoutSettleMs: 300 });
// Generous: the first page waits for Vite to compile the demo, and CI shares two cores.
const T = { timeout: 30_000 };

/**
 * What a person enters, by visible label: typed key by key into a text input, keyed into the
 * segments of a date input, or the option with that visible text in a select.
 */
type Typed = Readonly<Record<string, string>>;

const ADA: Typed = { 'First name': 'Ada', 'Last name': 'Lovelace', Email: 'ada@example.com' };
const ANA: Typed = { 'First name': 'Ana', 'Last name': 'Rojas', Email: 'ana@example.com', 'Phone number': '+56 9 1234 5678' };
// A date input is keyed in the order the page's locale shows (en-US, set below: month, day, year).
const DOB = { 'Date of birth': '01/15/1990' };
const ADDRESS_CL: Typed = { 'Street and number': 'Av. Providencia 1234', City: 'Santiago', 'State or region': 'RM', 'Postal code': '7500000' };
const ADDRESS_UK: Typed = { 'Street and number': '10 Downing Street', City: 'London', 'State or region': 'Greater London', 'Postal code': 'SW1A 2AA' };

/**
 * One provider × flow: its name, flow and currency as the demo's controls show them, what the
 * person enters, the amount, and how it ends for an amount the sandbox approves: `hosted` goes
 * through the sandbox's hosted page and back to the return page; `in-place` shows the outcome
 * where the form was (synchronous, or settled by webhook).
 */
interface Case {
  readonly provider: string;
  readonly flow: 'payin' | 'payout';
  readonly currency: string;
  readonly typed: Typed;
  readonly amount: string;
  readonly ends: 'hosted' | 'in-place';
}

const CASES: readonly Case[] = [
  { provider: 'Payone', flow: 'payin', currency: 'EUR', typed: { ...ADA, 'Phone number': '+49 151 1234 5678' }, amount: '25', ends: 'hosted' },
  { provider: 'Payone', flow: 'payout', currency: 'CAD', typed: { ...ADA, 'Phone number': '(416) 555-0199' }, amount: '10.50', ends: 'in-place' },
  {
    provider: 'Gigadat',
    flow: 'payin',
    currency: 'CAD',
    typed: { 'Full name': 'Ana Rojas', Email: 'ana@example.com', 'Phone number': '(555) 123-4567' },
    amount: '40',
    ends: 'hosted',
  },
  {
    provider: 'Gigadat',
    flow: 'payout',
    currency: 'CAD',
    typed: { 'Full name': 'Ana Rojas', Email: 'ana@example.com', 'Mobile number': '+1 555-123-4567' },
    amount: '30',
    ends: 'in-place',
  },
  { provider: 'ForumPay', flow: 'payin', currency: 'EUR', typed: { Email: 'satoshi@example.com' }, amount: '50', ends: 'hosted' },
  {
    provider: 'ForumPay',
    flow: 'payout',
    currency: 'USD',
    typed: { Email: 'satoshi@example.com', Cryptocurrency: 'BTC', 'Wallet address': 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' },
    amount: '75',
    ends: 'in-place',
  },
  { provider: 'Cleo', flow: 'payin', currency: 'CLP', typed: { ...ANA, ...DOB, Country: 'Chile', ...ADDRESS_CL }, amount: '5000', ends: 'hosted' },
  {
    provider: 'Cleo',
    flow: 'payout',
    currency: 'PEN',
    typed: { ...ANA, ...DOB, Country: 'Peru', ...ADDRESS_CL, City: 'Lima', 'State or region': 'Lima', 'Postal code': '15001' },
    amount: '120',
    ends: 'in-place',
  },
  {
    provider: 'Flexepin',
    flow: 'payin',
    currency: 'EUR',
    typed: { 'Voucher PIN': '1234 5678 9012 3456', Email: 'ada@example.com' },
    amount: '20',
    ends: 'in-place',
  },
  { provider: 'Neosurf', flow: 'payin', currency: 'EUR', typed: { Email: 'ada@example.com' }, amount: '15', ends: 'in-place' },
  {
    provider: 'Trust Payments',
    flow: 'payin',
    currency: 'EUR',
    typed: { Email: 'ada@example.com', 'Phone number': '+44 7911 123456' },
    amount: '35',
    ends: 'hosted',
  },
  {
    provider: 'Worldpay',
    flow: 'payin',
    currency: 'GBP',
    typed: { ...ADA, 'Phone number': '+44 20 7946 0958', ...DOB, ...ADDRESS_UK },
    amount: '45.50',
    ends: 'hosted',
  },
  {
    provider: 'eMerchantPay',
    flow: 'payin',
    currency: 'EUR',
    typed: { ...ADA, 'Card number': '4111 1111 1111 1111', 'Expiry date': '12/30', 'Security code': '123', 'Name on card': 'Ada Lovelace' },
    amount: '60',
    ends: 'hosted',
  },
  { provider: 'Brite', flow: 'payin', currency: 'EUR', typed: { Email: 'ada@example.com' }, amount: '12', ends: 'hosted' },
];

const cashier = (page: Page) => page.locator('mozarto-cashier');

/** The option whose visible text starts with what the person looks for ("Chile" → "Chile (CL)"). */
async function choose(select: Locator, text: string) {
  const options = (await select.locator('option').allTextContents()).map((o) => o.trim());
  await select.selectOption({ label: options.find((o) => o.startsWith(text)) ?? text });
}

/** Enters one value the way a person does in that kind of control. */
async function enter(control: Locator, value: string) {
  const kind = await control.evaluate((el) => (el instanceof HTMLSelectElement ? 'select' : (el as HTMLInputElement).type));
  if (kind === 'select') return choose(control, value);
  await control.click();
  // A date input is keyed segment by segment: the digits only, the browser moves on by itself.
  await control.pressSequentially(kind === 'date' ? value.replace(/\D/g, '') : value);
}

/** The whole flow for one case, from the demo's controls to the outcome on screen. */
async function run(page: Page, c: Case) {
  const controls = page.getByRole('group', { name: 'Provider and flow' });
  await choose(controls.getByLabel('Provider'), c.provider);
  await choose(controls.getByLabel('Flow'), c.flow === 'payin' ? 'Pay-in' : 'Pay-out');
  await choose(controls.getByLabel('Currency'), c.currency);

  const widget = cashier(page);
  for (const [label, value] of Object.entries(c.typed)) await enter(widget.getByLabel(label), value);
  await enter(widget.getByLabel('Amount'), c.amount);
  const submit = widget.getByRole('button', { name: c.flow === 'payin' ? /^Pay\b/ : /^Withdraw\b/ });
  // What the Pay button says is charged (the amount with the provider's fee, ADR 0019), in English: "Pay €12.50".
  const charged = Number((await submit.innerText()).replace(/[^\d.]/g, ''));
  await submit.click();

  if (c.ends === 'hosted') {
    await page.waitForURL(/\/hpp\//, T);
    // The provider's page asks for what the Pay button said, not a rounded or converted amount.
    const hpp = await page.locator('body').innerText();
    assert.ok(charged >= Number(c.amount), `the Pay button names at least the amount typed, got ${charged}`);
    assert.match(hpp, new RegExp(`Amount\\s+${charged.toFixed(2).replace('.', '\\.')}\\b`));
    assert.match(hpp, new RegExp(`Currency\\s+${c.currency}\\b`));
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/demo\/return\.html/, T);
  }
  const done = cashier(page).getByText(c.flow === 'payin' ? 'Payment approved' : 'Withdrawal approved', { exact: true });
  await done.first().waitFor(T);
  await cashier(page)
    .getByText(/^Reference: \S+$/)
    .first()
    .waitFor(T);
}

describe('every provider and flow of the demo, in Chromium, as a person does it', () => {
  it('covers every provider × flow of the catalog: 14', () => {
    const catalog = BUILT_IN_PSPS.flatMap((p) => Object.keys(p.flows).map((flow) => `${p.name} ${flow}`)).sort();
    assert.deepEqual(CASES.map((c) => `${c.provider} ${c.flow}`).sort(), catalog);
    assert.equal(CASES.length, 14);
  });

  for (const c of CASES) {
    const how = c.ends === 'hosted' ? 'approved on the hosted page, approved on the return page' : 'approved in place';
    it(`${c.provider} ${c.flow}: typed by label, ${how}`, async () => {
      const page = await e2e.open('/', { locale: 'en-US' });
      const crashes: string[] = [];
      page.on('pageerror', (e) => crashes.push(e.message));
      try {
        await run(page, c);
        assert.deepEqual(crashes, [], 'no uncaught error in the page');
      } catch (error) {
        // What the player sees, to tell a bug from a slow step.
        const shown = await page.evaluate(() => (document.querySelector('mozarto-cashier')?.shadowRoot ?? document.body).textContent?.replace(/\s+/g, ' '));
        throw new Error(`${(error as Error).message}\n  page: ${page.url()}\n  shows: ${shown}`, { cause: error });
      } finally {
        await page.close();
      }
    });
  }
});
