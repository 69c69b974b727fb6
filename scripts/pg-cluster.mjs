// A throw-away PostgreSQL cluster for the tests and `npm run bench` (issue 17): Debian's
// `postgresql` package (installed with apt-get when missing), `initdb` + `pg_ctl` in a temp
// directory on a free loopback port. initdb refuses root, so as root both run as the `postgres`
// user (runuser). Nothing here skips: if PostgreSQL cannot be installed or started, it throws.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The newest /usr/lib/postgresql/<n>/bin that has initdb, or null. */
function findBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : null;
}

/** Installs Debian's postgresql package when no server binaries are there; throws if it cannot. */
export function ensurePostgresInstalled() {
  let bin = findBin();
  if (bin) return bin;
  const asRoot = process.getuid?.() === 0;
  const apt = (args) => {
    const cmd = asRoot ? 'apt-get' : 'sudo';
    const full = asRoot ? args : ['-n', 'apt-get', ...args];
    const run = spawnSync(cmd, full, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0)
      throw new Error(`pg-cluster: apt-get ${args.join(' ')} failed (exit ${run.status}); PostgreSQL is required for the multi-instance tests`);
  };
  console.error("pg-cluster: PostgreSQL server binaries missing; installing Debian's postgresql package…");
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
  bin = findBin();
  if (!bin) throw new Error('pg-cluster: postgresql installed but no /usr/lib/postgresql/*/bin/initdb found');
  return bin;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster; resolves to `{ url, port, dir, stop() }`. `url` is a postgres:// URL for the
 * superuser on 127.0.0.1, trust authentication (loopback only, the cluster dies with `stop`).
 */
export async function startPostgres({ settings = {} } = {}) {
  const bin = ensurePostgresInstalled();
  const asRoot = process.getuid?.() === 0;
  const as = (cmd, args, options = {}) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], options) : execFileSync(join(bin, cmd), args, options);
  const dir = mkdtempSync(join(tmpdir(), 'cashier-pg-'));
  chmodSync(dir, 0o777);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${dir}`,
    '-c max_connections=200',
    ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`),
  ].join(' ');
  try {
    as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'], { stdio: 'pipe' });
    as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'], { stdio: 'pipe' });
  } catch (error) {
    const log = existsSync(join(dir, 'log')) ? execFileSync('tail', ['-n', '30', join(dir, 'log')]).toString() : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pg-cluster: PostgreSQL did not start: ${error.stderr?.toString() ?? error.message}\n${log}`, { cause: error });
  }
  let stopped = false;
  const ctl = (args) => as('pg_ctl', ['-D', data, ...args], { stdio: 'pipe' });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    // The fault tests (issue 24): the database goes away and comes back on the same port and data.
    halt() {
      ctl(['-m', 'immediate', '-w', 'stop']);
    },
    resume() {
      ctl(['-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'pipe' });
      } catch {
        // Already gone.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
