// The script-tag bundle's size budget (issue 7: under 20 KB) in gzip
// (level 9, 1 KB = 1000 bytes) for dist/mozarto-cashier.iife.js with every provider and English. `node scripts/size-budget.mjs
// [file]` prints raw, gzip and brotli sizes and exits 1 over budget; scripts/build.mjs runs it
// last, and test/e2e/bundle-size.test.ts asserts the same on dist/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Issue 7's 20 KB: 24,672 B gzip before the trims of 2026-11-23, 19,990 B after them (Lit's
// templates on our own reactive base, docs/adr/0006; the catalog's proxy-only parts left out,
// scripts/strip-proxy-only.ts; descriptions and proxy-only texts from the proxy; smaller cuts).
// Any growth past the budget fails the build: make room before adding.
export const BUDGET_GZIP_BYTES = 20_000;
export const SCRIPT_BUNDLE = 'dist/mozarto-cashier.iife.js';

/** Sizes in bytes: gzip level 9, brotli quality 11 (both from Node's zlib, like size-limit). */
export function sizes(file = SCRIPT_BUNDLE) {
  const bytes = readFileSync(file);
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n) => `${(n / 1000).toFixed(2)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? SCRIPT_BUNDLE;
  const s = sizes(file);
  const verdict = s.gzip <= BUDGET_GZIP_BYTES ? 'within' : 'OVER';
  console.log(
    `size: ${file} ${s.raw} B raw, ${s.gzip} B gzip (${kb(s.gzip)}), ${s.brotli} B brotli — ${verdict} the ${kb(BUDGET_GZIP_BYTES)} gzip budget`,
  );
  if (s.gzip > BUDGET_GZIP_BYTES) {
    console.error(`size: over budget by ${s.gzip - BUDGET_GZIP_BYTES} B gzip`);
    process.exit(1);
  }
}
