/**
 * `npm start`'s back end: the merchant proxy mounted in the Vite dev server at /api/cashier,
 * talking over real HTTP to the embedded sandbox (a stand-in for Mozarto on its own port), which
 * sends its webhooks back to the proxy. This file is the demo's composition root, the only place
 * that knows both the proxy and the sandbox.
 *
 * Environment (all optional): PORT (5173), SANDBOX_PORT (5174), CASHIER_DB (.data/cashier.db),
 * SANDBOX_PAYOUT_SETTLE_MS (1500), and the standalone server's proxy variables (MOZARTO_URL +
 * MOZARTO_COMPANY_TOKEN + MOZARTO_USER_TOKEN_SECRET + MOZARTO_WEBHOOK_SECRET to talk to a real
 * Mozarto instead of the sandbox, CASHIER_FEES, CASHIER_LIMITS…), read by the same function
 * (src/standalone/environment.ts `proxySettingsFromEnv`) and checked by the same rules.
 */
import { randomBytes } from 'node:crypto';
import { dirname, relative, resolve, sep } from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { createCashierProxy, openSqliteStore, ProxyConfigError, type CashierUser, type ProxySettings, type TransactionStore } from '../src/proxy/index.js';
import { toNodeListener } from '../src/http/node-adapter.js';
import { startSandbox } from '../src/sandbox/index.js';
import { describeForEnvironment, proxySettingsFromEnv } from '../src/standalone/environment.js';

const BASE_PATH = '/api/cashier';

/**
 * The demo player's earlier transactions, so the history (view="history", the History tab) has
 * something to show on a fresh database: a deposit, a declined one and a pay-out still awaiting
 * approval. Written once, when the player has none.
 */
async function seedDemoHistory(store: TransactionStore): Promise<void> {
  if ((await store.listTransactionsByUser(DEMO_USER.id, 1)).length) return;
  const day = 86_400_000;
  const at = (days: number) => new Date(Date.now() - days * day).toISOString();
  const earlier = [
    { id: 'tx_0000000000000000de000001', pspType: 'PAYONE', flow: 'payin', amount: '50.00', currency: 'EUR', createdAt: at(3), status: 'approved' },
    { id: 'tx_0000000000000000de000002', pspType: 'FLEXEPIN', flow: 'payin', amount: '25.00', currency: 'EUR', createdAt: at(2), status: 'declined' },
    { id: 'tx_0000000000000000de000003', pspType: 'GIGADAT', flow: 'payout', amount: '120.00', currency: 'CAD', createdAt: at(1), status: 'awaiting_approval' },
  ] as const;
  for (const { status, ...tx } of earlier) {
    await store.insertTransaction({ ...tx, userId: DEMO_USER.id });
    await store.updateTransaction(tx.id, { status, updatedAt: tx.createdAt });
  }
}

/** The demo's logged-in player. A merchant writes this function against its own session. */
export const DEMO_USER: CashierUser = {
  id: 'demo-player-1',
  email: 'player@example.com',
  firstName: 'Demo',
  lastName: 'Player',
  phone: '4915112345678',
  countryCode: 'DE',
  // What Cleo and Worldpay need from the merchant's records (server-only fields, docs/mozarto-api.md);
  // the proxy sends them, the browser never can.
  gender: 'female',
  kycVerified: true,
  blocked: false,
  isVelocity: false,
  transactionCount: '3',
  userBalance: 120.5,
  partnerName: 'Demo Casino',
  emailVerification: 'player@example.com',
  verificationDate: '2025-01-10',
};

/** True when `url` would reach the database file or its directory (`.data/` by default). */
export function servesDatabase(url: string, root: string, dbPath: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return true; // undecodable: not a file we mean to serve
  }
  const file = path.startsWith('/@fs/') ? path.slice(4) : resolve(root, `.${path}`);
  const dir = dirname(dbPath);
  const inside = (target: string) => {
    const rel = relative(target, resolve(file));
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !rel.includes(`..${sep}`));
  };
  // The directory only when it is not the root itself (a DB file at the root of the project).
  return inside(dbPath) || resolve(file).startsWith(`${dbPath}-`) || (resolve(dir) !== resolve(root) && inside(dir));
}

