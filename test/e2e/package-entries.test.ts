/**
 * The package's entries as a merchant's plain Node sees them after `npm run build`: each is
 * imported by its package name (Node resolves a package's own name through `exports`) in a fresh
 * `node` with no loader, no DOM and no TypeScript.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  dependencies: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** Runs an ES module snippet in plain Node and returns what it printed. */
const node = (code: string) => execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).trim();

describe('package entries (dist/)', () => {
  it('has `.`, `./define`, `./core`, `./proxy` and `./sandbox`, each built with its types', () => {
    for (const entry of ['.', './define', './core', './proxy', './sandbox']) {
      const target = pkg.exports[entry];
      assert.ok(target && typeof target === 'object', `exports["${entry}"]`);
      assert.ok(existsSync(target.default), `${target.default} is built`);
      assert.ok(existsSync(target.types), `${target.types} is built`);
    }
    // The widget's entry defines an element class, so the core's values are not re-exported there.
    assert.doesNotMatch(readFileSync('dist/mozarto-cashier.js', 'utf8'), /\bCatalog\b|BUILT_IN_PSPS/);
  });

  it("import('mozarto-cashier/core') works in plain Node and defines no element", () => {
    const out = node(`
      const core = await import('mozarto-cashier/core');
      const catalog = new core.Catalog(core.BUILT_IN_PSPS);
      console.log(JSON.stringify({
        psps: catalog.all().length,
        final: core.isFinal('approved'),
        dom: typeof HTMLElement,
      }));
    `);
    const seen = JSON.parse(out) as { psps: number; final: boolean; dom: string };
    assert.equal(seen.psps, 10);
    assert.equal(seen.final, true);
    assert.equal(seen.dom, 'undefined');
  });

  it('the proxy and the sandbox entries load in plain Node', () => {
    const out = node(`
      const proxy = await import('mozarto-cashier/proxy');
      const sandbox = await import('mozarto-cashier/sandbox');
      console.log(typeof proxy.createCashierProxy, typeof proxy.toNodeListener, typeof sandbox.startSandbox, typeof sandbox.createSandbox);
    `);
    assert.equal(out, 'function function function function');
  });

  it('a browser-only install needs no database driver: SQLite and Postgres are optional peer dependencies', () => {
    for (const driver of ['better-sqlite3', 'postgres']) {
      assert.equal(driver in pkg.dependencies, false, driver);
      assert.equal(pkg.peerDependenciesMeta?.[driver]?.optional, true, driver);
      // The proxy entry loads a driver only when its store is opened.
      assert.doesNotMatch(readFileSync('dist/proxy/index.js', 'utf8'), new RegExp(`from\\s*["']${driver}["']`), driver);
    }
  });
});
