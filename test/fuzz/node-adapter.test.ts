/**
 * Fuzzing the Node adapter (src/http/node-adapter.ts, node-body.ts) over real sockets with
 * fast-check (seeded, bounded): request bodies sent chunked or with a Content-Length (true or
 * lying), in chunks from 1 byte to 96 KB, at once or trickled, under and over the reader's cap,
 * aborted by the client part-way; handlers that read the body, read part of it, or never read it;
 * event streams the client drops. Whatever arrives, no exception escapes (nodejs/node#54205 ended
 * the process on an over-cap chunked body), every complete request is answered — 200 with the
 * exact byte count under the cap, 413 over it — and the server answers the next request.
 */
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { toNodeListener } from '../../src/http/node-adapter.js';
import { readBodyBytes } from '../../src/http/read-body.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Each run is a real connection, some with pauses: a tenth of the JSON fuzzers' count. */
const NET_RUNS = Math.max(20, Math.round(RUNS / 8));

const escaped: unknown[] = [];
const monitor = (error: unknown) => escaped.push(error);

type Mode = 'read' | 'never' | 'partial';
let server: Server;
let port: number;

before(async () => {
  process.on('uncaughtExceptionMonitor', monitor);
  server = createServer(
    toNodeListener(async (req) => {
      const url = new URL(req.url);
      if (url.pathname === '/events') return eventStream(req);
      const mode = (url.searchParams.get('mode') ?? 'read') as Mode;
      const cap = Number(url.searchParams.get('cap'));
      // The proxy looks at the session before it reads a body: chunks pile up meanwhile.
      if (url.searchParams.get('wait') === '1') await new Promise((r) => setTimeout(r, 0));
      if (mode === 'never') return new Response('not read', { status: 401 });
      if (mode === 'partial') {
        const reader = req.body!.getReader();
        await reader.read();
        await reader.cancel();
        return new Response('read a little', { status: 400 });
      }
      try {
        const body = await readBodyBytes(req, cap);
        if (body === 'too-large') return new Response('too large', { status: 413 });
        return new Response(String(body.byteLength), { status: 200 });
      } catch {
        return new Response('unreadable', { status: 400 });
      }
    }),
  );
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  process.off('uncaughtExceptionMonitor', monitor);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** An event stream that writes until the client leaves. */
function eventStream(req: Request): Response {
  let timer: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode('data: tick\n\n');
      timer = setInterval(() => controller.enqueue(bytes), 1);
      req.signal.addEventListener('abort', () => clearInterval(timer));
    },
    cancel() {
      clearInterval(timer);
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

interface Upload {
  readonly chunks: number[];
  /** ms to wait after each chunk; 0 = no wait. */
  readonly trickle: number;
  readonly framing: 'chunked' | 'length' | 'short-length' | 'long-length';
  readonly cap: number;
  readonly mode: Mode;
  /** The handler waits a tick before reading. */
  readonly wait: boolean;
  /** Abort after this many chunks (client gone mid-body), or never. */
  readonly abortAfter: number | null;
}

const upload: fc.Arbitrary<Upload> = fc.record({
  chunks: fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1000, max: 20_000 }), fc.constantFrom(65_536, 98_304)), {
    minLength: 0,
    maxLength: 12,
  }),
  trickle: fc.constantFrom(0, 0, 1, 3),
  framing: fc.constantFrom('chunked', 'chunked', 'length', 'short-length', 'long-length'),
  cap: fc.constantFrom(1024, 16_384, 65_536),
  mode: fc.constantFrom('read', 'read', 'read', 'never', 'partial'),
  wait: fc.boolean(),
  abortAfter: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 6 }), weight: 1 }),
});

type Outcome = { status: number; text: string } | { error: string };

