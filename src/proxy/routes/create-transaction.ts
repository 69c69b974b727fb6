/**
 * `POST {endpoint}/transactions` (docs/design.md, "The contract" and "The proxy"): validate, dedupe by
 * Idempotency-Key, persist as pending, ask the merchant (`authorize`, with the transaction's id),
 * call Mozarto, record and answer the outcome.
 *
 * Refusals before a transaction exists (validation, rate limit, no session token) are thrown and
 * never stored under the key, so a corrected request may reuse it. Once the transaction is
 * persisted, every outcome is a reply and every exit gives it a status: before Mozarto is called
 * (the merchant refused or could not answer, the player's profile lacks a field, an error) a
 * terminal one, the key freed; after, as Mozarto's answer says, `unknown` when it proves nothing,
 * stored for replay unless it is retryable. So every attempt the merchant allowed ends in exactly
 * one terminal event (README "Your backend").
 *
 * Once Mozarto may have the request, nothing here throws (ADR 0021): a store that fails to take
 * Mozarto's answer gets it later (`ctx.later`, write-behind.ts), and the player gets the
 * transaction id with the status Mozarto gave — never a retryable error that would invite a
 * second payment. A store that fails before anything was sent is a retryable 503: nothing to
 * pay twice.
 */
import type { CreateTransactionResponse } from '../../core/contract.js';
import { checkRedirectUrl, isLoopbackHost } from '../../core/redirect.js';
import type { Status } from '../../core/status.js';
import { fieldsFor } from '../../core/validate.js';
import type { PspDefinition, Flow } from '../../core/psp/types.js';
import { runAuthorize } from '../authorize.js';
import { requireUser, type ProxyContext, type RequestScope } from '../http/context.js';
import { ProxyError } from '../http/errors.js';
import { isJsonContentType, jsonResponse, readJsonBody } from '../http/http.js';
import { bodyHash, checkIdempotencyKey, type Reply } from '../idempotency.js';
import { newTransactionId } from '../ids.js';
import { buildMozartoBody, serializeMozartoBody } from '../mozarto/mozarto-body.js';
import { postCashier, UpstreamCallError, userContextHeaders } from '../mozarto/mozarto-client.js';
import { findRedirectUrl, mapMozartoResponse, successStatus, upstreamTransactionId } from '../mozarto/mozarto-response.js';
import type { CashierUser } from '../options.js';
import type { NewTransaction, StoredTransaction, TransactionPatch } from '../store/store.js';
import { applyEarlyWebhooks, changeTransaction, createTransaction } from '../transactions.js';
import type { MerchantProfile } from '../profile.js';
import { ProfileGap, profileValues, validateCreateRequest, type ValidRequest } from '../validate-request.js';

export async function handleCreateTransaction(ctx: ProxyContext, scope: RequestScope): Promise<Response> {
  const { request } = scope;
  const user = await requireUser(ctx, scope);
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new ProxyError('invalid_request', 'Send the body as JSON (Content-Type: application/json).', { status: 415 });
  }
  const body = await readJsonBody(request, ctx.options.maxBodyBytes);
  const key = checkIdempotencyKey(request.headers.get('idempotency-key'));
  const hash = await bodyHash(body, await ctx.bodyHashKey);
  const { reply, replayed } = await ctx.idempotency.run(user.id, key, hash, ctx.options.now(), () => counted(ctx, body, attempt(ctx, scope, user, body, key)));
  if (replayed) scope.log.info('idempotent replay', { status: reply.status });
  return jsonResponse(reply.status, reply.body, replayed ? { 'idempotent-replayed': 'true' } : {});
}

/**
 * Counts a create's result for the metrics (metrics.ts `created`): the status it answered or its
 * error code. Labels come from closed lists only — a provider the proxy serves, a flow — so a
 * player's body cannot grow the series.
 */
