/**
 * The standalone merchant proxy: `npm run proxy` (`node --import tsx src/standalone/server.ts`) or
 * `node dist/proxy/server.js`. Configured only by environment variables (environment.ts, listed
 * in the README, "The proxy"); a bad configuration stops start-up with exit code 1 and one message
 * per problem, naming its variable. Who the player is comes from the merchant site's session
 * token (src/proxy/session.ts, ADR 0005), so no merchant code runs here.
 *
 * The one composition root of the standalone server (as demo/ is the dev server's): the proxy,
 * its SQLite store, the Node adapter and, with SANDBOX=1, the embedded Mozarto sandbox beside it
 * for a no-account try, loaded only then (dynamic import). src/proxy imports no sandbox.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyConfigError } from '../proxy/config-error.js';
import { loadJose, signHs256 } from '../proxy/jwt.js';
import { bindLogger, consoleLogger } from '../proxy/logger.js';
import { toNodeListener } from '../http/node-adapter.js';
import { createCashierProxy } from '../proxy/proxy.js';
import { sessionToken, sessionUser } from '../proxy/session.js';
import { openPostgresStore } from '../proxy/store/postgres-store.js';
import { SANDBOX_COMPANY_TOKEN } from '../proxy/options-schema.js';
import { openSqliteStore } from '../proxy/store/sqlite-store.js';
import { openFileJournal } from '../proxy/file-journal.js';
import type { WebhookJournal } from '../proxy/webhook-journal.js';
import type { TransactionNotifier } from '../proxy/store/notifier.js';
import type { TransactionStore } from '../proxy/store/store.js';
import { describeForEnvironment, readStandaloneConfig } from './environment.js';
import { whenNpmParentGoes } from './parent-watch.js';
import { createAdminServer } from './admin-server.js';
import { createPrometheus, type Prometheus } from './prometheus.js';

const result = readStandaloneConfig(process.env);
if ('problems' in result) {
  console.error('mozarto-cashier proxy: invalid configuration, not starting:');
  for (const problem of result.problems) console.error(`  - ${problem}`);
  process.exit(1);
}
const { proxy: settings, server: config, madeUpSession } = result.config;
const logger = consoleLogger(config.logLevel);
const log = bindLogger(logger, () => new Date());

function fail(message: string): never {
  logger.flush();
  console.error(`mozarto-cashier proxy: ${message}`);
  process.exit(1);
}

// Session tokens and the x-user-token are signed and verified with the optional peer `jose`.
await loadJose().catch((error: Error) => fail(error.message));

let sandbox: { url: string; sandbox: { configure(patch: { webhookUrl?: string }): void }; close(): Promise<void> } | undefined;
if (config.sandbox) {
  const { startSandbox } = await import('../sandbox/index.js');
  try {
    sandbox = await startSandbox({
      port: config.sandbox.port,
      host: '127.0.0.1',
      webhookSecret: settings.webhookSecret,
      companyToken: SANDBOX_COMPANY_TOKEN,
      payoutSettleMs: 1500,
    });
  } catch (error) {
    fail(`SANDBOX_PORT: the sandbox could not listen (${error instanceof Error ? error.message : String(error)})`);
  }
}

let store: TransactionStore & { close(): void | Promise<void> };
/** Where the transactions are, for the log: the file, or the database URL without its password. */
let dbLabel = config.store.dbPath;
if (config.store.databaseUrl !== undefined) {
  const url = new URL(config.store.databaseUrl);
  if (url.password) url.password = '***';
  dbLabel = url.href;
  try {
    store = await openPostgresStore(config.store.databaseUrl, {
      onError: (error) => log.error('postgres', { error: error instanceof Error ? error.message : String(error) }),
      onListenChange: (connected, detail) =>
        connected
          ? log.info('postgres LISTEN is back; the open event streams re-read their transactions', detail)
          : log.warn("postgres LISTEN lost: the open event streams miss other instances' changes until it is back; /readyz answers 503", detail),
    });
  } catch (error) {
    fail(`CASHIER_DATABASE_URL: cannot open ${dbLabel} (${error instanceof Error ? error.message : String(error)})`);
  }
} else {
  try {
    store = openSqliteStore(config.store.dbPath, {
      // A store that can no longer write must not stay behind a /healthz that says ok: stop, and
      // let the process manager start a fresh one on the same file.
      onWorkerStopped: (error) => {
        log.error('the SQLite store stopped; exiting so that the proxy is restarted', { error: error.message });
        try {
          stop(1);
        } catch {
          process.exit(1); // before the server exists: nothing to close yet
        }
      },
    });
  } catch (error) {
    fail(`CASHIER_DB: cannot open ${JSON.stringify(config.store.dbPath)} (${error instanceof Error ? error.message : String(error)})`);
  }
}

