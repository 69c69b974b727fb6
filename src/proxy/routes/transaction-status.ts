/**
 * `GET {endpoint}/transactions/:id` (docs/design.md, "The contract"): the widget's status poll. Mozarto
 * has no status query (docs/mozarto-api.md §9), so this answers from the proxy's own record of webhook
 * outcomes. Only the owning user may read a transaction; an unknown id and someone else's id get
 * the same 404, so ids cannot be probed.
 */
import { requireUser, type ProxyContext, type RequestScope } from '../http/context.js';
import { jsonResponse } from '../http/http.js';
import { ownTransaction, statusBody } from '../transactions.js';

export async function handleTransactionStatus(ctx: ProxyContext, scope: RequestScope, id: string): Promise<Response> {
  const user = await requireUser(ctx, scope);
  return jsonResponse(200, statusBody(await ownTransaction(ctx, user.id, id)));
}
