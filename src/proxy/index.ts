/**
 * `mozarto-cashier/proxy` — the merchant proxy (docs/design.md, "The proxy"): holds the Mozarto
 * credentials, knows the logged-in user, adds the server-only fields, calls Mozarto, receives its
 * webhooks and answers the widget's status polls.
 *
 * ```ts
 * import http from 'node:http';
 * import { createCashierProxy, openSqliteStore, toNodeListener } from 'mozarto-cashier/proxy';
 * const proxy = createCashierProxy({
 *   upstreamUrl: 'https://backend.stg-app.mozarto.io',
 *   companyToken: process.env.MOZARTO_COMPANY_TOKEN!,
 *   userContext: { mode: 'token', secret: process.env.MOZARTO_USER_TOKEN_SECRET! },
 *   webhookSecret: process.env.MOZARTO_WEBHOOK_SECRET,
 *   getUser: (request) => sessions.userFor(request),
 *   store: openSqliteStore('./data/cashier.sqlite'),
 * });
 * http.createServer(toNodeListener(proxy.handle)).listen(3000);
 * ```
 */
export { createCashierProxy, type CashierProxy, type HandleInfo } from './proxy.js';
export type { Readiness } from './readiness.js';
export type { LiveOptions } from './options.js';
export { InProcessNotifier, type TransactionNotifier, type TransactionListener } from './store/notifier.js';
export { sessionUser, sessionToken, DEFAULT_SESSION_COOKIE, type SessionOptions } from './session.js';
export { signHs256, verifyHs256 } from './jwt.js';
export type { CashierUser, ProxyOptions, ProxySettings } from './options.js';
export { ProxyConfigError, describeProblem, type ConfigProblem } from './config-error.js';
export type { Authorize, AuthorizeDecision, AuthorizeRequest } from './authorize.js';
export { REFUSAL_REASONS, type RefusalReason } from '../core/contract.js';
export type {
  IdempotencyRecord,
  NewTransaction,
  OutcomeKind,
  ReserveResult,
  StoredTransaction,
  StoredWebhookEvent,
  TransactionPatch,
  TransactionStore,
  WebhookEvent,
} from './store/store.js';
export { acceptsMessage, advanceStatus, applyPatch, isReportableOutcome } from './store/store.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './store/sqlite-store.js';
export type { JournalEntry, WebhookJournal } from './webhook-journal.js';
export { openFileJournal, type FileJournalOptions } from './file-journal.js';
export { openPostgresStore, isPostgresUrl, type PostgresStore, type PostgresStoreOptions } from './store/postgres-store.js';
/** Memory only, for tests and edge trials; the conformance suite is in `mozarto-cashier/proxy/testing`. */
export { createMemoryStore } from './store/memory-store.js';
export type { Logger, LogEntry, LogLevel } from './logger.js';
export { consoleLogger, type ConsoleLogger } from './logger.js';
export type { UserContext } from './options.js';
export { MemoryRateLimiter, type RateLimiter } from './rate-limit.js';
export type { RateLimitOptions } from './options.js';
export { clientIp, toNodeListener, toWebRequest, writeWebResponse, type NodeListenerOptions, type WebHandler, type RequestInfo } from '../http/node-adapter.js';
