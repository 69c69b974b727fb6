/**
 * The proxy's options as a merchant passes them: the public types, documented once here (the
 * README's options table follows them). `ProxySettings` is what an environment can say (URLs,
 * secrets, limits, timings); `ProxyOptions` adds the parts code plugs in (`getUser`, `store`,
 * hooks). Each option's rule, message and default are its field in options-schema.ts, which the
 * compiler keeps in step with these types: a new option is added to both, and nowhere else.
 */
import type { Catalog } from '../core/catalog.js';
import type { FeeRule } from '../core/fees.js';
import type { AdminTokenSetting } from './admin/credentials.js';
import type { Authorize } from './authorize.js';
import type { Logger } from './logger.js';
import type { ProxyMetrics } from './metrics.js';
import type { Limits, Scoped } from './method-terms.js';
import type { RateLimiter } from './rate-limit.js';
import type { TransactionNotifier } from './store/notifier.js';
import type { StoredTransaction, TransactionStore } from './store/store.js';
import type { WebhookJournal } from './webhook-journal.js';

/** Who is paying, as the merchant knows them. `id` is sent as Mozarto's `userId` (§4). */
export interface CashierUser {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  /** ISO 3166 alpha-2, e.g. "DE" (docs/mozarto-api.md §3 x-user-token payload); sent as `countryCode`, or `country` for ForumPay (§12.17). */
  countryCode?: string;
  // The KYC and risk block Cleo and Worldpay require (§6.2, §6.9), under the docs' names. Only
  // the proxy sets them (docs/design.md "Server-only fields"); a provider that needs one the record
  // lacks is refused with `invalid_field` naming it.
  gender?: string;
  kycVerified?: boolean;
  blocked?: boolean;
  /** Velocity-check flag. */
  isVelocity?: boolean;
  /** Number of prior transactions, as a string ("12"). */
  transactionCount?: string;
  userBalance?: number;
  /** Partner/operator name. */
  partnerName?: string;
  /** The verified email address. */
  emailVerification?: string;
  /** When the email was verified, `YYYY-MM-DD`. */
  verificationDate?: string;
}

export type UserContext =
  | { readonly mode: 'token'; readonly secret: string }
  | {
      readonly mode: 'forward';
      readonly header?: string;
      /** Finds the player's token some other way (e.g. a session cookie, ADR 0005); wins over `header`. */
      readonly token?: (request: Request) => string | null;
    };

export interface RateLimitOptions {
  /** Window length; default 60 000 ms (1 000 to 86 400 000). */
  readonly windowMs?: number;
  /** Transactions one user may create per window; default 20 (at most 100 000). */
  readonly perUser?: number;
  /** Transactions one IP address may create per window; default 60 (at most 1 000 000). */
  readonly perIp?: number;
}

/**
 * The merchant's backend receiving the events (README "Your backend",
 * docs/adr/0018-events-to-the-merchant.md).
 */
export interface EventsOptions {
  /**
   * Each receives a signed event for every change of a transaction's status (`transaction.created`,
   * `.approved`, `.declined`, `.failed`, `.rejected`, `.review`, `.unknown`, …): written with the
   * change, delivered at least once, in order per transaction, retried until `retryForMs`.
   * https, or plain http on a loopback host (or with `allowHttpBackend`).
   */
  urls?: string[];
  /**
   * The Standard Webhooks secret, `whsec_` + the base64 of 24 to 64 random bytes: signs the
   * events and the `authorizeUrl` requests. Required with either.
   */
  secret?: string;
  /** An attempt not answered by then failed; default 10 000 ms (1 000 to 60 000). */
  timeoutMs?: number;
  /** How long an undelivered event is retried before it is abandoned; default 259 200 000 (3 days; 60 000 to 30 days). */
  retryForMs?: number;
  /** How often due events (retries, another instance's) are looked for; default 1 000 ms (100 to 60 000). */
  pollMs?: number;
}

/** The operators' admin API (docs/adr/0023-operators.md, docs/operations.md). */
export interface AdminSettings {
  /**
   * Who may use it: named bearer tokens, each `read` or `resolve`. None (the default): every admin
   * route answers 401. A player's session token is never one of them.
   */
  readonly tokens?: readonly AdminTokenSetting[];
  /**
   * How long a `pending` or `awaiting_approval` transaction may wait before it needs attention
   * (stranded) and may be resolved; default 900 000 ms (15 minutes), at least 60 000.
   */
  readonly attentionAfterMs?: number;
}

