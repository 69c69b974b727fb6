/**
 * Outcomes the player can trust, through every real part: Chromium → widget (Vite dev server)
 * → proxy → sandbox → webhook → proxy → the widget's push channel or its polls.
 *
 * Each case runs against the fixture page test/e2e/fixtures/outcomes.html (query = attributes).
 * "poll" mode answers the push route with 404 from the browser's side, so the widget falls back
 * to polling exactly as it would against a proxy without Server-Sent Events.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium, startDevServer } from './support.js';

let server: Awaited<ReturnType<typeof startDevServer>>;
let browser: Browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

/**
 * One dev server per mode: the proxy limits creation to 20 transactions a minute per user, and
 * this file creates about that many.
 */
function withServer(): void {
  before(async () => {
    server = await startDevServer({ payoutSettleMs: 300 });
  });
  after(async () => {
    await server?.close();
  });
}

type Mode = 'push' | 'poll';
const T = { timeout: 20_000 };

const STATUS_URL = /\/api\/cashier\/transactions\/[^/?]+$/;
const EVENTS_URL = /\/api\/cashier\/transactions\/[^/?]+\/events$/;

/** Opens the fixture; counts status polls and stream connections. */
async function open(mode: Mode, attrs: Record<string, string> = {}) {
  const page = await browser.newPage();
  // Track every EventSource so a test can tell whether one is still open.
  // (Scripts as strings: tsx's keepNames helpers do not exist in the page.)
  await page.addInitScript(`{
    const ES = window.EventSource;
    const all = (window.__streams = []);
    window.EventSource = class extends ES {
      constructor(url, init) {
        super(url, init);
        all.push(this);
      }
    };
  }`);
  if (mode === 'poll') {
    await page.route(EVENTS_URL, (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"no push here","retryable":false}}' }),
    );
  }
  const requests: Request[] = [];
  page.on('request', (r) => {
    if (STATUS_URL.test(r.url()) || EVENTS_URL.test(r.url())) requests.push(r);
  });
  const query = new URLSearchParams({ type: 'payout', ...attrs });
  await page.goto(`${server.url}/test/e2e/fixtures/outcomes.html?${query}`);
  await page.getByLabel('First name').waitFor(T);
  return {
    page,
    polls: () => requests.filter((r) => STATUS_URL.test(r.url())).length,
    streams: () => requests.filter((r) => EVENTS_URL.test(r.url())).length,
    openStreams: () => page.evaluate('window.__streams.filter((s) => s.readyState !== 2).length') as Promise<number>,
  };
}

async function withdraw(page: Page, amount: string) {
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Phone number').fill('+49 151 1234 5678');
  await page.getByLabel('Amount').fill(amount);
  await page.getByRole('button', { name: /^Withdraw/ }).click();
}

const cashier = (page: Page) => page.locator('mozarto-cashier');
/** Waits for a text in the widget's panel (the live region repeats some texts; it is not what we look at). */
const see = (page: Page, text: string) => cashier(page).locator('[part~="status"]').getByText(text).first().waitFor(T);
const state = (page: Page) => page.locator('mozarto-cashier [data-state]').first().getAttribute('data-state');
const untilState = (page: Page, ...names: string[]) =>
  page.waitForFunction(
    `${JSON.stringify(names)}.includes(document.querySelector('mozarto-cashier')?.shadowRoot?.querySelector('[data-state]')?.getAttribute('data-state') ?? '')`,
    null,
    T,
  );
/** Pretends the tab is hidden or shown, as the browser tells the page. */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate(`{
    Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return ${hidden ? "'hidden'" : "'visible'"}; } });
    Object.defineProperty(document, 'hidden', { configurable: true, get() { return ${hidden}; } });
    document.dispatchEvent(new Event('visibilitychange'));
  }`);
const streamOpen = (page: Page) => page.waitForFunction('window.__streams.some((s) => s.readyState === 1)', null, T);

/** The proxy's transaction id, read off the screen. */
async function reference(page: Page): Promise<string> {
  const text = await cashier(page).locator('[part~="reference"]').textContent(T);
  return /Reference: (\S+)/.exec(text ?? '')![1]!;
}

/** The sandbox's id for the proxy's transaction (its merchantReference). */
async function sandboxId(proxyId: string): Promise<string> {
  const list = (await (await fetch(`${server.sandboxUrl}/__sandbox/transactions`)).json()) as { transactionId: string; merchantReference: string }[];
  const tx = list.find((t) => t.merchantReference === proxyId);
  assert.ok(tx, `sandbox has no transaction for ${proxyId}`);
  return tx.transactionId;
}

