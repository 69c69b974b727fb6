// npm run bench: the figures behind issue 7, printed in one run (no assertions; nothing here
// fails on a number — the size budget lives in scripts/size-budget.mjs and its test).
//
//  1. Size: our script-tag bundle and our ES build (lit + zod bundled in, as an app's bundler
//     would), beside @adyen/adyen-web Drop-in (Card + Redirect) and braintree-web-drop-in, all
//     bundled the same way (esbuild, minified, iife, bench/peers/*.js); gzip -9 and brotli -q11.
//  2. Start-up in headless Chromium (/usr/bin/chromium, playwright-core), median of BENCH_RUNS
//     fresh browser contexts: our widget from script start to an interactive form (against a
//     stub of the proxy's config answer) beside Adyen Drop-in's script start (and mount) to its
//     method list (paymentMethodsResponse given, nothing leaves the page), loaded in turn, one of
//     each per round, and the ratio (of the medians, and round by round); the layout
//     shift at 375 px on a page with text below the cashier (PerformanceObserver); and for every
//     bundle the time spent loading and evaluating it alone (performance.now() around the <script>).
//  3. The proxy's added latency over a direct sandbox call (p50/p99, both real HTTP on loopback)
//     and its throughput under load from a second process (keep-alive fetch loops).
//
//   BENCH_RUNS (30)   BENCH_SLOW_PROXY_MS (60)   BENCH_LATENCY_N (300)   BENCH_LOAD_SECONDS (3)   CHROME_PATH (/usr/bin/chromium)
//   BENCH_ONLY=startup (sections 1 and 2 only)
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from '../scripts/engines/chromium-args.mjs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { COMPANY_TOKEN, createThroughProxy, median, mozartoPayinBody, payinRequest, percentile, sandboxUserToken, startStack } from './lib/stack.mjs';
import { PEERS, bundle, bundlePeers } from './lib/peers.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const LATENCY_N = Number(process.env.BENCH_LATENCY_N ?? 300);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 3);
const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const SLOW_PROXY_MS = Number(process.env.BENCH_SLOW_PROXY_MS ?? 60);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = join(root, 'bench', '.tmp', 'run');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;
const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

