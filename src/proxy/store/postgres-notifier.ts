/**
 * The TransactionNotifier across instances: Postgres LISTEN/NOTIFY. A webhook that lands on
 * instance A announces the change with NOTIFY; every instance LISTENs on one channel and hands the
 * transaction, read back from the store, to its local event streams (notifier.ts). The sending
 * instance hears its own NOTIFY too, so its streams are served the same way.
 *
 * The channel carries a transaction's id and nothing else, and what a stream is sent is always
 * read from the store (ADR 0017). Postgres has no privileges on channels: any role that can
 * connect to the database can LISTEN to it and NOTIFY on it. A whole row there told such a
 * neighbour every player's id, amount and hosted-page URL, and a row of its own making showed a
 * player "approved" while the store said pending. Now it hears ids, and what it sends can only
 * make an instance read the truth again. Keep neighbours out altogether with
 * `REVOKE CONNECT ON DATABASE … FROM PUBLIC` (README "Nothing sensitive kept").
 *
 * LISTEN lives on a connection of its own, and a database restart takes it down. A NOTIFY sent
 * while it is down is never heard — Postgres keeps none for a listener that is not there — and
 * postgres.js's own re-LISTEN gives up silently if its first try fails. So this notifier watches
 * the connection end to end and mends it itself (ADR 0021):
 *
 * - **Heartbeat.** Every second it NOTIFYs a ping of its own (`ping:` and a random nonce, no
 *   transaction's); a LISTEN that has heard none for `LOST_AFTER_MS` is lost: `connected` turns
 *   false (readiness says so), it is logged, and the connection is replaced, retried until LISTEN
 *   is in place again.
 * - **Resume.** When LISTEN is back (logged), every transaction an event stream here follows is
 *   read again and handed to its stream, so none misses an outcome published while it was deaf.
 */
import type { Sql } from 'postgres';
import { randomHex, TRANSACTION_ID } from '../ids.js';
import { InProcessNotifier, type TransactionListener, type TransactionNotifier } from './notifier.js';
import type { StoredTransaction } from './store.js';

const HEARTBEAT_MS = 1000;
/** No ping of our own heard for this long: LISTEN is gone. */
const LOST_AFTER_MS = 3500;
/** Between two tries to LISTEN again. */
const RETRY_MS = 500;

export interface PostgresNotifier extends TransactionNotifier {
  /** Resolves once LISTEN is first in place (a NOTIFY sent after it is heard). */
  readonly ready: Promise<void>;
  /** Whether LISTEN is in place and heard its own last heartbeat. */
  readonly connected: boolean;
  close(): Promise<void>;
}

export interface PostgresNotifierOptions {
  /** The store's pool: NOTIFY, and the pings. */
  readonly sql: Sql;
  /** A fresh connection for LISTEN (one at a time; replaced when lost). */
  readonly connect: () => Sql;
  readonly channel: string;
  readonly read: (id: string) => Promise<StoredTransaction | null>;
  readonly onError: (error: unknown) => void;
  /** Told when LISTEN is lost and when it is back (after the first time). */
  readonly onConnectionChange?: (connected: boolean, detail: { readonly following: number; readonly downMs?: number }) => void;
}

export function postgresNotifier(o: PostgresNotifierOptions): PostgresNotifier {
  const local = new InProcessNotifier();
  const nonce = randomHex(8);
  let connected = false;
  let everConnected = false;
  let lostAt: number | undefined;
  let lastHeard = Date.now();
  let closed = false;
  let listener: Sql | undefined;
  let generation = 0;

  const ping = `ping:${nonce}`;
  const deliver = (payload: string) => {
    if (payload === ping) {
      lastHeard = Date.now();
      return;
    }
    const id = idOf(payload);
    if (id === null || local.listenerCount(id) === 0) return;
    o.read(id).then((tx) => tx && local.publish(tx), o.onError);
  };

  /** Every followed transaction, read again and handed to its streams. */
  const resume = () => {
    for (const id of local.ids()) o.read(id).then((tx) => tx && local.publish(tx), o.onError);
  };

  /** LISTENs made per connection: postgres.js makes another by itself after a reconnect. */
  const listens = new Map<number, number>();
  /** LISTEN is in place: postgres.js's `onlisten`, for our LISTEN and for its own re-LISTENs. */
  const up = (mine: number) => {
    if (mine !== generation || closed) return;
    lastHeard = Date.now();
    const times = (listens.get(mine) ?? 0) + 1;
    listens.set(mine, times);
    const regained = everConnected && (!connected || times > 1);
    if (regained && connected) {
      // postgres.js reconnected and LISTENed again before the heartbeat noticed: lost all the same.
      o.onConnectionChange?.(false, { following: local.ids().length });
    }
    connected = true;
    if (regained) {
      o.onConnectionChange?.(true, { following: local.ids().length, ...(lostAt !== undefined ? { downMs: Date.now() - lostAt } : {}) });
      resume();
    }
    everConnected = true;
    lostAt = undefined;
  };

  /** One LISTEN on a fresh connection; retried until it is in place (or closed). */
  const listen = async (): Promise<void> => {
    const mine = ++generation;
    listens.delete(mine - 1);
    const previous = listener;
    listener = undefined;
    if (previous) void previous.end({ timeout: 0 }).catch(() => {});
    for (;;) {
      if (closed || mine !== generation) return;
      const sql = o.connect();
      try {
        // postgres.js calls `onlisten` on every LISTEN it makes, its own re-LISTENs included.
        await sql.listen(o.channel, deliver, () => up(mine));
        listener = sql;
        return;
      } catch (error) {
        void sql.end({ timeout: 0 }).catch(() => {});
        if (!everConnected) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  };

  const ready = listen();
  ready.catch(o.onError);

  const heartbeat = setInterval(() => {
    if (closed || !everConnected) return;
    o.sql.notify(o.channel, ping).catch(() => {
      // The pool is down too: the missing echo tells.
    });
    if (connected && Date.now() - lastHeard > LOST_AFTER_MS) {
      connected = false;
      lostAt = lastHeard;
      o.onConnectionChange?.(false, { following: local.ids().length });
      void listen().catch(o.onError);
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    ready,
    get connected() {
      return connected;
    },
    async publish(transaction: StoredTransaction) {
      await o.sql.notify(o.channel, transaction.id);
    },
    subscribe(transactionId: string, listenerFn: TransactionListener) {
      return local.subscribe(transactionId, listenerFn);
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      try {
        await listener?.end({ timeout: 1 });
      } catch {
        // The connection is going away anyway.
      }
    },
  };
}

/**
 * The transaction id a notification names, or null. Ours send the bare id; an instance of an older
 * version, still running during a rolling deploy, sends JSON with an `id` (its whole row, or a
 * reference): only that id is taken, never the rest.
 */
function idOf(payload: string): string | null {
  if (TRANSACTION_ID.test(payload)) return payload;
  if (!payload.startsWith('{')) return null;
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' && TRANSACTION_ID.test(id) ? id : null;
  } catch {
    return null;
  }
}
