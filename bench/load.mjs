// npm run load: one proxy (with the sandbox behind it) on loopback, hammered from two other
// processes for a bounded time by hundreds of concurrent pollers (GET transactions/:id, the
// widget's status polls) and a stream of Mozarto webhooks. Prints requests, errors and
// p50/p99 latency per stream; exits 1 when any request failed. Figures only, no timed asserts.
//
//   LOAD_POLLERS (300)   LOAD_WEBHOOKS (20 concurrent senders)   LOAD_SECONDS (10)   LOAD_TX (100 transactions)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WEBHOOK_SECRET, createThroughProxy, percentile, startStack } from './lib/stack.mjs';

const POLLERS = Number(process.env.LOAD_POLLERS ?? 300);
const WEBHOOK_SENDERS = Number(process.env.LOAD_WEBHOOKS ?? 20);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const TX = Number(process.env.LOAD_TX ?? 100);
const USERS = 10;

const stack = await startStack();
let failed;
try {
  // Transactions to poll and to send webhooks for: pay-ins (no timers settle them), 10 users.
  const txs = [];
  for (let i = 0; i < TX; i++) {
    const user = `u${i % USERS}`;
    const amount = `${10 + (i % 50)}.00`;
    const id = await createThroughProxy(stack.api, user, amount);
    const stored = await stack.store.getTransaction(id);
    txs.push({ id, user, amount, upstreamId: stored.upstreamId });
  }

  const polls = txs.map((t) => ({ url: `${stack.api}/transactions/${t.id}`, headers: { 'x-bench-user': t.user }, expect: [200] }));
  // Per transaction: Pending, Approved, then a stale Pending and a duplicate Approved — sent
  // status-major (every transaction's first webhook, then every second one, …), so one
  // transaction's deliveries are rarely in flight together. All must be acknowledged with 200.
  const statuses = ['Pending', 'Approved', 'Pending', 'Approved'];
  const webhooks = statuses.flatMap((s, j) =>
    txs.map((t, i) => ({
      tx: i,
      status: s,
      url: `${stack.api}/webhooks/mozarto`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_SECRET}` },
      body: JSON.stringify({
        transaction_id: t.upstreamId,
        psp_transaction_id: `psp-${i}`,
        user_id: t.user,
        status: s.toLowerCase(),
        transaction_status: s,
        message: `load ${j}`,
        // The transaction's own amount: a webhook that does not match it is sent to review.
        amount: t.amount,
        currency: 'EUR',
        merchantReference: t.id,
      }),
      expect: [200],
    })),
  );

  console.log(`load: ${POLLERS} pollers over ${TX} transactions + ${WEBHOOK_SENDERS} webhook senders, ${SECONDS} s, from two other processes…`);
  // One generator process per stream: when the 300 poll loops and the webhook senders shared one
  // process, the webhook requests were only handled after the polls stopped (the proxy logged them
  // answered in ms at the very end, while a webhook from any other process was answered at once),
  // which measured the generator, not the proxy.
  const runJob = (job) =>
    new Promise((resolve, reject) => {
      const child = fork(fileURLToPath(new URL('./lib/load-worker.mjs', import.meta.url)), [], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        execArgv: [],
      });
      child.once('message', resolve);
      child.once('error', reject);
      child.once('exit', (code) => code && reject(new Error(`load worker exited with ${code}`)));
      child.send({ durationMs: SECONDS * 1000, jobs: [job] });
    });
  const parts = await Promise.all([
    runJob({ name: 'polls GET transactions/:id', concurrency: POLLERS, requests: polls }),
    runJob({ name: 'webhooks POST webhooks/mozarto', concurrency: WEBHOOK_SENDERS, requests: webhooks }),
  ]);
  const report = {
    results: Object.assign({}, ...parts.map((p) => p.results)),
    elapsedMs: Math.max(...parts.map((p) => p.elapsedMs)),
  };

  let totalErrors = 0;
  let totalRequests = 0;
  for (const [name, r] of Object.entries(report.results)) {
    const sorted = r.latencies.sort((a, b) => a - b);
    totalErrors += r.errors;
    totalRequests += r.requests;
    console.log(
      `  ${name.padEnd(32)} ${String(r.requests).padStart(7)} requests  ${String(r.errors).padStart(4)} errors  ` +
        `${(r.requests / (report.elapsedMs / 1000)).toFixed(0).padStart(6)} req/s  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
    for (const sample of r.errorSamples) console.log(`      e.g. ${sample}`);
  }
  // The worker hands out webhooks in list order and waits for each, so the first `sent` of the
  // list were delivered (once round, when the run outlasts the list). A transaction whose Approved
  // was delivered must be approved — a stale Pending after it must not have moved it — and one
  // whose Approved was not yet sent must still be pending.
  const sent = report.results['webhooks POST webhooks/mozarto'].requests;
  let moved = 0;
  let approved = 0;
  for (const [i, t] of txs.entries()) {
    const firstApproved = webhooks.findIndex((w) => w.tx === i && w.status === 'Approved');
    const expected = sent >= webhooks.length || firstApproved < sent ? 'approved' : 'pending';
    const s = (await stack.store.getTransaction(t.id)).status;
    if (s === 'approved') approved++;
    if (s !== expected) moved++;
  }
  console.log(
    `load: ${totalRequests} requests, ${totalErrors} errors in ${(report.elapsedMs / 1000).toFixed(1)} s; ${approved}/${txs.length} transactions approved, statuses wrong or moved: ${moved}`,
  );
  failed = totalErrors > 0 || moved > 0;
} finally {
  await stack.close();
}
process.exit(failed ? 1 : 0);
