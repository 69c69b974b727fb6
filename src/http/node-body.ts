/**
 * A Node request's body as a web ReadableStream, for the Request the adapter builds
 * (node-adapter.ts). Not `Readable.toWeb(req)`: its adapter keeps enqueueing the stream's `data`
 * events after the web stream was cancelled, and `controller.enqueue` on a closed controller then
 * throws ERR_INVALID_STATE outside any promise — an uncaught exception that ends the process
 * (nodejs/node#54205, still open for the `data` path as nodejs/node#64529). A chunked body over
 * the cap did it: the reader (read-body.ts) cancels at the cap while chunks are still arriving.
 *
 * This stream reads one chunk per pull (`highWaterMark` 0, the request paused in between), and
 * after the end, an error or a cancel it detaches from the request and touches the controller no
 * more. A body nobody reads is never consumed here, so Node discards it as it does for any
 * unread request; a cancelled one is read and discarded the same way, so the answer (a 413) can
 * still be written on the connection.
 */
import type { IncomingMessage } from 'node:http';

export function nodeRequestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let settled = false;
  let attached = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const detach = (): void => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
  };
  /** Ends the web side once; every later event from the request is ignored. */
  const settle = (finish: () => void): void => {
    if (settled) return;
    settled = true;
    detach();
    try {
      finish();
    } catch {
      // The stream was already closed or errored by its consumer: nothing left to tell it.
    }
  };
  function onData(chunk: Buffer): void {
    if (settled) return;
    req.pause();
    try {
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch {
      settle(() => {});
    }
  }
  function onEnd(): void {
    settle(() => controller.close());
  }
  function onError(error: Error): void {
    settle(() => controller.error(error));
  }
  /** The connection went away before the body ended (an aborted upload). */
  function onClose(): void {
    if (!req.complete) settle(() => controller.error(new Error('The client aborted the request body.')));
    else settle(() => controller.close());
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (settled) return;
        if (!attached) {
          attached = true;
          req.on('data', onData);
          req.on('end', onEnd);
          req.on('error', onError);
          req.on('close', onClose);
          if (req.readableEnded) return onEnd();
        }
        req.resume();
      },
      cancel() {
        settle(() => {});
        // Read the rest and drop it, as Node does with a body nobody reads, so that the
        // connection stays in step for the answer; the server's requestTimeout bounds a trickle.
        req.on('error', () => {});
        req.resume();
      },
    },
    { highWaterMark: 0 },
  );
}
