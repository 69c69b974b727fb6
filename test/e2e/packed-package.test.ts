/**
 * The package as a user gets it: `npm pack` once (after `npm run build`), then
 * - publint and @arethetypeswrong/cli on that tarball: every entry resolves with types, under
 *   node10, node16 and bundlers (the package is ESM-only by design, so attw's
 *   cjs-resolves-to-esm note is the one rule left out);
 * - installed into a fresh directory from the npm cache, the way an app installs it: the `bin`s
 *   `npx mozarto-cashier-proxy` (the standalone server on the embedded SQLite store, here with SANDBOX=1) and
 *   `npx mozarto-cashier-sandbox` start and answer, and `mozarto-cashier/sandbox` imports;
 * - each app of examples/ (script tag, Vite + React, Vite + Vue, Express) copied out, its
 *   `mozarto-cashier` dependency pointed at the tarball, installed, passing strict `tsc`, and
 *   built (React, Vue); the README's TypeScript blocks type-checked in the React app's install.
 *
 * Installs come from the npm cache (`--prefer-offline`); each prints its time (figures only).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

const BIN = join(ROOT, 'node_modules/.bin');
let work: ReturnType<typeof tempDir>;
let tarball: string;
let app: string;
const children: ChildProcess[] = [];
/** node_modules of an app that installs the package alone (the widget's case). */
let browserOnly: string[];
/** `npx mozarto-cashier-proxy` where the optional peer `jose` is not installed. */
let withoutJose: { code: number | null; out: string };

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Installs the packed package into `dir` as an app would: from the registry's cache, no scripts. */
function installPacked(dir: string, tgz: string, extra: string[] = []) {
  return run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock', tgz, ...extra], dir);
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/mozarto-cashier.iife.js')), 'run `npm run build` first');
  work = tempDir('cashier-packed-');
  const packed = run('npm', ['pack', '--silent', '--pack-destination', work.path], ROOT);
  assert.equal(packed.code, 0, packed.out);
  tarball = join(
    work.path,
    readdirSync(work.path).find((f) => f.endsWith('.tgz'))!,
  );
  app = join(work.path, 'app');
  run('mkdir', ['-p', app], work.path);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, type: 'module' }));
  // First as a browser-only app installs it (checked below), then with the proxy's peers.
  const alone = installPacked(app, tarball);
  assert.equal(alone.code, 0, alone.out);
  browserOnly = readdirSync(join(app, 'node_modules')).flatMap((d) =>
    d.startsWith('@') ? readdirSync(join(app, 'node_modules', d)).map((s) => `${d}/${s}`) : [d],
  );
  const port = await freePort();
  const { child, log } = start('mozarto-cashier-proxy', { SANDBOX: '1', PORT: String(port), CASHIER_DB: join(work.path, 'nojose.db') });
  withoutJose = { code: await new Promise<number | null>((r) => child.once('exit', r)), out: log() };
  const installed = installPacked(app, tarball, ['better-sqlite3@12.9.0', 'jose@6.2.18']);
  assert.equal(installed.code, 0, installed.out);
  // The store's native module, compiled once already for this repository (same version, same
  // Node): copied instead of compiled a second time, to spare CI a node-gyp build.
  cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(app, 'node_modules/better-sqlite3/build'), { recursive: true });
});

after(() => {
  for (const c of children) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  work?.remove();
});

