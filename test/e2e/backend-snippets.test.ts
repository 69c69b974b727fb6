/**
 * The README's "Verifying events in your language": its PHP and Python blocks run as written, each
 * as the whole file of a server beside the Standard Webhooks library the example vendors, and
 * accept what the proxy signs while refusing a stale timestamp, another body, another secret and
 * no signature at all.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../proxy/helpers.js';
import { LANGUAGES, sign } from './merchant-support.js';
import { freePort, ROOT, tempDir } from './support.js';

const SECTION = '#### Verifying events in your language';

/** The section's first block fenced as `fence`. */
function block(fence: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  assert.ok(start >= 0, `README.md has "${SECTION}"`);
  const match = new RegExp('```' + fence + '\\n([\\s\\S]*?)```').exec(readme.slice(start));
  assert.ok(match, `"${SECTION}" has a \`\`\`${fence} block`);
  return match[1]!;
}

const RUNS = {
  php: { file: 'events.php', library: 'standard-webhooks', args: (port: number) => ['-S', `127.0.0.1:${port}`, 'events.php'] },
  python: { file: 'events.py', library: 'standardwebhooks', args: () => ['events.py'] },
} as const;

for (const language of LANGUAGES) {
  describe(`the README's ${language.name} block verifying the proxy's requests`, () => {
    const dir = tempDir(`backend-snippet-${language.name}-`);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    let stop = async () => {};
    after(async () => {
      await stop();
      dir.remove();
    });

    it('runs as written: accepts what is signed, refuses a stale, altered, foreign or unsigned request', async () => {
      const run = RUNS[language.name];
      writeFileSync(join(dir.path, run.file), block(language.snippet.fence));
      symlinkSync(join(language.dir, run.library), join(dir.path, run.library));
      const port = await freePort();
      let out = '';
      const child = spawn(language.executable, run.args(port), {
        cwd: dir.path,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          CASHIER_EVENTS_SECRET: secret,
          PORT: String(port),
          PYTHONDONTWRITEBYTECODE: '1',
          PYTHONUNBUFFERED: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      stop = async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
      };

      const body = JSON.stringify({ type: 'transaction.approved', timestamp: new Date().toISOString(), data: { transactionId: 'tx_snippet' } });
      const post = async (options: { at?: number; key?: string; payload?: string; unsigned?: boolean } = {}) => {
        const at = options.at ?? Math.floor(Date.now() / 1000);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (!options.unsigned) {
          headers['webhook-id'] = 'evt_snippet';
          headers['webhook-timestamp'] = String(at);
          headers['webhook-signature'] = sign(options.key ?? secret, 'evt_snippet', at, body);
        }
        return (await fetch(`http://127.0.0.1:${port}/events`, { method: 'POST', headers, body: options.payload ?? body })).status;
      };
      assert.equal(await eventually(() => post().catch(() => undefined), 20_000, `the ${language.name} block listening; output: ${out}`), 204, out);
      assert.equal(await post({ at: Math.floor(Date.now() / 1000) - 6 * 60 }), 401, 'six minutes old');
      assert.equal(await post({ payload: body.replace('tx_snippet', 'tx_other') }), 401, 'another body');
      assert.equal(await post({ key: `whsec_${randomBytes(32).toString('base64')}` }), 401, 'another secret');
      assert.equal(await post({ unsigned: true }), 401, 'unsigned');
    });
  });
}
