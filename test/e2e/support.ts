/**
 * End-to-end support: free ports, the real Vite dev server (proxy + sandbox inside, as
 * `npm start` runs them) and Debian's Chromium driven by playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Starts `vite` (the `npm start` server) on free ports with a throw-away database. No HMR and no
 * file watching: an edit elsewhere in the tree must not reload the page under test mid-case.
 */
export async function startDevServer(opts: { payoutSettleMs?: number; dbPath?: string } = {}) {
  const port = await freePort();
  const sandboxPort = await freePort();
  const data = tempDir('cashier-e2e-');
  process.env.SANDBOX_PORT = String(sandboxPort);
  process.env.CASHIER_DB = opts.dbPath ?? join(data.path, 'cashier.db');
  process.env.SANDBOX_PAYOUT_SETTLE_MS = String(opts.payoutSettleMs ?? 300);
  const { createServer } = await import('vite');
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    server: { port, host: '127.0.0.1', strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  return {
    url: `http://localhost:${port}`,
    sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
    dbPath: process.env.CASHIER_DB,
    async close() {
      await server.close();
      data.remove();
    },
  };
}

/**
 * For one test file: the dev server and Chromium, started before its tests and closed after them.
 * `open(path)` is a new page at that path of the server (in its own context, with `options`).
 */
export function devServerAndBrowser(opts: { payoutSettleMs?: number } = {}) {
  let server: Awaited<ReturnType<typeof startDevServer>> | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startDevServer(opts);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    async open(path: string, options?: BrowserContextOptions): Promise<Page> {
      const page = await browser!.newPage(options);
      await page.goto(`${server!.url}${path}`);
      return page;
    },
  };
}