/** What an environment can say: every option that is data, not code. */
export interface ProxySettings {
  /**
   * Mozarto base URL, e.g. 'https://backend.stg-app.mozarto.io' or the sandbox 'http://127.0.0.1:5174'
   * (§2). https, except on a loopback host (or with `allowHttpUpstream`).
   */
  upstreamUrl: string;
  /**
   * Accept a plain-http `upstreamUrl` on a host other than loopback (a test Mozarto on your own
   * network): the company token and the players' details then cross it unencrypted. Warned at every start.
   */
  allowHttpUpstream?: boolean;
  /**
   * Company JWT from the Mozarto back office, sent as `Authorization: Bearer <companyToken>` (§3).
   * The sandbox's public token is refused unless the upstream is on a loopback host.
   */
  companyToken: string;
  /**
   * The user-context header (§3, exactly one is required):
   * - `token`: sign an HS256 JWT of the user, sent as `x-user-token: Bearer <jwt>`;
   * - `forward`: forward the player's own session token (from the request header `header`,
   *   default `authorization`) as `x-user-authorization`.
   */
  userContext: UserContext;
  /**
   * Expected in webhooks as `Authorization: Bearer <secret>` (§7 `isWebhookSecured`); compared in
   * constant time; at least 16 characters. Required: without it anybody could post an `Approved` webhook.
   */
  webhookSecret?: string;
  /**
   * Accept webhooks without a secret. For a local sandbox only: anybody who can reach the webhook
   * route can then settle any transaction. Warned at every start.
   */
  acceptUnsignedWebhooks?: boolean;
  /**
   * Origins allowed to call the browser routes (`https://shop.example`); a request whose Origin
   * header is present and not listed is refused (403); webhooks are exempt. Default: only the
   * request's own origin (scheme + Host), i.e. the widget served from the proxy's own site.
   */
  allowedOrigins?: string[];
  /** Let any origin call the browser routes (with credentials). Weaker than the default; warned at every start. */
  allowAnyOrigin?: boolean;
  /** Events to the merchant's backend (README "Your backend"); none by default. */
  events?: EventsOptions;
  /**
   * The merchant's authorize over HTTP (README "Your backend"): POSTed, signed with
   * `events.secret`, before Mozarto hears anything, with the transaction's id as
   * `authorizationId`; its answer allows (with the player's `profile`) or refuses. A timeout, a
   * non-2xx or a malformed answer refuses. Exclusive with `authorize`. https, or plain http on a
   * loopback host (or with `allowHttpBackend`).
   */
  authorizeUrl?: string;
  /** How long `authorizeUrl` may take; default 5000 ms (100 to 30 000). */
  authorizeTimeoutMs?: number;
  /**
   * Accept plain-http `events.urls` and `authorizeUrl` on hosts other than loopback (a backend on
   * your private network): the events and the players' profiles then cross it unencrypted.
   * Warned at every start.
   */
  allowHttpBackend?: boolean;
  /**
   * Offer pay-outs with nothing asking the merchant first (no `authorize`, no `authorizeUrl`):
   * the balance is then nobody's check. The library warns at every start either way; the
   * standalone server refuses to start without an authorize URL unless this is set.
   */
  payoutsUnchecked?: boolean;
  /** Enabled pspTypes per flow; default every catalog provider supporting the flow. */
  methods?: { payin?: string[]; payout?: string[] };
  /**
   * Serve providers that take raw card data in the merchant's page (eMerchantPay): this puts the
   * page in PCI DSS scope, so it is off by default (docs/adr/0004-card-entry.md).
   */
  cardEntry?: boolean;
  /** Per-pspType narrowing of the catalog's currencies, e.g. `{ PAYONE: ['CAD'] }`. */
  currencies?: Record<string, string[]>;
  /**
   * Amount limits; default `{ min: '1.00', max: '10000.00' }`. Per flow and per method, most
   * specific first: `{ min: '5.00', payout: { max: '2000.00' }, methods: { FLEXEPIN: { max: '500.00', payout: { … } } } }`.
   */
  limits?: Scoped<Limits>;
  /** Fees (fixed and/or percent, at least min), scoped like `limits`: `{ methods: { BRITE: { percent: '1.5', min: '0.50' } } }`. Pay-ins add it, pay-outs take it off. */
  fees?: Scoped<FeeRule>;
  /** Suggested amounts for the widget, served in `GET config`. */
  amountPresets?: string[];
  /** Quick amounts per pspType, instead of `amountPresets` for that method. */
  amountPresetsByMethod?: Record<string, string[]>;
  /** A logo per pspType for the widget's method tiles (https URL or a path on your site); default: the kind's icon. */
  logos?: Record<string, string>;
  /**
   * Hosts each provider's hosted payment page may be on, by pspType, with `'*'` for every
   * provider without its own entry: `{ PAYONE: ['*.payonepayment.com'], '*': ['pay.example'] }`
   * (`*.x` matches subdomains of x). A redirect URL Mozarto returns elsewhere is refused before
   * the widget sees it. Unset for a provider: any https host (a warning at start says which).
   */
  redirectHosts?: Record<string, readonly string[]>;
  /** Default '/api/cashier'. */
  basePath?: string;
  /** Default 15000 (100 to 120 000). */
  upstreamTimeoutMs?: number;
  /**
   * How long a create may go without its answer being stored before it counts as stranded (its
   * process died, or the store failed and stayed down): the recovery sweep then moves its
   * transaction to `unknown` (and tells the merchant), and a retry with its Idempotency-Key gets
   * that transaction — or, when nothing was stored under the key, runs again. Also how long an
   * answer is kept to be written while the store is down. Default 2 × `upstreamTimeoutMs` +
   * 60 000; at least `upstreamTimeoutMs` + 5 000.
   */
  staleAfterMs?: number;
  /**
   * Days idempotency records and raw webhook payloads are kept (default 30); after that a prune
   * in the background deletes the records and empties the payloads. Transactions stay.
   */
  retentionDays?: number;
  /** How often the background prune runs; default 3 600 000 (an hour). */
  pruneIntervalMs?: number;
  /**
   * Key of the HMAC that stores idempotency body hashes (never the body itself). Default: derived
   * from `companyToken`, which every instance of one merchant shares. At least 16 characters.
   */
  idempotencySecret?: string;
  /** Default 16384 (1 024 to 1 048 576). */
  maxBodyBytes?: number;
  /** Limits on creating transactions; default 20 per user and 60 per IP a minute; `false` turns them off. */
  rateLimit?: RateLimitOptions | false;
  /** After this long a running `onOutcome` is logged as slow; default 30 000 ms. */
  onOutcomeTimeoutMs?: number;
  /** How often unfinished outcome notifications are retried; default 60 000 ms. */
  outcomeRetryMs?: number;
  /** The event stream's `: ping` comment interval; default 15 000 ms (keeps idle proxies from closing it). */
  eventsPingMs?: number;
  /**
   * Open event streams one user may hold on this instance; default 10 (more are 429). Counted in
   * this process: behind N instances a user may hold up to N × this (the streams are cheap; the
   * shared rate limits guard what costs money).
   */
  maxEventStreamsPerUser?: number;
  /** The operators' admin API: its credentials and the attention threshold (`AdminSettings`). */
  admin?: AdminSettings;
}