async function counted(ctx: ProxyContext, body: unknown, reply: Promise<Reply>): Promise<Reply> {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const flow = fields.type === 'payin' || fields.type === 'payout' ? fields.type : 'other';
  const pspType = flow !== 'other' && typeof fields.pspType === 'string' && ctx.options.methods.byFlow[flow].has(fields.pspType) ? fields.pspType : 'other';
  try {
    const done = await reply;
    const answered = done.body as { status?: unknown; error?: { code?: unknown } };
    ctx.options.metrics.created(pspType, flow, String(answered.status ?? answered.error?.code ?? done.status));
    return done;
  } catch (error) {
    ctx.options.metrics.created(pspType, flow, error instanceof ProxyError ? error.code : 'internal');
    throw error;
  }
}

/** Calls Mozarto and tells the metrics how the call went and how long it took. */
async function timedCall(ctx: ProxyContext, call: Parameters<typeof postCashier>[0]): Promise<Awaited<ReturnType<typeof postCashier>>> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  try {
    const answer = await postCashier(call);
    ctx.options.metrics.upstreamCall(answer.httpStatus >= 500 ? 'http_5xx' : answer.httpStatus >= 400 ? 'http_4xx' : 'ok', seconds());
    return answer;
  } catch (error) {
    ctx.options.metrics.upstreamCall(error instanceof ProxyError && error.code === 'upstream_timeout' ? 'timeout' : 'network', seconds());
    throw error;
  }
}

async function attempt(ctx: ProxyContext, scope: RequestScope, user: CashierUser, body: unknown, idempotencyKey: string): Promise<Reply> {
  const { now } = ctx.options;
  const valid = validateCreateRequest(body, ctx.options.methods);
  const { def } = valid.method;
  await checkRateLimit(ctx, scope, user);

  // Stored before the merchant is asked, so its id is the authorizationId the merchant holds
  // under, and with its key, so a retry after a crash finds it (idempotency.ts); a crash mid-call
  // still leaves a record to reconcile (the recovery sweep). From here on every exit gives the
  // transaction a status — a terminal one unless Mozarto may have it — and so the merchant its
  // terminal event: no hold taken in authorize is left behind (issue 23 rule 2).
  const tx = await insertBeforeSending(ctx, scope, {
    id: newTransactionId(),
    userId: user.id,
    pspType: def.pspType,
    flow: valid.flow,
    amount: valid.quote.amount,
    fee: valid.quote.fee,
    total: valid.quote.total,
    currency: valid.currency,
    createdAt: now().toISOString(),
    idempotencyKey,
  });
  scope.log.info('transaction created', { transactionId: tx.id, pspType: def.pspType, flow: valid.flow });

  let request: Prepared;
  try {
    const decision = await runAuthorize(
      ctx.options.authorize,
      user,
      { authorizationId: tx.id, flow: valid.flow, pspType: def.pspType, ...valid.quote, currency: valid.currency },
      scope.log,
    );
    if (!decision.allowed) return await endBeforeMozarto(ctx, scope, tx, decision.error, decision.reason);
    request = await prepare(ctx, scope, user, valid, decision.profile, tx);
  } catch (error) {
    if (error instanceof ProfileGap) {
      scope.log.error('the player’s profile lacks what the provider needs; the payment is refused', {
        transactionId: tx.id,
        pspType: def.pspType,
        gaps: error.gaps,
      });
      return endBeforeMozarto(ctx, scope, tx, error, `profile: ${error.gaps.join(', ')}`);
    }
    scope.log.error('the payment failed before Mozarto was called', { transactionId: tx.id, error: describe(error) });
    const internal = error instanceof ProxyError ? error : new ProxyError('internal', 'Internal error; try again later.');
    return endBeforeMozarto(ctx, scope, tx, internal, `failed before Mozarto: ${describe(error)}`);
  }

  try {
    return await callMozarto(ctx, scope, valid, tx, request);
  } catch (error) {
    // Mozarto may have the request: never an answer that invites a second payment.
    scope.log.error('the payment failed after Mozarto was called', { transactionId: tx.id, error: describe(error) });
    return outcomeUnknown(ctx, scope, tx, new ProxyError('internal', 'Internal error.'), {});
  }
}

/** What goes to Mozarto, built from the validated request and the merchant's record of the player. */
interface Prepared {
  readonly userHeaders: Record<string, string>;
  readonly body: string;
}

