// npm run build: the ES module + define entry, the self-contained script-tag bundle, the Node
// build of the proxy and sandbox, type declarations and custom-elements.json — in that order,
// stopping at the first failure.
import { spawnSync } from 'node:child_process';

const bin = (name) => `node_modules/.bin/${name}`;
const steps = [
  ['ES module', bin('vite'), ['build', '--logLevel', 'warn']],
  ['script-tag bundle', bin('vite'), ['build', '--mode', 'iife', '--logLevel', 'warn']],
  ['proxy (Node)', bin('vite'), ['build', '--mode', 'proxy', '--logLevel', 'warn']],
  ['type declarations', bin('tsc'), ['-p', 'tsconfig.build.json']],
  ['custom-elements.json', bin('cem'), ['analyze', '--litelement', '--globs', 'src/widget/**/*.ts', '--quiet']],
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
