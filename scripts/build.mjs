// npm run build: the ES module + define entry, the self-contained script-tag bundle, the Node
// build of the proxy and sandbox, type declarations, custom-elements.json and dist/openapi.json — in that order,
// stopping at the first failure.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  ['ES module', bin('vite'), ['build', '--logLevel', 'warn']],
  ['script-tag bundle', bin('vite'), ['build', '--mode', 'iife', '--logLevel', 'warn']],
  // every language but English, as dist/locales/<lang>.js for the script-tag embed
  ...readdirSync('src/widget/i18n/locales')
    .filter((f) => /^[a-z]{2,3}(-[a-z]{2})?\.ts$/i.test(f))
    .map((f) => [`locale ${f.slice(0, -3)}`, bin('vite'), ['build', '--mode', `locale-${f.slice(0, -3)}`, '--logLevel', 'warn']]),
  // the parts loaded on demand (src/widget/parts.ts), as dist/parts/history.js, picker.js and result.js
  ['history view', bin('vite'), ['build', '--mode', 'part-history', '--logLevel', 'warn']],
  ['method tiles', bin('vite'), ['build', '--mode', 'part-picker', '--logLevel', 'warn']],
  ['result cards', bin('vite'), ['build', '--mode', 'part-result', '--logLevel', 'warn']],
  // the operator page of the admin listener (src/admin/), as dist/admin/admin.js
  ['operator page', bin('vite'), ['build', '--mode', 'admin', '--logLevel', 'warn']],
  ['proxy (Node)', bin('vite'), ['build', '--mode', 'proxy', '--logLevel', 'warn']],
  ['type declarations', bin('tsc'), ['-p', 'tsconfig.build.json']],
  ['custom-elements.json', bin('cem'), ['analyze', '--quiet']], // custom-elements-manifest.config.mjs
  ['framework typings', process.execPath, ['scripts/framework-types.mjs']], // from custom-elements.json
  // the widget↔proxy contract as OpenAPI 3.1, from the zod schemas (src/proxy/openapi.ts, ADR 0016)
  ['OpenAPI document', process.execPath, ['--import', 'tsx', 'scripts/openapi.ts']],
  // last, so dist/ is complete even when a bundle is over its budget; prints the peers' sizes beside ours
  ['size budgets', process.execPath, ['scripts/size-budget.mjs']],
];

for (const [name, cmd, args] of steps) {
  const started = Date.now();
  const run = spawnSync(cmd, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`build: ${name} failed`);
    process.exit(run.status ?? 1);
  }
  console.log(`build: ${name} (${Date.now() - started} ms)`);
}
