/**
 * `GET {endpoint}/transactions/:id` (docs/design.md, "The contract"): the widget's status poll. Mozarto
 * has no status query (docs/mozarto-api.md §9), so this answers from the proxy's own record of webhook
 * outcomes. Only the owning user may read a transaction; an unknown id and someone else's id get
 * the same 404, so ids cannot be probed.
 */
import type { TransactionStatusResponse } from '../../core/contract.js';
import { requireUser, type ProxyContext, type RequestScope } from '../context.js';
import { ProxyError } from '../errors.js';
import { jsonResponse } from '../http.js';
import { TRANSACTION_ID } from '../ids.js';
import type { StoredTransaction } from '../store.js';

export async function handleTransactionStatus(ctx: ProxyContext, scope: RequestScope, id: string): Promise<Response> {
  const user = await requireUser(ctx, scope);
  return jsonResponse(200, statusBody(await ownTransaction(ctx, user.id, id)));
}

/** The user's own transaction `id`; anything else — malformed, unknown, someone else's — is one 404. */
export async function ownTransaction(ctx: ProxyContext, userId: string, id: string): Promise<StoredTransaction> {
  const tx = TRANSACTION_ID.test(id) ? (ctx.finals.get(id) ?? (await ctx.options.store.getTransaction(id))) : null;
  if (!tx || tx.userId !== userId) throw new ProxyError('not_found', 'No such transaction.');
  ctx.finals.offer(tx);
  return tx;
}

export function statusBody(tx: StoredTransaction): TransactionStatusResponse {
  return {
    transactionId: tx.id,
    status: tx.status,
    type: tx.flow,
    pspType: tx.pspType,
    amount: tx.amount,
    currency: tx.currency,
    ...(tx.message ? { message: tx.message } : {}),
    updatedAt: tx.updatedAt,
  };
}
