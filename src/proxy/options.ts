/**
 * The proxy's configuration, in one module: the public option types (the core ones, the live
 * side's — event stream and outcome hook —, the rate limits, the user context) and their
 * defaults, resolved and checked once by one zod schema (`optionsSchema`) when the proxy is
 * created, so that a misconfiguration fails at start-up, not on a payment.
 */
import * as z from 'zod/mini';
import { Catalog } from '../core/catalog.js';
import type { FeeRule } from '../core/fees.js';
import type { Authorize } from './authorize.js';
import type { Limits, Scoped } from './method-terms.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';
import type { TransactionNotifier } from './store/notifier.js';
import type { StoredTransaction, TransactionStore } from './store/store.js';

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

/** The event-stream and outcome-hook options (`notifier`, `onOutcome`, …) are `LiveOptions` below. */
export type UserContext =
  | { readonly mode: 'token'; readonly secret: string }
  | {
      readonly mode: 'forward';
      readonly header?: string;
      /** Finds the player's token some other way (e.g. a session cookie, ADR 0005); wins over `header`. */
      readonly token?: (request: Request) => string | null;
    };

export interface RateLimitOptions {
  /** Window length; default 60 000 ms. */
  readonly windowMs?: number;
  /** Transactions one user may create per window; default 20. */
  readonly perUser?: number;
  /** Transactions one IP address may create per window; default 60. */
  readonly perIp?: number;
}

export interface ProxyOptions extends LiveOptions {
  /** Mozarto base URL, e.g. 'https://backend.stg-app.mozarto.io' or the sandbox 'http://127.0.0.1:5174' (§2). */
  upstreamUrl: string;
  /** Company JWT from the Mozarto back office, sent as `Authorization: Bearer <companyToken>` (§3). */
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
   * constant time. Required: without it anybody could post an `Approved` webhook.
   */
  webhookSecret?: string;
  /**
   * Accept webhooks without a secret. For a local sandbox only: anybody who can reach the webhook
   * route can then settle any transaction. Logs a warning at start.
   */
  acceptUnsignedWebhooks?: boolean;
  /** Who is logged in; null means nobody (401). The one function a merchant writes. */
  getUser(request: Request): CashierUser | null | Promise<CashierUser | null>;
  /**
   * The merchant's check before any upstream call, for pay-ins and pay-outs (balance, KYC,
   * limits, self-exclusion): `{ ok: true }`, or `{ ok: false, reason }` with a reason from
   * `REFUSAL_REASONS` (and, for `limit_reached`, `remaining` and `resetsAt`). See authorize.ts.
   */
  authorize?: Authorize;
  store: TransactionStore;
  /** Default: `new Catalog()` with the built-in providers. */
  catalog?: Catalog;
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
  /**
   * Origins allowed to call the browser routes; a request whose Origin header is present and not
   * listed is refused (403); webhooks are exempt. Default: only the request's own origin (scheme +
   * Host), i.e. the widget served from the proxy's own site.
   */
  allowedOrigins?: string[];
  /** Let any origin call the browser routes (with credentials). Weaker than the default; logs a warning at start. */
  allowAnyOrigin?: boolean;
  /**
   * Key of the HMAC that stores idempotency body hashes (never the body itself). Default: derived
   * from `companyToken`, which every instance of one merchant shares. At least 16 characters.
   */
  idempotencySecret?: string;
  /**
   * Days idempotency records and raw webhook payloads are kept (default 30); after that a prune
   * in the background deletes the records and empties the payloads. Transactions stay.
   */
  retentionDays?: number;
  /** How often the background prune runs; default 3 600 000 (an hour). */
  pruneIntervalMs?: number;
  /** Default '/api/cashier'. */
  basePath?: string;
  /** Default 15000. */
  upstreamTimeoutMs?: number;
  /** Default 16384. */
  maxBodyBytes?: number;
  /** Limits on creating transactions; default 20 per user and 60 per IP a minute; `false` turns them off. */
  rateLimit?: RateLimitOptions | false;
  /**
   * Where the limits are counted: default the store's shared limiter when it has one (Postgres:
   * across instances), else this process's memory (each instance enforces its own share).
   */
  rateLimiter?: RateLimiter;
  /** Receives structured entries; default JSON lines on the console. Never given tokens, secrets or field values. */
  logger?: Logger;
  now?: () => Date;
}

export interface ResolvedOptions {
  readonly upstreamUrl: string;
  readonly companyToken: string;
  readonly userContext: UserContext;
  readonly webhookSecret: string | undefined;
  readonly acceptUnsignedWebhooks: boolean;
  readonly getUser: ProxyOptions['getUser'];
  readonly authorize: Authorize | undefined;
  readonly store: TransactionStore;
  readonly catalog: Catalog;
  /** `'any'` (allowAnyOrigin), a list, or `'same'`: only the request's own origin. */
  readonly allowedOrigins: ReadonlySet<string> | 'any' | 'same';
  readonly basePath: string;
  /** Lower-cased host patterns by pspType and `'*'`. */
  readonly redirectHosts: ReadonlyMap<string, readonly string[]>;
  readonly idempotencySecret: string;
  readonly retentionMs: number;
  readonly pruneIntervalMs: number;
  readonly upstreamTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly rateLimit: Required<RateLimitOptions> | false;
  readonly now: () => Date;
}

