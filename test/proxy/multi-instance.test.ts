/**
 * Issue 17: several proxy instances on one PostgreSQL database, for real. A throw-away cluster
 * (scripts/pg-cluster.mjs: installs Debian's postgresql when missing; no PostgreSQL is a failure,
 * never a skip), three standalone proxies (src/standalone/server.ts with CASHIER_DATABASE_URL) behind a
 * round-robin balancer on loopback, and the sandbox. Then:
 *
 * - the same Idempotency-Key sent to all three at once makes one Mozarto call;
 * - a webhook landing on one instance reaches a player's event stream held by another;
 * - the per-user rate limit holds across instances (round robin would give each its own share);
 * - killing one instance mid-run loses nothing it answered for, and the others carry on.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { startPostgres, type PostgresCluster } from '../../scripts/pg-cluster.mjs';
import { startBalancer, type Balancer } from './balancer.js';
import { eventually, newKey, payoneRequest } from './helpers.js';
import { spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from './standalone.js';

const PER_USER = 5;

const token = (sub: string) => standaloneSession(sub, { email: `${sub}@example.com` });

interface Answer {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

async function create(api: string, auth: string, key: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${api}/transactions`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

/** Reads a text/event-stream until an `event: status` whose data has a final status; returns the statuses seen. */
async function statusesUntilFinal(body: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder();
  const seen: string[] = [];
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split('\n').find((l) => l.startsWith('data: '));
      if (!data) continue;
      const status = (JSON.parse(data.slice(6)) as { status: string }).status;
      seen.push(status);
      if (['approved', 'declined', 'failed', 'rejected', 'review'].includes(status)) return seen;
    }
  }
  return seen;
}

