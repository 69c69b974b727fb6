/**
 * The lockfile is what `npm install` would write: a fresh install on a clean clone must not
 * rewrite package-lock.json (a dirty tree after `npm install` hides real changes in review and
 * lets `npm ci` and `npm install` disagree). Checked with npm itself, resolving the lock only
 * (no download of packages, no scripts) in a copy of the manifests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../e2e/support.js';

describe('package-lock.json', () => {
  it('is what a fresh `npm install` writes: resolving it again changes nothing', () => {
    const dir = tempDir('cashier-lock-');
    try {
      for (const f of ['package.json', 'package-lock.json', 'tools/lint/package.json']) {
        mkdirSync(join(dir.path, f, '..'), { recursive: true });
        cpSync(join(ROOT, f), join(dir.path, f));
      }
      const r = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
        cwd: dir.path,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
      const before = readFileSync(join(ROOT, 'package-lock.json'), 'utf8').split('\n');
      const after = readFileSync(join(dir.path, 'package-lock.json'), 'utf8').split('\n');
      const changed = after.filter((line, i) => line !== before[i]).slice(0, 10);
      assert.deepEqual(changed, [], 'npm install rewrites package-lock.json: run it and commit the result');
    } finally {
      dir.remove();
    }
  });
});
