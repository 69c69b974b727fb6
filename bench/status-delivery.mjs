/**
 * How fast does a pay-out's outcome reach the player's screen, and at what cost in requests?
 *
 *   node --import tsx bench/status-delivery.mjs [settleSeconds,…] [runs]   (npm run bench:status)
 *
 * For each settle delay N (the sandbox's `payoutSettleMs`), starts the real dev server (proxy +
 * sandbox), drives Chromium through a pay-out (test/e2e/fixtures/outcomes.html), and measures
 *   - status requests: GET transactions/:id polls + event-stream connections the widget made;
 *   - delay: from the webhook reaching the proxy (its "webhook applied" log line) to the widget
 *     firing mozarto-complete (it renders in the same task);
 * with push (Server-Sent Events) and with polling (the push route answered 404 in the browser).
 * Figures are printed only; nothing is asserted.
 */
import { launchChromium, startDevServer } from '../test/e2e/support.ts';

const settles = (process.argv[2] ?? '2,5,10')
  .split(',')
  .map(Number)
  .filter((n) => n >= 0);
const runs = Number(process.argv[3] ?? 3);
const STATUS_URL = /\/api\/cashier\/transactions\/[^/?]+$/;
const EVENTS_URL = /\/api\/cashier\/transactions\/[^/?]+\/events$/;

// The proxy logs JSON lines to stdout; note when each transaction's webhook is applied.
const webhookAt = new Map();
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk);
  if (text.includes('"msg":"webhook applied"')) {
    const at = Date.now();
    for (const line of text.split('\n')) {
      try {
        const entry = JSON.parse(line);
        if (entry.msg === 'webhook applied' && !webhookAt.has(entry.transactionId)) webhookAt.set(entry.transactionId, at);
      } catch {
        /* not a log line */
      }
    }
    return true;
  }
  if (text.startsWith('{"') && text.includes('"level":')) return true; // keep the table readable
  return write(chunk, ...rest);
};

async function one(browser, url, mode) {
  const page = await browser.newPage();
  if (mode === 'poll')
    await page.route(EVENTS_URL, (r) =>
      r.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"x","retryable":false}}' }),
    );
  let polls = 0;
  let streams = 0;
  page.on('request', (r) => {
    if (STATUS_URL.test(r.url())) polls++;
    else if (EVENTS_URL.test(r.url())) streams++;
  });
  await page.goto(`${url}/test/e2e/fixtures/outcomes.html?type=payout&give-up-after=600`);
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill('Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Phone number').fill('+49 151 1234 5678');
  await page.getByLabel('Amount').fill('10.00');
  await page.getByRole('button', { name: /^Withdraw/ }).click();
  await page.waitForFunction("window.cashierEvents.some((e) => e.type === 'mozarto-complete')", null, { timeout: 120_000 });
  const done = await page.evaluate("window.cashierEvents.find((e) => e.type === 'mozarto-complete')");
  await page.close();
  const at = webhookAt.get(done.detail.transactionId);
  return { polls, streams, delay: at === undefined ? NaN : done.at - at };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const rows = [];
const browser = await launchChromium();
try {
  for (const n of settles) {
    const server = await startDevServer({ payoutSettleMs: n * 1000 });
    try {
      await one(browser, server.url, 'push'); // warm up Vite's transforms
      for (const mode of ['push', 'poll']) {
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await one(browser, server.url, mode));
        rows.push({
          mode,
          settle: `${n} s`,
          runs,
          polls: median(results.map((r) => r.polls)),
          streams: median(results.map((r) => r.streams)),
          requests: median(results.map((r) => r.polls + r.streams)),
          'delay ms (median)': Math.round(median(results.map((r) => r.delay))),
          'delay ms (max)': Math.round(Math.max(...results.map((r) => r.delay))),
        });
        write(`${JSON.stringify(rows.at(-1))}\n`);
      }
    } finally {
      await server.close();
    }
  }
} finally {
  await browser.close();
}
console.table(rows);
