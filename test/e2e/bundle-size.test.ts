/**
 * The size budgets (scripts/size-budget.mjs, docs/adr/0007-size-budget.md): the script-tag
 * bundle, dist/mozarto-cashier.iife.js, with every provider and English, at most
 * BUDGET_GZIP_BYTES (33,900 B) gzip, level 9; each ES entry with its static chunks within its
 * own budget. Bytes do not jitter, so these are exact assertions on the build `npm test` just
 * made; the build and `npm run bench` print the figures beside the peers'.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
// @ts-expect-error -- a plain .mjs script without type declarations
import { BUDGET_GZIP_BYTES, ES_BUDGETS, SCRIPT_BUNDLE, esSizes, sizes } from '../../scripts/size-budget.mjs';

describe('script-tag bundle size', () => {
  it(`is at most ${BUDGET_GZIP_BYTES} bytes gzip`, () => {
    assert.ok(existsSync(SCRIPT_BUNDLE), `${SCRIPT_BUNDLE} is missing: run node scripts/build.mjs`);
    const s = sizes(SCRIPT_BUNDLE) as { raw: number; gzip: number; brotli: number };
    assert.ok(s.gzip > 5_000, `suspiciously small bundle (${s.gzip} B gzip)`);
    assert.ok(s.gzip <= BUDGET_GZIP_BYTES, `${s.gzip} B gzip is over the ${BUDGET_GZIP_BYTES} B budget by ${s.gzip - BUDGET_GZIP_BYTES} B`);
  });

  for (const [entry, budget] of Object.entries(ES_BUDGETS as Record<string, number>)) {
    it(`${entry} with its static chunks is at most ${budget} bytes gzip (lit and zod external)`, () => {
      const s = esSizes(entry) as { gzip: number; files: string[] };
      assert.ok(s.files.length >= 1 && s.gzip > 1_000, `suspiciously small (${s.gzip} B gzip)`);
      assert.ok(s.gzip <= budget, `${s.gzip} B gzip is over the ${budget} B budget by ${s.gzip - budget} B`);
      // lit and zod are imports left to the app's bundler, not copies.
      const text = s.files.map((f) => readFileSync(f, 'utf8')).join('\n');
      if (!entry.endsWith('/core.js')) assert.match(text, /from\s*["']lit["']/);
      assert.doesNotMatch(text, /class \w+ extends HTMLElement|\$constructor\(/);
    });
  }

  it('carries zod/mini (no classic zod, whose JIT check trips a strict CSP) and no dev-mode Lit', () => {
    const text = readFileSync(SCRIPT_BUNDLE, 'utf8');
    assert.match(text, /\$ZodType/);
    assert.doesNotMatch(text, /new Function/);
    assert.doesNotMatch(text, /Lit is in dev mode/);
  });

  it('leaves out every part only the proxy reads: no proxy part, proxy field builder, catalog or proxy module', () => {
    const { sources } = JSON.parse(readFileSync(`${SCRIPT_BUNDLE}.map`, 'utf8')) as { sources: string[] };
    assert.ok(
      sources.some((s) => s.endsWith('src/core/psp/payone.ts')),
      'the forms are in',
    );
    const proxyOnly = sources.filter((s) => /\.proxy\.ts$|psp\/(proxy-fields|define)\.ts$|core\/catalog\.ts$|src\/proxy\//.test(s));
    assert.deepEqual(proxyOnly, []);
  });
});
