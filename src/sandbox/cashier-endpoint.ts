/**
 * `POST /v1/api/mozarto/cashier` — Mozarto's one transaction endpoint (docs/mozarto-api.md §2), with
 * its checks in the order a request meets them: company token (§3), user header (§3), body (§5),
 * `pspType` (§5), PSP configuration (§5), the PSP's own rules (§6), then the scenario the amount
 * picks (scenarios.ts).
 */
import { checkUserHeaders, companyTokenMatches, userIdsAgree } from './auth.js';
import { parseJsonObject, readText } from './body.js';
import type { SandboxEngine } from './engine.js';
import * as reply from './envelope.js';
import { OUTCOME_OF_STATUS } from './psp-model.js';
import { pspModel } from './psps.js';
import { scenarioFor } from './scenarios.js';

export async function handleCashier(engine: SandboxEngine, request: Request): Promise<Response> {
  const options = engine.options;
  if (!companyTokenMatches(request.headers.get('authorization'), options.companyToken)) return reply.unauthorized();

  const user = checkUserHeaders(request.headers);
  if (!user.ok) {
    if (user.reason === 'unauthorized') return reply.unauthorized();
    await engine.hang(options.userTokenHangMs, request.signal);
    return reply.gatewayTimeout();
  }

  const text = await readText(request);
  if (!text.ok) {
    return text.reason === 'too-large' ? reply.error(413, 'Payload too large') : reply.validationFailed(['body must be valid JSON']);
  }
  const parsed = parseJsonObject(text.text);
  if (!parsed.ok) return reply.validationFailed([parsed.error]);
  const body = parsed.value;

  if (!userIdsAgree(user.user, body['userId'])) return reply.unauthorized();

  const pspType = body['pspType'];
  if (typeof pspType !== 'string' || !pspType.trim()) return reply.error(400, 'Missing required field: pspType');
  // The back office has no configuration for it: unknown and known-but-unconfigured alike (§5).
  const model = options.enabledPsps.includes(pspType) ? pspModel(pspType) : undefined;
  if (!model) return reply.pspNotConfigured();

  const errors = model.validate(body, text.text);
  if (errors.length) return reply.validationFailed(errors);

  // The model's rules guarantee these shapes.
  const type = body['type'] as 'PAYIN' | 'PAYOUT';
  const amount = body['baseamount'] as number;
  const scenario = scenarioFor(type, amount);
  const reference = body['merchantReference'];
  const tx = engine.ledger.create(
    {
      pspType,
      type,
      userId: String(body['userId']),
      amount,
      currency: body['currency'] as string,
      merchantReference: typeof reference === 'string' ? reference : '',
      scenario: scenario.kind,
    },
    model.pspIdPrefix,
  );

  switch (scenario.kind) {
    case 'server-error':
      // §5 (Flexepin page): "transaction marked failed". No webhook: the merchant got the answer.
      engine.ledger.update(tx, { transaction_status: 'Failed', status: 'ERROR', message: 'Something went wrong' });
      return reply.internalError();
    case 'psp-unavailable':
      engine.ledger.update(tx, { transaction_status: 'Failed', status: 'PSP_UNAVAILABLE', message: 'The payment provider is unavailable' });
      return reply.pspUnavailable(tx.transactionId);
    case 'hosted-page': {
      const created = model.payinCreated(tx, `${publicBase(engine, request)}/hpp/${tx.transactionId}`);
      if (model.payinMode === 'sync') {
        // §6.3 Flexepin: the answer is the result and no webhook follows; a rejected voucher is a
        // 400 without errorCode, the reason in `message`, the raw answer in `data` (§5).
        const refusal = model.redeem?.(body);
        engine.ledger.update(tx, model.outcome(refusal ? 'declined' : 'approved'));
        return refusal
          ? reply.json(400, { status: 'error', message: refusal.message, isSuccess: false, data: refusal.data })
          : reply.success(created.message, created.data);
      }
      // §6.6 Neosurf: no page to visit; the outcome comes by webhook like a pay-out's.
      if (model.payinMode === 'webhook') engine.settleLater(tx, 'approved');
      return reply.success(created.message, created.data);
    }
    case 'approval-queue': {
      engine.ledger.update(tx, { status: 'AWAITING_APPROVAL' });
      const { message, data } = model.payoutCreated(tx, true);
      return reply.success(message, data);
    }
    case 'settles':
      engine.settleLater(tx, OUTCOME_OF_STATUS[scenario.outcome]);
      break;
    case 'never-settles':
      break;
  }
  const { message, data } = model.payoutCreated(tx, false);
  return reply.success(message, data);
}

/** The origin (and path prefix) browsers reach the sandbox at: `publicUrl`, else this request's own origin. */
function publicBase(engine: SandboxEngine, request: Request): string {
  return engine.options.publicUrl ?? new URL(request.url).origin;
}
