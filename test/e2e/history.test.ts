/**
 * The history, end to end: a Payone deposit through every real part (widget → proxy → sandbox →
 * hosted page → webhook), then the workbench's history view (`?history=only`) lists it — from the
 * proxy's `GET transactions` — with its final status, beside the demo player's earlier ones
 * (an awaiting-approval pay-out first).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { devServerAndBrowser } from './support.js';

const e2e = devServerAndBrowser();

describe('history end to end', () => {
  it('a deposit, then the history shows it approved, pending pay-outs first', async () => {
    const page = await e2e.open('/');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Phone number').fill('+49 151 1234 5678');
    await page.getByLabel('Amount').fill('42.00');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await page.waitForURL(/\/hpp\//, { timeout: 30_000 });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/\/demo\/return\.html/, { timeout: 30_000 });
    const reference = page.locator('mozarto-cashier [part~="reference"]');
    await page
      .locator('mozarto-cashier')
      .getByText(/approved/i)
      .first()
      .waitFor({ timeout: 30_000 });
    const id = /tx_[0-9a-f]{24}/.exec((await reference.first().textContent()) ?? '')?.[0];
    assert.ok(id, 'the return page shows the reference');

    await page.goto(new URL('/?history=only', page.url()).href);
    const row = page.locator(`mozarto-cashier [part~="history-row"][data-id="${id}"]`);
    await row.waitFor({ timeout: 30_000 });
    assert.equal(await row.getAttribute('data-status'), 'approved');
    assert.match((await row.textContent()) ?? '', /Deposit · Payone/);
    assert.match((await row.textContent()) ?? '', /€42\.00/);
    assert.match((await row.textContent()) ?? '', /Approved/);
    // The demo player's earlier pay-out still awaiting approval comes first.
    const first = page.locator('mozarto-cashier [part~="history-row"]').first();
    assert.equal(await first.getAttribute('data-status'), 'awaiting_approval');

    await row.click();
    const receipt = page.locator('mozarto-cashier [part~="receipt"]');
    await receipt.waitFor();
    assert.match((await receipt.textContent()) ?? '', new RegExp(id!));
    await page.close();
  });
});