let webhookJournal: WebhookJournal | undefined;
if (config.store.webhookJournal !== null) {
  try {
    webhookJournal = openFileJournal(config.store.webhookJournal);
  } catch (error) {
    await store.close();
    fail(`CASHIER_WEBHOOK_JOURNAL: cannot open ${JSON.stringify(config.store.webhookJournal)} (${error instanceof Error ? error.message : String(error)})`);
  }
}

const getUser = sessionUser({
  secret: config.session.secret,
  cookieName: config.session.cookieName,
  maxLifetimeSeconds: config.session.maxLifetimeSeconds,
  issuer: config.session.issuer,
  audience: config.session.audience,
  onRejected: (reason) => log.warn('session token refused', { reason }),
});

let stopping = false;
/** Set by SIGTERM / SIGINT: `/readyz` answers 503 from then on, while the server still serves. */
let draining = false;
// The operators' metrics exist only with the admin listener that serves them (prom-client is an optional peer).
let prometheus: Prometheus | undefined;
if (config.admin.port !== undefined) {
  try {
    prometheus = createPrometheus(store, settings.admin.attentionAfterMs, {
      // The shared notifier's own state (Postgres LISTEN and its heartbeat, src/proxy/store/postgres-notifier.ts), as
      // /readyz reads it; the SQLite file's in-process one cannot be lost.
      listening: () => (store as { notifier?: TransactionNotifier }).notifier?.connected ?? true,
      draining: () => draining,
    });
  } catch (error) {
    await store.close();
    fail(`CASHIER_ADMIN_PORT: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let proxy: ReturnType<typeof createCashierProxy>;
try {
  proxy = createCashierProxy({
    ...settings,
    upstreamUrl: sandbox?.url ?? settings.upstreamUrl,
    userContext:
      settings.userContext.mode === 'token'
        ? settings.userContext
        : // The player's own session token is what Mozarto hands to the merchant's User Auth URL (docs/mozarto-api.md §3).
          { mode: 'forward', token: (request) => sessionToken(request, config.session.cookieName) },
    // The embedded sandbox's hosted pages are on the loopback host it listens on.
    redirectHosts: sandbox && !settings.redirectHosts['*'] ? { ...settings.redirectHosts, '*': ['127.0.0.1', 'localhost'] } : settings.redirectHosts,
    getUser,
    store,
    ...(webhookJournal ? { webhookJournal } : {}),
    logger,
    ...(prometheus ? { metrics: prometheus.metrics } : {}),
  });
} catch (error) {
  await store.close();
  fail(error instanceof ProxyConfigError ? error.problems.map(describeForEnvironment).join('; ') : error instanceof Error ? error.message : String(error));
}

const proxyListener = toNodeListener((request, info) => proxy.handle(request, info), { trustedProxies: config.trustedProxies });
const listener = (req: IncomingMessage, res: ServerResponse): void => {
  const path = (req.url ?? '').split('?')[0];
  // Liveness: the process runs. Stays 200 through a drain and a database outage (a restart would
  // not help either). Answered before any Web Request is built.
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end('ok\n');
    return;
  }
  // Readiness: send traffic here? Not while draining, nor while the store or LISTEN is failing.
  if (path === '/readyz') return void readyz(res);
  // A balancer's kept-alive connection moves to another instance after this answer.
  if (draining) res.setHeader('connection', 'close');
  proxyListener(req, res);
};

async function readyz(res: ServerResponse): Promise<void> {
  const readiness = await proxy.readiness();
  const body = { ...readiness, ready: readiness.ready && !draining, draining: readiness.draining || draining };
  res.writeHead(body.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(`${JSON.stringify(body)}\n`);
}
const server = createServer(
  {
    requestTimeout: config.http.requestTimeoutMs,
    headersTimeout: config.http.headersTimeoutMs,
    // How often the two timeouts above are checked (Node's default is 30 s).
    connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
  },
  listener,
);
// Beyond this many open sockets Node closes new ones at once (event streams count too).
server.maxConnections = config.http.maxConnections;
await new Promise<void>((resolve) => {
  server.once('error', (error: NodeJS.ErrnoException) => {
    void store.close();
    void sandbox?.close();
    fail(`PORT/HOST: cannot listen on ${config.listen.host}:${config.listen.port} (${error.code ?? error.message})`);
  });
  server.listen(config.listen.port, config.listen.host, resolve);
});
let adminServer: ReturnType<typeof createAdminServer> | undefined;
if (prometheus && config.admin.port !== undefined) {
  const admin = createAdminServer({
    handleAdmin: (request) => proxy.handleAdmin(request),
    prometheus,
    credentials: settings.admin.credentials,
    requestTimeoutMs: config.http.requestTimeoutMs,
  });
  await new Promise<void>((resolve) => {
    admin.once('error', (error: NodeJS.ErrnoException) => {
      server.close();
      void store.close();
      void sandbox?.close();
      fail(`CASHIER_ADMIN_PORT/CASHIER_ADMIN_HOST: cannot listen on ${config.admin.host}:${config.admin.port} (${error.code ?? error.message})`);
    });
    admin.listen(config.admin.port, config.admin.host, resolve);
  });
  adminServer = admin;
  const at = admin.address() as AddressInfo;
  log.info('admin listener', {
    adminUrl: `http://${at.family === 'IPv6' ? `[${at.address}]` : at.address}:${at.port}`,
    page: '/admin',
    metrics: '/metrics',
    operators: settings.admin.credentials.map((c) => `${c.name}:${c.role}`).join(','),
  });
}
const address = server.address() as AddressInfo;
const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
const url = `http://${host}:${address.port}`;
sandbox?.sandbox.configure({ webhookUrl: `${url}${settings.basePath}/webhooks/mozarto` });
log.info('cashier proxy listening', {
  url,
  pid: process.pid,
  basePath: settings.basePath,
  upstream: sandbox ? `${sandbox.url} (embedded sandbox)` : settings.upstreamUrl,
  userContext: settings.userContext.mode,
  allowedOrigins: settings.allowAnyOrigin ? 'any' : (settings.allowedOrigins ?? 'same origin'),
  db: dbLabel,
  webhookJournal: config.store.webhookJournal ?? 'off',
  payin: proxy.offered.payin.join(',') || 'off',
  payout: proxy.offered.payout.join(',') || 'off',
  events: settings.events.urls.length ? settings.events.urls.join(',') : 'off',
  authorize: settings.authorizeUrl ?? 'off',
  ...config.http,
  drainDelayMs: config.drain.delayMs,
});
if (config.store.webhookJournal === null) {
  log.warn('CASHIER_WEBHOOK_JOURNAL=off: a webhook that arrives while the database fails is answered 503 and lost unless Mozarto retries it');
}
if (madeUpSession) {
  // Try-out only: a made-up secret, so this token is worthless anywhere else.
  const now = new Date();
  const demo = await signHs256(
    {
      sub: 'sandbox-player',
      iss: config.session.issuer,
      aud: config.session.audience,
      email: 'player@example.com',
      firstName: 'Sandbox',
      lastName: 'Player',
      countryCode: 'DE',
    },
    config.session.secret,
    { now, expiresInSeconds: 3600 },
  );
  console.log(
    `\nSANDBOX=1: a session for "sandbox-player", valid for an hour:\n  curl -H 'Authorization: Bearer ${demo}' ${url}${settings.basePath}/config\n  or set the cookie ${config.session.cookieName ?? 'cashier_session'}=<token>\n`,
  );
}