// ---- 1. sizes --------------------------------------------------------------------------------
console.log('bench: building (vite to bench/.tmp, esbuild for the peers)…');
const vite = join(root, 'node_modules/.bin/vite');
execFileSync(vite, ['build', '--mode', 'iife', '--outDir', join(work, 'iife'), '--emptyOutDir', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
// The method tiles a page without `psp` shows are a part the script loads on demand from
// parts/ beside it (src/widget/parts.ts): the start-up page needs it as a merchant serves it.
execFileSync(vite, ['build', '--mode', 'part-picker', '--outDir', join(work, 'iife', 'parts'), '--emptyOutDir', '--logLevel', 'error'], {
  cwd: root,
  stdio: 'inherit',
});
execFileSync(vite, ['build', '--outDir', join(work, 'es'), '--emptyOutDir', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });

const files = {
  ours: join(work, 'iife', 'mozarto-cashier.iife.js'),
  oursEs: join(work, 'ours-es.js'),
  adyen: join(work, 'adyen.js'),
  braintree: join(work, 'braintree.js'),
};
await bundle(join(work, 'es', 'define.js'), files.oursEs);
await bundlePeers(work);

const table = [
  ['mozarto-cashier script tag (dist/mozarto-cashier.iife.js)', files.ours],
  ['mozarto-cashier ES build + lit + zod, bundled', files.oursEs],
  ...PEERS.map((p) => [p.name, files[p.key]]),
].map(([name, file]) => ({ name, file, ...sizes(readFileSync(file)) }));
const ours = table[0];
console.log('\n1. Bundle size (minified; gzip -9, brotli -q11; ratio = peer ÷ our script tag, gzip)');
for (const row of table) {
  console.log(
    `   ${row.name.padEnd(58)} ${kb(row.raw).padStart(9)} raw  ${kb(row.gzip).padStart(9)} gzip  ${kb(row.brotli).padStart(9)} brotli  ${(row.gzip / ours.gzip).toFixed(1).padStart(5)}×`,
  );
}

// ---- 2. start-up in Chromium -----------------------------------------------------------------
const stack = await startStack();
const configAnswer = await (await fetch(`${stack.api}/config`, { headers: { 'x-bench-user': 'u0' } })).text();

/** Sums the page's layout shifts (CLS without session windows: an upper bound), from its first frame. */
const CLS_OBSERVER = `<script>window.__cls = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });</script>`;
/** What a merchant's page has below the cashier: text that moves if the cashier grows. */
const BELOW = `<h2>Responsible gambling</h2>${'<p>Set a deposit limit in your account at any time. Withdrawals reach you within one to three working days, and our support team answers around the clock.</p>'.repeat(6)}`;

/** A merchant's page: the script tag, the element (with text below it, `below`), and a note of when `ready` first matches. */
const ttiPage = (
  attributes,
  ready,
  below = '',
  endpoint = '/api/cashier',
) => `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
${below ? CLS_OBSERVER : ''}<script>window.__t0 = performance.now();</script>
<script src="/ours.js"></script>
<mozarto-cashier endpoint="${endpoint}" type="payin" currency="EUR"${attributes}></mozarto-cashier>${below}
<script>
  const el = document.querySelector('mozarto-cashier');
  const done = () => {
    const control = el.shadowRoot && el.shadowRoot.querySelector(${JSON.stringify(ready)});
    if (control && window.__tti === undefined) {
      window.__tti = performance.now() - window.__t0;
      const answer = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/config'));
      window.__afterAnswer = answer ? window.__tti - (answer.responseEnd - window.__t0) : NaN;
    }
    return control;
  };
  if (!done()) new MutationObserver((_, o) => done() && o.disconnect()).observe(el.shadowRoot || el, { subtree: true, childList: true, attributes: true });
</script></body></html>`;
const TILES = '[role="radio"]:not([disabled])';
const FORM = 'form input:not([disabled])';
const pages = {
  // The tiles themselves (a radio group), not the plain buttons shown when their part cannot load.
  '/ours-tti.html': ttiPage('', TILES),
  '/ours-tti-form.html': ttiPage(' psp="PAYONE"', FORM),
  // The same, the proxy answering after SLOW_PROXY_MS (a proxy across a network, not on loopback).
  '/ours-tti-form-slow.html': ttiPage(' psp="PAYONE"', FORM, '', '/api/slow'),
  '/ours-cls.html': ttiPage('', TILES, BELOW),
  '/ours-cls-form.html': ttiPage(' psp="PAYONE"', FORM, BELOW),
  // Adyen Drop-in with its paymentMethodsResponse given (no /paymentMethods call; its network is
  // cut, see measure): from its script's start, and from mount, to the method list.
  '/adyen-tti.html': `<!doctype html><html lang="en"><body>
<script>window.__t0 = performance.now();</script>
<script src="/adyen.js"></script>
<div id="dropin"></div>
<script>
  const { AdyenCheckout, Dropin, Card, Redirect } = window.__peer;
  const ready = () => document.querySelector('#dropin .adyen-checkout__payment-method');
  new MutationObserver((_, o) => {
    if (!ready() || window.__tti !== undefined) return;
    window.__tti = performance.now() - window.__t0;
    window.__mount = performance.now() - window.__m0;
    o.disconnect();
  }).observe(document.querySelector('#dropin'), { subtree: true, childList: true });
  (async () => {
    const checkout = await AdyenCheckout({
      environment: 'test',
      clientKey: 'test_BENCHBENCHBENCHBENCHBENCHBENCHBE',
      locale: 'en-US',
      countryCode: 'DE',
      amount: { value: 2500, currency: 'EUR' },
      analytics: { enabled: false },
      paymentMethodsResponse: ${JSON.stringify({
        paymentMethods: [
          { type: 'scheme', name: 'Cards', brands: ['visa', 'mc', 'amex'] },
          { type: 'paypal', name: 'PayPal' },
          { type: 'klarna', name: 'Pay later with Klarna.' },
          { type: 'ideal', name: 'iDEAL' },
          { type: 'trustly', name: 'Trustly' },
          { type: 'paysafecard', name: 'Paysafecard' },
        ],
      })},
      onSubmit() {},
      onAdditionalDetails() {},
    });
    window.__m0 = performance.now();
    new Dropin(checkout, { paymentMethodComponents: [Card, Redirect], openFirstPaymentMethod: false }).mount('#dropin');
  })();
</script></body></html>`,
};
for (const name of ['ours', 'oursEs', 'adyen', 'braintree']) {
  pages[`/${name}-eval.html`] = `<!doctype html><html><body>
<script>window.__t0 = performance.now();</script>
<script src="/${name}.js"></script>
<script>window.__tti = performance.now() - window.__t0;</script></body></html>`;
}
const scripts = { '/ours.js': files.ours, '/oursEs.js': files.oursEs, '/adyen.js': files.adyen, '/braintree.js': files.braintree };
const web = createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (pages[path]) return res.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' }).end(pages[path]);
  if (scripts[path]) return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(readFileSync(scripts[path]));
  const part = /^\/parts\/([a-z]+)\.js$/.exec(path);
  if (part && existsSync(join(work, 'iife', 'parts', `${part[1]}.js`))) {
    return res
      .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' })
      .end(readFileSync(join(work, 'iife', 'parts', `${part[1]}.js`)));
  }
  if (path === '/api/cashier/config') return res.writeHead(200, { 'content-type': 'application/json' }).end(configAnswer);
  if (path === '/api/slow/config') return setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(configAnswer), SLOW_PROXY_MS);
  res.writeHead(404).end();
});
await new Promise((resolve) => web.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${web.address().port}`;

const browser = await chromium.launch({
  executablePath: CHROME,
  headless: true,
  args: CHROMIUM_ARGS,
});
/** One fresh context (no HTTP or code cache), nothing leaving the bench's origin: the page's `figures` once it is ready. */
async function once(path, { figures = ['__tti'], viewport, settle = 0 } = {}) {
  const context = await browser.newContext(viewport ? { viewport } : {});
  await context.route(
    (url) => !url.href.startsWith(origin),
    (route) => route.abort(),
  );
  const page = await context.newPage();
  await page.goto(origin + path);
  await page.waitForFunction(() => globalThis.__tti !== undefined, null, { timeout: 15_000 });
  if (settle) await page.waitForTimeout(settle);
  const values = await page.evaluate((names) => names.map((name) => globalThis[name]), figures);
  await context.close();
  return values;
}
/** Median-ready samples of `figure` (the time to ready, by default) over fresh contexts. */
async function measure(path, { figure = '__tti', viewport, settle = 0 } = {}) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push((await once(path, { figures: [figure], viewport, settle }))[0]);
  return times.sort((a, b) => a - b);
}
/**
 * The start-up pages in turn, one of each per round, so a load on the machine that comes and goes
 * weighs on ours and Adyen's alike; each round gives its own ratio (ours ÷ Adyen's).
 */
async function rounds() {
  const samples = { tiles: [], form: [], adyen: [], mount: [], ratioTiles: [], ratioForm: [], slow: [], afterSlow: [] };
  for (let i = 0; i < RUNS; i++) {
    const [tiles] = await once('/ours-tti.html');
    const [form] = await once('/ours-tti-form.html');
    const [adyen, mount] = await once('/adyen-tti.html', { figures: ['__tti', '__mount'] });
    const [slow, afterSlow] = await once('/ours-tti-form-slow.html', { figures: ['__tti', '__afterAnswer'] });
    Object.entries({ tiles, form, adyen, mount, ratioTiles: tiles / adyen, ratioForm: form / adyen, slow, afterSlow }).forEach(([k, v]) => samples[k].push(v));
  }
  for (const list of Object.values(samples)) list.sort((a, b) => a - b);
  return samples;
}
console.log(`\n2. Start-up in headless Chromium (${CHROME}), median (p90) of ${RUNS} fresh contexts, ours and Adyen's in turn`);
const { tiles: tti, form: ttiForm, adyen: adyenTti, mount: adyenMount, ratioTiles, ratioForm, slow, afterSlow } = await rounds();
console.log(`   mozarto-cashier: script start → method tiles to choose (stub config answer)  ${ms(median(tti))} (p90 ${ms(percentile(tti, 90))})`);
console.log(`   mozarto-cashier psp="PAYONE": script start → interactive form               ${ms(median(ttiForm))} (p90 ${ms(percentile(ttiForm, 90))})`);
console.log(
  `   @adyen/adyen-web Drop-in: script start → method list (paymentMethodsResponse given) ${ms(median(adyenTti))} (p90 ${ms(percentile(adyenTti, 90))})`,
);
console.log(`   @adyen/adyen-web Drop-in: mount → method list                               ${ms(median(adyenMount))} (p90 ${ms(percentile(adyenMount, 90))})`);
console.log(
  `   time to a usable form, ours ÷ Adyen's (script start, medians): tiles ${(median(tti) / median(adyenTti)).toFixed(2)}×, psp form ${(median(ttiForm) / median(adyenTti)).toFixed(2)}×`,
);
const spread = (r) => `${median(r).toFixed(2)}× (${r[0].toFixed(2)}–${r.at(-1).toFixed(2)})`;
console.log(`   the same, round by round (median, min–max of ${RUNS}): tiles ${spread(ratioTiles)}, psp form ${spread(ratioForm)}`);
// What the wait for the proxy hides: work done while its answer travels no longer follows it.
console.log(
  `   mozarto-cashier psp="PAYONE", the config answered after ${SLOW_PROXY_MS} ms: script start → form ${ms(median(slow))}, the answer → form ${ms(median(afterSlow))} (p90 ${ms(percentile(afterSlow, 90))})`,
);
// Layout shift at 375 px on a page with text below the cashier, from the first frame until
// 500 ms after the form is usable (PerformanceObserver 'layout-shift'; "good" is under 0.1).
const mobile = { width: 375, height: 667 };
const cls = await measure('/ours-cls.html', { figure: '__cls', viewport: mobile, settle: 500 });
const clsForm = await measure('/ours-cls-form.html', { figure: '__cls', viewport: mobile, settle: 500 });
console.log(
  `   cumulative layout shift at 375 px, text below: tiles ${median(cls).toFixed(3)} (max ${cls.at(-1).toFixed(3)}), psp form ${median(clsForm).toFixed(3)} (max ${clsForm.at(-1).toFixed(3)})`,
);
console.log('   load + evaluate the bundle alone:');
for (const [name, label] of [
  ['ours', 'mozarto-cashier script tag'],
  ['oursEs', 'mozarto-cashier ES + lit + zod'],
  ['adyen', '@adyen/adyen-web Drop-in'],
  ['braintree', 'braintree-web-drop-in'],
]) {
  const t = await measure(`/${name}-eval.html`);
  console.log(`     ${label.padEnd(34)} ${ms(median(t)).padStart(9)} (p90 ${ms(percentile(t, 90))})`);
}
await browser.close();
web.close();

// ---- 3. proxy latency and throughput ---------------------------------------------------------
// BENCH_ONLY=startup stops after section 2 (the widget's start-up, layout shift and Adyen's).
const startupOnly = process.env.BENCH_ONLY === 'startup';
try {
  if (startupOnly) throw new Error('startup only');
  const direct = [];
  const viaProxy = [];
  const polls = [];
  const sandboxHeaders = { authorization: `Bearer ${COMPANY_TOKEN}`, 'x-user-token': sandboxUserToken('u0'), 'content-type': 'application/json' };
  let key = 0;
  const oneDirect = async () => {
    const t0 = performance.now();
    const res = await fetch(`${stack.sandbox.url}/v1/api/mozarto/cashier`, {
      method: 'POST',
      headers: sandboxHeaders,
      body: JSON.stringify(mozartoPayinBody('u0')),
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`direct call: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const oneProxy = async () => {
    const t0 = performance.now();
    const res = await fetch(`${stack.api}/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `lat-${++key}`, 'x-bench-user': 'u0' },
      body: JSON.stringify(payinRequest()),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`proxy call: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const id = await createThroughProxy(stack.api, 'u0');
  const onePoll = async () => {
    const t0 = performance.now();
    const res = await fetch(`${stack.api}/transactions/${id}`, { headers: { 'x-bench-user': 'u0' } });
    await res.arrayBuffer();
    return performance.now() - t0;
  };
  for (let i = 0; i < 30; i++) await Promise.all([oneDirect(), oneProxy()].map((p) => p)); // warm-up
  for (let i = 0; i < LATENCY_N; i++) {
    direct.push(await oneDirect());
    viaProxy.push(await oneProxy());
    polls.push(await onePoll());
  }
  for (const a of [direct, viaProxy, polls]) a.sort((x, y) => x - y);
  console.log(`\n3. Proxy on loopback (real HTTP, SQLite store), ${LATENCY_N} sequential calls each`);
  console.log(`   create, direct to the sandbox      p50 ${ms(percentile(direct, 50))}  p99 ${ms(percentile(direct, 99))}`);
  console.log(`   create, through the proxy          p50 ${ms(percentile(viaProxy, 50))}  p99 ${ms(percentile(viaProxy, 99))}`);
  console.log(
    `   added by the proxy                 p50 ${ms(percentile(viaProxy, 50) - percentile(direct, 50))}  p99 ${ms(percentile(viaProxy, 99) - percentile(direct, 99))}`,
  );
  console.log(`   status poll (GET, no upstream)     p50 ${ms(percentile(polls, 50))}  p99 ${ms(percentile(polls, 99))}`);

  // Throughput, load from a second process.
  const txs = [];
  for (let i = 0; i < 20; i++) txs.push({ id: await createThroughProxy(stack.api, `u${i % 5}`), user: `u${i % 5}` });
  const run = (jobs) =>
    new Promise((resolve, reject) => {
      const child = fork(fileURLToPath(new URL('./lib/load-worker.mjs', import.meta.url)), [], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: [],
      });
      child.once('message', resolve);
      child.once('error', reject);
      child.send({ durationMs: LOAD_SECONDS * 1000, jobs });
    });
  console.log(`   throughput under load from a second process (${LOAD_SECONDS} s each, keep-alive):`);
  for (const [label, job] of [
    [
      'status polls, 50 concurrent',
      {
        name: 'x',
        concurrency: 50,
        requests: txs.map((t) => ({ url: `${stack.api}/transactions/${t.id}`, headers: { 'x-bench-user': t.user }, expect: [200] })),
      },
    ],
    [
      'creates (proxy → sandbox), 20 concurrent',
      {
        name: 'x',
        concurrency: 20,
        requests: Array.from({ length: 5000 }, (_, i) => ({
          url: `${stack.api}/transactions`,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `tp-${i}-${Date.now()}`, 'x-bench-user': `u${i % 5}` },
          body: JSON.stringify(payinRequest()),
          expect: [201],
        })),
      },
    ],
  ]) {
    const report = await run([job]);
    const r = report.results.x;
    const sorted = r.latencies.sort((a, b) => a - b);
    console.log(
      `     ${label.padEnd(42)} ${(r.requests / (report.elapsedMs / 1000)).toFixed(0).padStart(6)} req/s  p50 ${ms(percentile(sorted, 50))}  p99 ${ms(percentile(sorted, 99))}  errors ${r.errors}`,
    );
  }
} catch (error) {
  if (!startupOnly) throw error;
} finally {
  await stack.close();
}
rmSync(work, { recursive: true, force: true });

// ---- 4. issue 17: cost per payment on SQLite and Postgres, one vs three instances -----------
if (!startupOnly) await import('./scale.mjs');
