/**
 * The TransactionNotifier across instances: Postgres LISTEN/NOTIFY. A webhook that lands on
 * instance A announces the change with NOTIFY; every instance LISTENs on one channel and hands the
 * transaction, read back from the store, to its local event streams (notifier.ts). The sending
 * instance hears its own NOTIFY too, so its streams are served the same way. postgres.js
 * re-issues LISTEN after a reconnect.
 *
 * The channel carries a transaction's id and nothing else, and what a stream is sent is always
 * read from the store (ADR 0017). Postgres has no privileges on channels: any role that can
 * connect to the database can LISTEN to it and NOTIFY on it. A whole row there told such a
 * neighbour every player's id, amount and hosted-page URL, and a row of its own making showed a
 * player "approved" while the store said pending. Now it hears ids, and what it sends can only
 * make an instance read the truth again. Keep neighbours out altogether with
 * `REVOKE CONNECT ON DATABASE … FROM PUBLIC` (README "Nothing sensitive kept").
 */
import type { Sql } from 'postgres';
import { TRANSACTION_ID } from '../ids.js';
import { InProcessNotifier, type TransactionListener, type TransactionNotifier } from './notifier.js';
import type { StoredTransaction } from './store.js';

export interface PostgresNotifier extends TransactionNotifier {
  /** Resolves once LISTEN is in place (a NOTIFY sent after it is heard). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export function postgresNotifier(
  sql: Sql,
  channel: string,
  read: (id: string) => Promise<StoredTransaction | null>,
  onError: (error: unknown) => void,
): PostgresNotifier {
  const local = new InProcessNotifier();
  const deliver = (payload: string) => {
    const id = idOf(payload);
    if (id === null || local.listenerCount(id) === 0) return;
    read(id).then((tx) => tx && local.publish(tx), onError);
  };
  const listening = sql.listen(channel, deliver);
  const ready = listening.then(() => undefined);
  ready.catch(onError);
  return {
    ready,
    async publish(transaction: StoredTransaction) {
      await sql.notify(channel, transaction.id);
    },
    subscribe(transactionId: string, listener: TransactionListener) {
      return local.subscribe(transactionId, listener);
    },
    async close() {
      try {
        await (await listening).unlisten();
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
