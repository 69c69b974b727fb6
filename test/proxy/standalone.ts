/**
 * The standalone server (src/standalone/server.ts) as a child process, for the tests that kill it or
 * run several of it: spawned with a clean environment plus `env`, on a free port (PORT=0), and
 * ready when it logs its URL. `{ built: true }` runs the built one instead, `dist/proxy/server.js`
 * (what `npx mozarto-cashier-proxy` runs; `node scripts/build.mjs` first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signHs256 } from '../../src/proxy/jwt.js';
import { SANDBOX_COMPANY_TOKEN, SANDBOX_USER_TOKEN_SECRET } from '../../src/proxy/options-schema.js';
import { DEFAULT_SESSION_AUDIENCE } from '../../src/proxy/session.js';
import { eventually } from './helpers.js';

export const STANDALONE_SESSION_SECRET = 'standalone-test-session-secret-0123456789';
export const STANDALONE_SESSION_ISSUER = 'https://shop.test';
export const STANDALONE_WEBHOOK_SECRET = 'standalone-test-webhook-secret';

/** `Bearer <session token>` for `sub`, as the merchant's site signs it: with its `iss` and the cashier's `aud`. */
export async function standaloneSession(sub: string, claims: Record<string, string> = {}, expiresInSeconds = 3600): Promise<string> {
  const token = await signHs256({ sub, iss: STANDALONE_SESSION_ISSUER, aud: DEFAULT_SESSION_AUDIENCE, ...claims }, STANDALONE_SESSION_SECRET, {
    expiresInSeconds,
  });
  return `Bearer ${token}`;
}

export interface Standalone {
  readonly child: ChildProcess;
  readonly url: string;
  /** `${url}/api/cashier` */
  readonly api: string;
  out(): string;
  readonly exited: Promise<number | null>;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), resolved with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts one standalone proxy against `upstreamUrl` (null: none, for `SANDBOX=1`); rejects with its output if it does not listen. */
export async function spawnStandalone(upstreamUrl: string | null, env: Record<string, string>, options: { built?: boolean } = {}): Promise<Standalone> {
  let out = '';
  // On PostgreSQL the webhook journal's default is .data/ under the working directory, this
  // repository: a directory of its own instead, unless the test names one (to restart on it).
  const journal = env.CASHIER_DATABASE_URL && !env.CASHIER_WEBHOOK_JOURNAL ? mkdtempSync(join(tmpdir(), 'cashier-journal-')) : undefined;
  const child = spawn(process.execPath, options.built ? ['dist/proxy/server.js'] : ['--import', 'tsx', 'src/standalone/server.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // SANDBOX=1 (upstreamUrl null): the embedded sandbox is the upstream, and MOZARTO_URL must be unset.
      // A local sandbox otherwise: its public credentials, named (never taken silently, issue 28).
      ...(upstreamUrl === null
        ? {}
        : { MOZARTO_URL: upstreamUrl, MOZARTO_COMPANY_TOKEN: SANDBOX_COMPANY_TOKEN, MOZARTO_USER_TOKEN_SECRET: SANDBOX_USER_TOKEN_SECRET }),
      MOZARTO_WEBHOOK_SECRET: STANDALONE_WEBHOOK_SECRET,
      CASHIER_SESSION_SECRET: STANDALONE_SESSION_SECRET,
      CASHIER_SESSION_ISSUER: STANDALONE_SESSION_ISSUER,
      CASHIER_ALLOWED_ORIGINS: '*',
      PORT: '0',
      // These tests are about processes, not the merchant's check (test/standalone/merchant-backend.test.ts).
      CASHIER_PAYOUTS_UNCHECKED: '1',
      ...(journal ? { CASHIER_WEBHOOK_JOURNAL: journal } : {}),
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (journal) void exited.then(() => rmSync(journal, { recursive: true, force: true }));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = await eventually(
    () => {
      if (gone) throw new Error(`the standalone server exited before listening:\n${out}`);
      return /listening on (http:\/\/[^\s"]+)/.exec(out)?.[1] ?? /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    },
    30_000,
    `the standalone server to listen; output: ${out}`,
  );
  return {
    child,
    url,
    api: `${url}/api/cashier`,
    out: () => out,
    exited,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Where a server spawned with `CASHIER_ADMIN_PORT` serves the operators, once it logs it. */
export function adminUrlOf(server: Standalone): Promise<string> {
  return eventually(() => /"adminUrl":"(http:\/\/[^"]+)"/.exec(server.out())?.[1], 10_000, 'the admin listener');
}
