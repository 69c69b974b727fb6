/** The workbench's contrast check (demo/contrast.ts): WCAG 2 ratios and the suggested on-primary. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestOn, contrast } from '../../demo/contrast.js';
import { DARK_COLORS, LIGHT_COLORS } from '../../src/widget/styles.js';

test('contrast: black on white is 21:1, a colour on itself 1:1', () => {
  assert.equal(contrast('#000000', '#ffffff'), 21);
  assert.equal(contrast('#1f4fd1', '#1f4fd1'), 1);
});

test('a yellow primary with white text fails (issue 27: 1.51:1); black is suggested and passes', () => {
  const ratio = contrast('#ffffff', '#f5d90a');
  assert.ok(ratio < 1.6, String(ratio));
  assert.equal(bestOn('#f5d90a'), '#000000');
  assert.ok(contrast(bestOn('#f5d90a'), '#f5d90a') >= 4.5);
});

test('every default pair meets AA: text and muted text on the background, on-primary on primary', () => {
  for (const p of [LIGHT_COLORS, DARK_COLORS]) {
    const bg = p['--mozarto-color-background'];
    for (const name of [
      '--mozarto-color-text',
      '--mozarto-color-text-muted',
      '--mozarto-color-primary',
      '--mozarto-color-error',
      '--mozarto-color-success',
    ] as const) {
      assert.ok(contrast(p[name], bg) >= 4.5, `${name} ${p[name]} on ${bg}`);
    }
    assert.ok(contrast(p['--mozarto-color-on-primary'], p['--mozarto-color-primary']) >= 4.5);
    assert.ok(contrast(p['--mozarto-color-border'], bg) >= 3);
  }
});