/** Everything `createCashierProxy` takes: the settings, and the parts code plugs in. */
export interface ProxyOptions extends ProxySettings {
  /** Who is logged in; null means nobody (401). The one function a merchant writes. */
  getUser(request: Request): CashierUser | null | Promise<CashierUser | null>;
  /**
   * The merchant's check before Mozarto hears anything, for pay-ins and pay-outs (balance, KYC,
   * limits, self-exclusion), asked with the transaction's id as `request.authorizationId`:
   * `{ ok: true, profile? }`, or `{ ok: false, reason }` with a reason from `REFUSAL_REASONS`
   * (and, for `limit_reached`, `remaining` and `resetsAt`). Hold the amount under the id and
   * capture or release it on the transaction's terminal outcome (`onOutcome`, or the events):
   * every allowed attempt has exactly one. See authorize.ts. Exclusive with `authorizeUrl`.
   */
  authorize?: Authorize;
  store: TransactionStore;
  /** Default: `new Catalog()` with the built-in providers. */
  catalog?: Catalog;
  /**
   * Where the limits are counted: default the store's shared limiter when it has one (Postgres:
   * across instances), else this process's memory (each instance enforces its own share).
   */
  rateLimiter?: RateLimiter;
  /**
   * Carries changes from the instance that receives a webhook to the instance streaming the
   * player's events. Default: the store's own when it has one (`openPostgresStore`: LISTEN/NOTIFY,
   * across instances), else in-process (one instance).
   */
  notifier?: TransactionNotifier;
  /**
   * Called once per final outcome (approved, declined, failed, rejected, review) of a transaction —
   * also one that failed before Mozarto heard of it (`upstreamId` null), so a hold taken in
   * `authorize` is always released or captured — after the webhook has been answered, never twice:
   * that it ran is stored with the transaction, so duplicate webhooks and restarts do not call it
   * again. If it throws it is retried (next delivery of the webhook, next start, or every
   * `outcomeRetryMs`). A crash while it runs means it runs again after the restart: make it
   * idempotent by `transaction.id` (and its `status`: if Mozarto later contradicts a refusal it
   * answered, the new status is reported once more).
   */
  onOutcome?: (transaction: StoredTransaction) => void | Promise<void>;
  /**
   * Where a webhook goes when the store cannot take it (down, or slower than 5 s): kept durably,
   * answered 200, and applied once the store is back (ADR 0020). `openFileJournal(dir)` keeps it
   * on disk; the standalone server uses one by default. Without it such a webhook is answered 500
   * and only Mozarto's retries, if any, bring it again.
   */
  webhookJournal?: WebhookJournal;
  /** Told what happens, for a metrics collector (metrics.ts); default none. The standalone server's is Prometheus. */
  metrics?: ProxyMetrics;
  /** Receives structured entries; default JSON lines on the console. Never given tokens, secrets or field values. */
  logger?: Logger;
  now?: () => Date;
}

/** The event-stream and outcome-hook options, as one group (they are part of `ProxyOptions`). */
export type LiveOptions = Pick<ProxyOptions, 'notifier' | 'onOutcome' | 'onOutcomeTimeoutMs' | 'outcomeRetryMs' | 'eventsPingMs' | 'maxEventStreamsPerUser'>;
