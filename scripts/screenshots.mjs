// npm run screenshots: starts the dev server (proxy + sandbox, as `npm start` and test/e2e do),
// opens the gallery in headless /usr/bin/chromium and saves PNGs of every state in light, dark,
// right-to-left and a narrow (320 px) viewport into screenshots/ (gitignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from './engines/chromium-args.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'screenshots');

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createNetServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const SHOTS = [
  { file: 'gallery-light.png', query: 'scheme=light', colorScheme: 'light' },
  { file: 'gallery-dark.png', query: 'scheme=dark', colorScheme: 'dark' },
  { file: 'gallery-dark-system.png', query: '', colorScheme: 'dark' },
  { file: 'gallery-rtl.png', query: 'dir=rtl&locale=ar', colorScheme: 'light' },
  { file: 'gallery-rtl-dark.png', query: 'dir=rtl&locale=ar&type=payout&scheme=dark', colorScheme: 'dark' },
  { file: 'gallery-payout-de.png', query: 'type=payout&locale=de', colorScheme: 'light' },
  { file: 'gallery-320.png', query: 'scheme=light', colorScheme: 'light', width: 320 },
  { file: 'gallery-200-zoom.png', query: 'scheme=light', colorScheme: 'light', width: 640, scale: 2 },
  { file: 'demo-light.png', page: '/', query: 'scheme=light', colorScheme: 'light' },
  { file: 'demo-dark.png', page: '/', query: 'scheme=dark', colorScheme: 'dark' },
];

const data = mkdtempSync(join(tmpdir(), 'cashier-shots-'));
const port = await freePort();
process.env.SANDBOX_PORT = String(await freePort());
process.env.CASHIER_DB = join(data, 'cashier.db');
const { createServer } = await import('vite');
const { chromium } = await import('playwright-core');
const server = await createServer({
  configFile: join(ROOT, 'vite.config.ts'),
  root: ROOT,
  logLevel: 'warn',
  server: { port, host: '127.0.0.1', strictPort: true, watch: null },
});
await server.listen();
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_ARGS,
});
let failed = false;
try {
  mkdirSync(OUT, { recursive: true });
  for (const shot of SHOTS) {
    // 200 % zoom: a 640 px wide window at device scale 2 lays out like a 1280 px screen zoomed in.
    const context = await browser.newContext({
      viewport: { width: shot.width ?? 1440, height: 900 },
      deviceScaleFactor: shot.scale ?? 1,
      colorScheme: shot.colorScheme,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`${shot.file}: ${e.message}`));
    const path = shot.page ?? '/demo/gallery.html';
    await page.goto(`http://localhost:${port}${path}?${shot.query}`);
    if (path.includes('gallery')) await page.waitForSelector('html[data-gallery-ready="true"]', { timeout: 20_000 });
    else await page.waitForSelector('mozarto-cashier [data-state="editing"]', { timeout: 20_000 });
    const problems = await page.locator('.gallery-problem').count();
    if (problems) {
      failed = true;
      console.error(`${shot.file}: ${problems} state(s) did not render`);
    }
    await page.screenshot({ path: join(OUT, shot.file), fullPage: true, animations: 'disabled' });
    console.log(`screenshots/${shot.file}`);
    // Narrow and zoomed pages are too tall to judge whole: also the most crowded states alone.
    for (const id of shot.width ? ['errors', 'unavailable', 'declined'] : []) {
      const file = shot.file.replace('.png', `-${id}.png`);
      await page.locator(`figure[data-state="${id}"]`).screenshot({ path: join(OUT, file), animations: 'disabled' });
      console.log(`screenshots/${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(data, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
