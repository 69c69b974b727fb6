// The script-tag bundle's size budget (docs/adr/0007-size-budget.md: 32,000 B) in gzip
// (level 9, 1 KB = 1000 bytes) for dist/mozarto-cashier.iife.js with every provider and English. `node scripts/size-budget.mjs
// [file]` prints raw, gzip and brotli sizes and exits 1 over budget; scripts/build.mjs runs it
// last, and test/e2e/bundle-size.test.ts asserts the same on dist/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// LitElement and zod/mini as they ship, no home-made subsets (docs/adr/0007-size-budget.md).
// Any growth past the budget fails the build: make room before adding.
export const BUDGET_GZIP_BYTES = 32_000;
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
