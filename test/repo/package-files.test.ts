/**
 * What `npm pack` would put in the tarball (after `npm run build`), read from npm itself
 * (`npm pack --dry-run --json`), against what a user of the package follows: every link of the
 * README resolves to a file that ships, no source map ships and no shipped script points at one,
 * and what only the proxy needs is no dependency of a browser-only install (ADR 0016).
 * test/e2e/packed-package.test.ts installs the real tarball.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { ROOT } from '../e2e/support.js';

let files: string[];
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

before(() => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  assert.ok(files.includes('dist/openapi.json'), 'run `npm run build` first');
});

describe('the files the package ships', () => {
  it('hold every file the README links to', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z]+:/i.test(t));
    assert.ok(targets.length >= 10, `${targets.length} links`);
    const missing = [...new Set(targets.map((t) => normalize(t)))].filter((t) => !files.includes(t));
    assert.deepEqual(missing, [], 'README links to files the tarball does not have');
  });

  it('hold no source map, and no shipped script names one', () => {
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map')),
      [],
    );
    const pointing = files.filter((f) => f.endsWith('.js') && /\/\/# sourceMappingURL=/.test(readFileSync(join(ROOT, f), 'utf8')));
    assert.deepEqual(pointing, []);
  });

  it('the OpenAPI document ships and is exported', () => {
    assert.equal(pkg.exports['./openapi.json'], './dist/openapi.json');
  });
});

describe('the manifest', () => {
  it('leaves jose, the drivers and nothing else to the proxy: optional peers, never dependencies; standardwebhooks (pure JavaScript, ADR 0018) signs the merchant’s events', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['lit', 'standardwebhooks', 'zod']);
    for (const peer of ['better-sqlite3', 'postgres', 'jose', 'prom-client']) {
      assert.ok(pkg.peerDependencies[peer], peer);
      assert.equal(pkg.peerDependenciesMeta[peer]?.optional, true, peer);
    }
  });
});