export function cashierDemo(): Plugin {
  return {
    name: 'mozarto-cashier-demo',
    apply: 'serve',
    async configureServer(server: ViteDevServer) {
      const port = server.config.server.port ?? 5173;
      const pageOrigin = `http://localhost:${port}`;
      const sandboxPort = Number(process.env.SANDBOX_PORT ?? port + 1);
      const realUpstream = process.env.MOZARTO_URL;
      // Unset, the upstream is the demo's own sandbox, with its public credentials.
      const fromEnv = proxySettingsFromEnv({ ...process.env, MOZARTO_URL: realUpstream ?? `http://127.0.0.1:${sandboxPort}` }, !realUpstream);
      if (fromEnv.problems.length) throw new Error(`mozarto-cashier demo: ${fromEnv.problems.join('; ')}`);
      // The demo runs with the proxy's secure defaults: signed webhooks, with a secret made up for
      // this run and shared with the sandbox. A real Mozarto needs MOZARTO_WEBHOOK_SECRET.
      const webhookSecret = fromEnv.settings.webhookSecret ?? (realUpstream ? undefined : randomBytes(24).toString('base64url'));

      const sandbox = realUpstream
        ? undefined
        : await startSandbox({
            port: sandboxPort,
            host: '127.0.0.1',
            publicUrl: `http://localhost:${sandboxPort}`,
            webhookUrl: `http://127.0.0.1:${port}${BASE_PATH}/webhooks/mozarto`,
            webhookSecret,
            // Back through /demo/back, which returns to the host the player came from.
            siteUrl: `${pageOrigin}/demo/back`,
            payoutSettleMs: Number(process.env.SANDBOX_PAYOUT_SETTLE_MS ?? 1500),
          });

      const dbPath = resolve(server.config.root, process.env.CASHIER_DB ?? '.data/cashier.db');
      const store = openSqliteStore(dbPath);
      // Vite serves every file under the root (and /@fs/ paths): never the database, its journal
      // or anything beside it. Registered first, before Vite's own static middlewares.
      server.middlewares.use((req, res, next) => {
        if (servesDatabase(req.url ?? '/', server.config.root, dbPath)) {
          res.statusCode = 404;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          res.end('Not found\n');
        } else next();
      });
      // The provider returns to one fixed URL (siteUrl, §6.7), on localhost; a player who opened
      // the demo at 127.0.0.1 (the URL Vite prints) must come back there, where this tab's
      // session storage knows the payment. The host of the last create is the one to return to.
      let pageHost = `localhost:${port}`;
      server.middlewares.use((req, res, next) => {
        const host = req.headers.host ?? '';
        if (req.method === 'POST' && req.url?.startsWith(`${BASE_PATH}/transactions`) && /^(localhost|127\.0\.0\.1|\[::1\]):\d+$/.test(host)) pageHost = host;
        if (req.url?.split('?')[0] !== '/demo/back') return next();
        // A page, not a redirect: the hosted page's form-action would refuse a second hop.
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.end(
          `<!doctype html><meta charset="utf-8"><title>Returning…</title><script>location.replace(${JSON.stringify(`http://${pageHost}/demo/return.html`)})</script>`,
        );
      });
      let proxy: ReturnType<typeof createCashierProxy>;
      try {
        proxy = createCashierProxy({
          // The sandbox's hosted pages are on its own host; a real Mozarto's providers are the
          // merchant's to list (README "redirectHosts").
          ...(realUpstream ? {} : { redirectHosts: { '*': ['localhost'] } }),
          // Card fields (eMerchantPay) only against the sandbox: on a real Mozarto, card entry puts
          // the page in PCI DSS scope and must be a merchant's decision (docs/adr/0004-card-entry.md).
          cardEntry: !realUpstream,
          // What the tiles and the form show before the player types: a fee on pay-outs and on
          // Brite, quick amounts for the voucher and open-banking methods (README "Method tiles").
          fees: { payout: { fixed: '1.00' }, methods: { BRITE: { percent: '1.5', min: '0.50' } } },
          amountPresetsByMethod: { BRITE: ['20', '50', '100'], FLEXEPIN: ['10', '25', '50'], NEOSURF: ['10', '25', '50'] },
          // What the environment says wins; what it lacks (a real Mozarto's credentials), the proxy's checks name.
          ...(fromEnv.settings as ProxySettings),
          ...(webhookSecret !== undefined ? { webhookSecret } : {}),
          // The demo's pages call this path.
          basePath: BASE_PATH,
          getUser: () => DEMO_USER,
          // The demo player has no wallet to check: pay-outs go through the sandbox unchecked,
          // which the proxy warns about at every start (README "Your backend" shows the check).
          payoutsUnchecked: true,
          store,
        });
      } catch (error) {
        store.close();
        void sandbox?.close();
        if (error instanceof ProxyConfigError)
          throw new Error(`mozarto-cashier demo: ${error.problems.map(describeForEnvironment).join('; ')}`, { cause: error });
        throw error;
      }
      void seedDemoHistory(store);
      const listener = toNodeListener((request, info) => proxy.handle(request, info));
      server.middlewares.use((req, res, next) => {
        if (req.url === BASE_PATH || req.url?.startsWith(`${BASE_PATH}/`)) listener(req, res);
        else next();
      });
      server.httpServer?.once('close', () => {
        void sandbox?.close();
        store.close();
      });
      if (sandbox) server.config.logger.info(`  ➜  Sandbox: ${sandbox.url} (Mozarto stand-in)`);
    },
  };
}
