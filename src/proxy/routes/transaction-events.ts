/**
 * `GET {endpoint}/transactions/:id/events` — the push channel beside polling (docs/design.md, "The
 * contract": a Server-Sent Events stream may sit beside `GET transactions/:id`). The contract the
 * widget relies on:
 *
 * - same auth and ownership as `GET transactions/:id`: 401 / 404 JSON errors before any stream;
 * - `200 text/event-stream`, `cache-control: no-cache`;
 * - at once `event: status` with the current TransactionStatusResponse, then one on every change
 *   (status or message), a `: ping` comment every `eventsPingMs` (15 s), and the stream closes
 *   right after a final status (approved / declined / failed / rejected);
 * - the listener and the stream's slot go away when the stream ends, whoever ends it (http/sse.ts
 *   owns the framing, the ping and the end);
 * - a drain (a deploy stopping this instance) ends the stream with a `retry:` hint and no event:
 *   the browser reconnects through the balancer to an instance that stays.
 *
 * Changes come from the notifier (notifier.ts). It is subscribed BEFORE the current status is
 * read, so a change landing between the read and the subscription cannot be missed; events
 * that repeat what was already sent are dropped.
 */
import type { TransactionStatusResponse } from '../../core/contract.js';
import { isFinal } from '../../core/status.js';
import { requireUser, type ProxyContext, type RequestScope } from '../http/context.js';
import { ProxyError } from '../http/errors.js';
import { streamSSE } from '../http/sse.js';
import { TRANSACTION_ID } from '../ids.js';
import type { StoredTransaction } from '../store/store.js';
import { ownTransaction, statusBody } from '../transactions.js';

export async function handleTransactionEvents(ctx: ProxyContext, scope: RequestScope, id: string): Promise<Response> {
  const user = await requireUser(ctx, scope);
  if (!TRANSACTION_ID.test(id)) throw new ProxyError('not_found', 'No such transaction.');

  // The slot is taken before the first await: with a slow (async, shared) store, N requests
  // awaiting the lookup at once would otherwise all see the same count and all pass the cap.
  const open = ctx.streams.get(user.id) ?? 0;
  if (open >= ctx.options.maxEventStreamsPerUser) {
    throw new ProxyError('rate_limited', 'Too many open status streams; close one or poll instead.', { retryAfterSeconds: 5 });
  }
  ctx.streams.set(user.id, open + 1);
  ctx.options.metrics.eventStreams(1);
  const release = () => {
    ctx.options.metrics.eventStreams(-1);
    const left = (ctx.streams.get(user.id) ?? 1) - 1;
    if (left <= 0) ctx.streams.delete(user.id);
    else ctx.streams.set(user.id, left);
  };

  const queued: StoredTransaction[] = [];
  let deliver: (tx: StoredTransaction) => void = (tx) => queued.push(tx);
  let unsubscribe: () => void = () => {};
  let initial: StoredTransaction;
  try {
    unsubscribe = ctx.options.notifier.subscribe(id, (tx) => deliver(tx));
    initial = await ownTransaction(ctx, user.id, id);
  } catch (error) {
    unsubscribe();
    release();
    throw error;
  }

  scope.log.info('event stream opened', { transactionId: id });
  return streamSSE(
    scope.request,
    (stream) => {
      stream.onClose(() => {
        unsubscribe();
        release();
      });
      // A drain ends it with a reconnect hint, now or when it starts (drain.ts).
      ctx.drain.openStream(stream);
      let last: TransactionStatusResponse | undefined;
      const send = (next: StoredTransaction) => {
        if (stream.closed || next.id !== id) return;
        const body = statusBody(next);
        if (last && last.status === body.status && last.message === body.message) return;
        // A final status never reverts (store.ts); a late snapshot of an older state is ignored.
        if (last && (isFinal(last.status) || body.updatedAt < last.updatedAt)) return;
        last = body;
        stream.writeSSE({ event: 'status', data: JSON.stringify(body) });
        if (isFinal(body.status)) stream.close();
      };
      send(initial);
      for (const queuedTx of queued.splice(0)) send(queuedTx);
      deliver = send;
    },
    { heartbeatMs: ctx.options.eventsPingMs },
  );
}
