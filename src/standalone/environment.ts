/**
 * The standalone server's environment, translated: each variable's name to the setting it sets,
 * its text parsed into a value (a number, a flag, a list, JSON), and nothing more. The rules and
 * defaults are the proxy's options schema's (src/proxy/options-schema.ts) and the server's own
 * settings' (settings.ts); their problems come back here to be told by variable name:
 * `readStandaloneConfig(env)` → `{ config }` or `{ problems }`, every problem at once, so a bad
 * deployment stops at start-up with messages a person can act on (server.ts exits 1).
 *
 * The demo's dev server (demo/vite-plugin.ts) reads its proxy settings with the same function,
 * `proxySettingsFromEnv`.
 */
import { Catalog } from '../core/catalog.js';
import { FLOWS, type Flow } from '../core/psp/types.js';
import { describeProblem, type ConfigProblem } from '../proxy/config-error.js';
import { randomHex } from '../proxy/ids.js';
import { defaultMethods } from '../proxy/methods.js';
import {
  checkProxySettings,
  isLoopbackHost,
  MOZARTO_PRODUCTION_URL,
  MOZARTO_STAGING_URL,
  SANDBOX_COMPANY_TOKEN,
  SANDBOX_USER_TOKEN_SECRET,
  type CheckedSettings,
} from '../proxy/options-schema.js';
import type { ProxySettings } from '../proxy/options.js';
import type { AdminTokenSetting } from '../proxy/admin/credentials.js';
import { checkServerSettings, type ServerSettings, type ServerSettingsInput } from './settings.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** With SANDBOX=1, where the embedded sandbox stands until it listens (server.ts puts its URL in). */
export const LOCAL_SANDBOX_URL = 'http://127.0.0.1:5174';
/** The issuer of the sessions a SANDBOX=1 try-out makes up, when CASHIER_SESSION_ISSUER is unset. */
export const SANDBOX_SESSION_ISSUER = 'mozarto-cashier-sandbox';

/** The variable that sets each setting (a dotted path of the proxy's options or the server's settings). */
const VARIABLES: Readonly<Record<string, string>> = {
  upstreamUrl: 'MOZARTO_URL',
  companyToken: 'MOZARTO_COMPANY_TOKEN',
  userContext: 'MOZARTO_USER_CONTEXT',
  'userContext.mode': 'MOZARTO_USER_CONTEXT',
  'userContext.secret': 'MOZARTO_USER_TOKEN_SECRET',
  webhookSecret: 'MOZARTO_WEBHOOK_SECRET',
  upstreamTimeoutMs: 'MOZARTO_TIMEOUT_MS',
  staleAfterMs: 'CASHIER_STALE_AFTER_MS',
  allowedOrigins: 'CASHIER_ALLOWED_ORIGINS',
  allowAnyOrigin: 'CASHIER_ALLOWED_ORIGINS',
  events: 'CASHIER_EVENTS_URL',
  'events.urls': 'CASHIER_EVENTS_URL',
  'events.secret': 'CASHIER_EVENTS_SECRET',
  'events.timeoutMs': 'CASHIER_EVENTS_TIMEOUT_MS',
  allowHttpBackend: 'CASHIER_ALLOW_HTTP_BACKEND',
  allowHttpUpstream: 'CASHIER_ALLOW_HTTP_UPSTREAM',
  cardEntry: 'CASHIER_CARD_ENTRY',
  authorizeUrl: 'CASHIER_AUTHORIZE_URL',
  authorizeTimeoutMs: 'CASHIER_AUTHORIZE_TIMEOUT_MS',
  payoutsUnchecked: 'CASHIER_PAYOUTS_UNCHECKED',
  'methods.payin': 'CASHIER_PAYIN',
  'methods.payout': 'CASHIER_PAYOUT',
  limits: 'CASHIER_LIMITS',
  'limits.min': 'CASHIER_AMOUNT_MIN',
  'limits.max': 'CASHIER_AMOUNT_MAX',
  fees: 'CASHIER_FEES',
  redirectHosts: 'CASHIER_REDIRECT_HOSTS',
  basePath: 'CASHIER_BASE_PATH',
  maxBodyBytes: 'CASHIER_MAX_BODY_BYTES',
  rateLimit: 'CASHIER_RATE_LIMIT',
  'rateLimit.windowMs': 'CASHIER_RATE_LIMIT_WINDOW_MS',
  'rateLimit.perUser': 'CASHIER_RATE_LIMIT_PER_USER',
  'rateLimit.perIp': 'CASHIER_RATE_LIMIT_PER_IP',
  'listen.port': 'PORT',
  'listen.host': 'HOST',
  'http.requestTimeoutMs': 'CASHIER_REQUEST_TIMEOUT_MS',
  'http.headersTimeoutMs': 'CASHIER_HEADERS_TIMEOUT_MS',
  'http.maxConnections': 'CASHIER_MAX_CONNECTIONS',
  trustedProxies: 'CASHIER_TRUSTED_PROXIES',
  'drain.delayMs': 'CASHIER_DRAIN_DELAY_MS',
  'session.secret': 'CASHIER_SESSION_SECRET',
  'session.cookieName': 'CASHIER_SESSION_COOKIE',
  'session.maxLifetimeSeconds': 'CASHIER_SESSION_MAX_AGE',
  'session.issuer': 'CASHIER_SESSION_ISSUER',
  'session.audience': 'CASHIER_SESSION_AUDIENCE',
  'store.dbPath': 'CASHIER_DB',
  'store.databaseUrl': 'CASHIER_DATABASE_URL',
  'store.webhookJournal': 'CASHIER_WEBHOOK_JOURNAL',
  logLevel: 'CASHIER_LOG_LEVEL',
  'sandbox.port': 'SANDBOX_PORT',
  admin: 'CASHIER_ADMIN_TOKENS',
  'admin.tokens': 'CASHIER_ADMIN_TOKENS',
  'admin.attentionAfterMs': 'CASHIER_ATTENTION_AFTER_MS',
  'admin.port': 'CASHIER_ADMIN_PORT',
  'admin.host': 'CASHIER_ADMIN_HOST',
};