/** Sends one upload; resolves with the answer, or the client-side error. */
function send(u: Upload): Promise<Outcome> {
  const total = u.chunks.reduce((n, c) => n + c, 0);
  const headers: Record<string, string> = {};
  if (u.framing === 'chunked') headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(u.framing === 'length' ? total : u.framing === 'short-length' ? Math.max(0, total - 1) : total + 1);
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: Outcome) => {
      if (!done) resolve(outcome);
      done = true;
    };
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: `/up?cap=${u.cap}&mode=${u.mode}&wait=${u.wait ? 1 : 0}`, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => finish({ status: res.statusCode ?? 0, text }));
        res.on('error', (e) => finish({ error: e.message }));
      },
    );
    req.on('error', (e) => finish({ error: e.message }));
    // A lying Content-Length can leave both sides waiting; the client gives up, as a real one would.
    req.setTimeout(u.framing === 'long-length' ? 300 : 5000, () => req.destroy(new Error('client timeout')));
    void (async () => {
      for (let i = 0; i < u.chunks.length; i++) {
        if (u.abortAfter === i) return void req.destroy(new Error('client aborted'));
        if (req.destroyed) return;
        const more = req.write(Buffer.alloc(u.chunks[i]!, 0x61));
        if (!more) await new Promise((r) => req.once('drain', r).once('close', r));
        if (u.trickle) await new Promise((r) => setTimeout(r, u.trickle));
      }
      if (u.abortAfter !== null && u.abortAfter >= u.chunks.length) return void req.destroy(new Error('client aborted'));
      // "long-length": one byte promised and never sent; the client gives up on its timeout.
      if (u.framing === 'short-length' && total > 0) return void req.end();
      req.end();
    })();
  });
}

async function probe(): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/up?cap=1024&mode=read`, { method: 'POST', body: 'ok' });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '2');
}

describe('the Node adapter under hostile uploads', () => {
  it('a chunked body over the cap, 100 times in a row: 413 each time, nothing escapes (nodejs/node#54205)', async () => {
    for (let n = 0; n < 100; n++) {
      const answer = await send({ chunks: [65_536, 65_536], trickle: 0, framing: 'chunked', cap: 16_384, mode: 'read', wait: true, abortAfter: null });
      assert.deepEqual('status' in answer ? answer.status : answer, 413, `try ${n + 1}`);
    }
    assert.deepEqual(escaped, []);
    await probe();
  });

  it('any framing, chunking, pace, cap, abort and handler: answered as the bytes say, nothing escapes', async () => {
    await fc.assert(
      fc.asyncProperty(upload, async (u) => {
        const total = u.chunks.reduce((n, c) => n + c, 0);
        const answer = await send(u);
        assert.deepEqual(escaped, [], 'an exception escaped');
        const complete = u.abortAfter === null && u.framing !== 'long-length';
        // Bytes past a short Content-Length are the next request to Node's parser, which may
        // answer that garbage with its own 400 first.
        const parserRefusal = u.framing === 'short-length' && 'status' in answer && answer.status === 400 && answer.text === '';
        if (complete && u.mode === 'read' && 'status' in answer && !parserRefusal) {
          // What the server read is what the framing says was sent: a short Content-Length cuts it.
          const received = u.framing === 'short-length' ? Math.max(0, total - 1) : total;
          if (received > u.cap) assert.equal(answer.status, 413, JSON.stringify({ u, answer }));
          else assert.deepEqual(answer, { status: 200, text: String(received) }, JSON.stringify(u));
        }
        if (complete && u.mode === 'read' && u.framing !== 'short-length') {
          assert.ok('status' in answer, `a complete upload got no answer: ${JSON.stringify({ u, answer })}`);
        }
        if (complete && u.mode === 'never' && 'status' in answer) assert.equal(answer.status, 401);
        await probe();
      }),
      { numRuns: NET_RUNS, seed: 45 },
    );
  });

  it('event streams dropped by the client at any moment: nothing escapes, the server goes on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30 }), async (ms) => {
        const controller = new AbortController();
        const res = await fetch(`http://127.0.0.1:${port}/events`, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
        const reader = res.body!.getReader();
        await reader.read();
        await new Promise((r) => setTimeout(r, ms));
        controller.abort();
        await reader.read().catch(() => {});
        assert.deepEqual(escaped, []);
        await probe();
      }),
      { numRuns: NET_RUNS, seed: 46 },
    );
  });
});
