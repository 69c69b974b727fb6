/**
 * Keyboard only: a pay-in (through the sandbox's hosted page) and a pay-out, end to end, using
 * nothing but key presses — no clicks, no `fill`, no focusing by script. Tab order, labels,
 * implicit submission (Enter) and the hosted page's buttons must all work from the keyboard.
 * The same cases run in Chromium (playwright-core, keyboard.test.ts) and Firefox (puppeteer-core,
 * keyboard-firefox.test.ts) through the small page interface below. Fields are found by their
 * label read through the shadow root (puppeteer's `::-p-aria` does not pierce it in Firefox).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

/** What the cases need from a driver's page. */
export interface KeyPage {
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  /** Ctrl/Cmd+A in the focused field. */
  selectAll(): Promise<void>;
  /** Runs `fn` in the page (no arguments, a serializable result). */
  evaluate<T>(fn: () => T): Promise<T>;
  url(): string;
  close(): Promise<void>;
}

type Focus = { tag: string | null; label: string | null; text: string; type: string | null };

/** What has focus, looking through shadow roots: its label (or text) and tag. */
const focused = (page: KeyPage) =>
  page.evaluate((): Focus => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    const control = a as HTMLInputElement | null;
    const label = control?.labels?.[0]?.textContent?.trim() ?? null;
    return { tag: a?.localName ?? null, label, text: a?.textContent?.trim() ?? '', type: control?.getAttribute('type') ?? null };
  });

/** Waits (polling from Node, so it outlives navigations) until `check` holds. */
async function until(check: () => Promise<boolean> | boolean, what: string, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // the page is between documents
    }
    if (Date.now() > end) throw new Error(`keyboard: ${what} did not happen within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const urlMatches = (page: KeyPage, re: RegExp) => until(() => re.test(page.url()), `navigation to ${re}`);

/** The widget's data-state, read through its shadow root. */
const widgetState = (page: KeyPage) =>
  page.evaluate(() => document.querySelector('mozarto-cashier')?.shadowRoot?.querySelector('[data-state]')?.getAttribute('data-state') ?? null);
const widgetText = (page: KeyPage) =>
  page.evaluate(() => document.querySelector('mozarto-cashier')?.shadowRoot?.querySelector('[part~="status"]')?.textContent ?? '');
const widgetDone = (page: KeyPage) => until(async () => (await widgetState(page)) === 'done', 'the widget reaching done');

/** Presses Tab until `match` holds for the focused element (at most `max` times). */
async function tabTo(page: KeyPage, match: (f: Focus) => boolean, what: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.press('Tab');
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
async function payByKeyboard(page: KeyPage, amount: string) {
  await tabTo(page, (f) => f.tag === 'a' && /skip/i.test(f.text), 'the skip link');
  await page.press('Enter');
  const typed = new Set<string>();
  for (;;) {
    await page.press('Tab');
    const f = await focused(page);
    if (f.tag === 'button' && f.type === 'submit') break;
    if (f.label === 'Amount') {
      await page.type(amount);
      typed.add('Amount');
    } else if (f.label && PLAYER[f.label] !== undefined) {
      await page.selectAll();
      await page.type(PLAYER[f.label]!);
      typed.add(f.label);
    }
    if (typed.size > 10) throw new Error('keyboard: lost in the form');
  }
  assert.deepEqual([...typed].sort(), [...Object.keys(PLAYER), 'Amount'].sort());
  await page.press('Enter');
}

/** The keyboard-only cases, in one engine: `open(path)` is a new page of the dev server. */
export function keyboardOnly(engine: string, open: (path: string) => Promise<KeyPage>) {
  describe(`keyboard only (${engine})`, () => {
    it('pay-in: skip link → form → Enter → hosted page → Approve by keyboard → approved', async () => {
      const page = await open('/');
      await payByKeyboard(page, '25.00');
      await urlMatches(page, /\/hpp\//);
      await tabTo(page, (f) => f.tag === 'button' && f.text === 'Approve', 'Approve on the hosted page');
      await page.press('Enter');
      await urlMatches(page, /\/demo\/return\.html/);
      await widgetDone(page);
      assert.match(await widgetText(page), /Payment approved/);
      await page.close();
    });

    it('pay-out: skip link → form → Enter → processing → approved, focus on the outcome', async () => {
      const page = await open('/?type=payout');
      await payByKeyboard(page, '10.00');
      await widgetDone(page);
      assert.match(await widgetText(page), /Withdrawal approved/);
      // Focus followed the flow into the status panel, so Tab continues from the outcome.
      const f = await focused(page);
      // (the result card's heading, or the panel itself)
      assert.ok(['div', 'h2', 'button', 'a', 'p'].includes(f.tag ?? ''), `focus is on the outcome, got ${JSON.stringify(f)}`);
      await page.close();
    });

    it('a submit with errors moves focus to the first invalid field, by keyboard', async () => {
      const page = await open('/');
      await tabTo(page, (f) => f.tag === 'a' && /skip/i.test(f.text), 'the skip link');
      await page.press('Enter');
      // The widget remembers the last amount per method (memory.ts), and a browser that keeps its
      // storage between pages (Firefox here) brings back the one an earlier case typed: clear it.
      await tabTo(page, (f) => f.label === 'Amount', 'the amount');
      await page.selectAll();
      await page.press('Backspace');
      await tabTo(page, (f) => f.tag === 'button' && f.type === 'submit', 'the submit button');
      await page.press('Enter');
      await until(async () => {
        const f = await page.evaluate(() => {
          let a: Element | null = document.activeElement;
          while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
          return a?.localName === 'input' && a.getAttribute('aria-invalid') === 'true';
        });
        return f;
      }, 'focus on an invalid field');
      const f = await focused(page);
      assert.equal(f.label, 'Amount', 'the first field: the amount');
      await page.close();
    });
  });
}