/**
 * The variable behind a setting's path: its own, or its nearest parent's with the rest after it
 * (`limits.methods.PAYONE.max` → `CASHIER_LIMITS (methods.PAYONE.max)`); an option no variable
 * sets is named as the library's.
 */
export function variableOf(path: string): string {
  const [first, second] = path.split('.');
  if (first === 'redirectHosts' && second !== undefined) return second === '*' ? 'CASHIER_REDIRECT_HOSTS' : `CASHIER_REDIRECT_HOSTS_${second}`;
  for (let parts = path.split('.'), n = parts.length; n > 0; n--) {
    const variable = VARIABLES[parts.slice(0, n).join('.')];
    if (variable) return n === parts.length ? variable : `${variable} (${parts.slice(n).join('.')})`;
  }
  return `the proxy option ${path}`;
}

/** A problem of the settings, told by variable name; a switch the rules name on (`{x}: true`) as its variable `=1`. */
export const describeForEnvironment = (problem: ConfigProblem): string =>
  describeProblem(
    { ...problem, message: problem.message.replace(/\{([\w.]+)\}: true/g, (said, path: string) => (VARIABLES[path] ? `${VARIABLES[path]}=1` : said)) },
    variableOf,
  );

/** Reads variables: trimmed, empty as unset; each parse problem names its variable. */
function reader(env: Env, problems: string[]) {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  return {
    get,
    whole(name: string): number | undefined {
      const raw = get(name);
      if (raw === undefined) return undefined;
      if (/^\d+$/.test(raw)) return Number(raw);
      problems.push(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
      return undefined;
    },
    flag(name: string): boolean {
      const raw = get(name)?.toLowerCase();
      if (raw === undefined || raw === '0' || raw === 'false') return false;
      if (raw === '1' || raw === 'true') return true;
      problems.push(`${name} must be 1 or 0, got ${JSON.stringify(raw)}`);
      return false;
    },
    list: (name: string): string[] | undefined =>
      get(name)
        ?.split(/[\s,]+/)
        .filter(Boolean),
    json(name: string, example: string): Record<string, unknown> | undefined {
      const raw = get(name);
      if (raw === undefined) return undefined;
      try {
        const value: unknown = JSON.parse(raw);
        if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      } catch {
        // told below
      }
      problems.push(`${name} must be a JSON object such as ${example}`);
      return undefined;
    },
  };
}

const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The proxy settings the variables say, parsed but not checked (the proxy's schema checks them),
 * and the problems of parsing, each naming its variable. Only what a variable sets is there, but
 * for the public sandbox credentials when `embeddedSandbox` (SANDBOX=1, the demo's own sandbox)
 * is the upstream: never otherwise, not even for a loopback MOZARTO_URL, which may be a tunnel
 * to a real Mozarto (the proxy warns at every start that they are in use).
 */
export function proxySettingsFromEnv(env: Env, embeddedSandbox = false): { readonly settings: Partial<ProxySettings>; readonly problems: string[] } {
  const problems: string[] = [];
  const read = reader(env, problems);
  const upstreamUrl = read.get('MOZARTO_URL') ?? LOCAL_SANDBOX_URL;
  const mode = (read.get('MOZARTO_USER_CONTEXT') ?? 'token').toLowerCase();
  const userSecret = read.get('MOZARTO_USER_TOKEN_SECRET') ?? (embeddedSandbox ? SANDBOX_USER_TOKEN_SECRET : undefined);
  const origins = read.get('CASHIER_ALLOWED_ORIGINS');

  // Flows and providers the operator turns off (issue 13 rule 4), e.g. pay-outs during an audit.
  const catalog = new Catalog();
  const disabled = new Set<string>();
  for (const name of read.list('CASHIER_DISABLED_PROVIDERS') ?? []) {
    if (catalog.find(name.toUpperCase())) disabled.add(name.toUpperCase());
    else
      problems.push(
        `CASHIER_DISABLED_PROVIDERS names an unknown provider ${JSON.stringify(name)}; known: ${catalog
          .all()
          .map((d) => d.pspType)
          .join(', ')}`,
      );
  }
  const flowOn = (flow: Flow): boolean => {
    const name = `CASHIER_${flow.toUpperCase()}`;
    const raw = (read.get(name) ?? 'on').toLowerCase();
    if (raw !== 'on' && raw !== 'off') problems.push(`${name} must be "on" or "off", got ${JSON.stringify(raw)}`);
    return raw !== 'off';
  };
  const cardEntry = read.flag('CASHIER_CARD_ENTRY');
  const narrowed = ['CASHIER_PAYIN', 'CASHIER_PAYOUT', 'CASHIER_DISABLED_PROVIDERS'].some((name) => read.get(name) !== undefined);
  const methods = narrowed
    ? (Object.fromEntries(
        FLOWS.map((flow) => [flow, flowOn(flow) ? defaultMethods(catalog, flow, cardEntry).filter((p) => !disabled.has(p)) : []]),
      ) as ProxySettings['methods'])
    : undefined;

  // Where hosted payment pages may be (issue 13 rule 7): every provider's, and one provider's own.
  const redirectHosts: Record<string, string[]> = {};
  for (const [key, name] of [['*', 'CASHIER_REDIRECT_HOSTS'], ...catalog.all().map((d) => [d.pspType, `CASHIER_REDIRECT_HOSTS_${d.pspType}`])] as const) {
    const hosts = read.list(name);
    if (hosts) redirectHosts[key] = hosts;
  }

  const scopedLimits = read.json('CASHIER_LIMITS', '{"payout":{"max":"2000.00"},"methods":{"FLEXEPIN":{"max":"500.00"}}}');
  const limits = defined({ ...scopedLimits, min: read.get('CASHIER_AMOUNT_MIN'), max: read.get('CASHIER_AMOUNT_MAX') });
  const rateOff = read.get('CASHIER_RATE_LIMIT')?.toLowerCase() === 'off';
  if (read.get('CASHIER_RATE_LIMIT') !== undefined && !rateOff)
    problems.push('CASHIER_RATE_LIMIT may only be "off" (set the limits with CASHIER_RATE_LIMIT_PER_USER / _PER_IP / _WINDOW_MS)');
  const rateLimit = rateOff
    ? false
    : defined({
        windowMs: read.whole('CASHIER_RATE_LIMIT_WINDOW_MS'),
        perUser: read.whole('CASHIER_RATE_LIMIT_PER_USER'),
        perIp: read.whole('CASHIER_RATE_LIMIT_PER_IP'),
      });

  const settings = defined<Partial<ProxySettings>>({
    upstreamUrl,
    companyToken: read.get('MOZARTO_COMPANY_TOKEN') ?? (embeddedSandbox ? SANDBOX_COMPANY_TOKEN : undefined),
    userContext: (mode === 'token' ? { mode, secret: userSecret } : { mode }) as ProxySettings['userContext'],
    webhookSecret: read.get('MOZARTO_WEBHOOK_SECRET'),
    upstreamTimeoutMs: read.whole('MOZARTO_TIMEOUT_MS'),
    staleAfterMs: read.whole('CASHIER_STALE_AFTER_MS'),
    // `*` is the named choice of any origin (allowAnyOrigin, warned at every start).
    ...(origins === '*' ? { allowAnyOrigin: true } : { allowedOrigins: read.list('CASHIER_ALLOWED_ORIGINS') }),
    // The merchant's backend (README "Your backend"): where the events go, and the secret signing them.
    events: eventsSettings(read),
    authorizeUrl: read.get('CASHIER_AUTHORIZE_URL'),
    authorizeTimeoutMs: read.whole('CASHIER_AUTHORIZE_TIMEOUT_MS'),
    allowHttpBackend: read.flag('CASHIER_ALLOW_HTTP_BACKEND') || undefined,
    payoutsUnchecked: read.flag('CASHIER_PAYOUTS_UNCHECKED') || undefined,
    allowHttpUpstream: read.flag('CASHIER_ALLOW_HTTP_UPSTREAM') || undefined,
    cardEntry: cardEntry || undefined,
    methods,
    redirectHosts: Object.keys(redirectHosts).length ? redirectHosts : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
    fees: read.json('CASHIER_FEES', '{"payout":{"fixed":"1.00"},"methods":{"BRITE":{"percent":"1.5","min":"0.50"}}}'),
    basePath: read.get('CASHIER_BASE_PATH'),
    maxBodyBytes: read.whole('CASHIER_MAX_BODY_BYTES'),
    rateLimit: rateLimit === false || Object.keys(rateLimit).length ? rateLimit : undefined,
    admin: adminFromEnv(read),
  });
  return { settings, problems };
}

function eventsSettings(read: ReturnType<typeof reader>): ProxySettings['events'] {
  const events = defined({
    urls: read.list('CASHIER_EVENTS_URL'),
    secret: read.get('CASHIER_EVENTS_SECRET'),
    timeoutMs: read.whole('CASHIER_EVENTS_TIMEOUT_MS'),
  });
  return Object.keys(events).length ? events : undefined;
}

/**
 * CASHIER_ADMIN_TOKENS: `name:role:token` entries, comma-separated (`alice:resolve:<64 hex>,
 * grafana:read:sha256:<hex>`); the token is everything after the second colon.
 */
function adminFromEnv(read: ReturnType<typeof reader>): ProxySettings['admin'] {
  const entries = read.list('CASHIER_ADMIN_TOKENS');
  const after = read.whole('CASHIER_ATTENTION_AFTER_MS');
  if (entries === undefined && after === undefined) return undefined;
  const tokens = (entries ?? []).map((entry) => {
    const [name = '', role = '', ...token] = entry.split(':');
    return { name, role, token: token.join(':') } as AdminTokenSetting;
  });
  return { tokens, ...(after !== undefined ? { attentionAfterMs: after } : {}) };
}

/** The server's own settings the variables say, parsed but not checked (settings.ts checks them). */
function serverSettingsFromEnv(env: Env, problems: string[], sandbox: boolean): ServerSettingsInput {
  const read = reader(env, problems);
  const cookie = env.CASHIER_SESSION_COOKIE?.trim();
  return {
    listen: { port: read.whole('PORT'), host: read.get('HOST') },
    http: {
      requestTimeoutMs: read.whole('CASHIER_REQUEST_TIMEOUT_MS'),
      headersTimeoutMs: read.whole('CASHIER_HEADERS_TIMEOUT_MS'),
      maxConnections: read.whole('CASHIER_MAX_CONNECTIONS'),
    },
    trustedProxies: read.whole('CASHIER_TRUSTED_PROXIES'),
    drain: { delayMs: read.whole('CASHIER_DRAIN_DELAY_MS') },
    admin: { port: read.whole('CASHIER_ADMIN_PORT'), host: read.get('CASHIER_ADMIN_HOST') },
    session: {
      secret: read.get('CASHIER_SESSION_SECRET'),
      // Set but empty, or `-`: no cookie, the Authorization header only.
      cookieName: cookie === '' || cookie === '-' ? null : cookie,
      maxLifetimeSeconds: read.whole('CASHIER_SESSION_MAX_AGE'),
      issuer: read.get('CASHIER_SESSION_ISSUER'),
      audience: read.get('CASHIER_SESSION_AUDIENCE'),
    },
    store: {
      dbPath: read.get('CASHIER_DB'),
      databaseUrl: read.get('CASHIER_DATABASE_URL'),
      webhookJournal: read.get('CASHIER_WEBHOOK_JOURNAL')?.toLowerCase() === 'off' ? null : read.get('CASHIER_WEBHOOK_JOURNAL'),
    },
    logLevel: read.get('CASHIER_LOG_LEVEL')?.toLowerCase(),
    sandbox: sandbox ? { port: read.whole('SANDBOX_PORT') } : undefined,
  };
}

export interface StandaloneConfig {
  /** For `createCashierProxy`, beside the parts the server plugs in (store, getUser, logger). */
  readonly proxy: CheckedSettings;
  readonly server: ServerSettings & { readonly session: { readonly secret: string } };
  /** SANDBOX=1 without CASHIER_SESSION_SECRET: the secret was made up, and the server prints a demo token. */
  readonly madeUpSession: boolean;
}

/**
 * The whole configuration from `env`, or every problem with it, each naming its variable. With
 * SANDBOX=1 the secrets a try-out lacks are made up by `invent` (a random hex key by default).
 */
export function readStandaloneConfig(
  env: Env,
  invent: () => string = () => randomHex(32),
): { readonly config: StandaloneConfig } | { readonly problems: string[] } {
  const problems: string[] = [];
  const sandbox = reader(env, problems).flag('SANDBOX');
  const proxy = proxySettingsFromEnv(env, sandbox);
  problems.push(...proxy.problems);
  const server = serverSettingsFromEnv(env, problems, sandbox);

  // What the standalone server needs set, or makes up for a sandbox try-out.
  if (sandbox && env.MOZARTO_URL?.trim()) problems.push('MOZARTO_URL must not be set with SANDBOX=1 (the embedded sandbox is the upstream)');
  if (!sandbox && !env.MOZARTO_URL?.trim())
    problems.push(
      `MOZARTO_URL is required: ${MOZARTO_STAGING_URL} (Mozarto's sandbox) or ${MOZARTO_PRODUCTION_URL}; for a try-out with no account, SANDBOX=1 starts the embedded sandbox`,
    );
  // The embedded sandbox's public credentials and made-up secrets are a try-out on this machine,
  // never a service others reach: its hosted pages are on 127.0.0.1 anyway.
  const host = env.HOST?.trim();
  if (sandbox && host && !isLoopbackHost(host))
    problems.push(`HOST must be a loopback address with SANDBOX=1 (the embedded sandbox is a try-out on this machine), got ${JSON.stringify(host)}`);
  if (!sandbox && server.session.secret === undefined)
    problems.push('CASHIER_SESSION_SECRET is required: the HS256 key the merchant site signs session tokens with (ADR 0005)');
  if (!sandbox && proxy.settings.allowedOrigins === undefined && !proxy.settings.allowAnyOrigin)
    problems.push('CASHIER_ALLOWED_ORIGINS is required: the site origins that embed the widget, e.g. "https://shop.example" (or "*" for any)');
  // Secure default (issue 23 rule 2): no money leaves unless the merchant's backend is asked
  // first. The embedded sandbox moves no money, so a try-out needs no backend (still warned).
  const payoutsOn = (proxy.settings.methods?.payout ?? ['on']).length > 0;
  if (!sandbox && payoutsOn && proxy.settings.authorizeUrl === undefined && !proxy.settings.payoutsUnchecked)
    problems.push(
      'CASHIER_AUTHORIZE_URL is required while pay-outs are on: your backend\'s authorize endpoint, asked (and holding the amount) before any money leaves (README "Your backend"); or CASHIER_PAYOUT=off, or CASHIER_PAYOUTS_UNCHECKED=1 to pay out with nothing checking the balance (warned at every start)',
    );
  // An admin listener nobody can use would only be a port open for nothing.
  if (server.admin.port !== undefined && !proxy.settings.admin?.tokens?.length)
    problems.push('CASHIER_ADMIN_TOKENS is required with CASHIER_ADMIN_PORT: name:role:token entries, e.g. "alice:resolve:$(openssl rand -hex 32)"');
  if (server.admin.port !== undefined && server.admin.port !== 0 && server.admin.port === (server.listen.port ?? 8787))
    problems.push("CASHIER_ADMIN_PORT must not be the player's PORT: the admin listener is never on the player's port");
  const madeUpSession = sandbox && server.session.secret === undefined;
  const settings = {
    ...proxy.settings,
    ...(sandbox && proxy.settings.webhookSecret === undefined ? { webhookSecret: invent() } : {}),
    ...(sandbox && proxy.settings.authorizeUrl === undefined ? { payoutsUnchecked: true } : {}),
  };
  const session = {
    ...server.session,
    secret: server.session.secret ?? (sandbox ? invent() : undefined),
    issuer: server.session.issuer ?? (sandbox ? SANDBOX_SESSION_ISSUER : undefined),
  };

  const checkedProxy = checkProxySettings(settings as ProxySettings);
  const checkedServer = checkServerSettings({ ...server, session });
  for (const checked of [checkedProxy, checkedServer]) if ('problems' in checked) problems.push(...checked.problems.map(describeForEnvironment));
  if (problems.length || 'problems' in checkedProxy || 'problems' in checkedServer) return { problems };
  const serverSettings = checkedServer.settings as StandaloneConfig['server'];
  return { config: { proxy: checkedProxy.settings, server: serverSettings, madeUpSession } };
}