/** Stops at once (the store failed); a signal drains instead (`drainAndExit`). */
function stop(exitCode = 0): void {
  if (stopping) return;
  stopping = true;
  log.info('cashier proxy stopping');
  server.close();
  server.closeAllConnections();
  adminServer?.close();
  adminServer?.closeAllConnections();
  void proxy
    .close()
    .catch(() => {})
    .then(() => sandbox?.close())
    .then(() => store.close())
    .catch(() => {})
    .finally(() => {
      logger.flush();
      process.exit(exitCode);
    });
}

/**
 * A deploy's stop (README "Several instances"): `/readyz` answers 503 at once while everything is
 * still served, so the balancer takes this instance out; after the drain delay the listener
 * closes; the event streams end with a reconnect hint and the requests in flight finish (a create
 * waiting on Mozarto included, bounded by the upstream timeout); then the store closes and the
 * process exits 0.
 */
async function drainAndExit(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  draining = true;
  log.info('draining: /readyz answers 503; the listener closes after the drain delay', { reason, delayMs: config.drain.delayMs });
  if (config.drain.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.drain.delayMs));
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const started = Date.now();
  const finished = await proxy.drain();
  if (!finished) log.warn('drain: requests still in flight when the upstream timeout ran out; closing anyway');
  // Streams just ended and answers just written leave idle keep-alive connections behind.
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  server.closeAllConnections();
  log.info('drained; closing the store', { drainMs: Date.now() - started });
  try {
    await proxy.close();
    await sandbox?.close();
    await store.close();
  } catch (error) {
    log.error('error while closing', { error: error instanceof Error ? error.message : String(error) });
  }
  logger.flush();
  process.exit(0);
}

process.once('SIGTERM', () => void drainAndExit('SIGTERM'));
process.on('SIGINT', () => {
  // A second Ctrl+C does not wait for the drain.
  if (stopping) {
    log.warn('second SIGINT: exiting without waiting for the drain');
    logger.flush();
    process.exit(1);
  }
  void drainAndExit('SIGINT');
});
whenNpmParentGoes(({ launcher }) => {
  log.warn('the npm process that started this server is gone (npm passes a signal to its shell only): draining as on SIGTERM', { launcher });
  void drainAndExit('npm parent gone');
});
