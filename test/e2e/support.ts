/**
 * End-to-end support: free ports, the real Vite dev server (proxy + sandbox inside, as
 * `npm start` runs them), Debian's Chromium driven by playwright-core and Debian's Firefox ESR
 * driven by puppeteer-core over WebDriver BiDi (playwright-core cannot drive a stock Firefox).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';

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

export async function launchFirefox(): Promise<PuppeteerBrowser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
  });
}

/** For one test file: the dev server and a browser, started before its tests and closed after them. */
function devServerWith<B extends { close(): Promise<void> }, P, O = never>(
  opts: { payoutSettleMs?: number },
  launch: () => Promise<B>,
  openPage: (browser: B, url: string, options?: O) => Promise<P>,
) {
  let server: Awaited<ReturnType<typeof startDevServer>> | undefined;
  let browser: B | undefined;
  before(async () => {
    server = await startDevServer(opts);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    /** A new page at `path` of the server (for Chromium in its own context, with `options`). */
    open: (path: string, options?: O): Promise<P> => openPage(browser!, `${server!.url}${path}`, options),
  };
}

/** The dev server and Chromium (playwright-core) for one test file. */
export function devServerAndBrowser(opts: { payoutSettleMs?: number } = {}) {
  return devServerWith(opts, launchChromium, async (browser, url, options?: BrowserContextOptions): Promise<Page> => {
    const page = await browser.newPage(options);
    await page.goto(url);
    return page;
  });
}

/** The dev server and Firefox ESR (puppeteer-core) for one test file. */
export function devServerAndFirefox(opts: { payoutSettleMs?: number } = {}) {
  return devServerWith(opts, launchFirefox, async (browser, url): Promise<PuppeteerPage> => {
    const page = await browser.newPage();
    await page.goto(url);
    return page;
  });
}
