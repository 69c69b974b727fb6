/**
 * The sandbox's back office and test controls, under `/__sandbox/` — not Mozarto endpoints.
 * Mozarto's real back office approves queued pay-outs by hand (docs/mozarto-api.md §6.5 "finalization
 * happens after admin approval", §8); these endpoints let a person or a test do the same, and
 * force any outcome or a duplicate webhook (§7 "Handler must be idempotent (duplicates possible)").
 *
 *   GET  /__sandbox/transactions                 all transactions, newest first
 *   GET  /__sandbox/transactions/:id             one transaction
 *   POST /__sandbox/transactions/:id/approve     approval queue → Approved (webhook)
 *   POST /__sandbox/transactions/:id/reject      approval queue → Rejected (webhook)
 *   POST /__sandbox/transactions/:id/settle      {"transaction_status": "Approved"|"Declined"|"Failed"|"Rejected"}
 *   POST /__sandbox/transactions/:id/webhook     re-send the last webhook
 *
 * POSTs answer once the webhook is delivered or given up: `{ transaction, deliveries }`.
 */
import { parseJsonObject, readText } from './body.js';
import type { SandboxEngine } from './engine.js';
import * as reply from './envelope.js';
import { OUTCOME_OF_STATUS } from './psp-model.js';
import type { SandboxTransaction } from './ledger.js';
import type { WebhookDelivery } from './webhooks.js';

const ROUTE = /^\/__sandbox\/transactions(?:\/([^/]+)(?:\/(approve|reject|settle|webhook))?)?\/?$/;

export async function handleBackOffice(engine: SandboxEngine, request: Request, path: string): Promise<Response> {
  const match = ROUTE.exec(path);
  if (!match) return reply.notFound();
  const [, id, action] = match;

  if (!id) return request.method === 'GET' ? reply.json(200, engine.ledger.list()) : reply.notFound();
  const tx = engine.ledger.get(id);
  if (!tx) return reply.error(404, 'Transaction not found');
  if (!action) return request.method === 'GET' ? reply.json(200, { ...tx }) : reply.notFound();
  if (request.method !== 'POST') return reply.notFound();

  switch (action) {
    case 'approve':
    case 'reject':
      if (tx.status !== 'AWAITING_APPROVAL' || tx.transaction_status !== 'Pending') {
        return reply.error(409, 'Transaction is not in the approval queue');
      }
      return done(tx, await engine.settle(tx, action === 'approve' ? 'approved' : 'rejected'));
    case 'settle': {
      const text = await readText(request);
      const body = text.ok ? parseJsonObject(text.text) : undefined;
      const status = body?.ok ? body.value['transaction_status'] : undefined;
      if (typeof status !== 'string' || !Object.hasOwn(OUTCOME_OF_STATUS, status)) {
        return reply.validationFailed([`transaction_status must be one of the following values: ${Object.keys(OUTCOME_OF_STATUS).join(', ')}`]);
      }
      return done(tx, await engine.settle(tx, OUTCOME_OF_STATUS[status as keyof typeof OUTCOME_OF_STATUS]));
    }
    default: {
      const delivery = engine.resendLast(tx);
      if (!delivery) return reply.error(409, 'No webhook has been sent for this transaction yet');
      return done(tx, await delivery);
    }
  }
}

function done(tx: SandboxTransaction, deliveries: WebhookDelivery[]): Response {
  return reply.json(200, { transaction: { ...tx }, deliveries });
}
