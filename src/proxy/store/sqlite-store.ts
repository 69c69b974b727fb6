/**
 * The embedded TransactionStore: an SQLite file through better-sqlite3 (native SQLite, ADR 0009),
 * so a restart — or a `kill -9` in the middle of a write — loses nothing that was answered for
 * (docs/design.md, "The proxy").
 *
 * - Write-ahead log with `synchronous = FULL`: a commit is one append and one fsync of the log,
 *   and is durable when the call's promise resolves. A process killed mid-write leaves the log
 *   behind; the next open replays the committed part and drops the torn tail. SQLite's locks are
 *   POSIX advisory locks, which the kernel releases when a process dies, so no stale lock can
 *   block a restart (node-sqlite3-wasm's lock directory could, ADR 0009).
 * - `relaxedDurability: true` selects `synchronous = NORMAL`: still safe against a crashed
 *   process, but an OS crash or power cut may lose the last commits. It says so and logs a warning.
 * - The file holds every player's payments: it is created owner-only (0600, its folder 0700 when
 *   made here), so its write-ahead log and shared-memory index, which SQLite creates with the
 *   file's own permissions, are too; an older file readable by others is tightened at open.
 * - better-sqlite3 is synchronous, and a durable commit waits for its fsync: the connection lives
 *   in a worker thread (sqlite-worker.ts) so that the wait is not the event loop's. This module is
 *   the caller's side: it checks the file, starts the worker and turns each method into a message.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openSqliteDatabase } from './sqlite-schema.js';
import { sqliteStatements } from './sqlite-statements.js';
import { workerClient } from './sqlite-worker-client.js';
import type { SqliteWorkerData } from './sqlite-worker.js';
import type { TransactionStore } from './store.js';

export interface SqliteStoreOptions {
  /**
   * `synchronous = NORMAL` instead of FULL: fewer fsyncs, survives a crashed process but not an
   * OS crash or power cut (the last commits may be lost). Off by default; logs a warning.
   */
  readonly relaxedDurability?: boolean;
  /** How long a write waits for another process holding the file's write lock; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** Where the relaxed-durability warning goes; default console.warn. */
  readonly warn?: (message: string) => void;
  /**
   * Called once if the worker thread that writes stops unexpectedly; every write is refused after
   * it, so a server should stop and be restarted (the standalone server exits with code 1).
   */
  readonly onWorkerStopped?: (error: Error) => void;
}

/** `close()` lets the calls made before it finish, then ends the worker and the connection. */
export type SqliteStore = TransactionStore & { close(): Promise<void> };

/** Every method, so that the compiler notices one added to TransactionStore and missing here. */
const METHODS: { readonly [K in keyof TransactionStore]: null } = {
  insertTransaction: null,
  getTransaction: null,
  listTransactionsByUser: null,
  findByUpstreamId: null,
  updateTransaction: null,
  reserveIdempotencyKey: null,
  completeIdempotencyKey: null,
  releaseIdempotencyKey: null,
  findByIdempotencyKey: null,
  listUnansweredTransactions: null,
  addWebhookEvent: null,
  listWebhookEvents: null,
  listUnmatchedWebhookEvents: null,
  linkWebhookEvents: null,
  claimOutcomeNotification: null,
  completeOutcomeNotification: null,
  releaseOutcomeNotification: null,
  listPendingOutcomeNotifications: null,
  claimEvents: null,
  recordEventAttempt: null,
  listEvents: null,
  listEventAttempts: null,
  redeliverEvent: null,
  listFailingEvents: null,
  outboxBacklog: null,
  searchTransactions: null,
  countAttention: null,
  listAuditEntries: null,
  pruneExpired: null,
};

/**
 * How to start the worker. The proxy build keeps every file of dist/proxy/ in one folder
 * (vite.config.ts) and the sources keep the worker beside this module, so its script is a sibling
 * in both; the extension tells which. From the sources the worker must compile TypeScript itself:
 * on Node 20 a worker's `.ts` entry is not loaded through the `--import tsx` it inherits (nor is
 * there one when Vite's config loader compiled demo/vite-plugin.ts, and this module with it), so
 * it starts from a line that registers tsx (a dev dependency, only there from the sources) first.
 */