describe('three proxy instances on one PostgreSQL behind a round-robin balancer', () => {
  let cluster: PostgresCluster;
  let sandbox: StartedSandbox;
  let instances: Standalone[] = [];
  let balancer: Balancer;
  let lbApi: string;

  before(async () => {
    cluster = await startPostgres();
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET, payoutSettleMs: 1500 });
    const env = {
      CASHIER_DATABASE_URL: cluster.url,
      CASHIER_RATE_LIMIT_PER_USER: String(PER_USER),
      CASHIER_RATE_LIMIT_PER_IP: '100000',
      CASHIER_TRUSTED_PROXIES: '1',
    };
    // Started at once: their migrations must serialize on the advisory lock.
    instances = await Promise.all([0, 1, 2].map(() => spawnStandalone(sandbox.url, env)));
    balancer = await startBalancer(instances.map((i) => i.url));
    lbApi = `${balancer.url}/api/cashier`;
    sandbox.sandbox.configure({ webhookUrl: `${lbApi}/webhooks/mozarto` });
  });

  after(async () => {
    await Promise.all(instances.map((i) => i.kill()));
    await balancer?.close();
    await sandbox?.close();
    cluster?.stop();
  });

  it('the same Idempotency-Key sent to all three at once makes one Mozarto call and one answer', async () => {
    const auth = await token('idem-player');
    const key = newKey();
    const body = payoneRequest({ amount: '33.00' });
    const before = sandbox.sandbox.transactions().length;
    const answers = await Promise.all(instances.map((i) => create(i.api, auth, key, body)));
    // One wins; the others replay its answer or are told it is still in progress (retryable).
    const won = answers.filter((a) => a.status === 201 && !a.replayed);
    assert.equal(won.length, 1, JSON.stringify(answers));
    for (const a of answers.filter((x) => x !== won[0])) {
      assert.ok((a.status === 201 && a.replayed) || (a.status === 409 && (a.body.error as { retryable: boolean }).retryable), JSON.stringify(a));
    }
    const id = won[0]!.body.transactionId;
    for (const i of instances) {
      const again = await create(i.api, auth, key, body);
      assert.equal(again.status, 201);
      assert.equal(again.replayed, true);
      assert.equal(again.body.transactionId, id, 'every instance replays the one answer');
    }
    assert.equal(sandbox.sandbox.transactions().length, before + 1, 'one Mozarto call');
  });

  it('a webhook landing on one instance reaches the event stream held by another', async () => {
    const auth = await token('push-player');
    const [a, b] = instances as [Standalone, Standalone];
    // The sandbox posts this payout's webhook to instance A only; the player streams from B.
    sandbox.sandbox.configure({ webhookUrl: `${a.api}/webhooks/mozarto` });
    try {
      const created = await create(a.api, auth, newKey(), payoneRequest({ type: 'payout', amount: '21.00' }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.transactionId as string;
      const stream = await fetch(`${b.api}/transactions/${id}/events`, { headers: { authorization: auth, accept: 'text/event-stream' } });
      assert.equal(stream.status, 200);
      const seen = await statusesUntilFinal(stream.body!);
      assert.equal(seen[0], 'pending', 'the stream starts with the current status');
      assert.equal(seen.at(-1), 'approved', `instance B pushed the outcome instance A received: ${seen.join(' → ')}`);
      assert.match(a.out(), /webhook applied/, 'the webhook landed on A');
      assert.doesNotMatch(b.out(), new RegExp(`"msg":"webhook applied"[^\\n]*"transactionId":"${id}"`), 'and not on B');
    } finally {
      sandbox.sandbox.configure({ webhookUrl: `${lbApi}/webhooks/mozarto` });
    }
  });

  it('the per-user rate limit holds across instances', async () => {
    const auth = await token('limited-player');
    const statuses: number[] = [];
    // Round robin: each instance sees a third of these; alone, each would allow PER_USER.
    for (let n = 0; n < PER_USER + 4; n++) statuses.push((await create(lbApi, auth, newKey(), payoneRequest({ amount: '5.00' }))).status);
    assert.equal(statuses.filter((s) => s === 201).length, PER_USER, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 4, statuses.join(','));
    assert.ok(
      balancer.served.every((n) => n > 0),
      `every instance served: ${balancer.served.join(',')}`,
    );
  });

  it('killing one instance mid-run loses nothing it answered, and the others carry on', async () => {
    const answered = new Map<string, { id: string; status: string; body: unknown; auth: string }>();
    const auths = await Promise.all(Array.from({ length: 16 }, (_, n) => token(`kill-player-${n}`)));
    let running = true;
    let refusedAfterKill = 0;
    let killed = false;
    const writer = async (players: string[]) => {
      for (let n = 0; running; n++) {
        const auth = players[n % players.length]!;
        const key = newKey();
        const body = payoneRequest({ amount: '7.00' });
        // The client's rule: a 502 (instance died mid-answer) or a retryable 409 is retried with the same key.
        for (let attempt = 0; attempt < 3; attempt++) {
          const a = await create(lbApi, auth, key, body);
          if (a.status === 201) {
            answered.set(key, { id: a.body.transactionId as string, status: a.body.status as string, body, auth });
            break;
          }
          if (a.status === 429) {
            // This player's limit: the test is about losing nothing, not about the limit.
            await new Promise((r) => setTimeout(r, 50));
            break;
          }
          if (killed && a.status >= 500 && a.status !== 502) refusedAfterKill++;
          await new Promise((r) => setTimeout(r, 30));
        }
      }
    };
    // A limit of PER_USER per minute per player: spread the load over players and keep it short.
    const writers = [0, 1, 2, 3].map((w) => writer(auths.slice(w * 4, w * 4 + 4)));
    await eventually(() => (answered.size >= 4 ? true : undefined), 20_000, 'first answers');
    const victim = instances[1]!;
    await victim.kill();
    killed = true;
    const atKill = answered.size;
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    await Promise.all(writers);
    assert.equal(refusedAfterKill, 0, 'no 5xx from a living instance after the kill');
    // Everything answered, on whichever instance, is readable through the survivors.
    for (const [key, a] of answered) {
      const res = await fetch(`${lbApi}/transactions/${a.id}`, { headers: { authorization: a.auth } });
      assert.equal(res.status, 200, `${a.id} (key ${key}) is missing`);
      const replay = await create(lbApi, a.auth, key, a.body);
      assert.equal(replay.status, 201);
      assert.equal(replay.body.transactionId, a.id);
    }
    assert.ok(answered.size >= atKill, `${answered.size} answered, ${atKill} before the kill`);
    // The survivors keep serving new payments.
    const after = await create(lbApi, await token('after-kill'), newKey(), payoneRequest({ amount: '8.00' }));
    assert.equal(after.status, 201, JSON.stringify(after.body));
  });
});
