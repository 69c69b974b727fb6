/**
 * The one schema of the proxy's options: each option's rule, message and default (`FIELDS`, kept
 * in step with the types in options.ts by the compiler), the rules that read several options
 * (`acrossOptions`), and the warnings a weaker setting gives at every start (`startWarnings`).
 *
 * `resolveOptions` checks everything in one pass — fields, rules across fields, and the
 * commercial terms against the catalog (methods.ts, method-terms.ts) — and throws ONE
 * ProxyConfigError listing every problem (config-error.ts). What the proxy reads afterwards,
 * `ResolvedOptions`, is the schema's output type. The standalone server checks the settings it
 * reads from its environment with the same schema before it opens anything (`checkProxySettings`).
 */
import * as z from 'zod/mini';
import { Catalog } from '../core/catalog.js';
import type { FeeRule } from '../core/fees.js';
import { isLoopbackHost } from '../core/redirect.js';
import { adminTokenProblem, toCredential, type AdminCredential, type AdminTokenSetting } from './admin/credentials.js';
import type { Authorize } from './authorize.js';
import { orderProblems, ProxyConfigError, type ConfigProblem } from './config-error.js';
import { consoleLogger, type Logger } from './logger.js';
import type { Limits, Scoped } from './method-terms.js';
import { NO_METRICS, type ProxyMetrics } from './metrics.js';
import { DEFAULT_LIMITS, resolveMethods } from './methods.js';
import type { ProxyOptions, ProxySettings, RateLimitOptions, UserContext } from './options.js';
import { MemoryRateLimiter, type RateLimiter } from './rate-limit.js';
import { httpAuthorize } from './merchant/authorize-http.js';
import { secretProblem } from './merchant/signing.js';
import { unsuppliedProfile, type DeclaredGetUser } from './profile.js';
import { InProcessNotifier, type TransactionNotifier } from './store/notifier.js';
import type { TransactionStore } from './store/store.js';
import type { WebhookJournal } from './webhook-journal.js';

/** Mozarto's base URLs (docs/mozarto-api.md §2; paths identical, credentials separate). */
export const MOZARTO_STAGING_URL = 'https://backend.stg-app.mozarto.io';
export const MOZARTO_PRODUCTION_URL = 'https://backend.app.mozarto.io';
/** The sandbox's well-known company token (src/sandbox/options.ts): public, so accepted only for a loopback upstream. */
export const SANDBOX_COMPANY_TOKEN = 'sandbox-company-token';
/** The key a SANDBOX=1 try-out signs `x-user-token` with (the sandbox only decodes it): public too. */
export const SANDBOX_USER_TOKEN_SECRET = 'sandbox-user-token-secret';

/** A host only this machine reaches (core/redirect.ts: the same rule for the redirects). */
export { isLoopbackHost };

/** `https://Shop.example/` → `https://shop.example`; null for anything that is not a bare http(s) origin. */
export function originOf(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash || url.username) return null;
    if (!/^https?:\/\/[^/]+\/?$/i.test(value.trim())) return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}

/** `https://Shop.example/` and `https://shop.example` are one origin (the Origin header's form). */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase();
}

// Every message names options as `{path}` (config-error.ts); no field aborts the pass, so one
// parse finds every problem.

type Issues = { issues: z.core.$ZodRawIssue[] };
const problem = (ctx: Issues, message: string, input: unknown, path: (string | number)[] = []) =>
  void ctx.issues.push({ code: 'custom', message, input, path });
const isFunction = (v: unknown) => typeof v === 'function';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A value that must pass `check`; a failure is reported and the pass goes on. */
const is = <T>(check: (v: unknown) => boolean, message: string) => z.custom<T>(check, { error: message, abort: false });
/** An optional value that, when given, must pass `check`. */
const optional = <T>(check: (v: unknown) => boolean, message: string) => z.optional(is<T>(check, message));
/** A switch: false unless set to true. */
const flag = (name: string) =>
  z.transform((v: unknown, ctx): boolean => {
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') problem(ctx, `{${name}} must be true or false`, v);
    return v === true;
  });
