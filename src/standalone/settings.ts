/**
 * The standalone server's own settings — where it listens, how long a slow client may hold a
 * connection, the session tokens it reads the player from (ADR 0005), its store, its log level,
 * the embedded sandbox — with their rules and defaults, in one schema, the way the proxy's options
 * are (src/proxy/options-schema.ts). Messages name settings as `{path}`, so the environment layer
 * (environment.ts) can name its variables instead.
 */
import { dirname, join } from 'node:path';
import * as z from 'zod/mini';
import type { ConfigProblem } from '../proxy/config-error.js';
import type { LogLevel } from '../proxy/logger.js';
import { DEFAULT_SESSION_AUDIENCE, sessionSecretProblem } from '../proxy/session.js';

type Issues = { issues: z.core.$ZodRawIssue[] };
const problem = (ctx: Issues, message: string, input: unknown, path: string[] = []) => void ctx.issues.push({ code: 'custom', message, input, path });

/** A whole number within [min, max], `fallback` when left out. */
const whole = (path: string, fallback: number, min: number, max: number) =>
  z.transform((v: unknown, ctx): number => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      problem(ctx, `{${path}} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`, v);
      return fallback;
    }
    return v;
  });
/** An optional text that, when given, must match `pattern`. */
const text = (path: string, pattern: RegExp, what: string) =>
  z.transform((v: unknown, ctx): string | undefined => {
    if (v !== undefined && (typeof v !== 'string' || !pattern.test(v))) problem(ctx, `{${path}} must be ${what}, got ${JSON.stringify(v)}`, v);
    return v as string | undefined;
  });

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const serverSettingsSchema = z.object({
  listen: z.object({
    port: whole('listen.port', 8787, 0, 65535),
    host: z.pipe(
      text('listen.host', /^[A-Za-z0-9.:\-[\]]+$/, 'a host name or address'),
      z.transform((v) => v ?? '127.0.0.1'),
    ),
  }),
  // A client that trickles its headers or body must not hold a connection (and memory) forever.
  http: z
    .object({
      requestTimeoutMs: whole('http.requestTimeoutMs', 30_000, 1000, 600_000),
      headersTimeoutMs: whole('http.headersTimeoutMs', 10_000, 500, 120_000),
      maxConnections: whole('http.maxConnections', 1000, 1, 100_000),
    })
    .check(
      z.superRefine((http, ctx) => {
        if (http.headersTimeoutMs > http.requestTimeoutMs)
          problem(ctx, '{http.headersTimeoutMs} must not be above {http.requestTimeoutMs}', http, ['headersTimeoutMs']);
      }),
    ),
  /**
   * On SIGTERM or SIGINT: how long `/readyz` answers 503 while the server still serves, so that the
   * balancer notices and sends new requests elsewhere, before the listener closes (README "Several
   * instances"). What is in flight then still finishes, bounded by the upstream timeout.
   */
  drain: z.object({ delayMs: whole('drain.delayMs', 5000, 0, 300_000) }),
  /**
   * The operators' listener (admin API, /admin, /metrics; docs/operations.md): off unless a port
   * is given, on loopback unless a host is. Never the player's port.
   */
  admin: z.object({
    port: z.transform((v: unknown, ctx): number | undefined => {
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535)
        problem(ctx, `{admin.port} must be a whole number from 0 to 65535, got ${JSON.stringify(v)}`, v);
      return v as number;
    }),
    host: z.pipe(
      text('admin.host', /^[A-Za-z0-9.:\-[\]]+$/, 'a host name or address'),
      z.transform((v) => v ?? '127.0.0.1'),
    ),
  }),
  /** How many reverse proxies in front add X-Forwarded-For; 0 = use the TCP peer address. */
  trustedProxies: whole('trustedProxies', 0, 0, 10),
  session: z.object({
    /** The HS256 key of the session tokens; made up for a SANDBOX=1 try-out (environment.ts). */
    secret: z.transform((v: unknown, ctx): string | undefined => {
      const weak = v === undefined ? undefined : typeof v === 'string' ? sessionSecretProblem(v) : 'must be a string';
      if (weak) problem(ctx, `{session.secret} ${weak}`, v);
      return v as string | undefined;
    }),
    /** The cookie carrying the token; null turns cookies off. */
    cookieName: z.transform((v: unknown, ctx): string | null => {
      if (v === null) return null;
      if (v !== undefined && (typeof v !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(v)))
        problem(ctx, `{session.cookieName} must be a cookie name (letters, digits, _ . -), got ${JSON.stringify(v)}`, v);
      return (v as string | undefined) ?? 'cashier_session';
    }),
    maxLifetimeSeconds: whole('session.maxLifetimeSeconds', 3600, 60, 86_400),
    /** The `iss` every token must carry (ADR 0017); made up for a SANDBOX=1 try-out (environment.ts). */
    issuer: z.transform((v: unknown, ctx): string => {
      if (typeof v !== 'string' || v.trim() === '')
        problem(ctx, '{session.issuer} is required: the `iss` the merchant site puts in every session token, e.g. "https://shop.example" (ADR 0017)', v);
      return v as string;
    }),
    /** The `aud` every token must carry. */
    audience: z.transform((v: unknown) => (v as string | undefined) ?? DEFAULT_SESSION_AUDIENCE),
  }),
  store: z.pipe(
    z.object({
      /** The SQLite file (one instance). */
      dbPath: z.transform((v: unknown) => (v as string | undefined) ?? '.data/cashier.db'),
      /**
       * The webhook journal's directory (ADR 0020): webhooks the store cannot take are kept here and
       * applied when it is back. `null` turns it off; default beside the SQLite file, or
       * `.data/webhook-journal` with PostgreSQL (give each instance a persistent one).
       */
      webhookJournal: z.transform((v: unknown, ctx): string | null | undefined => {
        if (v !== undefined && v !== null && (typeof v !== 'string' || v.trim() === '' || /\0/.test(v)))
          problem(ctx, '{store.webhookJournal} must be a directory path, or off', v);
        return v as string | null | undefined;
      }),
      /** A shared PostgreSQL database for several instances; wins over dbPath. */
      databaseUrl: z.transform((v: unknown, ctx): string | undefined => {
        if (v === undefined) return undefined;
        let ok = false;
        try {
          const url = new URL(v as string);
          ok = (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
        } catch {
          // reported below
        }
        if (!ok) problem(ctx, '{store.databaseUrl} must be a PostgreSQL URL such as postgres://user:password@db.internal:5432/cashier', v);
        return v as string;
      }),
    }),
    z.transform((store) => ({
      ...store,
      webhookJournal:
        store.webhookJournal !== undefined
          ? store.webhookJournal
          : store.databaseUrl !== undefined || store.dbPath === ':memory:'
            ? '.data/webhook-journal'
            : join(dirname(store.dbPath), 'webhook-journal'),
    })),
  ),
  logLevel: z.transform((v: unknown, ctx): LogLevel => {
    if (v !== undefined && !LOG_LEVELS.includes(v as LogLevel)) problem(ctx, `{logLevel} must be one of ${LOG_LEVELS.join(', ')}`, v);
    return (v as LogLevel | undefined) ?? 'info';
  }),
  /** SANDBOX=1: the embedded sandbox beside the proxy, as its upstream (a no-account try). */
  sandbox: z.optional(z.object({ port: whole('sandbox.port', 0, 0, 65535) })),
});

export type ServerSettingsInput = z.input<typeof serverSettingsSchema>;
export type ServerSettings = z.output<typeof serverSettingsSchema>;

/** The settings checked, with their defaults, or every problem found. */
export function checkServerSettings(input: ServerSettingsInput): { readonly settings: ServerSettings } | { readonly problems: ConfigProblem[] } {
  const result = serverSettingsSchema.safeParse(input);
  if (result.success) return { settings: result.data };
  return { problems: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
}
