/**
 * The fault suite's deployment, as a merchant runs it (issue 24): a throw-away PostgreSQL cluster
 * (scripts/pg-cluster.mjs), standalone instances on it (src/standalone/server.ts as child
 * processes, each with its own webhook journal), a balancer that follows their readiness
 * (test/proxy/balancer.ts), and the sandbox as Mozarto, where payments are counted.
 *
 * And a player that behaves as the widget does (issue 24 item 4): a create is retried with the
 * SAME Idempotency-Key after a network error, a 5xx or a retryable 409, with backoff; a new key
 * is never taken; the transaction is then followed on its event stream — reconnecting when the
 * stream ends without a final status — until its final status.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type SandboxOptions, type StartedSandbox } from '../../src/sandbox/index.js';
import { startPostgres, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
import { startBalancer, type Balancer } from '../proxy/balancer.js';
import { eventually, newKey, payoneRequest } from '../proxy/helpers.js';
import { spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';

export const FINAL = new Set(['approved', 'declined', 'failed', 'rejected', 'review']);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Stack {
  readonly cluster: PostgresCluster;
  readonly sandbox: StartedSandbox;
  readonly instances: Standalone[];
  readonly balancer: Balancer;
  /** `${balancer}/api/cashier` */
  readonly api: string;
  /** Every exit code of an instance stopped by `restart`, and its output. */
  readonly exits: (number | null)[];
  readonly stoppedOutputs: string[];
  /** SIGTERM instance `i`, wait for it to exit, start it again on the same port and journal. */
  restart(i: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(options: { instances?: number; env?: Record<string, string>; sandbox?: SandboxOptions } = {}): Promise<Stack> {
  const cluster = await startPostgres();
  const sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, ...options.sandbox });
  const journals = Array.from({ length: options.instances ?? 2 }, () => mkdtempSync(join(tmpdir(), 'cashier-faults-journal-')));
  const envOf = (i: number, port?: number) => ({
    CASHIER_DATABASE_URL: cluster.url,
    CASHIER_WEBHOOK_JOURNAL: journals[i]!,
    CASHIER_RATE_LIMIT: 'off',
    CASHIER_TRUSTED_PROXIES: '1',
    ...(port ? { PORT: String(port) } : {}),
    ...options.env,
  });
  const instances = await Promise.all(journals.map((_, i) => spawnStandalone(sandbox.url, envOf(i))));
  const balancer = await startBalancer(
    instances.map((i) => i.url),
    { readyPath: '/readyz', probeMs: 200 },
  );
  const api = `${balancer.url}/api/cashier`;
  sandbox.sandbox.configure({ webhookUrl: `${api}/webhooks/mozarto` });
  const exits: (number | null)[] = [];
  const stoppedOutputs: string[] = [];
  return {
    cluster,
    sandbox,
    instances,
    balancer,
    api,
    exits,
    stoppedOutputs,
    async restart(i) {
      const old = instances[i]!;
      exits.push(await old.stop());
      stoppedOutputs.push(old.out());
      instances[i] = await spawnStandalone(sandbox.url, envOf(i, Number(new URL(old.url).port)));
      await eventually(async () => ((await fetch(`${instances[i]!.url}/readyz`)).status === 200 ? true : undefined), 20_000, `instance ${i} ready again`);
    },
    async close() {
      await Promise.all(instances.map((i) => i.kill()));
      await balancer.close();
      await sandbox.close();
      cluster.stop();
      for (const dir of journals) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const sessionFor = (sub: string) => standaloneSession(sub, { email: `${sub}@example.com` });

export interface Attempt {
  readonly user: string;
  readonly amount: string;
  readonly key: string;
  /** The transaction the create answered with (201 or 202), or none within the deadline. */
  transactionId?: string;
  createdStatus?: string;
  /** What each try got: an HTTP status, or the network error. */
  readonly tries: (number | string)[];
  /** A definite refusal (a 4xx that is not retryable): the only case a new key would be right. */
  refusal?: string;
  final?: string;
  /** Event streams opened while following it. */
  streams: number;
  /** Streams that ended without a final status and without a reconnect hint (cut). */
  cut: number;
}

/** A pay-out create as the widget makes it: the same key until an answer or a definite refusal. */
export async function createLikeTheWidget(api: string, auth: string, user: string, amount: string, deadlineMs: number, key = newKey()): Promise<Attempt> {
  const attempt: Attempt = { user, amount, key, tries: [], streams: 0, cut: 0 };
  const body = JSON.stringify(payoneRequest({ type: 'payout', amount }));
  const deadline = Date.now() + deadlineMs;
  for (let n = 0; Date.now() < deadline; n++) {
    let status: number;
    let json: Record<string, any>;
    try {
      const res = await fetch(`${api}/transactions`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': attempt.key },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      status = res.status;
      json = ((await res.json().catch(() => ({}))) ?? {}) as Record<string, any>;
    } catch (error) {
      attempt.tries.push(error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.name) : String(error));
      await sleep(Math.min(2000, 100 * 2 ** n));
      continue;
    }
    attempt.tries.push(status);
    if ((status === 201 || status === 202) && typeof json.transactionId === 'string') {
      attempt.transactionId = json.transactionId;
      attempt.createdStatus = json.status as string;
      return attempt;
    }
    const retryable = status >= 500 || status === 429 || (status === 409 && json.error?.retryable === true);
    if (!retryable) {
      attempt.refusal = `${status} ${JSON.stringify(json.error ?? json).slice(0, 200)}`;
      return attempt;
    }
    await sleep(Math.min(2000, 100 * 2 ** n));
  }
  return attempt;
}

/**
 * Follows the transaction on its event stream until a final status, reconnecting (through `api`)
 * when a stream ends without one; counts the streams and the ones that were cut rather than
 * ended with a reconnect hint.
 */
export async function followLikeTheWidget(api: string, auth: string, attempt: Attempt, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline && !attempt.final) {
    let hinted = false;
    try {
      const res = await fetch(`${api}/transactions/${attempt.transactionId}/events`, {
        headers: { authorization: auth, accept: 'text/event-stream' },
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
      if (res.status !== 200) {
        await res.arrayBuffer().catch(() => {});
        await sleep(300);
        continue;
      }
      attempt.streams++;
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^retry: \d+$/m.test(block)) hinted = true;
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const status = (JSON.parse(data.slice(6)) as { status: string }).status;
          if (FINAL.has(status)) attempt.final = status;
        }
      }
    } catch {
      // cut mid-stream: counted below
    }
    if (!attempt.final && !hinted && Date.now() < deadline) attempt.cut++;
    if (!attempt.final) await sleep(200);
  }
}

/** Mozarto's transactions per (user, amount): more than one for an attempt is a double payment. */
export function paymentsAtMozarto(sandbox: StartedSandbox): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of sandbox.sandbox.transactions()) {
    const slot = `${t.userId} ${t.amount.toFixed(2)}`;
    counts.set(slot, (counts.get(slot) ?? 0) + 1);
  }
  return counts;
}

export async function armLateAnswers(sandbox: StartedSandbox, ms: number, count = 10_000): Promise<void> {
  const res = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault: 'late-answer', ms, count }),
  });
  if (res.status !== 200) throw new Error(`arming late-answer: ${res.status}`);
}