async function answers(url: string, child: ChildProcess, log: () => string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${log()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return await res.text();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered: ${log()}`);
}

function start(bin: string, env: Record<string, string>) {
  // Its own process group, so a stop reaches the server under npx.
  const child = spawn('npx', ['--no-install', bin], { cwd: app, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, log: () => out };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return child.exitCode;
  const done = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  process.kill(-child.pid!, 'SIGTERM');
  return done;
}

describe('the packed package', () => {
  it('publint finds nothing to fix', () => {
    const r = run(
      process.execPath,
      [join(ROOT, 'node_modules/publint/src/cli.js'), '--strict', join(app, 'node_modules/mozarto-cashier'), '--pack', 'false'],
      ROOT,
    );
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /All good/);
  });

  it('@arethetypeswrong/cli: every entry resolves with types under node10, node16 and bundlers', () => {
    const r = run(join(BIN, 'attw'), [tarball, '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'table-flipped', '--no-color', '--no-emoji'], ROOT);
    assert.equal(r.code, 0, r.out);
    for (const entry of ['define', 'core', 'proxy', 'sandbox', 'testing', 'iife', 'react', 'vue', 'svelte', 'angular'])
      assert.match(r.out, new RegExp(`"mozarto-cashier/${entry}"`), entry);
  });

  it('ships no source, tests, config or source maps: dist/, custom-elements.json, the documents the README links, package.json', () => {
    const list = run('tar', ['-tzf', tarball], ROOT).out.split('\n').filter(Boolean);
    for (const f of list) {
      assert.match(
        f,
        /^package\/(dist\/|custom-elements\.json$|README\.md$|LICENSE|CHANGELOG\.md$|CONVENTIONS\.md$|docs\/((adr\/[^/]+|design|mozarto-api|operations)\.md|grafana\/cashier\.json)$|package\.json$)/,
        f,
      );
      assert.doesNotMatch(f, /\.map$/, f);
    }
    assert.ok(list.includes('package/dist/mozarto-cashier.iife.js'));
    assert.ok(list.includes('package/dist/openapi.json'));
  });

  // standardwebhooks and its two packages are the one exception: pure JavaScript, a few KB, never
  // bundled by the element (ADR 0018 weighs it against an optional peer).
  it('a browser-only install gets the element and its libraries, not what only the proxy needs (but standardwebhooks)', () => {
    assert.deepEqual(browserOnly.filter((p) => !p.startsWith('.')).sort(), [
      '@lit-labs/ssr-dom-shim',
      '@lit/reactive-element',
      '@stablelib/base64',
      '@types/trusted-types',
      'fast-sha256',
      'lit',
      'lit-element',
      'lit-html',
      'mozarto-cashier',
      'standardwebhooks',
      'zod',
    ]);
  });

  it('`npx mozarto-cashier-proxy` without the optional peer jose stops at once and says what to install', () => {
    assert.equal(withoutJose.code, 1, withoutJose.out);
    assert.match(withoutJose.out, /npm install jose/);
  });

  it('`npx mozarto-cashier-proxy` runs the standalone server (SANDBOX=1) from the installed package', async () => {
    const port = await freePort();
    const { child, log } = start('mozarto-cashier-proxy', {
      SANDBOX: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      CASHIER_DB: join(work.path, 'proxy.db'),
      CASHIER_LOG_LEVEL: 'warn',
    });
    assert.equal((await answers(`http://127.0.0.1:${port}/healthz`, child, log)).trim(), 'ok');
    const config = (await (await fetch(`http://127.0.0.1:${port}/api/cashier/config`)).json()) as { methods: { payin: unknown[] } };
    assert.ok(config.methods.payin.length > 0, JSON.stringify(config));
    // A create and its poll: the store's worker thread (dist/proxy/sqlite-worker.js) found and working.
    const token = /Bearer ([\w.-]+)/.exec(log())?.[1];
    assert.ok(token, `no demo session token printed: ${log()}`);
    const api = `http://127.0.0.1:${port}/api/cashier`;
    const headers = { authorization: `Bearer ${token}`, origin: `http://127.0.0.1:${port}` };
    const created = await fetch(`${api}/transactions`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': 'packed-1' },
      body: JSON.stringify({
        pspType: 'PAYONE',
        type: 'payin',
        amount: '10.00',
        currency: 'EUR',
        fields: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', phone: '+49 151 1234 5678' },
      }),
    });
    const body = (await created.json()) as { transactionId: string; status: string };
    assert.equal(created.status, 201, JSON.stringify(body));
    const polled = (await (await fetch(`${api}/transactions/${body.transactionId}`, { headers })).json()) as { transactionId: string };
    assert.equal(polled.transactionId, body.transactionId);
    await stop(child); // npx itself dies of the signal; the server under it stops gracefully
  });

  it('`npx mozarto-cashier-proxy` stops when only npx gets SIGTERM, as a process manager sends it: drained, exit, port free', async () => {
    const port = await freePort();
    const { child, log } = start('mozarto-cashier-proxy', {
      SANDBOX: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      CASHIER_DB: join(work.path, 'proxy-signal.db'),
      CASHIER_DRAIN_DELAY_MS: '200',
    });
    await answers(`http://127.0.0.1:${port}/healthz`, child, log);
    const pid = Number(/"pid":(\d+)/.exec(log())?.[1]);
    assert.ok(pid > 0 && pid !== child.pid, `the server's own pid is logged: ${log()}`);
    const npmGone = new Promise<void>((r) => child.once('exit', () => r()));
    // To npx's process alone: npm passes it to the shell it started, not to the server.
    process.kill(child.pid!, 'SIGTERM');
    await npmGone;
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(), false, `the server outlived npx: ${log()}`);
    assert.match(log(), /draining/);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'the port is free');
  });

  it('`npx mozarto-cashier-sandbox` starts the sandbox, and `mozarto-cashier/sandbox` imports in plain Node', async () => {
    const port = await freePort();
    const { child, log } = start('mozarto-cashier-sandbox', { SANDBOX_PORT: String(port) });
    await answers(`http://127.0.0.1:${port}/__sandbox/transactions`, child, log);
    await stop(child);
    const r = run(
      process.execPath,
      ['--input-type=module', '-e', "const s = await import('mozarto-cashier/sandbox'); console.log(typeof s.startSandbox, typeof s.createSandbox)"],
      app,
    );
    assert.equal(r.out.trim(), 'function function', r.out);
  });
});

