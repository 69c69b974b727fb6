// Issue 17 figures, in one run (part of `npm run bench`; alone: `npm run bench:scale`):
//
//  A. What the proxy adds to a create over a direct sandbox call (p50/p99, sequential, real HTTP
//     on loopback), with the durable SQLite file and with PostgreSQL.
//  B. Status-poll throughput and p99 at 50 and 500 concurrent, load from a second process, for a
//     minimal node:http server answering the same JSON from memory (the ceiling on this machine),
//     one standalone proxy instance on PostgreSQL, and three of them (the load generator spreads
//     over them, as a balancer would). Ratios are to the minimal server, measured in this run.
//
// PostgreSQL is a throw-away cluster (scripts/pg-cluster.mjs; installed with apt-get when
// missing). Nothing here asserts a number.
//
//   BENCH_LATENCY_N (300)   BENCH_LOAD_SECONDS (3)   BENCH_WARMUP_SECONDS (1: unmeasured load before each figure, 5× that on all instances first)
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../scripts/pg-cluster.mjs';
import { openPostgresStore, openSqliteStore, signHs256 } from '../src/proxy/index.ts';
import { startSandbox } from '../src/sandbox/index.ts';
import { COMPANY_TOKEN, USER_TOKEN_SECRET, WEBHOOK_SECRET, mozartoPayinBody, payinRequest, percentile, sandboxUserToken, serveProxy } from './lib/stack.mjs';

const LATENCY_N = Number(process.env.BENCH_LATENCY_N ?? 300);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const root = fileURLToPath(new URL('..', import.meta.url));
const ms = (n) => `${n.toFixed(1)} ms`;
const SESSION_SECRET = 'bench-session-secret-0123456789-0123456789';
const SESSION_ISSUER = 'https://shop.bench';

async function freePort() {
  return new Promise((resolve) => {
    const s = netServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A child process listening on a free port: the standalone proxy or the minimal server. */
async function child(args, env) {
  const port = await freePort();
  const out = openSync('/dev/null', 'w');
  const proc = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port) },
    stdio: ['ignore', out, 'pipe'],
  });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`bench: ${args.join(' ')} exited: ${err}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`bench: ${args.join(' ')} did not listen: ${err}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: proc.pid, stop: () => new Promise((r) => (proc.once('exit', r), proc.kill('SIGTERM'))) };
}

/** CPU milliseconds the processes have used (Linux /proc; NaN elsewhere): what a figure cost. */
function cpuMs(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    } catch {
      return NaN;
    }
  }
  return total;
}
const CLOCK_TICKS = 100;

function load(jobs, seconds = LOAD_SECONDS) {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(new URL('./lib/load-worker.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.send({ durationMs: seconds * 1000, jobs });
  });
}

