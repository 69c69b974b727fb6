/**
 * An operator's re-delivery of one of the merchant's events (admin API, docs/operations.md "Events
 * failing delivery"): the event — delivered, failing or given up — is due again at once on every
 * endpoint it was made for, through the store's one write for it (`redeliverEvent`: the outbox rows
 * and the audit row together), and the delivery is told to look now. The attempts that follow are
 * recorded like any other (the timeline lists them). A re-delivered event keeps its id, body and
 * order; one past `events.retryForMs` since it was made gets one attempt and, failing it, is given
 * up again (a new re-delivery tries once more).
 */
import type { ProxyContext } from '../http/context.js';
import { EVENT_ID } from '../ids.js';
import type { BoundLogger } from '../logger.js';
import type { OutboxEvent } from '../store/store.js';

export interface RedeliveryAsk {
  readonly eventId: string;
  /** The admin credential's name. */
  readonly actor: string;
  readonly reason: string;
}

export type RedeliveryResult =
  | {
      readonly ok: true;
      /** The event's rows as they stood, and as they stand now (due, their claims dropped). */
      readonly before: readonly OutboxEvent[];
      readonly after: readonly OutboxEvent[];
      /** Endpoints of the event no longer in `events.urls`: nothing delivers to them. */
      readonly unconfigured: readonly string[];
    }
  | { readonly ok: false; readonly why: 'not_found'; readonly message: string };

export async function redeliverEvent(ctx: ProxyContext, log: BoundLogger, ask: RedeliveryAsk): Promise<RedeliveryResult> {
  const notFound = { ok: false, why: 'not_found', message: `No event ${JSON.stringify(ask.eventId.slice(0, 40))} in the outbox.` } as const;
  if (!EVENT_ID.test(ask.eventId)) return notFound;
  const { store, events, now } = ctx.options;
  const before = await store.redeliverEvent({ eventId: ask.eventId, actor: ask.actor, reason: ask.reason, at: now().toISOString() });
  if (before.length === 0) return notFound;
  ctx.events?.kick();
  const transactionId = before[0]!.transactionId;
  const after = (await store.listEvents(transactionId)).filter((e) => e.eventId === ask.eventId);
  const unconfigured = before.filter((e) => !events.urls.includes(e.endpoint)).map((e) => e.endpoint);
  const fields = { eventId: ask.eventId, transactionId, type: before[0]!.type, actor: ask.actor };
  if (unconfigured.length) log.warn('event re-delivery asked for endpoints no longer in events.urls: nothing delivers to them', { ...fields, unconfigured });
  else log.info('event re-delivery asked by an operator', fields);
  return { ok: true, before, after, unconfigured };
}
