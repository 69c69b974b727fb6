/**
 * Visual regression (docs/adr/0022-visual-regression.md): every state of the gallery
 * (demo/gallery.html) in Chromium — light, dark, right-to-left (Arabic) and a 320 px viewport —
 * compared with the baselines committed in test/visual/<variant>/<state>.png by pixelmatch, with
 * a tolerance: anti-aliased pixels are ignored, and a state fails when more than 0.2 % of its
 * pixels (at least 40) differ beyond pixelmatch's colour threshold, or when its size changed by
 * more than 1 px (within 1 px the common area is compared). A
 * layout break such as the history's rows centred by the form's `.row` rule changes thousands of
 * pixels and the row heights; a font hinting difference changes a handful.
 *
 * The page's clock starts at a fixed time and runs (playwright's `clock.install`: the gallery's
 * timers, such as "Still processing" after 0.3 s, still fire), its time zone and locale are set,
 * so the dates of the history and the cards are the same on every run; the running "Time
 * elapsed" is masked.
 *
 * - `UPDATE_VISUAL=1` writes the baselines (review the PNGs before committing them);
 * - `VISUAL_OUT=<dir>` also saves every screenshot there (the before/after sets of a change);
 * - on a failure the actual image and the diff are saved under test/visual/.failed/ (gitignored).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { STATES } from '../../demo/gallery-states.js';
import { ROOT, launchChromium, startDevServer } from '../e2e/support.js';

const BASELINES = join(ROOT, 'test/visual');
const FAILED = join(BASELINES, '.failed');
const UPDATE = process.env.UPDATE_VISUAL === '1';
const OUT = process.env.VISUAL_OUT;
/** Share of a state's pixels that may differ, and the floor in pixels. */
const MAX_RATIO = 0.002;
const MIN_PIXELS = 40;
const NOW = new Date('2026-11-30T12:00:00Z');

const VARIANTS = [
  { name: 'light', query: 'scheme=light', colorScheme: 'light', width: 1280 },
  { name: 'dark', query: 'scheme=dark', colorScheme: 'dark', width: 1280 },
  { name: 'rtl', query: 'dir=rtl&locale=ar&scheme=light', colorScheme: 'light', width: 1280 },
  { name: '320', query: 'scheme=light', colorScheme: 'light', width: 320 },
] as const;

/** The top-left `width`×`height` of an image's RGBA pixels. */
function crop(png: PNG, width: number, height: number): Buffer {
  if (png.width === width && png.height === height) return png.data;
  const out = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) png.data.copy(out, y * width * 4, y * png.width * 4, (y * png.width + width) * 4);
  return out;
}

/** How one screenshot compares with its baseline: undefined when it is within the tolerance. */
function compare(actual: Buffer, baselinePath: string): string | undefined {
  if (!existsSync(baselinePath)) return `no baseline ${baselinePath} (run with UPDATE_VISUAL=1 and review it)`;
  const full = PNG.sync.read(actual);
  const base = PNG.sync.read(readFileSync(baselinePath));
  // A 1 px difference in size is subpixel rounding of the element's box: the common area is
  // compared. More is a layout change.
  if (Math.abs(full.width - base.width) > 1 || Math.abs(full.height - base.height) > 1) {
    return `size ${full.width}×${full.height}, baseline ${base.width}×${base.height}`;
  }
  const width = Math.min(full.width, base.width);
  const height = Math.min(full.height, base.height);
  const a = crop(full, width, height);
  const b = crop(base, width, height);
  const diff = new PNG({ width, height });
  const differing = pixelmatch(a, b, diff.data, width, height, { threshold: 0.1, includeAA: false });
  const allowed = Math.max(MIN_PIXELS, Math.round(width * height * MAX_RATIO));
  if (differing <= allowed) return undefined;
  const failed = join(FAILED, baselinePath.slice(BASELINES.length + 1).replace(/\//g, '-'));
  mkdirSync(FAILED, { recursive: true });
  writeFileSync(failed.replace(/\.png$/, '.actual.png'), actual);
  writeFileSync(failed.replace(/\.png$/, '.diff.png'), PNG.sync.write(diff));
  return `${differing} pixels differ (allowed ${allowed}); see ${failed.replace(/\.png$/, '.{actual,diff}.png')}`;
}

describe('visual regression: the gallery in Chromium', () => {
  let server: Awaited<ReturnType<typeof startDevServer>>;
  let browser: Browser;
  before(async () => {
    server = await startDevServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const variant of VARIANTS) {
    it(`${variant.name}: every state within the tolerance of its baseline`, async () => {
      const context = await browser.newContext({
        viewport: { width: variant.width, height: 900 },
        colorScheme: variant.colorScheme,
        reducedMotion: 'reduce',
        locale: 'en-US',
        timezoneId: 'UTC',
      });
      try {
        const page: Page = await context.newPage();
        await page.clock.install({ time: NOW });
        await page.goto(`${server.url}/demo/gallery.html?${variant.query}`);
        await page.waitForSelector('html[data-gallery-ready="true"]', { timeout: 30_000 });
        assert.equal(await page.locator('.gallery-problem').count(), 0, 'every state renders');
        // Fonts and the parts loaded on demand are in before the first picture.
        await page.evaluate(() => document.fonts.ready);
        const problems: string[] = [];
        for (const state of STATES) {
          const widget = page.locator(`figure[data-state="${state.id}"] mozarto-cashier`);
          const shot = await widget.screenshot({ animations: 'disabled', caret: 'hide', mask: [widget.locator('[part~="elapsed"]')] });
          const file = join(BASELINES, variant.name, `${state.id}.png`);
          if (OUT) {
            mkdirSync(join(OUT, variant.name), { recursive: true });
            writeFileSync(join(OUT, variant.name, `${state.id}.png`), shot);
          }
          if (UPDATE) {
            mkdirSync(join(BASELINES, variant.name), { recursive: true });
            writeFileSync(file, shot);
            continue;
          }
          const problem = compare(shot, file);
          if (problem) problems.push(`${variant.name}/${state.id}: ${problem}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
