/**
 * The TransactionNotifier across instances: Postgres LISTEN/NOTIFY. A webhook that lands on
 * instance A publishes the new state with NOTIFY; every instance LISTENs on one channel and
 * hands it to its local event streams (notifier.ts). The sending instance hears its own NOTIFY
 * too, so its streams are served the same way. postgres.js re-issues LISTEN after a reconnect.
 * A state too large for a NOTIFY payload (8000 bytes) is sent as its id and read back.
 */
import type { Sql } from 'postgres';
import { InProcessNotifier, type TransactionListener, type TransactionNotifier } from './notifier.js';
import type { StoredTransaction } from './store.js';

const MAX_PAYLOAD = 7000;

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
    let parsed: StoredTransaction | { id: string; ref: true };
    try {
      parsed = JSON.parse(payload) as StoredTransaction | { id: string; ref: true };
    } catch (error) {
      onError(error);
      return;
    }
    if (local.listenerCount(parsed.id) === 0) return;
    if ('ref' in parsed) {
      read(parsed.id).then((tx) => tx && local.publish(tx), onError);
    } else {
      local.publish(parsed);
    }
  };
  const listening = sql.listen(channel, deliver);
  const ready = listening.then(() => undefined);
  ready.catch(onError);
  return {
    ready,
    async publish(transaction: StoredTransaction) {
      const full = JSON.stringify(transaction);
      await sql.notify(channel, Buffer.byteLength(full) <= MAX_PAYLOAD ? full : JSON.stringify({ id: transaction.id, ref: true }));
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
