/**
 * The caller's side of the store's worker thread (sqlite-worker.ts): each call is one message,
 * answered by one reply with the same id. Messages are delivered in order and the worker runs
 * them one at a time, so calls take effect in the order they were made.
 *
 * An idle store must not keep the process alive (the synchronous store never did): the worker is
 * unref'd whenever no call is waiting, and ref'd while one is, so that an answer is never lost to
 * an exiting process. A worker that dies rejects what was waiting and everything after.
 */
import type { Worker } from 'node:worker_threads';

export interface WorkerRequest {
  readonly id: number;
  /** A TransactionStore method, or `close`. */
  readonly method: string;
  readonly args: readonly unknown[];
}

/** An error as it crosses the thread boundary: what a caller logs or matches on. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  /** better-sqlite3's SqliteError code, e.g. `SQLITE_CONSTRAINT_PRIMARYKEY`. */
  readonly code?: string;
}

export type WorkerReply = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: WorkerError };

export interface WorkerClient {
  call(method: string, args: readonly unknown[]): Promise<unknown>;
  /** Lets the calls made before it finish, then ends the worker; later calls reject. Idempotent. */
  close(): Promise<void>;
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function workerClient(worker: Worker, label: string, onStopped?: (error: Error) => void): WorkerClient {
  const waiting = new Map<number, Waiting>();
  let nextId = 0;
  /** Why calls are refused, once they are: the store was closed, or its worker died. */
  let refused: Error | undefined;
  let closing: Promise<void> | undefined;
  let crash: Error | undefined;
  /** The id of the `close` call: a worker that ends with only it waiting has done what was asked. */
  let closeId = -1;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.unref();

  worker.on('message', (reply: WorkerReply) => {
    const call = waiting.get(reply.id);
    if (!call) return;
    waiting.delete(reply.id);
    // While closing, stay ref'd until the worker has exited, so that close() always settles.
    if (waiting.size === 0 && !closing) worker.unref();
    if ('error' in reply) call.reject(toError(reply.error));
    else call.resolve(reply.value);
  });
  // An exception the worker did not catch (it failed to open the file, or a bug): 'exit' follows.
  worker.on('error', (error) => {
    crash = error;
  });
  // A reply that cannot be read cannot be matched to its call: end the worker, failing them all.
  worker.on('messageerror', (error) => {
    crash = error;
    void worker.terminate();
  });
  worker.on('exit', (code) => {
    // Ended with nothing but the close waiting (it never opened the file, say): that is closed.
    if (closing && [...waiting.keys()].every((id) => id === closeId)) {
      for (const call of waiting.values()) call.resolve(undefined);
      waiting.clear();
      return;
    }
    const died = new Error(
      `mozarto-cashier: the SQLite worker for ${label} stopped (exit code ${code}${crash ? `: ${crash.message}` : ''}); the store cannot be used any more`,
      crash ? { cause: crash } : undefined,
    );
    refused ??= died;
    for (const call of waiting.values()) call.reject(died);
    waiting.clear();
    onStopped?.(died);
  });

  const call = (method: string, args: readonly unknown[]): Promise<unknown> => {
    if (refused) return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const id = nextId++;
      try {
        worker.postMessage({ id, method, args } satisfies WorkerRequest);
      } catch (error) {
        // An argument that cannot be cloned (a function, a symbol): this call fails, not the store.
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject });
    });
  };

  return {
    call,
    close() {
      closing ??= (async () => {
        if (refused) return; // the worker died: nothing is left to close
        closeId = nextId;
        const done = call('close', []);
        refused = new Error(`mozarto-cashier: the SQLite store ${label} is closed`);
        worker.ref();
        try {
          await done;
        } finally {
          await exited;
        }
      })();
      return closing;
    },
  };
}

function toError(error: WorkerError): Error {
  const result = new Error(error.message);
  result.name = error.name;
  if (error.code !== undefined) Object.assign(result, { code: error.code });
  return result;
}