async function backOffice(proxyId: string, action: 'approve' | 'reject' | 'settle', status?: string) {
  const id = await sandboxId(proxyId);
  const res = await fetch(`${server.sandboxUrl}/__sandbox/transactions/${id}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: status ? JSON.stringify({ transaction_status: status }) : undefined,
  });
  assert.equal(res.status, 200, await res.text());
}

async function events(page: Page, type: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(`window.cashierEvents.filter((e) => e.type === ${JSON.stringify(type)}).map((e) => e.detail)`);
}

const FINAL = [
  { cents: '10.00', status: 'approved', text: 'Withdrawal approved', next: 'New withdrawal' },
  // One method (psp="PAYONE"): "Try again", not "Try another method".
  { cents: '10.13', status: 'declined', text: 'Withdrawal declined', next: 'Try again' },
  { cents: '10.14', status: 'failed', text: 'Withdrawal failed', next: 'Try again' },
  { cents: '10.15', status: 'rejected', text: 'Withdrawal rejected', next: null },
] as const;

for (const mode of ['push', 'poll'] as const) {
  describe(`outcomes end to end (${mode})`, () => {
    withServer();
    for (const f of FINAL) {
      it(`${mode}: a pay-out settled ${f.status} by webhook shows it with its next action`, async () => {
        const { page, polls, streams } = await open(mode);
        await withdraw(page, f.cents);
        await see(page, f.text);
        assert.equal(await state(page), 'done');
        const id = await reference(page);
        assert.deepEqual(await events(page, 'mozarto-complete'), [{ transactionId: id, status: f.status }]);
        // The result card (its part loads once the form is left): one next action beside the reference's copy button.
        await cashier(page).locator('[part~="result"]').waitFor(T);
        const buttons = await cashier(page).locator('[part~="status"] button:not([part~="copy"])').allTextContents();
        assert.deepEqual(
          buttons.map((b) => b.trim()),
          f.next ? [f.next] : [],
        );
        if (f.status === 'rejected') await see(page, 'Please contact support and quote your reference.');
        if (mode === 'push') {
          assert.equal(polls(), 0, 'push delivered the outcome without polling');
          assert.ok(streams() >= 1);
        } else assert.ok(polls() >= 1);
        await page.close();
      });
    }

    it(`${mode}: approval queue, then approved by the back office`, async () => {
      const { page } = await open(mode);
      await withdraw(page, '25.16');
      // The proxy reads the sandbox's "Added to approvals table" as awaiting_approval.
      await untilState(page, 'awaiting-approval');
      await see(page, 'Your withdrawal is waiting for approval…');
      const id = await reference(page);
      assert.deepEqual(
        (await events(page, 'mozarto-status')).map((d) => d.status),
        ['awaiting_approval'],
      );
      await backOffice(id, 'approve');
      await see(page, 'Withdrawal approved');
      await page.close();
    });

    it(`${mode}: approval queue, then rejected by the back office`, async () => {
      const { page } = await open(mode);
      await withdraw(page, '25.16');
      await untilState(page, 'awaiting-approval');
      await backOffice(await reference(page), 'reject');
      await see(page, 'Withdrawal rejected');
      await see(page, 'Please contact support and quote your reference.');
      await page.close();
    });

    it(`${mode}: a webhook that lands before the first status read shows the outcome at once`, async () => {
      const { page, polls } = await open(mode);
      // Hold the first status read (poll or stream) until the webhook has been delivered.
      let held = false;
      await page.route(mode === 'push' ? EVENTS_URL : STATUS_URL, async (route) => {
        if (!held) {
          held = true;
          const text = await cashier(page).locator('[part~="reference"]').textContent(T);
          await backOffice(/Reference: (\S+)/.exec(text ?? '')![1]!, 'settle', 'Approved');
        }
        await route.fallback();
      });
      await withdraw(page, '10.17'); // never settles by itself
      await see(page, 'Withdrawal approved');
      const seen = (await events(page, 'mozarto-status')).map((d) => d.status);
      assert.deepEqual(seen, ['pending', 'approved']);
      if (mode === 'poll') assert.equal(polls(), 1);
      else assert.equal(polls(), 0);
      await page.close();
    });

    it(`${mode}: a hidden tab makes no requests and holds no stream; shown again it catches up`, async () => {
      const { page, polls, streams, openStreams } = await open(mode);
      await withdraw(page, '10.17');
      await untilState(page, 'processing');
      const id = await reference(page);
      if (mode === 'push') await streamOpen(page);
      else while (polls() === 0) await page.waitForTimeout(100);
      await setHidden(page, true);
      const before = polls() + streams();
      assert.equal(await openStreams(), 0);
      await backOffice(id, 'settle', 'Declined'); // the outcome lands while nobody looks
      await page.waitForTimeout(3000);
      assert.equal(polls() + streams(), before, 'no request while hidden');
      assert.equal(await state(page), 'processing');
      await setHidden(page, false);
      await see(page, 'Withdrawal declined');
      await page.close();
    });

    it(`${mode}: give-up-after ends in "Still processing" with the reference and Check again`, async () => {
      const { page } = await open(mode, { 'give-up-after': '2' });
      await withdraw(page, '10.17');
      await see(page, 'Still processing');
      const id = await reference(page);
      await cashier(page).getByRole('button', { name: 'Check again' }).waitFor(T);
      await backOffice(id, 'settle', 'Approved');
      await cashier(page).getByRole('button', { name: 'Check again' }).click();
      await see(page, 'Withdrawal approved');
      await page.close();
    });

    it(`${mode}: a reload mid-pay-out resumes the same transaction; a finished one is not resumed`, async () => {
      const { page } = await open(mode);
      await withdraw(page, '25.16');
      await untilState(page, 'processing', 'awaiting-approval');
      const id = await reference(page);
      await page.reload();
      await untilState(page, 'awaiting-approval');
      assert.equal(await reference(page), id);
      await backOffice(id, 'approve');
      await see(page, 'Withdrawal approved');
      await page.reload();
      await page.getByLabel('First name').waitFor(T);
      assert.equal(await state(page), 'editing');
      await page.close();
    });

    if (mode === 'poll') pollOnly();
    else pushOnly();
  });
}

function pollOnly(): void {
  it('poll: a network drop shows a quiet Reconnecting… and recovers', async () => {
    const { page } = await open('poll');
    let down = false;
    await page.route(STATUS_URL, (route) => (down ? route.abort('internetdisconnected') : route.fallback()));
    await withdraw(page, '10.17');
    await untilState(page, 'processing');
    const id = await reference(page);
    down = true;
    await see(page, 'Reconnecting…');
    const live = await cashier(page).locator('[aria-live="polite"]').textContent();
    assert.doesNotMatch(live ?? '', /Reconnecting/);
    await backOffice(id, 'settle', 'Approved');
    down = false;
    await see(page, 'Withdrawal approved');
    assert.equal(await cashier(page).getByText('Reconnecting…').count(), 0);
    await page.close();
  });
}

function pushOnly(): void {
  it('push: the stream refused mid-way (network drop) falls back to polling and recovers', async () => {
    const { page } = await open('push');
    await withdraw(page, '10.17');
    await untilState(page, 'processing');
    const id = await reference(page);
    await streamOpen(page);
    // Cut the network for the stream and the polls, then break the open stream from the page side.
    let down = true;
    await page.route(/\/api\/cashier\/transactions\//, (route) => (down ? route.abort('internetdisconnected') : route.fallback()));
    await page.evaluate(`for (const s of window.__streams) { s.dispatchEvent(new Event('error')); }`);
    await see(page, 'Reconnecting…');
    await backOffice(id, 'settle', 'Approved');
    down = false;
    await see(page, 'Withdrawal approved');
    assert.equal(await cashier(page).locator('[part~="hint"]').count(), 0);
    await page.close();
  });

  it('an unsafe redirect URL is refused with mozarto-error and no navigation', async () => {
    const page = await browser.newPage();
    await page.route(/\/api\/cashier\/transactions$/, (route) =>
      route.fulfill({
        status: 201,
        contentType: 'application/json',
        body: JSON.stringify({ transactionId: 'tx_evil', status: 'pending', outcome: 'redirect', redirectUrl: 'http://evil.example/pay' }),
      }),
    );
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${server.url}/test/e2e/fixtures/outcomes.html?type=payin`);
    const start = page.url();
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Phone number').fill('+49 151 1234 5678');
    await page.getByLabel('Amount').fill('25.00');
    await page.getByRole('button', { name: /^Pay/ }).click();
    await see(page, 'We could not open the payment page safely. Please contact support.');
    const errors = await events(page, 'mozarto-error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'bad_response');
    assert.deepEqual(await events(page, 'mozarto-redirect'), []);
    assert.equal(page.url(), start);
    assert.ok(!requested.some((u) => u.includes('evil.example')));
    await page.close();
  });
}
