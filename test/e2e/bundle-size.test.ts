/**
 * The script-tag bundle's budget (docs/adr/0007-size-budget.md): dist/mozarto-cashier.iife.js,
 * with every provider and English, at most BUDGET_GZIP_BYTES (32,000 B) gzip, level 9. Bytes do not jitter, so this is an
 * exact assertion on the build `npm test` just made; `npm run bench` prints the figures beside the peers'.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
// @ts-expect-error -- a plain .mjs script without type declarations
import { BUDGET_GZIP_BYTES, SCRIPT_BUNDLE, sizes } from '../../scripts/size-budget.mjs';

describe('script-tag bundle size', () => {
  it(`is at most ${BUDGET_GZIP_BYTES} bytes gzip`, () => {
    assert.ok(existsSync(SCRIPT_BUNDLE), `${SCRIPT_BUNDLE} is missing: run node scripts/build.mjs`);
    const s = sizes(SCRIPT_BUNDLE) as { raw: number; gzip: number; brotli: number };
    assert.ok(s.gzip > 5_000, `suspiciously small bundle (${s.gzip} B gzip)`);
    assert.ok(s.gzip <= BUDGET_GZIP_BYTES, `${s.gzip} B gzip is over the ${BUDGET_GZIP_BYTES} B budget by ${s.gzip - BUDGET_GZIP_BYTES} B`);
  });

  it('carries zod/mini (no classic zod, whose JIT check trips a strict CSP) and no dev-mode Lit', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(SCRIPT_BUNDLE, 'utf8');
    assert.match(text, /\$ZodType/);
    assert.doesNotMatch(text, /new Function/);
    assert.doesNotMatch(text, /Lit is in dev mode/);
  });

  it('leaves out every part only the proxy reads: no proxy part, proxy field builder, catalog or proxy module', async () => {
    const { readFileSync } = await import('node:fs');
    const { sources } = JSON.parse(readFileSync(`${SCRIPT_BUNDLE}.map`, 'utf8')) as { sources: string[] };
    assert.ok(sources.some((s) => s.endsWith('src/core/psp/payone.ts')), 'the forms are in');
    const proxyOnly = sources.filter((s) => /\.proxy\.ts$|psp\/(proxy-fields|define)\.ts$|core\/catalog\.ts$|src\/proxy\//.test(s));
    assert.deepEqual(proxyOnly, []);
  });
});
