/**
 * The standalone server (src/standalone/server.ts) as a child process, for the tests that kill it or
 * run several of it: spawned with a clean environment plus `env`, on a free port (PORT=0), and
 * ready when it logs its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './helpers.js';

export const STANDALONE_SESSION_SECRET = 'standalone-test-session-secret-0123456789';
export const STANDALONE_WEBHOOK_SECRET = 'standalone-test-webhook-secret';

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

/** Starts one standalone proxy against `upstreamUrl`; rejects with its output if it does not listen. */
export async function spawnStandalone(upstreamUrl: string, env: Record<string, string>): Promise<Standalone> {
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/standalone/server.ts'], {
    cwd: join(import.meta.dirname, '..', '..'),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MOZARTO_URL: upstreamUrl,
      MOZARTO_WEBHOOK_SECRET: STANDALONE_WEBHOOK_SECRET,
      CASHIER_SESSION_SECRET: STANDALONE_SESSION_SECRET,
      CASHIER_ALLOWED_ORIGINS: '*',
      PORT: '0',
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
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