async function prepare(
  ctx: ProxyContext,
  scope: RequestScope,
  user: CashierUser,
  valid: ValidRequest,
  profile: MerchantProfile,
  tx: StoredTransaction,
): Promise<Prepared> {
  const { def, flowDef } = valid.method;
  // The authorize answer's profile is fresher than the session's record of the player.
  const profileFields = profileValues(def, valid.flow, { ...(user as unknown as Record<string, unknown>), ...profile });
  const userHeaders = await userContextHeaders(ctx.options.userContext, user, scope.request, ctx.options.now());
  const mozartoBody = buildMozartoBody({
    def,
    flow: valid.flow,
    flowDef,
    // What Mozarto moves is what the player was shown paying or receiving (ADR 0019).
    amount: valid.quote.total,
    currency: valid.currency,
    userId: user.id,
    userFields: valid.userFields,
    profileFields,
    serverFields: serverValues(def, valid.flow, scope.ip),
    merchantReference: tx.id,
  });
  return { userHeaders, body: serializeMozartoBody(mozartoBody, valid.quote.total) };
}

/**
 * Ends a transaction Mozarto never heard of: `declined` when the merchant refused, else `failed`,
 * with `reason` in the merchant's terminal event. Nothing was sent, so the key is freed: the same
 * attempt may run again once the reason is gone (a new transaction, a new authorizationId).
 */
async function endBeforeMozarto(ctx: ProxyContext, scope: RequestScope, tx: StoredTransaction, error: ProxyError, reason: string): Promise<Reply> {
  await changeTransaction(
    ctx,
    scope.log,
    tx.id,
    { status: error.code === 'refused' ? 'declined' : 'failed', errorCode: error.code, updatedAt: ctx.options.now().toISOString() },
    { durable: false, reason },
  );
  return { status: error.status, body: { error: error.toBody(scope.requestId) }, keep: false };
}

async function callMozarto(ctx: ProxyContext, scope: RequestScope, valid: ValidRequest, tx: StoredTransaction, request: Prepared): Promise<Reply> {
  const { now } = ctx.options;
  const { def, flowDef } = valid.method;
  let answer;
  try {
    answer = await timedCall(ctx, {
      upstreamUrl: ctx.options.upstreamUrl,
      companyToken: ctx.options.companyToken,
      userHeaders: request.userHeaders,
      body: request.body,
      timeoutMs: ctx.options.upstreamTimeoutMs,
    });
  } catch (error) {
    if (!(error instanceof ProxyError)) throw error;
    if (error instanceof UpstreamCallError && error.sent) return outcomeUnknown(ctx, scope, tx, error, {});
    return failed(ctx, scope, tx, error, {});
  }

  const outcome = flowDef.outcome;
  const mapped = mapMozartoResponse(answer.httpStatus, answer.text, outcome.kind);
  if (!mapped.ok) {
    const details = { httpStatus: answer.httpStatus, upstreamMessage: mapped.upstreamMessage, durationMs: answer.durationMs };
    if (mapped.unknown) return outcomeUnknown(ctx, scope, tx, mapped.error, details);
    return failed(ctx, scope, tx, mapped.error, details);
  }

  const upstreamId = upstreamTransactionId(mapped.data);
  const { status, raw, known } = successStatus(mapped.data, outcome.kind, mapped.message);
  if (!known) scope.log.warn('unknown transaction_status reads as pending', { transactionId: tx.id, transactionStatus: String(raw).slice(0, 64) });
  if (!upstreamId) scope.log.warn('Mozarto returned no transactionId; webhooks can only match by merchantReference', { transactionId: tx.id });

  let redirectUrl: string | undefined;
  let kind = outcome.kind;
  const found = outcome.kind === 'redirect' ? findRedirectUrl(mapped.data, outcome.urlFields) : null;
  // eMerchantPay answers with a 3DS challenge URL only sometimes (docs/mozarto-api.md §6.10): without one, await.
  if (outcome.kind === 'redirect' && found === null && outcome.optional) kind = 'await';
  else if (outcome.kind === 'redirect') {
    // Per-provider host allow-list (redirectHosts) on top of the https rule; the widget checks again.
    // Plain http only to a loopback host, and only while the upstream is on one too (a local sandbox).
    const allowHosts = ctx.options.redirectHosts.get(def.pspType) ?? ctx.options.redirectHosts.get('*');
    const check = checkRedirectUrl(found, allowHosts, isLoopbackHost(new URL(ctx.options.upstreamUrl).hostname));
    if (!check.ok) {
      // A transaction exists upstream but the player cannot be sent to it safely; retrying would
      // only create another one.
      const error = new ProxyError('upstream_error', `Mozarto's redirect URL was refused: ${check.reason}.`, { retryable: false });
      return failed(ctx, scope, tx, error, { httpStatus: answer.httpStatus, upstreamId: upstreamId ?? undefined });
    }
    redirectUrl = check.url.href;
  }

  const at = now().toISOString();
  // Two durable commits per create: the insert before the call, the key's completion after it;
  // this update rides on the second (store.ts WriteOptions).
  const stored = await recordAnswer(ctx, scope, tx, {
    status,
    outcome: kind,
    ...(upstreamId ? { upstreamId } : {}),
    ...(redirectUrl ? { redirectUrl } : {}),
    updatedAt: at,
  });
  scope.log.info('upstream accepted', {
    transactionId: tx.id,
    upstreamId,
    status: stored?.status ?? status,
    outcome: kind,
    durationMs: answer.durationMs,
    ...(stored ? {} : { stored: 'later' }),
  });

  const response: CreateTransactionResponse = {
    transactionId: tx.id,
    status: stored?.status ?? status,
    outcome: kind,
    ...(redirectUrl ? { redirectUrl } : {}),
  };
  return { status: 201, body: response, keep: true };
}

