/**
 * The README's edge-runtime promise: the handler (`createCashierProxy`, the session reader and the
 * token signer) runs with no Node at all. esbuild bundles it for the `neutral` platform with a
 * plugin that fails the build on any `node:` (or bare built-in) import, and the bundle then runs
 * with Node's own globals (`process`, `Buffer`, `require`, `setImmediate`, …) shadowed by
 * `undefined`: only what an edge runtime has (fetch, Request/Response, Web Crypto, streams,
 * timers) is left. The store is the merchant's to inject on the edge; here the tests' SQLite
 * store stands in from outside the bundle. Upstream is the real sandbox over HTTP.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { openSqliteStore } from '../../src/proxy/index.js';
import type * as Handler from '../../src/proxy/index.js';
import { COMPANY_TOKEN, USER_TOKEN_SECRET, WEBHOOK_SECRET, captureLogger, eventually, newKey, payoneRequest, tempDir } from './helpers.js';
import { EVENTS_SECRET, startMerchantEndpoint } from './merchant-endpoint.js';

const BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

const noNode: Plugin = {
  name: 'no-node',
  setup(b) {
    b.onResolve({ filter: BUILTIN }, (args) => ({
      errors: [{ text: `${args.importer} imports "${args.path}", which an edge runtime does not have` }],
    }));
  },
};

const ENTRY = `
export { createCashierProxy } from './src/proxy/proxy.ts';
export { sessionUser } from './src/proxy/session.ts';
export { signHs256 } from './src/proxy/jwt.ts';
`;

/** What Node has and an edge runtime (a Worker) does not. */
const NODE_ONLY = ['process', 'Buffer', 'require', 'module', 'exports', 'global', 'setImmediate', 'clearImmediate', '__dirname', '__filename'];

type Edge = Pick<typeof Handler, 'createCashierProxy' | 'sessionUser' | 'signHs256'>;

async function bundleForTheEdge(): Promise<{ code: string; load(): Edge }> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'edge-entry.ts' },
    bundle: true,
    write: false,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['worker', 'import'],
    format: 'iife',
    globalName: '__edge',
    target: 'es2022',
    logLevel: 'silent',
    plugins: [noNode],
  });
  const code = result.outputFiles[0]!.text;
  return {
    code,
    load: () => new Function(...NODE_ONLY, `${code}\nreturn __edge;`)(...NODE_ONLY.map(() => undefined)) as Edge,
  };
}

describe('the proxy on an edge runtime (no node: module, no Node globals)', () => {
  const dir = tempDir();
  let sandbox: StartedSandbox;

  before(async () => {
    sandbox = await startSandbox({ webhookSecret: WEBHOOK_SECRET, companyToken: COMPANY_TOKEN, payoutSettleMs: 60_000 });
  });
  after(async () => {
    await sandbox.close();
    dir.remove();
  });

  it('bundles without a node: import', async () => {
    const { code } = await bundleForTheEdge();
    assert.doesNotMatch(code, /\bfrom\s*["']node:|require\(["']node:/);
  });

  it('the build fails on a node: import, so the check above is real', async () => {
    await assert.rejects(
      build({
        stdin: { contents: `import { createHash } from 'node:crypto'; console.log(createHash);`, loader: 'ts' },
        bundle: true,
        write: false,
        platform: 'neutral',
        logLevel: 'silent',
        plugins: [noNode],
      }),
      /an edge runtime does not have/,
    );
  });

  it('creates a transaction, takes its webhook, answers the poll and signs the merchant’s events, on Web Request/Response only', async () => {
    const edge = (await bundleForTheEdge()).load();
    const store = openSqliteStore(join(dir.path, 'edge.db'));
    const secret = 'edge-session-secret-0123456789-abcdefghij';
    const merchant = await startMerchantEndpoint();
    try {
      const proxy = edge.createCashierProxy({
        events: { urls: [merchant.url], secret: EVENTS_SECRET },
        upstreamUrl: sandbox.url,
        companyToken: COMPANY_TOKEN,
        userContext: { mode: 'token', secret: USER_TOKEN_SECRET },
        webhookSecret: WEBHOOK_SECRET,
        getUser: edge.sessionUser({ secret, issuer: 'https://shop.example' }),
        store,
        logger: captureLogger(),
      });
      const worker = { fetch: proxy.handle }; // `export default { fetch: proxy.handle }`
      const auth = `Bearer ${await edge.signHs256({ sub: 'edge-player', iss: 'https://shop.example', aud: 'mozarto-cashier', email: 'edge@example.com' }, secret, { expiresInSeconds: 600 })}`;

      const created = await worker.fetch(
        new Request('https://shop.example/api/cashier/transactions', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), authorization: auth },
          body: JSON.stringify(payoneRequest({ type: 'payout', amount: '12.34' })),
        }),
      );
      assert.equal(created.status, 201, await created.clone().text());
      const { transactionId } = (await created.json()) as { transactionId: string };
      assert.match(transactionId, /^tx_[0-9a-f]{24}$/);

      const upstreamId = sandbox.sandbox.transactions().find((t) => t.merchantReference === transactionId)?.transactionId;
      assert.ok(upstreamId, 'the sandbox got the call');
      const webhook = (authorization: string) =>
        worker.fetch(
          new Request('https://shop.example/api/cashier/webhooks/mozarto', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization },
            body: JSON.stringify({
              transaction_id: upstreamId,
              user_id: 'edge-player',
              status: 'success',
              transaction_status: 'Approved',
              amount: '12.34',
              currency: 'EUR',
            }),
          }),
        );
      assert.equal((await webhook('Bearer not-the-secret')).status, 401);
      assert.equal((await webhook(`Bearer ${WEBHOOK_SECRET}`)).status, 200);

      const polled = await worker.fetch(new Request(`https://shop.example/api/cashier/transactions/${transactionId}`, { headers: { authorization: auth } }));
      assert.equal(polled.status, 200);
      assert.equal(((await polled.json()) as { status: string }).status, 'approved');

      // The events, signed by the bundle (standardwebhooks has no node: import) and verified by the merchant.
      await proxy.idle();
      await eventually(() => (merchant.acknowledged().length === 2 ? true : undefined));
      assert.deepEqual(
        merchant.acknowledged().map((r) => [r.json.type, r.verified]),
        [
          ['transaction.created', true],
          ['transaction.approved', true],
        ],
      );
      await proxy.close();
    } finally {
      await merchant.close();
      store.close();
    }
  });
});
