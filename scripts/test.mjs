// npm test: type-check, build (the bundle test loads dist/ in Chromium), Node tests (core, proxy,
// sandbox, end-to-end), then browser tests (widget). Prints one plain closing line,
// "N passed, N failed", summed over both runners.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// `npm test` runs everything; `node scripts/test.mjs node` or `… browser` runs one runner only.
const only = process.argv[2];

const bin = (name) => `node_modules/.bin/${name}`;

function step(name, cmd, args) {
  const run = spawnSync(cmd, args, { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`test: ${name} failed`);
    console.log('0 passed, 1 failed');
    process.exit(run.status ?? 1);
  }
}

/** Runs a test command, echoing its output, and returns [exit code, output]. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const echo = (stream) => (chunk) => {
      out += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code) => resolve([code ?? 1, out]));
  });
}

const last = (text, re) => {
  const all = [...text.matchAll(re)];
  return all.length ? all[all.length - 1] : null;
};

/** Node 20's `--test` does not expand globs, so the files are listed here. */
const testFiles = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(dir, f));

step('chromium', 'bash', ['scripts/ensure-chromium.sh']);
if (!only) step('type-check', bin('tsc'), ['--noEmit', '-p', '.']);
if (only !== 'browser') step('build', process.execPath, ['scripts/build.mjs']);

const nodeFiles = only === 'browser' ? [] : ['test/repo', 'test/core', 'test/proxy', 'test/sandbox', 'test/fuzz', 'test/e2e'].flatMap(testFiles);
const [nodeCode, nodeOut] = nodeFiles.length
  ? await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...nodeFiles])
  : [0, ''];
const nodePass = Number(last(nodeOut, /ℹ pass (\d+)/g)?.[1] ?? 0);
const nodeFail = Number(last(nodeOut, /ℹ fail (\d+)/g)?.[1] ?? 0) + (nodeCode !== 0 && !/ℹ fail [1-9]/.test(nodeOut) ? 1 : 0);

const [wtrCode, wtrOut] =
  only === 'node' ? [0, ''] : await run(bin('web-test-runner'), [], { FORCE_COLOR: '0' });
// web-test-runner colours its summary even when told not to; strip the escapes before reading it.
const wtr = last(wtrOut.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''), /(\d+) passed, (\d+) failed/g);
const wtrPass = Number(wtr?.[1] ?? 0);
const wtrFail = Number(wtr?.[2] ?? 0) + (wtrCode !== 0 && !(Number(wtr?.[2] ?? 0) > 0) ? 1 : 0);

console.log(`\nnode: ${nodePass} passed, ${nodeFail} failed; browser: ${wtrPass} passed, ${wtrFail} failed`);
const passed = nodePass + wtrPass;
const failed = nodeFail + wtrFail;
if (passed === 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
