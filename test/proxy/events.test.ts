/**
 * The push channel `GET transactions/:id/events` against a running proxy and sandbox over HTTP:
 * the contract the widget relies on (first status at once, one event per change, ping, closed
 * after a final status, 401/404 JSON before any stream) and listener clean-up on disconnect.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { TransactionStatusResponse } from '../../src/core/contract.js';
import { InProcessNotifier } from '../../src/proxy/index.js';
import { COMPANY_TOKEN, WEBHOOK_SECRET, call, eventually, newKey, payoneRequest, startProxy, tempDir, type StartedProxy } from './helpers.js';

const dir = tempDir();
const notifier = new InProcessNotifier();
let sandbox: StartedSandbox;
let proxy: StartedProxy;

before(async () => {
  sandbox = await startSandbox({ port: 0, webhookSecret: WEBHOOK_SECRET, payoutSettleMs: 50, companyToken: COMPANY_TOKEN, siteUrl: 'http://localhost/return' });
  proxy = await startProxy(join(dir.path, 'events.db'), { upstreamUrl: sandbox.url, notifier, eventsPingMs: 30, maxEventStreamsPerUser: 3 });
  sandbox.sandbox.configure({ webhookUrl: `${proxy.api}/webhooks/mozarto` });
});

after(async () => {
  await proxy?.close();
  await sandbox?.close();
  dir.remove();
});

/** An event's data must be a TransactionStatusResponse (src/core/contract.ts). */
function parseStatus(data: string) {
  const result = TransactionStatusResponse.safeParse(JSON.parse(data));
  assert.ok(result.success, data);
  return result.data!;
}

interface SseEvent {
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads a text/event-stream body as events and comments until it ends or `stop` says so. */
async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) event.comment = line.slice(1).trim();
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) event.data = line.slice(6);
      }
      yield event;
    }
  }
}

const events = (id: string, user = 'alice', signal?: AbortSignal) =>
  fetch(`${proxy.api}/transactions/${id}/events`, { headers: { 'x-test-user': user, accept: 'text/event-stream' }, ...(signal ? { signal } : {}) });

/** The sandbox's (Mozarto's) id for our transaction, found by our merchantReference. */
function upstreamIdOf(id: string): string {
  const upstream = sandbox.sandbox.transactions().find((t) => t.merchantReference === id);
  assert.ok(upstream, `the sandbox knows ${id}`);
  return upstream.transactionId;
}

async function createPayout(amount: string): Promise<string> {
  const res = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout', amount }), key: newKey() });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.transactionId as string;
}

describe('GET transactions/:id/events', () => {
  it('answers 401 and 404 as JSON before any stream', async () => {
    const id = await createPayout('20.16');
    const anonymous = await fetch(`${proxy.api}/transactions/${id}/events`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('content-type') ?? '', /application\/json/);
    assert.equal((await anonymous.json()).error.code, 'unauthorized');

    const foreign = await events(id, 'bob');
    assert.equal(foreign.status, 404);
    assert.match(foreign.headers.get('content-type') ?? '', /application\/json/);
    assert.equal((await foreign.json()).error.code, 'not_found');

    const unknown = await events('tx_000000000000000000000000');
    assert.equal(unknown.status, 404);
    await unknown.body?.cancel();
    assert.equal(notifier.listenerCount(), 0, 'refused requests leave no listener');
  });

  it('sends the current status at once, each change, pings, and closes after the final status', async () => {
    // .16 waits for back-office approval in the sandbox: pending until we decide.
    const id = await createPayout('21.16');
    const res = await events(id);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');

    const seen: SseEvent[] = [];
    let approved = false;
    for await (const event of readSse(res.body!)) {
      seen.push(event);
      const statuses = seen.filter((e) => e.event === 'status');
      // After the first status and a ping, let the back office approve the pay-out.
      if (!approved && statuses.length >= 1 && seen.some((e) => e.comment === 'ping')) {
        approved = true;
        const decided = await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamIdOf(id)}/approve`, { method: 'POST' });
        assert.ok(decided.ok, `approve: ${decided.status}`);
      }
    }
    // The loop ended: the server closed the stream.
    const statuses = seen.filter((e) => e.event === 'status').map((e) => parseStatus(e.data!));
    assert.ok(statuses.length >= 2, JSON.stringify(seen));
    assert.equal(statuses[0]!.transactionId, id);
    assert.ok(['pending', 'awaiting_approval'].includes(statuses[0]!.status), statuses[0]!.status);
    assert.equal(statuses.at(-1)!.status, 'approved');
    assert.equal(seen.at(-1)!.event, 'status', 'the final status is the last thing sent');
    assert.ok(seen.some((e) => e.comment === 'ping'));
    await eventually(() => (notifier.listenerCount(id) === 0 ? true : undefined), 2000, 'listener removed');
  });

  it('for a transaction already final: one status event, then the stream ends', async () => {
    const id = await createPayout('22.13'); // declined by webhook
    await eventually(async () => ((await call(`${proxy.api}/transactions/${id}`)).body?.status === 'declined' ? true : undefined), 5000, 'declined');
    const res = await events(id);
    const seen: SseEvent[] = [];
    for await (const event of readSse(res.body!)) seen.push(event);
    assert.deepEqual(
      seen.map((e) => e.event),
      ['status'],
    );
    assert.equal(JSON.parse(seen[0]!.data!).status, 'declined');
  });

  it('removes its listener when the client disconnects', async () => {
    const id = await createPayout('23.17'); // never settles
    const controller = new AbortController();
    const res = await events(id, 'alice', controller.signal);
    const reader = readSse(res.body!);
    const first = await reader.next();
    assert.equal(first.value?.event, 'status');
    assert.equal(notifier.listenerCount(id), 1);
    controller.abort();
    await reader.return(undefined).catch(() => {});
    await eventually(() => (notifier.listenerCount(id) === 0 ? true : undefined), 3000, 'listener removed after disconnect');
  });

  it('caps the open streams per user (429), and frees a slot on disconnect', async () => {
    const id = await createPayout('24.17');
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const open = await Promise.all(controllers.map((c) => events(id, 'alice', c.signal)));
    open.forEach((r) => assert.equal(r.status, 200));
    const fourth = await events(id);
    assert.equal(fourth.status, 429);
    assert.equal((await fourth.json()).error.code, 'rate_limited');
    controllers.forEach((c) => c.abort());
    await Promise.all(open.map((r) => r.body?.cancel().catch(() => {})));
    await eventually(() => (notifier.listenerCount(id) === 0 ? true : undefined), 3000, 'all listeners removed');
    const again = await events(id);
    assert.equal(again.status, 200);
    await again.body?.cancel();
  });
});

describe('events through handle() with plain Request objects (edge runtime)', () => {
  it('streams the status and ends on the final one', async () => {
    const id = await createPayout('25.16');
    const res = await proxy.handle(new Request(`http://edge.example/api/cashier/transactions/${id}/events`, { headers: { 'x-test-user': 'alice' } }));
    assert.equal(res.status, 200);
    const reader = readSse(res.body!);
    assert.equal((await reader.next()).value?.event, 'status');
    await fetch(`${sandbox.url}/__sandbox/transactions/${upstreamIdOf(id)}/reject`, { method: 'POST' });
    let last: SseEvent | undefined;
    for await (const event of reader) if (event.event === 'status') last = event;
    assert.equal(JSON.parse(last!.data!).status, 'rejected');
  });
});
