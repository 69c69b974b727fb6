/**
 * The Server-Sent Events helper (src/proxy/http/sse.ts) on its own: the wire format, the
 * heartbeat, and one end whoever ends the stream — the route, the client (request.signal) or a
 * cancelled body — with every clean-up run exactly once. The route's contract is in events.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatSSE, streamSSE, type SSEStream } from '../../src/proxy/http/sse.js';
import { eventually } from './helpers.js';

const read = async (response: Response): Promise<string> => await response.text();

describe('formatSSE', () => {
  it('writes event, id, retry and one data line per line, then the blank line', () => {
    assert.equal(formatSSE({ data: 'x' }), 'data: x\n\n');
    assert.equal(formatSSE({ event: 'status', id: '7', retry: 1000, data: '{"a":1}' }), 'event: status\nid: 7\nretry: 1000\ndata: {"a":1}\n\n');
    assert.equal(formatSSE({ data: 'one\ntwo\r\nthree\rfour' }), 'data: one\ndata: two\ndata: three\ndata: four\n\n');
    assert.equal(formatSSE({ data: '' }), 'data: \n\n');
    // A reconnect hint alone (a drain): sets the client's delay, dispatches no event.
    assert.equal(formatSSE({ retry: 2000 }), 'retry: 2000\n\n');
  });

  it('refuses a field value that would start another field', () => {
    assert.throws(() => formatSSE({ event: 'status\ndata: forged', data: 'x' }), /event must be one line/);
    assert.throws(() => formatSSE({ id: 'a\rb', data: 'x' }), /id must be one line/);
    assert.throws(() => formatSSE({ retry: -1, data: 'x' }), /retry/);
    assert.throws(() => formatSSE({ retry: 1.5, data: 'x' }), /retry/);
  });
});

describe('streamSSE', () => {
  it('answers 200 text/event-stream, uncached and unbuffered', () => {
    const response = streamSSE(new Request('http://x/'), (s) => s.close());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
  });

  it('sends what the route writes until it closes; then writes are no-ops and clean-up runs once', async () => {
    let cleanups = 0;
    let stream!: SSEStream;
    const response = streamSSE(new Request('http://x/'), (s) => {
      stream = s;
      s.onClose(() => cleanups++);
      s.writeSSE({ event: 'status', data: 'first' });
    });
    stream.writeSSE({ data: 'second' });
    stream.close();
    stream.close();
    stream.writeSSE({ data: 'after' });
    assert.equal(await read(response), 'event: status\ndata: first\n\ndata: second\n\n');
    assert.equal(cleanups, 1);
    let late = 0;
    stream.onClose(() => late++);
    assert.equal(late, 1, 'a callback registered after the end runs at once');
  });

  it('pings on the heartbeat while open', async () => {
    let stream!: SSEStream;
    const response = streamSSE(new Request('http://x/'), (s) => (stream = s), { heartbeatMs: 5 });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    await eventually(
      async () => {
        const { value } = await reader.read();
        text += decoder.decode(value);
        return text.includes(': ping\n\n') ? true : undefined;
      },
      5000,
      'a ping',
    );
    stream.close();
  });

  it('ends when the client goes away, and when the body is cancelled', async () => {
    const aborter = new AbortController();
    let aborted = 0;
    let stream!: SSEStream;
    streamSSE(new Request('http://x/', { signal: aborter.signal }), (s) => {
      stream = s;
      s.onClose(() => aborted++);
    });
    aborter.abort();
    assert.equal(stream.closed, true);
    assert.equal(aborted, 1);

    let cancelled = 0;
    const response = streamSSE(new Request('http://x/'), (s) => s.onClose(() => cancelled++), { heartbeatMs: 5 });
    await response.body!.cancel();
    assert.equal(cancelled, 1);
  });

  it('a request aborted before the stream starts gives the route an ended stream, so clean-up still runs', () => {
    const aborter = new AbortController();
    aborter.abort();
    let cleanups = 0;
    let closedAtStart: boolean | undefined;
    streamSSE(new Request('http://x/', { signal: aborter.signal }), (s) => {
      closedAtStart = s.closed;
      s.onClose(() => cleanups++);
      s.writeSSE({ data: 'ignored' });
    });
    assert.equal(closedAtStart, true);
    assert.equal(cleanups, 1);
  });
});
