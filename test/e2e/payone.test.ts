/**
 * Both Payone flows through every real part: Chromium → widget (served by the Vite dev server)
 * → proxy (mounted in it) → sandbox over HTTP → hosted page → webhook over HTTP → proxy's
 * SQLite → widget's polling.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { devServerAndBrowser } from './support.js';

const e2e = devServerAndBrowser({ payoutSettleMs: 300 });

async function fillPlayer(page: Page, amount: string) {
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Phone number').fill('+49 151 1234 5678');
  await page.getByLabel('Amount').fill(amount);
}

/** The widget's visible state, read from its shadow root. */
async function widgetState(page: Page) {
  return page.locator('mozarto-cashier [data-state]').first().getAttribute('data-state');
}

describe('Payone end to end', () => {
  it('pay-in: form → hosted page → Approve → return page shows approved', async () => {
    const page = await e2e.open('/');
    await fillPlayer(page, '25.00');
    await page.getByRole('button', { name: /^Pay/ }).click();

    await page.waitForURL(/\/hpp\//, { timeout: 10_000 });
    assert.match((await page.textContent('body')) ?? '', /25\.00/);
    await page.getByRole('button', { name: 'Approve' }).click();

    await page.waitForURL(/\/demo\/return\.html/, { timeout: 10_000 });
    await page
      .locator('mozarto-cashier')
      .getByText(/approved/i)
      .first()
      .waitFor({ timeout: 10_000 });
    assert.equal(await widgetState(page), 'done');
    await page.close();
  });

  it('pay-in: Decline on the hosted page ends declined on the return page', async () => {
    const page = await e2e.open('/');
    await fillPlayer(page, '30.00');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/hpp\//, { timeout: 10_000 });
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.waitForURL(/\/demo\/return\.html/, { timeout: 10_000 });
    await page
      .locator('mozarto-cashier')
      .getByText(/declined/i)
      .first()
      .waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('pay-out: processing, then Approved by webhook', async () => {
    const page = await e2e.open('/?type=payout');
    await fillPlayer(page, '10.00');
    await page.getByRole('button', { name: /^Withdraw/ }).click();
    await page
      .locator('mozarto-cashier')
      .getByText(/processing/i)
      .first()
      .waitFor({ timeout: 5_000 });
    await page
      .locator('mozarto-cashier')
      .getByText(/approved/i)
      .first()
      .waitFor({ timeout: 10_000 });
    assert.equal(await widgetState(page), 'done');
    await page.close();
  });

  it('pay-out: processing, then Declined by webhook (amount ending .13)', async () => {
    const page = await e2e.open('/?type=payout');
    await fillPlayer(page, '10.13');
    await page.getByRole('button', { name: /^Withdraw/ }).click();
    await page
      .locator('mozarto-cashier')
      .getByText(/declined/i)
      .first()
      .waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('keeps everything typed when a field is wrong', async () => {
    const page = await e2e.open('/');
    await fillPlayer(page, '25.00');
    await page.getByLabel('Phone number').fill('123');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.locator('mozarto-cashier').getByText('Phone number must have at least 6 digits.').waitFor();
    assert.equal(await page.getByLabel('First name').inputValue(), 'Ada');
    assert.equal(await page.getByLabel('Phone number').inputValue(), '123');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.close();
  });
});
