/**
 * The standalone server's configuration, read from environment variables by a PURE function:
 * `readEnvConfig(env)` → `{ options }` or `{ problems }`, each problem naming its variable, so a
 * bad deployment stops at start-up with a message a person can act on (server.ts exits 1).
 *
 * Mozarto's base URLs (docs/mozarto-api.md §2, paths identical, credentials separate):
 *   sandbox / staging  https://backend.stg-app.mozarto.io
 *   production         https://backend.app.mozarto.io
 * Unset, MOZARTO_URL is the local sandbox (`npm run sandbox`-style, http://127.0.0.1:5174), or the
 * embedded one with SANDBOX=1.
 */
import { parseAmount } from '../core/amount.js';
import { Catalog } from '../core/catalog.js';
import type { Flow } from '../core/psp/types.js';
import type { LogLevel } from './logger.js';
import type { FeeRule } from '../core/fees.js';
import type { Limits, Scoped } from './method-terms.js';

export const MOZARTO_STAGING_URL = 'https://backend.stg-app.mozarto.io';
export const MOZARTO_PRODUCTION_URL = 'https://backend.app.mozarto.io';
export const LOCAL_SANDBOX_URL = 'http://127.0.0.1:5174';
/** The sandbox's default company token (src/sandbox/options.ts); only ever accepted for a local upstream. */
export const SANDBOX_COMPANY_TOKEN = 'sandbox-company-token';

export type Env = Readonly<Record<string, string | undefined>>;

export interface StandaloneConfig {
  readonly listen: { readonly port: number; readonly host: string };
  readonly basePath: string;
  readonly upstreamUrl: string;
  readonly companyToken: string;
  readonly userContext: { readonly mode: 'token'; readonly secret: string } | { readonly mode: 'forward' };
  readonly webhookSecret: string | undefined;
  readonly session: {
    /** undefined only with SANDBOX=1: the server then makes one up and prints a demo token. */
    readonly secret: string | undefined;
    readonly cookieName: string | null;
    readonly maxLifetimeSeconds: number;
    readonly issuer?: string;
    readonly audience?: string;
  };
  /** undefined = only the proxy's own origin (SANDBOX=1 without the variable); `'any'` with CASHIER_ALLOWED_ORIGINS=*. */
  readonly allowedOrigins: string[] | 'any' | undefined;
  readonly dbPath: string;
  /** CASHIER_DATABASE_URL: a shared PostgreSQL database for several instances; wins over dbPath. */
  readonly databaseUrl: string | undefined;
  /** CASHIER_AMOUNT_MIN/_MAX, with CASHIER_LIMITS's per-flow and per-method levels (method-terms.ts). */
  readonly limits: Scoped<Limits> & { readonly min: string; readonly max: string };
  /** CASHIER_FEES: the `fees` option as JSON. */
  readonly fees?: Scoped<FeeRule>;
  readonly maxBodyBytes: number;
  readonly upstreamTimeoutMs: number;
  readonly rateLimit: { readonly windowMs: number; readonly perUser: number; readonly perIp: number } | false;
  /** How many reverse proxies in front add X-Forwarded-For; 0 = use the TCP peer address. */
  readonly trustedProxies: number;
  /**
   * The enabled providers per flow (ProxyOptions `methods`): every catalog provider of the flow
   * that takes no card data, less CASHIER_DISABLED_PROVIDERS; `[]` for a flow turned off with
   * CASHIER_PAYIN=off / CASHIER_PAYOUT=off.
   */
  readonly methods: { readonly payin: string[]; readonly payout: string[] };
  /** ProxyOptions `redirectHosts`: CASHIER_REDIRECT_HOSTS (every provider) and CASHIER_REDIRECT_HOSTS_<PSPTYPE>. */
  readonly redirectHosts: Record<string, string[]>;
  /** Slow-client limits of the HTTP server (server.ts): whole request, headers, open connections. */
  readonly http: { readonly requestTimeoutMs: number; readonly headersTimeoutMs: number; readonly maxConnections: number };
  readonly logLevel: LogLevel;
  /** SANDBOX=1: start the embedded sandbox beside the proxy (a no-account try). */
  readonly sandbox: { readonly port: number } | undefined;
}

