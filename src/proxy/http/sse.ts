/**
 * Server-Sent Events as a web-standard Response, in the style of Hono's `streamSSE`: the route
 * says what to send (`writeSSE`) and when it is done (`close`); this module owns the framing
 * (`event:` / `data:` / `id:` / `retry:`, per the WHATWG "Server-sent events" format), the
 * heartbeat comment, the headers, and the end — client gone (request.signal), body cancelled, or
 * closed by the route — after which writes are no-ops and every `onClose` callback runs once.
 */

export interface SSEMessage {
  /** The event's type (`event:`); default the client's `message`. */
  readonly event?: string;
  /**
   * Any text: each line becomes its own `data:` line, as the format requires. Left out, nothing
   * is dispatched to the client: a `{ retry }` alone only sets how soon it reconnects.
   */
  readonly data?: string;
  /** The client's last-event id (`id:`), sent back as `Last-Event-ID` when it reconnects. */
  readonly id?: string;
  /** How long the client waits before reconnecting, in ms (`retry:`). */
  readonly retry?: number;
}

export interface SSEStream {
  /** Sends one event; does nothing once the stream has ended. */
  writeSSE(message: SSEMessage): void;
  /** Ends the stream (idempotent). */
  close(): void;
  /** Runs `callback` once when the stream ends, whoever ends it; at once if it has already ended. */
  onClose(callback: () => void): void;
  readonly closed: boolean;
}

export interface StreamSSEOptions {
  /** A `: ping` comment this often keeps idle intermediaries from closing the stream; none when unset. */
  readonly heartbeatMs?: number;
}

const HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  // Tells nginx-style buffering proxies to pass events through at once.
  'x-accel-buffering': 'no',
} as const;

/** One event in the wire format, ending with the blank line that dispatches it. */
export function formatSSE(message: SSEMessage): string {
  // A line break inside `event:` or `id:` would start another field: the value is refused, not cut.
  for (const [field, value] of [
    ['event', message.event],
    ['id', message.id],
  ] as const) {
    if (value !== undefined && /[\r\n\0]/.test(value)) throw new TypeError(`SSE ${field} must be one line without NUL`);
  }
  if (message.retry !== undefined && !(Number.isInteger(message.retry) && message.retry >= 0)) throw new TypeError('SSE retry must be a whole number of ms');
  let text = '';
  if (message.event !== undefined) text += `event: ${message.event}\n`;
  if (message.id !== undefined) text += `id: ${message.id}\n`;
  if (message.retry !== undefined) text += `retry: ${message.retry}\n`;
  if (message.data !== undefined) for (const line of message.data.split(/\r\n|\r|\n/)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/**
 * A `200 text/event-stream` Response whose body `run` writes. `run` is called at once, before this
 * returns, with the stream; a request already aborted gives it a stream that has already ended
 * (its `onClose` callbacks run as they are registered), so clean-up needs no second path.
 */
export function streamSSE(request: Request, run: (stream: SSEStream) => void, options: StreamSSEOptions = {}): Response {
  const encoder = new TextEncoder();
  const callbacks: (() => void)[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const end = (): void => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    request.signal?.removeEventListener('abort', end);
    try {
      controller.close();
    } catch {
      // already closed or errored: the client is gone
    }
    for (const callback of callbacks.splice(0)) callback();
  };
  const write = (text: string): void => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      end();
    }
  };
  const stream: SSEStream = {
    writeSSE: (message) => write(formatSSE(message)),
    close: end,
    onClose(callback) {
      if (closed) callback();
      else callbacks.push(callback);
    },
    get closed() {
      return closed;
    },
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (request.signal?.aborted) end();
      else request.signal?.addEventListener('abort', end, { once: true });
      run(stream);
      if (!closed && options.heartbeatMs) {
        heartbeat = setInterval(() => write(': ping\n\n'), options.heartbeatMs);
        heartbeat.unref?.();
      }
    },
    cancel: end,
  });
  return new Response(body, { status: 200, headers: HEADERS });
}
