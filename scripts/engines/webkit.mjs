// WebKitGTK for web-test-runner: Debian's WebKitWebDriver drives MiniBrowser (webkit2gtk-driver)
// through @web/test-runner-webdriver. MiniBrowser has no headless mode, so it gets its own Xvfb
// display when there is none. It takes the colour scheme (GTK_THEME) and reduced motion
// (gtk-enable-animations) from GTK for the browser's life: a run is light with motion, or dark
// with reduced motion (`prefers`), and media.mjs holds tests to the run's own state.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { freePort } from './free-port.mjs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';

export function miniBrowserPath() {
  if (process.env.WEBKIT_MINIBROWSER_PATH) return process.env.WEBKIT_MINIBROWSER_PATH;
  const found = readdirSync('/usr/lib')
    .map((dir) => join('/usr/lib', dir, 'webkit2gtk-4.1', 'MiniBrowser'))
    .find((path) => existsSync(path));
  if (!found) throw new Error('webkit: MiniBrowser not found (Debian package libwebkit2gtk-4.1-0; scripts/ensure-browsers.sh installs it)');
  return found;
}

/** The media state a WebKit run has for its whole life. */
export const webkitMedia = (prefers) => (prefers ? { colorScheme: 'dark', reducedMotion: 'reduce' } : { colorScheme: 'light', reducedMotion: 'no-preference' });

/** Starts Xvfb on a display it picks itself; resolves { display, stop }. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let err = '';
    xvfb.stderr.on('data', (c) => (err += c));
    xvfb.on('error', reject);
    xvfb.on('exit', (code) => reject(new Error(`webkit: Xvfb exited (${code}): ${err.slice(-500)}`)));
    let out = '';
    xvfb.stdio[3].on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, stop: () => xvfb.kill() });
    });
  });
}

async function waitForDriver(port, driver) {
  for (let i = 0; i < 200; i++) {
    if (driver.exitCode !== null) throw new Error(`webkit: WebKitWebDriver exited (${driver.exitCode})`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('webkit: WebKitWebDriver did not start listening');
}

export async function webkitLauncherFor({ prefers = false } = {}) {
  const port = await freePort();
  const launcher = webdriverLauncher({
    hostname: '127.0.0.1',
    port,
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      // WebKitWebDriver 2.50 has no BiDi and refuses webdriverio 9's default request for it.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
    },
  });

  let driver;
  let xvfb;
  let gtkConfig;
  const cleanUp = () => {
    // The driver runs in its own process group with the MiniBrowser it started: end them together.
    if (driver?.pid && driver.exitCode === null) {
      try {
        process.kill(-driver.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    xvfb?.stop();
    if (gtkConfig) rmSync(gtkConfig, { recursive: true, force: true });
    driver = xvfb = gtkConfig = undefined;
  };
  process.once('exit', cleanUp);

  const initialize = launcher.initialize.bind(launcher);
  launcher.initialize = async (config, testFiles) => {
    gtkConfig = mkdtempSync(join(tmpdir(), 'cashier-gtk-'));
    mkdirSync(join(gtkConfig, 'gtk-3.0'));
    writeFileSync(
      join(gtkConfig, 'gtk-3.0', 'settings.ini'),
      `[Settings]\ngtk-enable-animations=${prefers ? 0 : 1}\ngtk-application-prefer-dark-theme=${prefers ? 1 : 0}\n`,
    );
    const env = { ...process.env, XDG_CONFIG_HOME: gtkConfig, GTK_THEME: prefers ? 'Adwaita:dark' : 'Adwaita' };
    if (!env.DISPLAY) {
      xvfb = await startXvfb();
      env.DISPLAY = xvfb.display;
    }
    if (!existsSync(WEBKIT_DRIVER)) throw new Error(`webkit: ${WEBKIT_DRIVER} missing (Debian package webkit2gtk-driver)`);
    driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: 'ignore', detached: true });
    await waitForDriver(port, driver);
    return initialize(config, testFiles);
  };
  const stop = launcher.stop.bind(launcher);
  launcher.stop = async () => {
    await stop();
    cleanUp();
  };
  return launcher;
}
