/**
 * The embedded store's worker thread: owns the SQLite connection and runs each call
 * (sqlite-worker-client.ts) to completion, in the order received, with the statements of
 * sqlite-statements.ts. A durable commit's fsync then waits here instead of on the caller's
 * event loop, and a reply is posted only after the commit has returned.
 *
 * A failing call becomes an error reply, never an uncaught exception, so the thread outlives it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteDatabase, type SqliteOpenOptions } from './sqlite-schema.js';
import { sqliteStatements, type SqliteStatements } from './sqlite-statements.js';
import type { WorkerError, WorkerReply, WorkerRequest } from './sqlite-worker-client.js';

/** What openSqliteStore hands the worker. */
export interface SqliteWorkerData {
  readonly path: string;
  readonly options: SqliteOpenOptions;
}

const port = parentPort;
if (!port) throw new Error('sqlite-worker.ts runs as a worker thread of openSqliteStore');
const { path, options } = workerData as SqliteWorkerData;
const db = openSqliteDatabase(path, options);
const statements = sqliteStatements(db, options);

port.on('message', ({ id, method, args }: WorkerRequest) => {
  if (method === 'close') {
    send(run(id, () => db.close()));
    // Nothing else holds the thread: it ends once this port is closed.
    port.close();
    return;
  }
  send(
    run(id, () => {
      if (!Object.hasOwn(statements, method)) throw new TypeError(`openSqliteStore: no store method ${JSON.stringify(method)}`);
      const fn = statements[method as keyof SqliteStatements] as (...a: readonly unknown[]) => unknown;
      return fn(...args);
    }),
  );
});

/** Posts a reply; one whose value cannot be cloned fails its call rather than the thread. */
function send(reply: WorkerReply): void {
  try {
    port!.postMessage(reply);
  } catch (error) {
    port!.postMessage({ id: reply.id, error: describe(error) } satisfies WorkerReply);
  }
}

function run(id: number, fn: () => unknown): WorkerReply {
  try {
    return { id, value: fn() };
  } catch (error) {
    return { id, error: describe(error) };
  }
}

function describe(error: unknown): WorkerError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}