/**
 * The insert before anything is sent. A store that fails it is a retryable 503 — nothing was
 * sent — and, in case the insert did commit before the failure, the row is marked `failed`
 * (never sent) once the store takes it, so the sweep does not take it for a stranded create.
 */
async function insertBeforeSending(ctx: ProxyContext, scope: RequestScope, tx: NewTransaction): Promise<StoredTransaction> {
  try {
    return await createTransaction(ctx, tx);
  } catch (error) {
    scope.log.error('the transaction could not be stored; nothing was sent to Mozarto', {
      transactionId: tx.id,
      error: error instanceof Error ? error.message : String(error),
    });
    void ctx.later.write(
      tx.id,
      'mark an unsent create failed',
      () => changeTransaction(ctx, scope.log, tx.id, { status: 'failed', errorCode: 'internal', updatedAt: ctx.options.now().toISOString() }),
      { transactionId: tx.id },
    );
    throw new ProxyError('internal', 'The payment could not be recorded, so nothing was sent; try again in a moment.', {
      status: 503,
      retryAfterSeconds: 1,
      cause: error,
    });
  }
}

/**
 * Stores what Mozarto's answer says (then applies webhooks that came first), and never throws:
 * a store that cannot take it now gets it later (write-behind.ts). Resolves with the stored
 * transaction, or null when the write was kept for later — the caller answers from Mozarto's
 * answer then. Not fsynced alone: the key's completion, written next, is (store.ts WriteOptions).
 * `reason` goes to the merchant's terminal event (a failure's why).
 */
async function recordAnswer(
  ctx: ProxyContext,
  scope: RequestScope,
  tx: StoredTransaction,
  patch: TransactionPatch,
  reason?: string,
): Promise<StoredTransaction | null> {
  let stored: StoredTransaction | null = null;
  const landed = await ctx.later.write(
    tx.id,
    "store Mozarto's answer",
    async () => {
      const changed = (await changeTransaction(ctx, scope.log, tx.id, patch, { durable: false, ...(reason ? { reason } : {}) })) ?? tx;
      stored = await applyEarlyWebhooks(ctx, scope.log, changed, patch.updatedAt);
    },
    { transactionId: tx.id },
  );
  return landed ? stored : null;
}

