/**
 * Core modules built the way the script-tag bundle builds them (vite.config.ts, iife mode):
 * when asked, the provider files without their proxy-only parts (scripts/strip-proxy-only.ts). Bundled with esbuild into a temp dir
 * and imported, so Node tests can compare them with the real modules.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { PSP_SOURCE, stripProxyOnly } from '../../scripts/strip-proxy-only.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

const stripPlugin: Plugin = {
  name: 'strip-proxy-only',
  setup(b) {
    b.onLoad({ filter: PSP_SOURCE }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      return { contents: stripProxyOnly(code, args.path) ?? code, loader: 'ts' };
    });
  },
};

/** `source` (a module's text, resolved from the repository's root) built and imported; `remove()` deletes the build. */
export async function importScriptBuild<T>(source: string, opts: { stripProxyOnly?: boolean } = {}): Promise<{ module: T; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'script-build-'));
  const out = join(dir, 'module.mjs');
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    outfile: out,
    logLevel: 'error',
    plugins: opts.stripProxyOnly ? [stripPlugin] : [],
  });
  return { module: (await import(pathToFileURL(out).href)) as T, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
