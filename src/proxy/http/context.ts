/**
 * What every route receives: the proxy-wide pieces (the resolved options, the idempotency guard,
 * the caches, the outcome hook) and the per-request scope (request id, logger, client IP).
 */
import type { Drain } from '../drain.js';
import type { FinalCache } from '../store/final-cache.js';
import type { HmacKey, IdempotencyGuard } from '../idempotency.js';
import type { BoundLogger } from '../logger.js';
import type { EventDelivery } from '../merchant/delivery.js';
import type { OutcomeHook } from '../outcome-hook.js';
import type { JournalReplayer } from '../webhook-journal.js';
import type { WriteBehind } from '../write-behind.js';
import type { CashierUser } from '../options.js';
import type { ResolvedOptions } from '../options-schema.js';
import { ProxyError } from './errors.js';

export interface ProxyContext {
  /** The options, checked, with their defaults and the methods resolved (options.ts). */
  readonly options: ResolvedOptions;
  readonly idempotency: IdempotencyGuard;
  /** The HMAC key of idempotency body hashes (idempotency.ts `bodyHash`). */
  readonly bodyHashKey: Promise<HmacKey>;
  /** Settled transactions, so a status poll of one reads the store once (final-cache.ts). */
  readonly finals: FinalCache;
  /** Open event streams per user id (routes/transaction-events.ts). */
  readonly streams: Map<string, number>;
  /** Runs `onOutcome` once per reportable final outcome; none without the option (outcome-hook.ts). */
  readonly outcomes: OutcomeHook | undefined;
  /** Delivers the merchant's events; none without `events.urls` (merchant/delivery.ts). */
  readonly events: EventDelivery | undefined;
  /** The requests in flight and the open event streams, for a drain (drain.ts). */
  readonly drain: Drain;
  /** Store writes kept while the store fails, written when it is back (write-behind.ts). */
  readonly later: WriteBehind;
  /** Applies the webhooks kept while the store failed; none without `webhookJournal` (webhook-journal.ts). */
  readonly journal: JournalReplayer | undefined;
}

export interface RequestScope {
  readonly request: Request;
  readonly requestId: string;
  readonly ip: string | undefined;
  readonly log: BoundLogger;
}

/** Asks the merchant's `getUser`; no user is a 401, a throwing lookup a logged 500. */
export async function requireUser(ctx: ProxyContext, scope: RequestScope): Promise<CashierUser> {
  let user: CashierUser | null;
  try {
    user = await ctx.options.getUser(scope.request);
  } catch (error) {
    scope.log.error('getUser threw', { error: error instanceof Error ? error.message : String(error) });
    throw new ProxyError('internal', 'The user lookup failed.');
  }
  if (!user) throw new ProxyError('unauthorized', 'No logged-in user: sign in and try again.');
  if (typeof user.id !== 'string' || user.id.length === 0 || user.id.length > 128) {
    scope.log.error('getUser returned a user without a usable id');
    throw new ProxyError('internal', 'The user lookup returned no usable id.');
  }
  return user;
}
