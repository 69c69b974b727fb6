// The size budgets, in gzip bytes (level 9; brotli quality 11 printed beside), checked on dist/:
// - the script-tag bundle, dist/mozarto-cashier.iife.js, every provider and English:
//   33,900 B (docs/adr/0007-size-budget.md);
// - each ES entry (the class, `define`, the Node-safe core) with the chunks it imports statically
//   (lit and zod are the app's; languages load on demand and are not counted).
// `node scripts/size-budget.mjs` prints them beside Adyen's and Braintree's script bundles
// (bench/lib/peers.mjs) and exits 1 over a budget; scripts/build.mjs runs it last, and
// test/e2e/bundle-size.test.ts asserts the same budgets on dist/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const BUDGET_GZIP_BYTES = 33_900;
export const SCRIPT_BUNDLE = 'dist/mozarto-cashier.iife.js';
/** Gzip budgets of the ES entries, their static chunks included. */
export const ES_BUDGETS = { 'dist/mozarto-cashier.js': 27_000, 'dist/define.js': 27_000, 'dist/core.js': 10_000 };

/** Sizes in bytes: gzip level 9, brotli quality 11 (both from Node's zlib, like size-limit). */
export function sizes(file = SCRIPT_BUNDLE) {
  return sizesOf(readFileSync(file));
}

function sizesOf(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** An ES entry and every local chunk it imports statically (not `import()`), each file compressed alone. */
export function esSizes(entry) {
  const files = [];
  const visit = (file) => {
    if (files.includes(file)) return;
    files.push(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bfrom\s*["'](\.\.?\/[^"']+)["']|\bimport\s*["'](\.\.?\/[^"']+)["']/g)) visit(join(dirname(file), m[1] ?? m[2]));
  };
  visit(entry);
  const total = { raw: 0, gzip: 0, brotli: 0, files };
  for (const f of files) for (const [k, v] of Object.entries(sizes(f))) total[k] += v;
  return total;
}

const n = (x) => x.toLocaleString('en-US');
const row = (name, s, tail = '') =>
  `size: ${name.padEnd(54)} ${n(s.raw).padStart(8)} B raw ${n(s.gzip).padStart(8)} B gzip ${n(s.brotli).padStart(8)} B brotli${tail}`;

/** The peers' bundles, built now; [] when their devDependencies are not installed. */
async function peerSizes() {
  const dir = mkdtempSync(join(tmpdir(), 'size-peers-'));
  try {
    const { bundlePeers } = await import('../bench/lib/peers.mjs');
    return (await bundlePeers(dir)).map((p) => ({ name: p.name, ...sizes(p.file) }));
  } catch (error) {
    console.log(`size: peers not measured (${String(error?.message ?? error).split('\n')[0]})`);
    return [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const over = [];
  const check = (name, s, budget) => {
    const ok = s.gzip <= budget;
    if (!ok) over.push(`${name}: ${n(s.gzip)} B gzip is over its ${n(budget)} B budget by ${n(s.gzip - budget)} B`);
    return ` — ${ok ? 'within' : 'OVER'} its ${n(budget)} B gzip budget`;
  };
  const script = sizes(SCRIPT_BUNDLE);
  console.log(row(`${SCRIPT_BUNDLE} (every provider, English)`, script, check(SCRIPT_BUNDLE, script, BUDGET_GZIP_BYTES)));
  for (const [entry, budget] of Object.entries(ES_BUDGETS)) {
    const s = esSizes(entry);
    console.log(row(`${entry} + ${s.files.length - 1} chunk(s), lit and zod external`, s, check(entry, s, budget)));
  }
  for (const peer of await peerSizes()) console.log(row(`beside: ${peer.name}`, peer, ` — ${(peer.gzip / script.gzip).toFixed(1)}× ours (gzip)`));
  for (const line of over) console.error(`size: ${line}`);
  if (over.length) process.exit(1);
}