/** Copies examples/<name> out, points its `mozarto-cashier` at the tarball and installs it. */
function example(name: string): string {
  const dir = join(work.path, 'examples', name);
  cpSync(join(ROOT, 'examples', name), dir, { recursive: true, filter: (f) => !/node_modules|dist$/.test(f) });
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { dependencies: Record<string, string> };
  assert.equal(pkg.dependencies['mozarto-cashier'], '0.1.0', `${name} depends on the package as a user would`);
  pkg.dependencies['mozarto-cashier'] = `file:${tarball}`;
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
  const started = Date.now();
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--no-package-lock'], dir);
  console.log(`examples/${name}: npm install ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(installed.code, 0, installed.out);
  return dir;
}

const tsc = (dir: string, project = '.') => run(join(dir, 'node_modules/.bin/tsc'), ['--noEmit', '-p', project], dir);

/** The README's ```ts and ```tsx blocks, each as its own module. */
function readmeBlocks(): { name: string; code: string }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```(tsx?)\n([\s\S]*?)^```/gm)].map((m, i) => ({
    name: `block-${String(i + 1).padStart(2, '0')}-line-${readme.slice(0, m.index).split('\n').length + 1}.${m[1]}`,
    code: `${m[2]}\nexport {};\n`,
  }));
}

describe('examples/, installed from the packed package', () => {
  it('script-tag: strict tsc against the script bundle’s types; the page names files that ship', () => {
    const dir = example('script-tag');
    const r = tsc(dir);
    assert.equal(r.code, 0, r.out);
    const page = readFileSync(join(dir, 'index.html'), 'utf8');
    assert.match(page, /public\/mozarto-cashier\.iife\.js/);
    assert.equal(run('npm', ['run', 'copy'], dir).code, 0);
    assert.ok(
      existsSync(join(dir, 'public/mozarto-cashier.iife.js')) &&
        existsSync(join(dir, 'public/locales/fr.js')) &&
        existsSync(join(dir, 'public/parts/picker.js')),
    );
  });

  it('express: strict tsc, then the server answers the widget’s config through the proxy', async () => {
    const dir = example('express');
    const r = run('npm', ['run', 'build'], dir); // strict tsc, emitting dist/server.js
    assert.equal(r.code, 0, r.out);
    cpSync(join(ROOT, 'node_modules/better-sqlite3/build'), join(dir, 'node_modules/better-sqlite3/build'), { recursive: true });
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/server.js'], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    assert.equal((await answers(`http://127.0.0.1:${port}/healthz`, child, () => out)).trim(), 'ok');
    const config = (await (await fetch(`http://127.0.0.1:${port}/api/cashier/config`)).json()) as { methods: { payout: unknown[] } };
    assert.ok(config.methods.payout.length > 0, JSON.stringify(config));
    child.kill('SIGTERM');
  });

  let reactApp: string | undefined;

  it('react (Vite + React 19): strict tsc and a production build; then the README’s TypeScript blocks type-check', () => {
    const dir = example('react');
    reactApp = dir;
    const r = run('npm', ['run', 'build'], dir);
    assert.equal(r.code, 0, r.out);
    assert.ok(readdirSync(join(dir, 'dist/assets')).some((f) => f.endsWith('.js')));

    const readme = join(dir, 'readme');
    mkdirSync(readme);
    const blocks = readmeBlocks();
    assert.ok(blocks.length >= 4, `${blocks.length} blocks`);
    for (const b of blocks) writeFileSync(join(readme, b.name), b.code);
    writeFileSync(
      join(readme, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          jsx: 'react-jsx',
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: ['node'],
          skipLibCheck: true,
        },
        include: ['*.ts', '*.tsx'],
      }),
    );
    const checked = tsc(dir, 'readme');
    assert.equal(checked.code, 0, checked.out);
  });

  it('react, as its bundle runs: the method tiles (no psp) and the history tab load, and the element settles', async (t) => {
    assert.ok(reactApp, 'the react example was built');
    const port = await freePort();
    const { child, log } = start('mozarto-cashier-proxy', {
      SANDBOX: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      CASHIER_DB: join(work.path, 'bundled.db'),
      CASHIER_LOG_LEVEL: 'warn',
    });
    t.after(() => stop(child));
    await answers(`http://127.0.0.1:${port}/healthz`, child, log);
    const token = /Bearer ([\w.-]+)/.exec(log())?.[1];
    assert.ok(token, `no demo session token printed: ${log()}`);
    const site = await serveApp(join(reactApp, 'dist'), port);
    t.after(() => new Promise((r) => site.server.close(r)));
    const browser = await launchChromium();
    t.after(() => browser.close());
    const context = await browser.newContext();
    await context.addCookies([{ name: 'cashier_session', value: token, url: site.url }]);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(site.url);
    // Issue 25: bundled, the parts' loader was dropped and the tab froze on the tiles or the history.
    await page.locator('mozarto-cashier [role="radio"]').first().waitFor({ timeout: 15_000 });
    await page.locator('mozarto-cashier [role="tab"]').first().waitFor({ timeout: 15_000 });
    const mutations = await page.evaluate(async () => {
      const root = document.querySelector('mozarto-cashier')!.shadowRoot!;
      let n = 0;
      const watch = new MutationObserver((records) => (n += records.length));
      watch.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      await new Promise((r) => setTimeout(r, 500));
      watch.disconnect();
      return n;
    });
    assert.equal(mutations, 0, 'the element still renders with nothing happening');
    assert.deepEqual(problems, []);
  });

  it('vue (Vite + Vue 3): strict tsc and a production build', () => {
    const dir = example('vue');
    const r = run('npm', ['run', 'build'], dir);
    assert.equal(r.code, 0, r.out);
    assert.ok(readdirSync(join(dir, 'dist/assets')).some((f) => f.endsWith('.js')));
  });
});

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/**
 * A built app's files on a free port, with `/api/` forwarded to the proxy on `proxyPort` as a
 * site's own reverse proxy would: same origin for the widget, the Host header kept.
 */
async function serveApp(root: string, proxyPort: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/')) {
      const upstream = forward({ host: '127.0.0.1', port: proxyPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      return;
    }
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${port}` };
}