const WORKER = ((): { script: string | URL; eval: boolean } => {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: new URL('./sqlite-worker.js', here), eval: false };
  const script = new URL('./sqlite-worker.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return { script: `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`, eval: true };
})();

/**
 * The methods that only read. They run here, on the caller's thread, through a connection of its
 * own: a read takes no write lock in a write-ahead log (it reads the last commit, never waits for
 * a writer) and costs microseconds, less than the thread hop it would otherwise pay twice — and a
 * status poll is one. Every write, and so every fsync, stays on the worker.
 */
const READS = new Set<keyof TransactionStore>([
  'getTransaction',
  'listTransactionsByUser',
  'findByUpstreamId',
  'findByIdempotencyKey',
  'listUnansweredTransactions',
  'listWebhookEvents',
  'listUnmatchedWebhookEvents',
  'listPendingOutcomeNotifications',
  'listEvents',
  'listEventAttempts',
  'listFailingEvents',
  'outboxBacklog',
  'searchTransactions',
  'countAttention',
  'listAuditEntries',
]);

export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const inMemory = path === ':memory:';
  // '' is SQLite's private temporary database: no file of ours to protect.
  if (!inMemory && path !== '') ownerOnly(path, options.warn ?? console.warn);
  const open = { relaxedDurability: options.relaxedDurability ?? false, busyTimeoutMs: options.busyTimeoutMs ?? 5000 };
  // Opened and migrated here first, so that a bad path, a newer schema or a missing driver throws
  // from this call (the standalone server's "CASHIER_DB: cannot open"). It stays open for the
  // reads, unable to write; an in-memory database is one per connection, so it reads on the worker.
  const reader = openSqliteDatabase(path, open);
  if (inMemory) reader.close();
  else reader.pragma('query_only = ON');
  const reads = inMemory ? undefined : sqliteStatements(reader, open);
  if (open.relaxedDurability) {
    (options.warn ?? console.warn)(
      `mozarto-cashier: ${path} uses relaxedDurability (synchronous=NORMAL): an OS crash or power cut may lose the last transactions`,
    );
  }
  const worker = new Worker(WORKER.script, { eval: WORKER.eval, workerData: { path, options: open } satisfies SqliteWorkerData });
  const client = workerClient(worker, path, options.onWorkerStopped);
  let closed: Promise<void> | undefined;
  const store = Object.fromEntries(
    (Object.keys(METHODS) as (keyof TransactionStore)[]).map((method) => {
      const read = reads && READS.has(method) ? (reads[method] as (...a: unknown[]) => unknown) : undefined;
      if (!read) return [method, (...args: unknown[]) => client.call(method, args)];
      return [
        method,
        (...args: unknown[]) => (closed ? Promise.reject(new Error(`mozarto-cashier: the SQLite store ${path} is closed`)) : settle(() => read(...args))),
      ];
    }),
  ) as unknown as TransactionStore;
  return {
    ...store,
    close: () =>
      (closed ??= client.close().finally(() => {
        if (reader.open) reader.close();
      })),
  };
}

/**
 * Creates the database file 0600 before SQLite opens it (SQLite's default is 0644 less the umask:
 * readable by every local account), and takes group and other rights off an existing file and
 * its `-wal` and `-shm` companions. One that cannot be changed (another owner) is warned about.
 */
function ownerOnly(path: string, warn: (message: string) => void): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = statSync(file).mode;
    } catch {
      continue; // no such companion (yet): SQLite will create it with the file's permissions
    }
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(file, mode & 0o700);
    } catch (error) {
      warn(
        `mozarto-cashier: ${file} is readable by other accounts and could not be made owner-only (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }
}

/** A synchronous read as a promise: an SQLite error rejects it rather than throwing at the caller. */
function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