const cluster = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), 'cashier-bench-scale-'));
const sandbox = await startSandbox({
  port: 0,
  companyToken: COMPANY_TOKEN,
  webhookSecret: WEBHOOK_SECRET,
  payoutSettleMs: 50,
  siteUrl: 'http://localhost/return',
});
const cleanup = [];
try {
  // ---- A. added latency ----------------------------------------------------------------------
  const stores = {
    'SQLite (durable, synchronous=FULL)': openSqliteStore(join(dir, 'bench.db')),
    PostgreSQL: await openPostgresStore(cluster.url, { schema: 'bench' }),
  };
  const proxies = {};
  for (const [name, store] of Object.entries(stores)) {
    const proxy = await serveProxy(sandbox.url, store);
    proxies[name] = proxy.api;
    cleanup.push(async () => (await proxy.close(), await store.close()));
  }
  sandbox.sandbox.configure({ webhookUrl: `${Object.values(proxies)[0]}/webhooks/mozarto` });
  const sandboxHeaders = { authorization: `Bearer ${COMPANY_TOKEN}`, 'x-user-token': sandboxUserToken('u0'), 'content-type': 'application/json' };
  let key = 0;
  const direct = async () => {
    const t0 = performance.now();
    const res = await fetch(`${sandbox.url}/v1/api/mozarto/cashier`, { method: 'POST', headers: sandboxHeaders, body: JSON.stringify(mozartoPayinBody('u0')) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`direct: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const viaProxy = (api) => async () => {
    const t0 = performance.now();
    const res = await fetch(`${api}/transactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `scale-${++key}`, 'x-bench-user': 'u0' },
      body: JSON.stringify(payinRequest()),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`proxy: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const runs = { direct: [], ...Object.fromEntries(Object.keys(proxies).map((n) => [n, []])) };
  const calls = [['direct', direct], ...Object.entries(proxies).map(([n, api]) => [n, viaProxy(api)])];
  for (let i = 0; i < 30; i++) for (const [, fn] of calls) await fn();
  for (let i = 0; i < LATENCY_N; i++) for (const [n, fn] of calls) runs[n].push(await fn());
  for (const list of Object.values(runs)) list.sort((a, b) => a - b);
  const p = (n, q) => percentile(runs[n], q);
  console.log(`\n4. Issue 17: the proxy's cost per payment and several instances (machine shared; ratios in this run)`);
  console.log(`   create, ${LATENCY_N} sequential calls each, interleaved:`);
  console.log(`     direct to the sandbox                 p50 ${ms(p('direct', 50))}  p99 ${ms(p('direct', 99))}`);
  for (const n of Object.keys(proxies)) {
    console.log(
      `     through the proxy, ${n.padEnd(20)} p50 ${ms(p(n, 50))}  p99 ${ms(p(n, 99))}   added p50 ${ms(p(n, 50) - p('direct', 50))}  p99 ${ms(p(n, 99) - p('direct', 99))}`,
    );
  }
  for (const c of cleanup.splice(0)) await c();

  // ---- B. status polls: minimal server vs one and three instances on Postgres ----------------
  const env = {
    MOZARTO_URL: sandbox.url,
    MOZARTO_COMPANY_TOKEN: COMPANY_TOKEN,
    MOZARTO_USER_TOKEN_SECRET: USER_TOKEN_SECRET,
    MOZARTO_WEBHOOK_SECRET: WEBHOOK_SECRET,
    CASHIER_SESSION_SECRET: SESSION_SECRET,
    CASHIER_SESSION_ISSUER: SESSION_ISSUER,
    CASHIER_ALLOWED_ORIGINS: '*',
    CASHIER_DATABASE_URL: cluster.url,
    CASHIER_RATE_LIMIT: 'off',
    // Status polls, not the merchant's check before a pay-out (README "Your backend").
    CASHIER_PAYOUTS_UNCHECKED: '1',
  };
  const instances = await Promise.all([0, 1, 2].map(() => child(['--import', 'tsx', 'src/standalone/server.ts'], env)));
  cleanup.push(() => Promise.all(instances.map((i) => i.stop())));
  sandbox.sandbox.configure({ webhookUrl: `${instances[0].url}/api/cashier/webhooks/mozarto` });
  // Ten players, each with a settled pay-out and a pending pay-in: what widgets poll.
  const polls = [];
  for (let u = 0; u < 10; u++) {
    const auth = `Bearer ${await signHs256({ sub: `poller-${u}`, iss: SESSION_ISSUER, aud: 'mozarto-cashier' }, SESSION_SECRET, { expiresInSeconds: 3600 })}`;
    for (const type of ['payout', 'payin']) {
      const res = await fetch(`${instances[0].url}/api/cashier/transactions`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': `poll-${u}-${type}` },
        body: JSON.stringify({ ...payinRequest(), type }),
      });
      const body = await res.json();
      if (res.status !== 201) throw new Error(`bench: create for polls: ${res.status} ${JSON.stringify(body)}`);
      polls.push({ id: body.transactionId, auth });
    }
  }
  await new Promise((r) => setTimeout(r, 500)); // the pay-outs settle (payoutSettleMs 50)

  // Cross-instance push: a webhook answered by instance A, the player's event stream on B.
  const pushes = [];
  const pushAuth = `Bearer ${await signHs256({ sub: 'push-player', iss: SESSION_ISSUER, aud: 'mozarto-cashier' }, SESSION_SECRET, { expiresInSeconds: 3600 })}`;
  for (let n = 0; n < 20; n++) {
    const res = await fetch(`${instances[0].url}/api/cashier/transactions`, {
      method: 'POST',
      headers: { authorization: pushAuth, 'content-type': 'application/json', 'idempotency-key': `push-${n}-${Date.now()}` },
      body: JSON.stringify(payinRequest()),
    });
    const { transactionId } = await res.json();
    const upstream = sandbox.sandbox.transactions().find((t) => t.merchantReference === transactionId);
    const stream = await fetch(`${instances[1].url}/api/cashier/transactions/${transactionId}/events`, {
      headers: { authorization: pushAuth, accept: 'text/event-stream' },
    });
    const reader = stream.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = async (re) => {
      while (!re.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('bench: the event stream ended');
        text += decoder.decode(value, { stream: true });
      }
    };
    await until(/"status":"pending"/);
    const t0 = performance.now();
    const hook = await fetch(`${instances[0].url}/api/cashier/webhooks/mozarto`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WEBHOOK_SECRET}`, 'content-type': 'application/json' },
      // The facts a Payone webhook carries (docs/mozarto-api.md §7); without them it would be review.
      body: JSON.stringify({
        transaction_id: upstream.transactionId,
        merchantReference: transactionId,
        transaction_status: 'Approved',
        amount: '10.00',
        user_id: 'push-player',
      }),
    });
    await hook.arrayBuffer();
    await until(/"status":"approved"/);
    pushes.push(performance.now() - t0);
    await reader.cancel();
  }
  pushes.sort((a, b) => a - b);
  console.log(
    `   webhook sent to instance A → the event on instance B's stream (LISTEN/NOTIFY), 20 runs: p50 ${ms(percentile(pushes, 50))}  p99 ${ms(percentile(pushes, 99))}`,
  );
  const sample = await (await fetch(`${instances[0].url}/api/cashier/transactions/${polls[0].id}`, { headers: { authorization: polls[0].auth } })).text();
  const minimal = await child(['bench/lib/minimal-server.mjs'], { ANSWER: sample });
  cleanup.push(() => minimal.stop());

  const targets = {
    'minimal node:http, JSON from memory': (i) => ({
      url: `${minimal.url}/api/cashier/transactions/${polls[i % polls.length].id}`,
      headers: { authorization: polls[i % polls.length].auth },
      expect: [200],
    }),
    'one proxy instance, PostgreSQL': (i) => ({
      url: `${instances[0].url}/api/cashier/transactions/${polls[i % polls.length].id}`,
      headers: { authorization: polls[i % polls.length].auth },
      expect: [200],
    }),
    'three proxy instances, PostgreSQL': (i) => ({
      url: `${instances[i % 3].url}/api/cashier/transactions/${polls[i % polls.length].id}`,
      headers: { authorization: polls[i % polls.length].auth },
      expect: [200],
    }),
  };
  const servers = {
    'minimal node:http, JSON from memory': [minimal.pid],
    'one proxy instance, PostgreSQL': [instances[0].pid],
    'three proxy instances, PostgreSQL': instances.map((i) => i.pid),
  };
  // A cold instance spends its first seconds compiling (V8's JIT), at about half its later rate
  // and three cold ones longer still: every instance serves polls, unmeasured, before any figure.
  const make3 = targets['three proxy instances, PostgreSQL'];
  await load([{ name: 'x', concurrency: 50, requests: Array.from({ length: polls.length * 3 }, (_, i) => make3(i)) }], WARMUP_SECONDS * 5);
  console.log(
    `   status polls (half settled, half pending), ${LOAD_SECONDS} s each after ${WARMUP_SECONDS * 5} s of warm-up, load from a second process (keep-alive):`,
  );
  for (const concurrency of [50, 500]) {
    let ceiling = 0;
    for (const [label, make] of Object.entries(targets)) {
      const jobs = [{ name: 'x', concurrency, requests: Array.from({ length: polls.length * 3 }, (_, i) => make(i)) }];
      await load(jobs, WARMUP_SECONDS);
      const pids = servers[label];
      const cpuBefore = cpuMs(pids);
      const report = await load(jobs);
      const cpu = cpuMs(pids) - cpuBefore;
      const r = report.results.x;
      const rate = r.requests / (report.elapsedMs / 1000);
      if (!ceiling) ceiling = rate;
      const sorted = r.latencies.sort((a, b) => a - b);
      console.log(
        `     ${String(concurrency).padStart(3)} concurrent, ${label.padEnd(36)} ${rate.toFixed(0).padStart(6)} req/s  p99 ${ms(percentile(sorted, 99)).padStart(9)}  ${((rate / ceiling) * 100).toFixed(0).padStart(3)} % of minimal  server CPU ${Number.isNaN(cpu) ? 'n/a' : `${((cpu * 1000) / r.requests).toFixed(0).padStart(3)} µs/req (${(cpu / report.elapsedMs).toFixed(2)} cores)`}  errors ${r.errors}${r.errors ? ` (${r.errorSamples[0]})` : ''}`,
      );
    }
  }
} finally {
  for (const c of cleanup.reverse()) await c().catch(() => {});
  await sandbox.close();
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