export function resolveOptions(options: ProxyOptions): ResolvedOptions {
  const checked = parseOptions(coreSchema, options, crossFieldProblems(options));
  return {
    upstreamUrl: checked.upstreamUrl,
    companyToken: options.companyToken,
    userContext: options.userContext,
    webhookSecret: options.webhookSecret,
    acceptUnsignedWebhooks: options.webhookSecret === undefined && options.acceptUnsignedWebhooks === true,
    getUser: options.getUser,
    authorize: options.authorize,
    store: options.store,
    catalog: options.catalog ?? new Catalog(),
    allowedOrigins: options.allowAnyOrigin === true ? 'any' : options.allowedOrigins ? new Set(options.allowedOrigins.map(normalizeOrigin)) : 'same',
    basePath: checked.basePath,
    redirectHosts: checked.redirectHosts,
    idempotencySecret: options.idempotencySecret ?? `company-token:${options.companyToken}`,
    retentionMs: checked.retentionDays * 86_400_000,
    pruneIntervalMs: checked.pruneIntervalMs,
    upstreamTimeoutMs: checked.upstreamTimeoutMs,
    maxBodyBytes: checked.maxBodyBytes,
    rateLimit: checked.rateLimit,
    now: options.now ?? (() => new Date()),
  };
}

/** `https://Shop.example/` and `https://shop.example` are one origin. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

export interface LiveOptions {
  /**
   * Carries changes from the instance that receives a webhook to the instance streaming the
   * player's events. Default: the store's own when it has one (`openPostgresStore`: LISTEN/NOTIFY,
   * across instances), else in-process (one instance).
   */
  notifier?: TransactionNotifier;
  /**
   * Called once per final outcome (approved, declined, failed, rejected) of a transaction that
   * exists at Mozarto — after the webhook has been answered, never twice: that it ran is stored
   * with the transaction, so duplicate webhooks and restarts do not call it again. If it throws
   * it is retried (next delivery of the webhook, next start, or every `outcomeRetryMs`). A crash
   * while it runs means it runs again after the restart: make it idempotent by `transaction.id`.
   */
  onOutcome?: (transaction: StoredTransaction) => void | Promise<void>;
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
}

export interface ResolvedLiveOptions {
  readonly notifier: TransactionNotifier;
  readonly onOutcome: LiveOptions['onOutcome'];
  readonly onOutcomeTimeoutMs: number;
  readonly outcomeRetryMs: number;
  readonly eventsPingMs: number;
  readonly maxEventStreamsPerUser: number;
}

export function resolveLiveOptions(options: LiveOptions, fallbackNotifier: () => TransactionNotifier): ResolvedLiveOptions {
  const checked = parseOptions(liveSchema, options);
  return {
    notifier: options.notifier ?? fallbackNotifier(),
    onOutcome: options.onOutcome,
    onOutcomeTimeoutMs: checked.onOutcomeTimeoutMs,
    outcomeRetryMs: checked.outcomeRetryMs,
    eventsPingMs: checked.eventsPingMs,
    maxEventStreamsPerUser: checked.maxEventStreamsPerUser,
  };
}

/** A positive number option: its value, or `fallback` when left out. */
const positive = (name: string, fallback: number) => {
  const error = `${name} must be a positive number`;
  return z.pipe(
    z.transform((v: unknown) => v ?? fallback),
    z.number({ error }).check(z.refine((v) => v > 0, { error })),
  );
};
const rateLimitSchema = z.object({
  windowMs: positive('rateLimit.windowMs', 60_000),
  perUser: positive('rateLimit.perUser', 20),
  perIp: positive('rateLimit.perIp', 60),
});
const isFunction = (v: unknown) => typeof v === 'function';

/**
 * The one schema of the proxy's options: each field's check, message and default. Functions and
 * objects the merchant passes (store, logger, notifier, …) are checked for presence only; the
 * two rules that span fields are in `crossFieldProblems`.
 */