/**
 * The request may have reached Mozarto but we cannot know what it did (README "Error classes"):
 * the transaction waits in `unknown`, the answer is kept under the Idempotency-Key — so a retry
 * with it replays this instead of calling Mozarto a second time — and a webhook matched by
 * merchantReference settles it. The player is told we are confirming the payment.
 */
async function outcomeUnknown(
  ctx: ProxyContext,
  scope: RequestScope,
  tx: StoredTransaction,
  error: ProxyError,
  details: { httpStatus?: number; upstreamMessage?: string | undefined; durationMs?: number },
): Promise<Reply> {
  const stored = await recordAnswer(ctx, scope, tx, { status: 'unknown', outcome: 'await', errorCode: error.code, updatedAt: ctx.options.now().toISOString() });
  scope.log.warn('upstream outcome unknown; the key stays bound until a webhook settles it', {
    transactionId: tx.id,
    code: error.code,
    upstreamStatus: details.httpStatus,
    upstreamMessage: details.upstreamMessage?.slice(0, 200),
    durationMs: details.durationMs,
  });
  const response: CreateTransactionResponse = { transactionId: tx.id, status: stored?.status ?? 'unknown', outcome: 'await' };
  return { status: 202, body: response, keep: true };
}

/** Records an upstream failure on the transaction and turns it into the reply. */
async function failed(
  ctx: ProxyContext,
  scope: RequestScope,
  tx: StoredTransaction,
  error: ProxyError,
  details: { httpStatus?: number; upstreamMessage?: string | undefined; durationMs?: number; upstreamId?: string | undefined },
): Promise<Reply> {
  // A synchronous provider's refusal is the transaction's outcome, not a failure of ours.
  const status: Status = error.code === 'declined' ? 'declined' : 'failed';
  await recordAnswer(
    ctx,
    scope,
    tx,
    {
      status,
      errorCode: error.code,
      ...(details.upstreamId ? { upstreamId: details.upstreamId } : {}),
      updatedAt: ctx.options.now().toISOString(),
    },
    `${error.code}${details.httpStatus ? ` (HTTP ${details.httpStatus})` : ''}: ${error.message}`.slice(0, 300),
  );
  scope.log.warn('upstream call failed', {
    transactionId: tx.id,
    code: error.code,
    retryable: error.retryable,
    upstreamStatus: details.httpStatus,
    upstreamMessage: details.upstreamMessage?.slice(0, 200),
    durationMs: details.durationMs,
  });
  return { status: error.status, body: { error: error.toBody(scope.requestId) }, keep: !error.retryable };
}

/**
 * The per-user limit first, then the per-IP one, and the IP's only for an attempt its user was
 * allowed: one player (or one script) refused by its own limit never spends the budget of the
 * others behind a shared address, a carrier's or an office's, while the IP's limit still bounds
 * what any number of accounts there can do (docs/adr/0017-hostile-review.md).
 */
async function checkRateLimit(ctx: ProxyContext, scope: RequestScope, user: CashierUser): Promise<void> {
  const limits = ctx.options.rateLimit;
  if (!limits) return;
  const nowMs = ctx.options.now().getTime();
  let wait = await ctx.options.rateLimiter.take(`user:${user.id}`, limits.perUser, limits.windowMs, nowMs);
  if (wait === 0 && scope.ip) wait = await ctx.options.rateLimiter.take(`ip:${scope.ip}`, limits.perIp, limits.windowMs, nowMs);
  if (wait > 0) {
    scope.log.warn('rate limited', { ip: scope.ip });
    throw new ProxyError('rate_limited', 'Too many payment attempts; wait a moment and try again.', { retryAfterSeconds: Math.ceil(wait / 1000) });
  }
}

/**
 * Server-source fields the proxy fills from the request itself (docs/design.md, "Server-only
 * fields"): `userIp` (Gigadat, §6.5). The KYC and risk block comes from the merchant's user
 * record (validate-request.ts `profileValues`).
 */
function serverValues(def: PspDefinition, flow: Flow, ip: string | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fieldsFor(def, flow, ['server'])) {
    if (field.name === 'userIp' && ip) values.userIp = ip.replace(/^::ffff:/, '');
  }
  return values;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : String(error).slice(0, 300);
}
