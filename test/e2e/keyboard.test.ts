/**
 * Keyboard only: a pay-in (through the sandbox's hosted page) and a pay-out, end to end, using
 * nothing but `page.keyboard` — no clicks, no `fill`, no focusing by script. Tab order, labels,
 * implicit submission (Enter) and the hosted page's buttons must all work from the keyboard.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { devServerAndBrowser } from './support.js';

const e2e = devServerAndBrowser({ payoutSettleMs: 300 });

/** What has focus, looking through shadow roots: its label (or text) and tag. */
function focused(page: Page) {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const control = a as HTMLInputElement | null;
    const label = control?.labels?.[0]?.textContent?.trim() ?? null;
    return { tag: a?.localName ?? null, label, text: a?.textContent?.trim() ?? '', type: control?.getAttribute('type') ?? null };
  });
}

/** Presses Tab until `match` holds for the focused element (at most `max` times). */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return;
  }
  throw new Error(`keyboard: never reached ${what}; last focus ${JSON.stringify(await focused(page))}`);
}

const PLAYER: Record<string, string> = {
  'First name': 'Ada',
  'Last name': 'Lovelace',
  Email: 'ada@example.com',
  'Phone number': '+49 151 1234 5678',
};

/** From the top of the page: the skip link, then every field of the widget, then Enter. */
async function payByKeyboard(page: Page, amount: string) {
  await tabTo(page, (f) => f.tag === 'a' && /skip/i.test(f.text), 'the skip link');
  await page.keyboard.press('Enter');
  const typed = new Set<string>();
  for (;;) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.tag === 'button' && f.type === 'submit') break;
    if (f.label === 'Amount') {
      await page.keyboard.type(amount);
      typed.add('Amount');
    } else if (f.label && PLAYER[f.label] !== undefined) {
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(PLAYER[f.label]!);
      typed.add(f.label);
    }
    if (typed.size > 10) throw new Error('keyboard: lost in the form');
  }
  assert.deepEqual([...typed].sort(), [...Object.keys(PLAYER), 'Amount'].sort());
  await page.keyboard.press('Enter');
}

const widgetText = (page: Page) => page.locator('mozarto-cashier [part~="status"]').first().textContent();

describe('keyboard only', () => {
  it('pay-in: skip link → form → Enter → hosted page → Approve by keyboard → approved', async () => {
    const page = await e2e.open('/');
    await payByKeyboard(page, '25.00');
    await page.waitForURL(/\/hpp\//, { timeout: 10_000 });
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Approve', 'Approve on the hosted page');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/demo\/return\.html/, { timeout: 10_000 });
    await page.locator('mozarto-cashier [data-state="done"]').waitFor({ timeout: 10_000 });
    assert.match((await widgetText(page)) ?? '', /Payment approved/);
    await page.close();
  });

  it('pay-out: skip link → form → Enter → processing → approved, focus on the outcome', async () => {
    const page = await e2e.open('/?type=payout');
    await payByKeyboard(page, '10.00');
    await page.locator('mozarto-cashier [data-state="done"]').waitFor({ timeout: 10_000 });
    assert.match((await widgetText(page)) ?? '', /Withdrawal approved/);
    // Focus followed the flow into the status panel, so Tab continues from the outcome.
    const f = await focused(page);
    assert.ok(f.tag === 'div' || f.tag === 'button' || f.tag === 'a' || f.tag === 'p', `focus is on the outcome, got ${JSON.stringify(f)}`);
    await page.close();
  });

  it('a submit with errors moves focus to the first invalid field, by keyboard', async () => {
    const page = await e2e.open('/');
    await tabTo(page, (f) => f.tag === 'a' && /skip/i.test(f.text), 'the skip link');
    await page.keyboard.press('Enter');
    await tabTo(page, (f) => f.tag === 'button' && f.type === 'submit', 'the submit button');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      let a: Element | null = document.activeElement;
      while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
      return a?.localName === 'input' && a.getAttribute('aria-invalid') === 'true';
    });
    const f = await focused(page);
    assert.equal(f.label, 'First name');
    await page.close();
  });
});