export const optionsSchema = z.object({
  upstreamUrl: z.transform((v: unknown, ctx) => {
    let url: URL;
    try {
      url = new URL(v as string);
    } catch {
      ctx.issues.push({ code: 'custom', message: `upstreamUrl is not a URL: ${JSON.stringify(v)}`, input: v });
      return '';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') ctx.issues.push({ code: 'custom', message: 'upstreamUrl must be http(s)', input: v });
    return url.href.replace(/\/+$/, '');
  }),
  companyToken: z.custom<string>((v) => !!v, { error: 'companyToken is required' }),
  userContext: z.custom<UserContext>().check((ctx) => {
    const context = ctx.value as UserContext | undefined;
    if (context?.mode === 'token' && !context.secret)
      ctx.issues.push({ code: 'custom', message: 'userContext.secret is required in token mode', input: context });
    if (context?.mode !== 'token' && context?.mode !== 'forward')
      ctx.issues.push({ code: 'custom', message: 'userContext.mode must be "token" or "forward"', input: context });
  }),
  getUser: z.custom<ProxyOptions['getUser']>(isFunction, { error: 'getUser must be a function' }),
  authorize: z.optional(z.custom<Authorize>(isFunction, { error: 'authorize must be a function' })),
  store: z.custom<TransactionStore>((v) => !!v, { error: 'store is required (see openSqliteStore)' }),
  webhookSecret: z.optional(z.custom<string>((v) => (v as string).length !== 0, { error: 'webhookSecret must not be empty when set' })),
  allowedOrigins: z.optional(z.custom<string[]>()),
  redirectHosts: z.transform((v: unknown, ctx) => {
    const hosts = new Map<string, readonly string[]>();
    for (const [pspType, list] of Object.entries((v ?? {}) as Record<string, unknown>)) {
      if (!Array.isArray(list) || list.length === 0 || !list.every((h) => typeof h === 'string' && /^(\*\.)?[a-z0-9.-]+$/i.test(h.trim()))) {
        ctx.issues.push({
          code: 'custom',
          message: `redirectHosts.${pspType} must be a non-empty list of host names such as "pay.example" or "*.example.com"`,
          input: v,
        });
      } else
        hosts.set(
          pspType,
          list.map((h: string) => h.trim().toLowerCase()),
        );
    }
    return hosts as ReadonlyMap<string, readonly string[]>;
  }),
  basePath: z.transform((v: unknown) => `/${((v as string | undefined) ?? '/api/cashier').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '')),
  upstreamTimeoutMs: positive('upstreamTimeoutMs', 15_000),
  retentionDays: positive('retentionDays', 30),
  pruneIntervalMs: positive('pruneIntervalMs', 3_600_000),
  idempotencySecret: z.optional(z.custom<string>((v) => (v as string).length >= 16, { error: 'idempotencySecret must be at least 16 characters' })),
  maxBodyBytes: positive('maxBodyBytes', 16_384),
  rateLimit: z.transform((v: unknown, ctx): Required<RateLimitOptions> | false => {
    if (v === false) return false;
    const limits = rateLimitSchema.safeParse(typeof v === 'object' && v !== null ? v : {});
    if (limits.success) return limits.data;
    for (const issue of limits.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, input: v });
    return false;
  }),
  // The live side (LiveOptions), resolved on its own once the store's notifier is known.
  onOutcome: z.optional(z.custom<NonNullable<LiveOptions['onOutcome']>>(isFunction, { error: 'onOutcome must be a function' })),
  onOutcomeTimeoutMs: positive('onOutcomeTimeoutMs', 30_000),
  outcomeRetryMs: positive('outcomeRetryMs', 60_000),
  eventsPingMs: positive('eventsPingMs', 15_000),
  maxEventStreamsPerUser: positive('maxEventStreamsPerUser', 10),
});

const LIVE_KEYS = { onOutcome: true, onOutcomeTimeoutMs: true, outcomeRetryMs: true, eventsPingMs: true, maxEventStreamsPerUser: true } as const;
const coreSchema = z.omit(optionsSchema, LIVE_KEYS);
const liveSchema = z.pick(optionsSchema, LIVE_KEYS);
const FIELD_ORDER = Object.keys(optionsSchema.shape);

/** Parses `options` with `schema`, or throws one TypeError naming every problem in field order. */
function parseOptions<S extends z.ZodMiniType>(schema: S, options: object, cross: ReadonlyArray<readonly [string, string]> = []): z.output<S> {
  const result = schema.safeParse(options);
  const problems = [...(result.success ? [] : result.error.issues.map((i) => [String(i.path[0]), i.message] as const)), ...cross];
  if (problems.length) {
    const order = (key: string) => FIELD_ORDER.indexOf(key);
    const messages = problems.sort((a, b) => order(a[0]) - order(b[0])).map(([, message]) => message);
    throw new TypeError(`createCashierProxy: ${messages.join('; ')}`);
  }
  return result.data as z.output<S>;
}

/** The rules that span two fields, each under the field it is reported with. */
function crossFieldProblems(options: ProxyOptions): Array<readonly [string, string]> {
  const problems: Array<readonly [string, string]> = [];
  if (options.webhookSecret === undefined && options.acceptUnsignedWebhooks !== true) {
    problems.push([
      'webhookSecret',
      'webhookSecret is required (the Authorization secret of the webhook, docs/mozarto-api.md §7); for a local sandbox only, acceptUnsignedWebhooks: true accepts unsigned webhooks',
    ]);
  }
  if (options.allowAnyOrigin === true && options.allowedOrigins) problems.push(['allowedOrigins', 'allowedOrigins and allowAnyOrigin are exclusive']);
  return problems;
}
