/**
 * For test/e2e/merchant-ledger.test.ts and merchant-examples.test.ts: the merchant examples (examples/php-merchant,
 * examples/python-merchant) as real processes, a relay in front of their events endpoint that
 * records every delivery and doubles some, and the example's books read from its SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../proxy/helpers.js';
import { ROOT } from './support.js';

export interface Language {
  readonly name: 'php' | 'python';
  readonly dir: string;
  /** The file the README's snippet must be, verbatim, and the README's code fence language. */
  readonly snippet: { readonly file: string; readonly fence: string };
  readonly executable: string;
  /** The command line for a site on `port`. */
  args(port: number): string[];
  readonly env: (port: number) => Record<string, string>;
}

export const LANGUAGES: readonly Language[] = [
  {
    name: 'php',
    dir: join(ROOT, 'examples', 'php-merchant'),
    snippet: { file: 'receive.php', fence: 'php' },
    executable: process.env.CASHIER_PHP ?? '/usr/bin/php',
    args: (port) => ['-S', `127.0.0.1:${port}`, 'router.php'],
    // Four workers, so concurrent requests really run at once (the built-in server is serial without).
    env: () => ({ PHP_CLI_SERVER_WORKERS: '4' }),
  },
  {
    name: 'python',
    dir: join(ROOT, 'examples', 'python-merchant'),
    snippet: { file: 'receive.py', fence: 'python' },
    // Debian's, where python3-jwt is (scripts/ensure-tools.sh), whatever python3 is first on PATH.
    executable: process.env.CASHIER_PYTHON ?? '/usr/bin/python3',
    args: () => ['server.py'],
    env: (port) => ({ PORT: String(port), PYTHONDONTWRITEBYTECODE: '1' }),
  },
];

export interface Site {
  readonly url: string;
  out(): string;
  /** SIGTERM to the whole process group (PHP's workers are children), resolved once the port is free. */
  stop(): Promise<void>;
}

/** Starts an example on `port` and resolves once `GET /healthz` answers. */
export async function startSite(language: Language, port: number, env: Record<string, string>): Promise<Site> {
  let out = '';
  const child: ChildProcess = spawn(language.executable, language.args(port), {
    cwd: language.dir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...language.env(port), ...env } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches every worker
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (gone) throw new Error(`the ${language.name} site exited:\n${out}`);
      return (await fetch(`${url}/healthz`)).ok || undefined;
    },
    20_000,
    `the ${language.name} site on ${url}; output: ${out}`,
  );
  return {
    url,
    out: () => out,
    async stop() {
      if (!gone) process.kill(-child.pid!, 'SIGTERM');
      await exited;
      await eventually(async () => ((await portAnswers(port)) ? undefined : true), 10_000, `port ${port} to be free`);
    },
  };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** One delivery of an event to the relay, as the proxy sent it, and what the site answered to each copy. */
export interface Delivery {
  readonly headers: Readonly<Record<'content-type' | 'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string>>;
  readonly body: string;
  readonly answers: { status: number; duplicate?: boolean }[];
}

export interface Relay {
  readonly url: string;
  readonly deliveries: Delivery[];
  /** How many deliveries the relay sent on twice at once. */
  doubled(): number;
  /** Closes the relay's port and every connection: the proxy's deliveries find nobody. */
  stop(): Promise<void>;
  /** Opens the same port again. */
  start(): Promise<void>;
}

/**
 * The proxy's `CASHIER_EVENTS_URL`: passes each delivery on to `${target}/events` byte for byte
 * and answers what the site answered. Every `doubleEvery`-th delivery goes to the site twice at
 * the same time (a duplicate delivery racing the original); a site that does not answer gets the
 * proxy's connection destroyed.
 */
export async function startRelay(port: number, target: string, doubleEvery: number): Promise<Relay> {
  const deliveries: Delivery[] = [];
  let count = 0;
  let doubled = 0;
  const forward = async (headers: Delivery['headers'], body: Buffer) => {
    const res = await fetch(`${target}/events`, { method: 'POST', headers, body: new Uint8Array(body) });
    const text = await res.text();
    let duplicate: boolean | undefined;
    try {
      duplicate = (JSON.parse(text) as { duplicate?: boolean }).duplicate;
    } catch {
      // not the site's JSON: recorded by status only
    }
    return { status: res.status, text, duplicate };
  };
  let server: Server;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((req, res) => {
        void (async () => {
          const body = await readAll(req);
          const h = (name: string) => String(req.headers[name] ?? '');
          const headers = {
            'content-type': h('content-type'),
            'webhook-id': h('webhook-id'),
            'webhook-timestamp': h('webhook-timestamp'),
            'webhook-signature': h('webhook-signature'),
          };
          const copies = ++count % doubleEvery === 0 ? 2 : 1;
          try {
            const answers = await Promise.all(Array.from({ length: copies }, () => forward(headers, body)));
            if (copies === 2) doubled++;
            deliveries.push({ headers, body: body.toString('utf8'), answers: answers.map(({ status, duplicate }) => ({ status, duplicate })) });
            res.writeHead(answers[0]!.status, { 'content-type': 'application/json' }).end(answers[0]!.text);
          } catch {
            res.destroy();
          }
        })();
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await open();
  return {
    url: `http://127.0.0.1:${port}/events`,
    deliveries,
    doubled: () => doubled,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    start: open,
  };
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface Books {
  /** `player currency` → balance in hundredths. */
  readonly balances: ReadonlyMap<string, number>;
  readonly held: readonly { authorization_id: string; player: string; amount: number }[];
  readonly movements: readonly { transaction_id: string; player: string; currency: string; amount: number; event_id: string }[];
  readonly appliedEvents: readonly string[];
}

/** The site's books, read from its SQLite file (read-only, beside the running site). */
export function readBooks(path: string): Books {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const wallets = db.prepare('SELECT player, currency, balance FROM wallets').all() as { player: string; currency: string; balance: number }[];
    return {
      balances: new Map(wallets.map((w) => [`${w.player} ${w.currency}`, w.balance])),
      held: db.prepare("SELECT authorization_id, player, amount FROM holds WHERE status = 'held'").all() as Books['held'],
      movements: db.prepare('SELECT transaction_id, player, currency, amount, event_id FROM movements').all() as Books['movements'],
      appliedEvents: (db.prepare('SELECT event_id FROM applied_events').all() as { event_id: string }[]).map((r) => r.event_id),
    };
  } finally {
    db.close();
  }
}

/**
 * A Standard Webhooks signature (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`), made by the
 * `standardwebhooks` package the proxy signs with: what the proxy sends, for the tests that post to
 * a site directly. merchant-examples checks it against the specification's test vector.
 */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestamp * 1000), body);
}