export type EnvConfigResult = { readonly options: StandaloneConfig } | { readonly problems: string[] };

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function readEnvConfig(env: Env): EnvConfigResult {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return Number(raw);
  };
  const flag = (name: string): boolean => {
    const raw = get(name);
    if (raw === undefined || raw === '0' || raw.toLowerCase() === 'false') return false;
    if (raw === '1' || raw.toLowerCase() === 'true') return true;
    problems.push(`${name} must be 1 or 0, got ${JSON.stringify(raw)}`);
    return false;
  };

  const sandboxOn = flag('SANDBOX');
  const sandbox = sandboxOn ? { port: int('SANDBOX_PORT', 0, 0, 65535) } : undefined;

  // Upstream (docs/mozarto-api.md §2).
  let upstreamUrl = LOCAL_SANDBOX_URL;
  let local = true;
  const rawUrl = get('MOZARTO_URL');
  if (rawUrl !== undefined) {
    if (sandboxOn) problems.push('MOZARTO_URL must not be set with SANDBOX=1 (the embedded sandbox is the upstream)');
    try {
      const url = new URL(rawUrl);
      local = isLoopback(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
        problems.push(
          `MOZARTO_URL must be https (plain http only for localhost), got ${JSON.stringify(rawUrl)}; Mozarto: ${MOZARTO_STAGING_URL} (sandbox) or ${MOZARTO_PRODUCTION_URL}`,
        );
      }
      if (url.username || url.password || url.search || url.hash) problems.push('MOZARTO_URL must be a plain base URL (no credentials, query or fragment)');
      upstreamUrl = url.href.replace(/\/+$/, '');
    } catch {
      problems.push(`MOZARTO_URL is not a URL: ${JSON.stringify(rawUrl)}`);
    }
  }

  // Credentials (§3). The sandbox's well-known token is refused for anything but a local upstream.
  let companyToken = get('MOZARTO_COMPANY_TOKEN');
  if (companyToken === undefined) {
    if (local) companyToken = SANDBOX_COMPANY_TOKEN;
    else problems.push('MOZARTO_COMPANY_TOKEN is required: the company JWT from the Mozarto back office (Admin Center → API Credentials)');
  } else if (!local && companyToken === SANDBOX_COMPANY_TOKEN) {
    problems.push('MOZARTO_COMPANY_TOKEN is the sandbox token; set the company JWT from the Mozarto back office');
  }

  const mode = (get('MOZARTO_USER_CONTEXT') ?? 'token').toLowerCase();
  let userContext: StandaloneConfig['userContext'] = { mode: 'forward' };
  if (mode === 'token') {
    const secret = get('MOZARTO_USER_TOKEN_SECRET') ?? (local ? 'sandbox-user-token-secret' : undefined);
    if (secret === undefined) problems.push('MOZARTO_USER_TOKEN_SECRET is required when MOZARTO_USER_CONTEXT=token: the key x-user-token is signed with (§3)');
    userContext = { mode: 'token', secret: secret ?? '' };
  } else if (mode !== 'forward') {
    problems.push(`MOZARTO_USER_CONTEXT must be "token" (x-user-token signed for the user) or "forward" (x-user-authorization), got ${JSON.stringify(mode)}`);
  }

  // Webhooks (§7): unauthenticated webhooks could approve anything, so a secret is required
  // except on the embedded sandbox, where the server makes one up.
  const webhookSecret = get('MOZARTO_WEBHOOK_SECRET');
  if (webhookSecret === undefined && !sandboxOn) {
    problems.push('MOZARTO_WEBHOOK_SECRET is required: the Authorization secret of the PSP account (isWebhookSecured, docs/mozarto-api.md §7)');
  } else if (webhookSecret !== undefined && webhookSecret.length < 16) {
    problems.push('MOZARTO_WEBHOOK_SECRET must be at least 16 characters');
  }

  // Who the player is (ADR 0005).
  const sessionSecret = get('CASHIER_SESSION_SECRET');
  if (sessionSecret === undefined && !sandboxOn) {
    problems.push('CASHIER_SESSION_SECRET is required: the HS256 key the merchant site signs session tokens with (ADR 0005)');
  } else if (sessionSecret !== undefined && new TextEncoder().encode(sessionSecret).length < 32) {
    problems.push('CASHIER_SESSION_SECRET must be at least 32 bytes (HS256 key)');
  }
  const rawCookie = env.CASHIER_SESSION_COOKIE;
  let cookieName: string | null = 'cashier_session';
  if (rawCookie !== undefined) {
    if (rawCookie.trim() === '' || rawCookie.trim() === '-') cookieName = null;
    else if (!/^[A-Za-z0-9_.-]{1,64}$/.test(rawCookie.trim()))
      problems.push(`CASHIER_SESSION_COOKIE must be a cookie name (letters, digits, _ . -), got ${JSON.stringify(rawCookie)}`);
    else cookieName = rawCookie.trim();
  }
  const issuer = get('CASHIER_SESSION_ISSUER');
  const audience = get('CASHIER_SESSION_AUDIENCE');

  // Browsers (docs/design.md "The proxy": check Origin). Required in production; `*` is an explicit choice.
  let allowedOrigins: string[] | 'any' | undefined;
  const rawOrigins = get('CASHIER_ALLOWED_ORIGINS');
  if (rawOrigins === undefined) {
    if (!sandboxOn) problems.push('CASHIER_ALLOWED_ORIGINS is required: the site origins that embed the widget, e.g. "https://shop.example" (or "*" for any)');
  } else if (rawOrigins === '*') {
    allowedOrigins = 'any';
  } else {
    allowedOrigins = [];
    for (const origin of rawOrigins.split(/[\s,]+/).filter(Boolean)) {
      const normalized = originOf(origin);
      if (normalized === null) problems.push(`CASHIER_ALLOWED_ORIGINS entry ${JSON.stringify(origin)} is not an origin like https://shop.example`);
      else allowedOrigins.push(normalized);
    }
  }

  // Limits.
  const min = get('CASHIER_AMOUNT_MIN') ?? '1.00';
  const max = get('CASHIER_AMOUNT_MAX') ?? '10000.00';
  const pMin = parseAmount(min);
  const pMax = parseAmount(max);
  if (!pMin.ok) problems.push(`CASHIER_AMOUNT_MIN must be a positive amount such as "1.00", got ${JSON.stringify(min)}`);
  if (!pMax.ok) problems.push(`CASHIER_AMOUNT_MAX must be a positive amount such as "10000.00", got ${JSON.stringify(max)}`);
  if (pMin.ok && pMax.ok && pMin.minor > pMax.minor) problems.push('CASHIER_AMOUNT_MIN must not be above CASHIER_AMOUNT_MAX');

  // Per-flow and per-method limits and fees: the proxy options' shapes as JSON (their values are
  // checked when the proxy is created, naming the option).
  const json = (name: string, example: string): Record<string, unknown> | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // reported below
    }
    problems.push(`${name} must be a JSON object such as ${example}`);
    return undefined;
  };
  const scopedLimits = json('CASHIER_LIMITS', '{"payout":{"max":"2000.00"},"methods":{"FLEXEPIN":{"max":"500.00"}}}');
  const fees = json('CASHIER_FEES', '{"payout":{"fixed":"1.00"},"methods":{"BRITE":{"percent":"1.5","min":"0.50"}}}') as Scoped<FeeRule> | undefined;

  const rateOff = (get('CASHIER_RATE_LIMIT') ?? '').toLowerCase() === 'off';
  if (get('CASHIER_RATE_LIMIT') !== undefined && !rateOff)
    problems.push('CASHIER_RATE_LIMIT may only be "off" (set the limits with CASHIER_RATE_LIMIT_PER_USER / _PER_IP / _WINDOW_MS)');
  const rateLimit = rateOff
    ? (false as const)
    : {
        windowMs: int('CASHIER_RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
        perUser: int('CASHIER_RATE_LIMIT_PER_USER', 20, 1, 100_000),
        perIp: int('CASHIER_RATE_LIMIT_PER_IP', 60, 1, 1_000_000),
      };

  const basePath = get('CASHIER_BASE_PATH') ?? '/api/cashier';
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(basePath)) problems.push(`CASHIER_BASE_PATH must be a path such as /api/cashier, got ${JSON.stringify(basePath)}`);

  // Several instances share one PostgreSQL database; unset, the embedded SQLite file is used.
  const databaseUrl = get('CASHIER_DATABASE_URL');
  if (databaseUrl !== undefined) {
    let ok: boolean;
    try {
      const url = new URL(databaseUrl);
      ok = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      ok = false;
    }
    if (!ok) problems.push('CASHIER_DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@db.internal:5432/cashier');
  }

  const host = get('HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or address, got ${JSON.stringify(host)}`);

  const logLevel = (get('CASHIER_LOG_LEVEL') ?? 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`CASHIER_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  // Flows and providers the operator turns off (issue 13 rule 4), e.g. pay-outs during an audit.
  const catalog = new Catalog();
  const disabled = new Set<string>();
  for (const name of (get('CASHIER_DISABLED_PROVIDERS') ?? '').split(/[\s,]+/).filter(Boolean)) {
    const code = name.toUpperCase();
    if (!catalog.find(code))
      problems.push(
        `CASHIER_DISABLED_PROVIDERS names an unknown provider ${JSON.stringify(name)}; known: ${catalog
          .all()
          .map((d) => d.pspType)
          .join(', ')}`,
      );
    else disabled.add(code);
  }
  const flowOn = (flow: Flow): boolean => {
    const name = `CASHIER_${flow.toUpperCase()}`;
    const raw = (get(name) ?? 'on').toLowerCase();
    if (raw !== 'on' && raw !== 'off') problems.push(`${name} must be "on" or "off", got ${JSON.stringify(raw)}`);
    return raw !== 'off';
  };
  const enabled = (flow: Flow): string[] =>
    flowOn(flow)
      ? catalog
          .supporting(flow)
          .filter((d) => !d.cardEntry && !disabled.has(d.pspType))
          .map((d) => d.pspType)
      : [];
  const methods = { payin: enabled('payin'), payout: enabled('payout') };

  // Where hosted payment pages may be (issue 13 rule 7).
  const redirectHosts: Record<string, string[]> = {};
  const hostList = (name: string): string[] | undefined => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    const hosts = raw.split(/[\s,]+/).filter(Boolean);
    const bad = hosts.filter((h) => !/^(\*\.)?[A-Za-z0-9.-]+$/.test(h));
    if (bad.length || hosts.length === 0) problems.push(`${name} must list host names such as "pay.example" or "*.example.com", got ${JSON.stringify(raw)}`);
    return hosts;
  };
  const everyProvider = hostList('CASHIER_REDIRECT_HOSTS');
  if (everyProvider) redirectHosts['*'] = everyProvider;
  for (const def of catalog.all()) {
    const own = hostList(`CASHIER_REDIRECT_HOSTS_${def.pspType}`);
    if (own) redirectHosts[def.pspType] = own;
  }

  // A client that trickles its headers or body must not hold a connection (and memory) forever.
  const http = {
    requestTimeoutMs: int('CASHIER_REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000),
    headersTimeoutMs: int('CASHIER_HEADERS_TIMEOUT_MS', 10_000, 500, 120_000),
    maxConnections: int('CASHIER_MAX_CONNECTIONS', 1000, 1, 100_000),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) problems.push('CASHIER_HEADERS_TIMEOUT_MS must not be above CASHIER_REQUEST_TIMEOUT_MS');

  const options: StandaloneConfig = {
    listen: { port: int('PORT', 8787, 0, 65535), host },
    basePath,
    upstreamUrl,
    companyToken: companyToken ?? '',
    userContext,
    webhookSecret,
    session: {
      secret: sessionSecret,
      cookieName,
      maxLifetimeSeconds: int('CASHIER_SESSION_MAX_AGE', 3600, 60, 86_400),
      ...(issuer !== undefined ? { issuer } : {}),
      ...(audience !== undefined ? { audience } : {}),
    },
    allowedOrigins,
    dbPath: get('CASHIER_DB') ?? '.data/cashier.db',
    databaseUrl,
    limits: { ...(scopedLimits as Scoped<Limits> | undefined), min: pMin.ok ? pMin.value : min, max: pMax.ok ? pMax.value : max },
    ...(fees ? { fees } : {}),
    maxBodyBytes: int('CASHIER_MAX_BODY_BYTES', 16_384, 1024, 1_048_576),
    upstreamTimeoutMs: int('MOZARTO_TIMEOUT_MS', 15_000, 100, 120_000),
    rateLimit,
    trustedProxies: int('CASHIER_TRUSTED_PROXIES', 0, 0, 10),
    http,
    methods,
    redirectHosts,
    logLevel,
    sandbox,
  };
  return problems.length ? { problems } : { options };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** `https://Shop.example/` → `https://shop.example`; null for anything that is not a bare origin. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.hash || url.username) return null;
    if (!/^https?:\/\/[^/]+\/?$/i.test(value)) return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}

/** Moved to the node adapter, which takes `trustedProxies`; kept here for existing imports. */
export { clientIp } from '../http/node-adapter.js';
