// The peers our bundle is compared with, bundled the way an app would ship them: esbuild,
// minified, iife, production conditions (bench/peers/*.js). Used by `npm run bench` and by the
// size report of `npm run build` (scripts/size-budget.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export const PEERS = [
  { key: 'adyen', name: '@adyen/adyen-web 6.45.2 Drop-in + Card + Redirect', entry: 'bench/peers/adyen-dropin.js' },
  { key: 'braintree', name: 'braintree-web-drop-in 1.48.0', entry: 'bench/peers/braintree-dropin.js' },
];

/** Bundles one entry to `outfile` and returns its bytes. */
export async function bundle(entry, outfile) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
    outfile,
    logLevel: 'error',
    absWorkingDir: root,
  });
  return readFileSync(outfile);
}

/** Each peer bundled into `dir`: `{ key, name, file }`. */
export async function bundlePeers(dir) {
  const out = [];
  for (const peer of PEERS) {
    const file = join(dir, `${peer.key}.js`);
    await bundle(join(root, peer.entry), file);
    out.push({ ...peer, file });
  }
  return out;
}
