// npm test: type-check (tsc -b), lint (ESLint), format check (Prettier), build (the bundle test loads dist/ in Chromium), Node tests (core, proxy, standalone,
// sandbox, the fault suite against real processes, end-to-end in Chromium and Firefox), then the widget suite (web-test-runner) in each
// engine one after another: Chromium, Firefox ESR, WebKitGTK, and WebKitGTK again started dark
// with reduced motion for the `*.prefers.test.ts` files (web-test-runner.config.mjs). Prints a
// line per engine, then one plain closing line, "N passed, N failed", summed over every run.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// `npm test` runs everything; `node scripts/test.mjs node` or `… browser` runs one runner only;
// `… browser firefox webkit` only those engines.
const only = process.argv[2];
const ENGINE_RUNS = [
  { name: 'chromium', env: { CASHIER_ENGINE: 'chromium' } },
  { name: 'firefox', env: { CASHIER_ENGINE: 'firefox' } },
  { name: 'webkit', env: { CASHIER_ENGINE: 'webkit' } },
  { name: 'webkit (dark, reduced motion)', env: { CASHIER_ENGINE: 'webkit', CASHIER_PREFERS: '1' } },
];
const engines = only === 'browser' && process.argv.length > 3 ? process.argv.slice(3) : ENGINE_RUNS.map((r) => r.env.CASHIER_ENGINE);
for (const e of engines) if (!ENGINE_RUNS.some((r) => r.env.CASHIER_ENGINE === e)) throw new Error(`test: unknown engine "${e}"`);

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

step('browsers', 'bash', ['scripts/ensure-browsers.sh']);
// PHP and Python for the merchant examples the end-to-end ledger test runs (Debian's packages).
if (only !== 'browser') step('tools', 'bash', ['scripts/ensure-tools.sh']);
// Every room against its own globals and the rooms it may import (tsconfig.json's references).
if (!only) step('type-check', bin('tsc'), ['-b']);
// Style by tools: ESLint (eslint.config.js, the rooms' imports included) and Prettier.
if (!only) step('lint', bin('eslint'), ['.']);
if (!only) step('format', bin('prettier'), ['--check', '.']);
if (only !== 'browser') step('build', process.execPath, ['scripts/build.mjs']);

const nodeFiles =
  only === 'browser'
    ? []
    : ['test/repo', 'test/core', 'test/proxy', 'test/sandbox', 'test/standalone', 'test/fuzz', 'test/faults', 'test/e2e', 'test/visual'].flatMap(testFiles);
const [nodeCode, nodeOut] = nodeFiles.length
  ? await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...nodeFiles])
  : [0, ''];
const nodePass = Number(last(nodeOut, /ℹ pass (\d+)/g)?.[1] ?? 0);
const nodeFail = Number(last(nodeOut, /ℹ fail (\d+)/g)?.[1] ?? 0) + (nodeCode !== 0 && !/ℹ fail [1-9]/.test(nodeOut) ? 1 : 0);

/** One web-test-runner run: its counts and seconds. */
async function widgetRun({ name, env }) {
  const started = Date.now();
  const [code, out] = await run(bin('web-test-runner'), [], { FORCE_COLOR: '0', ...env });
  // web-test-runner colours its summary even when told not to; strip the escapes before reading it.
  const summary = last(out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''), /(\d+) passed, (\d+) failed/g);
  const failed = Number(summary?.[2] ?? 0);
  return {
    name,
    passed: Number(summary?.[1] ?? 0),
    failed: failed + (code !== 0 && !(failed > 0) ? 1 : 0),
    seconds: Math.round((Date.now() - started) / 1000),
  };
}
const widgetRuns = [];
if (only !== 'node') for (const r of ENGINE_RUNS) if (engines.includes(r.env.CASHIER_ENGINE)) widgetRuns.push(await widgetRun(r));
const wtrPass = widgetRuns.reduce((n, r) => n + r.passed, 0);
const wtrFail = widgetRuns.reduce((n, r) => n + r.failed, 0);

console.log(`\nnode: ${nodePass} passed, ${nodeFail} failed; browser: ${wtrPass} passed, ${wtrFail} failed`);
if (widgetRuns.length) {
  console.log(`widget suite per engine: ${widgetRuns.map((r) => `${r.name} ${r.passed} passed, ${r.failed} failed (${r.seconds} s)`).join('; ')}`);
}
const passed = nodePass + wtrPass;
const failed = nodeFail + wtrFail;
if (passed === 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
