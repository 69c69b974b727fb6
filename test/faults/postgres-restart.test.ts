/**
 * Issue 24, LISTEN after a database restart: players follow pay-outs waiting for Mozarto's
 * approval on event streams held by instance B, while Mozarto's webhooks land on instance A (so
 * every outcome crosses instances through LISTEN/NOTIFY). PostgreSQL goes down for 3 s and comes
 * back, and the pay-outs are approved at once. Every open stream must get its outcome: B notices
 * that its LISTEN is gone (logged, `/readyz` 503 saying `notifier: lost` — never 200 until it is
 * back), listens again (logged) and every stream re-reads its transaction.
 *
 * On the code before issue 24, LISTEN stayed down after the restart with nothing logged; a
 * NOTIFY sent meanwhile was never heard, and the streams never got their outcome.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, newKey, payoneRequest } from '../proxy/helpers.js';
import { FINAL, sessionFor, sleep, startStack, type Stack } from './stack.js';

const STREAMS = 4;

describe('a PostgreSQL restart under open event streams', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { CASHIER_DRAIN_DELAY_MS: '200' }, sandbox: { payoutSettleMs: 60_000 } });
  });
  after(() => stack?.close());

  it('every open stream gets its outcome; losing and regaining LISTEN is logged', async (t) => {
    const [a, b] = stack.instances as [(typeof stack.instances)[0], (typeof stack.instances)[0]];
    stack.sandbox.sandbox.configure({ webhookUrl: `${a.api}/webhooks/mozarto` });
    const auth = await sessionFor('restart-player');
    const ids: string[] = [];
    for (let n = 0; n < STREAMS; n++) {
      // `.16`: the sandbox's approval queue — pending until approved by hand.
      const res = await fetch(`${a.api}/transactions`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify(payoneRequest({ type: 'payout', amount: `${30 + n}.16` })),
      });
      const body = (await res.json()) as { transactionId: string };
      assert.equal(res.status, 201, JSON.stringify(body));
      ids.push(body.transactionId);
    }
    const outcomes = new Map<string, string[]>();
    const streams = ids.map(async (id) => {
      const seen: string[] = [];
      outcomes.set(id, seen);
      const res = await fetch(`${b.api}/transactions/${id}/events`, { headers: { authorization: auth, accept: 'text/event-stream' } });
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (const data of buffer.split('\n').filter((l) => l.startsWith('data: '))) seen.push((JSON.parse(data.slice(6)) as { status: string }).status);
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
        if (seen.some((s) => FINAL.has(s))) return;
      }
    });
    await eventually(() => (ids.every((id) => (outcomes.get(id) ?? []).length > 0) ? true : undefined), 10_000, 'every stream open');

    // B's readiness, as a balancer probes it, all along the restart.
    const probes: { from: number; to: number; status: number; notifier?: string }[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const from = Date.now();
        const res = await fetch(`${b.url}/readyz`).catch(() => undefined);
        const body = ((await res?.json().catch(() => undefined)) ?? {}) as { notifier?: string };
        probes.push({ from, to: Date.now(), status: res?.status ?? 0, ...(body.notifier ? { notifier: body.notifier } : {}) });
        await sleep(100);
      }
    })();

    // A restart as a server takes one: down for a few seconds, then up on the same port and data.
    const restartedAt = Date.now();
    stack.cluster.halt();
    await sleep(4000);
    stack.cluster.resume();
    for (const id of ids) {
      const mozarto = stack.sandbox.sandbox.transactions().find((x) => x.merchantReference === id)!;
      const approved = await fetch(`${stack.sandbox.url}/__sandbox/transactions/${mozarto.transactionId}/approve`, { method: 'POST' });
      assert.equal(approved.status, 200);
    }
    await Promise.race([
      Promise.all(streams),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`streams without their outcome: ${JSON.stringify([...outcomes])}`)), 20_000)),
    ]);
    const tookMs = Date.now() - restartedAt;
    for (const id of ids) assert.equal(outcomes.get(id)!.at(-1), 'approved', `${id}: ${outcomes.get(id)!.join(' → ')}`);
    const logged = (msg: RegExp) =>
      b
        .out()
        .split('\n')
        .filter((l) => msg.test(l))
        .map((l) => Date.parse((JSON.parse(l) as { time: string }).time));
    await eventually(() => (logged(/"msg":"postgres LISTEN is back/).length > 0 ? true : undefined), 10_000, 'LISTEN back on B (logged)');
    const [lostAt] = logged(/"msg":"postgres LISTEN lost/);
    const [backAt] = logged(/"msg":"postgres LISTEN is back/);
    assert.ok(lostAt !== undefined && backAt !== undefined && lostAt <= backAt, 'losing and regaining LISTEN is logged, in that order');
    await eventually(() => (probes.some((p) => p.from > backAt && p.status === 200) ? true : undefined), 10_000, 'B ready again');
    probing = false;
    await probe;
    assert.ok(
      probes.some((p) => p.status === 503 && p.notifier === 'lost'),
      `/readyz said the notifier was lost: ${JSON.stringify(probes.filter((p) => p.status !== 200))}`,
    );
    const readyWhileDeaf = probes.filter((p) => p.from > lostAt && p.to < backAt && p.status === 200);
    assert.deepEqual(readyWhileDeaf, [], '/readyz never 200 between LISTEN lost and back');
    t.diagnostic(
      `${STREAMS} streams on B got their outcome ${tookMs} ms after the restart began; LISTEN down ${backAt - lostAt} ms (logged), /readyz 503 for it`,
    );
  });
});