/** A positive number, `fallback` when left out; with `range`, a whole number within it. */
const number = (name: string, fallback: number, range?: readonly [number, number]) =>
  z.transform((v: unknown, ctx): number => {
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !(v > 0)) {
      problem(ctx, `{${name}} must be a positive number`, v);
      return fallback;
    }
    if (range && (!Number.isInteger(v) || v < range[0] || v > range[1])) {
      problem(ctx, `{${name}} must be a whole number from ${range[0]} to ${range[1]}, got ${v}`, v);
      return fallback;
    }
    return v;
  });
/** A secret that, when given, is at least 16 characters. */
const secret = (name: string) =>
  z.transform((v: unknown, ctx): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0) problem(ctx, `{${name}} must not be empty when set`, v);
    else if (v.length < 16) problem(ctx, `{${name}} must be at least 16 characters`, v);
    return v as string;
  });

/** An http(s) URL of the merchant's backend, without credentials or fragment (the signature authenticates the proxy). */
function backendUrl(name: string, v: unknown, ctx: Issues, path: (string | number)[] = []): string | undefined {
  let url: URL;
  try {
    url = new URL(v as string);
  } catch {
    problem(ctx, `{${name}} is not a URL: ${JSON.stringify(v)}`, v, path);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problem(ctx, `{${name}} must be http(s), got ${JSON.stringify(v)}`, v, path);
  else if (url.username || url.password || url.hash)
    problem(ctx, `{${name}} must carry no credentials or fragment: the signature authenticates the proxy`, v, path);
  else return url.href;
  return undefined;
}

/** The `events` option, checked, with its defaults: no URL and no secret when left out. */
export interface ResolvedEvents {
  readonly urls: string[];
  readonly secret?: string;
  readonly timeoutMs: number;
  readonly retryForMs: number;
  readonly pollMs: number;
}

const eventTimings = z.object({
  timeoutMs: number('events.timeoutMs', 10_000, [1000, 60_000]),
  retryForMs: number('events.retryForMs', 3 * 86_400_000, [60_000, 30 * 86_400_000]),
  pollMs: number('events.pollMs', 1000, [100, 60_000]),
});

const FIELDS = {
  upstreamUrl: z.transform((v: unknown, ctx): string => {
    let url: URL;
    try {
      url = new URL(v as string);
    } catch {
      problem(ctx, `{upstreamUrl} is not a URL: ${JSON.stringify(v)}`, v);
      return '';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problem(ctx, '{upstreamUrl} must be http(s)', v);
    else if (url.username || url.password || url.search || url.hash)
      problem(ctx, '{upstreamUrl} must be a plain base URL (no credentials, query or fragment)', v);
    return url.href.replace(/\/+$/, '');
  }),
  allowHttpUpstream: flag('allowHttpUpstream'),
  companyToken: is<string>(
    (v) => typeof v === 'string' && v !== '',
    '{companyToken} is required: the company JWT from the Mozarto back office (Admin Center → API Credentials)',
  ),
  userContext: z.transform((v: unknown, ctx): UserContext => {
    const context = v as UserContext | undefined;
    if (context?.mode !== 'token' && context?.mode !== 'forward') problem(ctx, '{userContext.mode} must be "token" or "forward"', v, ['mode']);
    else if (context.mode === 'token' && !context.secret)
      problem(ctx, '{userContext.secret} is required in token mode: the key the x-user-token is signed with (docs/mozarto-api.md §3)', v, ['secret']);
    return context as UserContext;
  }),
  getUser: is<ProxyOptions['getUser']>(isFunction, '{getUser} must be a function'),
  authorize: optional<Authorize>(isFunction, '{authorize} must be a function'),
  store: is<TransactionStore>((v) => !!v, '{store} is required (see openSqliteStore)'),
  webhookSecret: secret('webhookSecret'),
  acceptUnsignedWebhooks: flag('acceptUnsignedWebhooks'),
  allowedOrigins: z.transform((v: unknown, ctx): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!isStringList(v)) {
      problem(ctx, '{allowedOrigins} must be a list of origins such as "https://shop.example"', v);
      return undefined;
    }
    return v.flatMap((origin) => {
      const normalized = originOf(origin);
      if (normalized === null) problem(ctx, `{allowedOrigins} entry ${JSON.stringify(origin)} is not an origin like https://shop.example`, v);
      // A page on plain http is anybody's on the way to the player, with the player's session.
      else if (normalized.startsWith('http:') && !isLoopbackHost(new URL(normalized).hostname))
        problem(ctx, `{allowedOrigins} entry ${JSON.stringify(origin)} must be https (plain http only for a loopback host such as http://localhost:5173)`, v);
      return normalized === null ? [] : [normalized];
    });
  }),
  allowAnyOrigin: flag('allowAnyOrigin'),
  events: z.transform((v: unknown, ctx): ResolvedEvents => {
    if (v !== undefined && !isRecord(v))
      problem(ctx, '{events} must be an object such as { urls: ["https://wallet.example/cashier-events"], secret: "whsec_…" }', v);
    const o = isRecord(v) ? v : {};
    const urls: string[] = [];
    if (o.urls !== undefined && !isStringList(o.urls)) problem(ctx, '{events.urls} must be a list of URLs', v, ['urls']);
    else
      for (const url of o.urls ?? []) {
        const checked = backendUrl('events.urls', url, ctx, ['urls']);
        if (checked && !urls.includes(checked)) urls.push(checked);
      }
    let secret: string | undefined;
    if (o.secret !== undefined) {
      const wrong = secretProblem(o.secret);
      if (wrong) problem(ctx, `{events.secret} ${wrong}`, v, ['secret']);
      else secret = o.secret as string;
    }
    const timings = eventTimings.safeParse(o);
    if (!timings.success) for (const issue of timings.error.issues) problem(ctx, issue.message, v, issue.path as string[]);
    const { timeoutMs, retryForMs, pollMs } = timings.success ? timings.data : { timeoutMs: 10_000, retryForMs: 3 * 86_400_000, pollMs: 1000 };
    return { urls, ...(secret !== undefined ? { secret } : {}), timeoutMs, retryForMs, pollMs };
  }),
  authorizeUrl: z.transform((v: unknown, ctx): string | undefined => (v === undefined ? undefined : backendUrl('authorizeUrl', v, ctx))),
  authorizeTimeoutMs: number('authorizeTimeoutMs', 5000, [100, 30_000]),
  allowHttpBackend: flag('allowHttpBackend'),
  payoutsUnchecked: flag('payoutsUnchecked'),
  catalog: z.transform((v: unknown, ctx): Catalog => {
    if (v === undefined) return new Catalog();
    if (!(v instanceof Catalog)) problem(ctx, '{catalog} must be a Catalog', v);
    return v as Catalog;
  }),
  // The commercial options: their shapes here, their values against the catalog in `acrossOptions`.
  methods: optional<ProxySettings['methods']>(
    (v) => isRecord(v) && [v.payin, v.payout].every((list) => list === undefined || isStringList(list)),
    '{methods} must be { payin?: pspType[], payout?: pspType[] }',
  ),
  cardEntry: flag('cardEntry'),
  currencies: optional<Record<string, string[]>>(
    (v) => isRecord(v) && Object.values(v).every(isStringList),
    '{currencies} must map pspTypes to lists of currency codes',
  ),
  limits: z.transform((v: unknown, ctx): Scoped<Limits> & { readonly min: string; readonly max: string } => {
    if (v !== undefined && !isRecord(v)) problem(ctx, '{limits} must be an object such as { min: "1.00", max: "10000.00" }', v);
    return { ...DEFAULT_LIMITS, ...(isRecord(v) ? v : {}) } as Scoped<Limits> & { min: string; max: string };
  }),
  fees: optional<Scoped<FeeRule>>(isRecord, '{fees} must be an object such as { percent: "1.5", min: "0.50" }'),
  amountPresets: optional<string[]>((v) => Array.isArray(v), '{amountPresets} must be a list of amounts'),
  amountPresetsByMethod: optional<Record<string, string[]>>(
    (v) => isRecord(v) && Object.values(v).every(Array.isArray),
    '{amountPresetsByMethod} must map pspTypes to lists of amounts',
  ),
  logos: optional<Record<string, string>>((v) => isRecord(v) && Object.values(v).every((url) => typeof url === 'string'), '{logos} must map pspTypes to URLs'),
  redirectHosts: z.transform((v: unknown, ctx): Record<string, string[]> => {
    const hosts: Record<string, string[]> = {};
    for (const [pspType, list] of Object.entries(isRecord(v) ? v : {})) {
      if (!isStringList(list) || list.length === 0 || !list.every((h) => /^(\*\.)?[a-z0-9.-]+$/i.test(h.trim()))) {
        problem(ctx, `{redirectHosts.${pspType}} must be a non-empty list of host names such as "pay.example" or "*.example.com"`, v, [pspType]);
      } else hosts[pspType] = list.map((h) => h.trim().toLowerCase());
    }
    return hosts;
  }),
  basePath: z.transform((v: unknown, ctx): string => {
    const raw = typeof v === 'string' ? v : '/api/cashier';
    if (v !== undefined && (typeof v !== 'string' || !/^[A-Za-z0-9._~\-/]*$/.test(v)))
      problem(ctx, `{basePath} must be a path such as /api/cashier, got ${JSON.stringify(v)}`, v);
    return `/${raw.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  }),
  upstreamTimeoutMs: number('upstreamTimeoutMs', 15_000, [100, 120_000]),
  // Its default reads upstreamTimeoutMs (`optionsSchema`); its floor is a rule across options.
  staleAfterMs: z.transform((v: unknown, ctx): number | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1000 || v > 86_400_000) {
      problem(ctx, `{staleAfterMs} must be a whole number of ms from 1000 to 86400000, got ${JSON.stringify(v)}`, v);
      return undefined;
    }
    return v;
  }),
  retentionDays: number('retentionDays', 30),
  pruneIntervalMs: number('pruneIntervalMs', 3_600_000),
  idempotencySecret: secret('idempotencySecret'),
  maxBodyBytes: number('maxBodyBytes', 16_384, [1024, 1_048_576]),
  rateLimit: z.transform((v: unknown, ctx): Required<RateLimitOptions> | false => {
    if (v === false) return false;
    const limits = rateLimitSchema.safeParse(isRecord(v) ? v : {});
    if (!limits.success) for (const issue of limits.error.issues) problem(ctx, issue.message, v, issue.path as string[]);
    return limits.success ? limits.data : false;
  }),
  rateLimiter: optional<RateLimiter>((v) => isRecord(v) && isFunction(v.take), '{rateLimiter} must have take(key, max, windowMs, nowMs)'),
  notifier: optional<TransactionNotifier>(
    (v) => isRecord(v) && isFunction(v.publish) && isFunction(v.subscribe),
    '{notifier} must have publish(transaction) and subscribe(id, listener)',
  ),
  onOutcome: optional<NonNullable<ProxyOptions['onOutcome']>>(isFunction, '{onOutcome} must be a function'),
  webhookJournal: optional<WebhookJournal>(
    (v) => isRecord(v) && isFunction(v.append) && isFunction(v.list) && isFunction(v.remove),
    '{webhookJournal} must have append(payload, receivedAt), list(limit) and remove(id) (see openFileJournal)',
  ),
  onOutcomeTimeoutMs: number('onOutcomeTimeoutMs', 30_000),
  outcomeRetryMs: number('outcomeRetryMs', 60_000),
  eventsPingMs: number('eventsPingMs', 15_000),
  maxEventStreamsPerUser: number('maxEventStreamsPerUser', 10),
  admin: z.transform((v: unknown, ctx): { readonly credentials: readonly AdminCredential[]; readonly attentionAfterMs: number } => {
    const fallback = { credentials: [], attentionAfterMs: 900_000 };
    if (v === undefined || v === null) return fallback;
    if (!isRecord(v)) {
      problem(ctx, '{admin} must be an object such as { tokens: [{ name, role, token }] }', v);
      return fallback;
    }
    const tokens = v.tokens ?? [];
    // Checked once already (the standalone server checks its settings before the proxy does).
    const checked = Array.isArray(v.credentials) && v.credentials.every((c) => isRecord(c) && isFunction(c.digest)) ? (v.credentials as AdminCredential[]) : [];
    const credentials: AdminCredential[] = [...checked];
    if (!Array.isArray(tokens)) problem(ctx, '{admin.tokens} must be a list of { name, role, token }', v, ['tokens']);
    else {
      const names = new Set<string>();
      tokens.forEach((token: unknown, i) => {
        const why = adminTokenProblem(token);
        if (why) return problem(ctx, `{admin.tokens.${i}}: ${why}`, undefined, ['tokens', i]);
        const setting = token as AdminTokenSetting;
        if (names.has(setting.name))
          return problem(ctx, `{admin.tokens.${i}}: the name ${JSON.stringify(setting.name)} is taken twice`, undefined, ['tokens', i]);
        names.add(setting.name);
        credentials.push(toCredential(setting));
      });
    }
    const after = v.attentionAfterMs ?? 900_000;
    if (typeof after !== 'number' || !Number.isInteger(after) || after < 60_000 || after > 30 * 86_400_000) {
      problem(ctx, `{admin.attentionAfterMs} must be a whole number from 60000 to ${30 * 86_400_000}, got ${JSON.stringify(after)}`, v, ['attentionAfterMs']);
      return { credentials, attentionAfterMs: 900_000 };
    }
    return { credentials, attentionAfterMs: after };
  }),
  metrics: optional<ProxyMetrics>(
    (v) => isRecord(v) && isFunction(v.created) && isFunction(v.upstreamCall) && isFunction(v.webhook) && isFunction(v.eventStreams),
    '{metrics} must have created, upstreamCall, webhook and eventStreams',
  ),
  logger: optional<Logger>((v) => isRecord(v) && isFunction(v.log), '{logger} must have log(entry)'),
  now: optional<() => Date>(isFunction, '{now} must be a function'),
} satisfies { [K in keyof Required<ProxyOptions>]: z.ZodMiniType };

const rateLimitSchema = z.object({
  windowMs: number('rateLimit.windowMs', 60_000, [1000, 86_400_000]),
  perUser: number('rateLimit.perUser', 20, [1, 100_000]),
  perIp: number('rateLimit.perIp', 60, [1, 1_000_000]),
});

/** The parts code plugs in; the rest are the settings. */
const PARTS = {
  getUser: true,
  authorize: true,
  store: true,
  catalog: true,
  rateLimiter: true,
  notifier: true,
  onOutcome: true,
  webhookJournal: true,
  metrics: true,
  logger: true,
  now: true,
} as const;
const SETTINGS = Object.fromEntries(Object.entries(FIELDS).filter(([key]) => !(key in PARTS))) as Omit<typeof FIELDS, keyof typeof PARTS>;
SETTINGS satisfies { [K in keyof Required<ProxySettings>]: z.ZodMiniType };

/** The settings, checked and with their defaults: what the standalone server passes on to the proxy. */
export type CheckedSettings = z.output<z.ZodMiniObject<typeof SETTINGS>>;
const COMMERCIAL = ['catalog', 'methods', 'cardEntry', 'currencies', 'limits', 'fees', 'amountPresets', 'amountPresetsByMethod', 'logos'];

/**
 * The rules that read more than one option, each under the option it is reported with. Each runs
 * only when the options it reads passed their own checks, so a problem is told once, by its cause.
 */
function acrossOptions(value: CheckedSettings & { catalog?: Catalog }, ctx: Issues): void {
  const failed = new Set(ctx.issues.map((issue) => String(issue.path?.[0])));
  const fine = (...keys: string[]) => keys.every((key) => !failed.has(key));
  const report = (path: string, message: string) => problem(ctx, message, value, path.split('.'));
  if (fine('webhookSecret', 'acceptUnsignedWebhooks') && value.webhookSecret === undefined && !value.acceptUnsignedWebhooks) {
    report(
      'webhookSecret',
      '{webhookSecret} is required (the Authorization secret of the webhook, docs/mozarto-api.md §7); for a local sandbox only, {acceptUnsignedWebhooks}: true accepts unsigned webhooks',
    );
  }
  if (fine('allowedOrigins', 'allowAnyOrigin') && value.allowAnyOrigin && value.allowedOrigins) {
    report('allowedOrigins', '{allowedOrigins} and {allowAnyOrigin} are exclusive');
  }
  const upstream = fine('upstreamUrl') ? new URL(value.upstreamUrl) : undefined;
  const loopback = upstream !== undefined && isLoopbackHost(upstream.hostname);
  // Over plain http the company token and the players' details cross the network in clear.
  if (upstream?.protocol === 'http:' && !loopback && fine('allowHttpUpstream') && !value.allowHttpUpstream) {
    report(
      'upstreamUrl',
      `{upstreamUrl} must be https (plain http only for a loopback host, or with {allowHttpUpstream}: true), got ${JSON.stringify(value.upstreamUrl)}; Mozarto: ${MOZARTO_STAGING_URL} (sandbox) or ${MOZARTO_PRODUCTION_URL}`,
    );
  }
  if (upstream && !loopback && fine('companyToken') && value.companyToken === SANDBOX_COMPANY_TOKEN) {
    report('companyToken', '{companyToken} is the sandbox token; set the company JWT from the Mozarto back office');
  }
  if (upstream && !loopback && fine('userContext') && value.userContext.mode === 'token' && value.userContext.secret === SANDBOX_USER_TOKEN_SECRET) {
    report('userContext.secret', "{userContext.secret} is the sandbox's public key; set the key your Mozarto account verifies x-user-token with");
  }
  // A create still waiting on Mozarto must never be taken for a stranded one.
  if (fine('staleAfterMs', 'upstreamTimeoutMs') && value.staleAfterMs !== undefined && value.staleAfterMs < value.upstreamTimeoutMs + 5000) {
    report('staleAfterMs', `{staleAfterMs} must be at least {upstreamTimeoutMs} + 5000 (${value.upstreamTimeoutMs + 5000}), got ${value.staleAfterMs}`);
  }
  if (fine(...COMMERCIAL)) resolveMethods(value.catalog ?? new Catalog(), value, report);
  if (fine('events') && value.events.urls.length > 0 && value.events.secret === undefined) {
    report('events.secret', '{events.secret} is required with {events.urls}: the Standard Webhooks secret (whsec_…) the events are signed with');
  }
  if (fine('events', 'authorizeUrl') && value.authorizeUrl !== undefined && value.events.secret === undefined) {
    report('events.secret', '{events.secret} is required with {authorizeUrl}: the Standard Webhooks secret (whsec_…) the authorize requests are signed with');
  }
  if (fine('authorize', 'authorizeUrl') && value.authorizeUrl !== undefined && (value as { authorize?: unknown }).authorize !== undefined) {
    report('authorizeUrl', '{authorizeUrl} and {authorize} are exclusive: the merchant authorizes over HTTP or in process');
  }
  // Over plain http the events (amounts, the players' ids), the profiles and the signed bodies cross the network in clear.
  if (fine('events', 'authorizeUrl', 'allowHttpBackend') && !value.allowHttpBackend) {
    const urls = [
      ...value.events.urls.map((url) => ['events.urls', url] as const),
      ...(value.authorizeUrl ? [['authorizeUrl', value.authorizeUrl] as const] : []),
    ];
    for (const [path, url] of urls) {
      const { protocol, hostname } = new URL(url);
      if (protocol === 'http:' && !isLoopbackHost(hostname))
        report(path, `{${path}} must be https (plain http only for a loopback host, or with {allowHttpBackend}: true), got ${JSON.stringify(url)}`);
    }
  }
}

const across = z.superRefine(acrossOptions, { when: (payload) => isRecord(payload.value) });
const settingsSchema = z.object(SETTINGS).check(across);

/**
 * The one schema of the proxy's options. After every check has passed, the forms the proxy reads:
 * origins as a set, hosts as a map, the methods resolved, and the parts' defaults — the store's
 * notifier and limiter when it shares them (Postgres), else this process's.
 */
export const optionsSchema = z.pipe(
  z.object(FIELDS).check(across),
  z.transform((o) => {
    const shared = o.store as { notifier?: TransactionNotifier; rateLimiter?: RateLimiter };
    const now = o.now ?? (() => new Date());
    // The merchant's say: in process, or over HTTP (the same rules: authorize.ts).
    const authorize =
      o.authorize ??
      (o.authorizeUrl !== undefined && o.events.secret !== undefined
        ? httpAuthorize({ url: o.authorizeUrl, secret: o.events.secret, timeoutMs: o.authorizeTimeoutMs, now })
        : undefined);
    // What the deployment can tell a provider of the player (profile.ts): a provider needing more is not offered.
    const sources = { getUser: (o.getUser as DeclaredGetUser).profileFields, authorize: authorize !== undefined };
    return {
      ...o,
      authorize,
      acceptUnsignedWebhooks: o.webhookSecret === undefined && o.acceptUnsignedWebhooks,
      /** `'any'` (allowAnyOrigin), a set, or `'same'`: only the request's own origin. */
      allowedOrigins: o.allowAnyOrigin ? ('any' as const) : o.allowedOrigins ? new Set(o.allowedOrigins) : ('same' as const),
      /** Lower-cased host patterns by pspType and `'*'`. */
      redirectHosts: new Map(Object.entries(o.redirectHosts)) as ReadonlyMap<string, readonly string[]>,
      idempotencySecret: o.idempotencySecret ?? `company-token:${o.companyToken}`,
      retentionMs: o.retentionDays * 86_400_000,
      staleAfterMs: o.staleAfterMs ?? 2 * o.upstreamTimeoutMs + 60_000,
      methods: resolveMethods(o.catalog, { ...o, unsupplied: (def, flow) => unsuppliedProfile(def, flow, sources) }),
      rateLimiter: o.rateLimiter ?? shared.rateLimiter ?? new MemoryRateLimiter(),
      notifier: o.notifier ?? shared.notifier ?? new InProcessNotifier(),
      metrics: o.metrics ?? NO_METRICS,
      logger: o.logger ?? consoleLogger(),
      now,
    };
  }),
);

/** What the proxy reads: the options checked, with their defaults and in the forms it uses. */
export type ResolvedOptions = Readonly<z.output<typeof optionsSchema>>;

const FIELD_ORDER = Object.keys(FIELDS);
const problemsOf = (error: z.core.$ZodError): ConfigProblem[] =>
  orderProblems(
    error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    FIELD_ORDER,
  );

/** Checks `options` in one pass; throws one ProxyConfigError naming every problem. */
export function resolveOptions(options: ProxyOptions): ResolvedOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success) throw new ProxyConfigError(problemsOf(result.error));
  return result.data;
}

/**
 * Checks the settings alone, before any store exists (the standalone server reads them from its
 * environment): the same rules as `resolveOptions`, the same problems.
 */
export function checkProxySettings(settings: ProxySettings): { readonly settings: CheckedSettings } | { readonly problems: ConfigProblem[] } {
  const result = settingsSchema.safeParse(settings);
  return result.success ? { settings: result.data } : { problems: problemsOf(result.error) };
}

/** One line each for the weaker settings in use, logged at every start (README "Secure defaults"). */
export function startWarnings(o: ResolvedOptions): { readonly msg: string; readonly fields?: Record<string, unknown> }[] {
  const warnings: { msg: string; fields?: Record<string, unknown> }[] = [];
  if (o.acceptUnsignedWebhooks) {
    warnings.push({
      msg: 'acceptUnsignedWebhooks: webhooks are accepted without a secret; anybody who reaches the webhook route can settle transactions (local sandbox only)',
    });
  }
  // Accepted only for a loopback upstream (acrossOptions), and said loudly: public credentials.
  const publicCredentials = [
    ...(o.companyToken === SANDBOX_COMPANY_TOKEN ? ['companyToken'] : []),
    ...(o.userContext.mode === 'token' && o.userContext.secret === SANDBOX_USER_TOKEN_SECRET ? ['userContext.secret'] : []),
  ];
  if (publicCredentials.length) {
    warnings.push({
      msg: "the sandbox's public credentials are in use: anybody can sign as this merchant; a try-out against a local sandbox, never a deployment",
      fields: { options: publicCredentials, upstreamUrl: o.upstreamUrl },
    });
  }
  if (o.allowHttpUpstream && new URL(o.upstreamUrl).protocol === 'http:' && !isLoopbackHost(new URL(o.upstreamUrl).hostname)) {
    warnings.push({ msg: "allowHttpUpstream: the company token and the players' details go to Mozarto unencrypted", fields: { upstreamUrl: o.upstreamUrl } });
  }
  const offered = [...o.methods.byFlow.payin.values(), ...o.methods.byFlow.payout.values()];
  const cardTaking = [...new Set(offered.filter((m) => m.def.cardEntry).map((m) => m.def.pspType))];
  if (cardTaking.length) {
    warnings.push({
      msg: 'cardEntry: players type card numbers into your page, which puts it in PCI DSS scope (docs/adr/0004-card-entry.md)',
      fields: { providers: cardTaking },
    });
  }
  const redirecting = offered.filter((m) => m.flowDef.outcome.kind === 'redirect').map((m) => m.def.pspType);
  const unlisted = [...new Set(redirecting)].filter((pspType) => !o.redirectHosts.has(pspType) && !o.redirectHosts.has('*'));
  if (unlisted.length) warnings.push({ msg: 'redirectHosts not set: these providers may redirect to any https host', fields: { providers: unlisted } });
  if (o.allowedOrigins === 'any') warnings.push({ msg: "allowAnyOrigin: every origin may call the cashier with the player's credentials" });
  // Money leaves on the player's word alone: nothing checks the balance, and 10 concurrent pay-outs all pass.
  if (o.methods.byFlow.payout.size > 0 && o.authorize === undefined) {
    warnings.push({
      msg: `${o.payoutsUnchecked ? 'payoutsUnchecked: ' : ''}pay-outs are offered and nothing asks the merchant before money leaves: set authorizeUrl (CASHIER_AUTHORIZE_URL) or authorize, which holds the amount under the transaction's id`,
      fields: { payout: [...o.methods.byFlow.payout.keys()] },
    });
  }
  for (const { pspType, flow, missing } of o.methods.leftOut) {
    warnings.push({
      msg: `${pspType} is not offered for ${flow}: it needs the player's ${missing.join(', ')}, which this deployment cannot supply; answer them in the profile of authorizeUrl (CASHIER_AUTHORIZE_URL) or authorize`,
      fields: { pspType, flow, missing },
    });
  }
  const clear = o.events.urls.filter((url) => new URL(url).protocol === 'http:' && !isLoopbackHost(new URL(url).hostname));
  if (o.allowHttpBackend && clear.length)
    warnings.push({ msg: "allowHttpBackend: the merchant's backend is reached over plain http", fields: { urls: clear } });
  return warnings;
}
