/**
 * Issue 17, "no synchronous work on the event loop": the embedded store runs SQLite on a worker
 * thread, so a durable commit's fsync no longer stops every other request of the process, while
 * the store keeps what the synchronous one gave: errors that throw from `openSqliteStore` itself,
 * SQLite errors as rejected promises, calls in order, nothing that keeps the process alive.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/proxy/index.js';
import { newTransactionId } from '../../src/proxy/ids.js';
import { workerClient } from '../../src/proxy/store/sqlite-worker-client.js';
import { tempDir } from './helpers.js';

const dir = tempDir();
after(() => dir.remove());

const T0 = '2026-01-01T00:00:00.000Z';
const newTx = (id = newTransactionId()) => ({ id, userId: 'u1', pspType: 'PAYONE', flow: 'payin' as const, amount: '10.00', currency: 'EUR', createdAt: T0 });

describe('the SQLite store on its worker thread', () => {
  it('leaves the event loop free while durable commits run', async () => {
    const store = openSqliteStore(join(dir.path, 'free-loop.db'));
    // A turn of the event loop counts one. A store that commits on the calling thread never
    // yields to it (each awaited call resolves in a microtask): 0 turns for the whole burst,
    // however fast the disk. Off the thread, every call waits for the worker's reply in the
    // loop's poll phase: at least about one turn per commit, also on a fast disk.
    let turns = 0;
    let counting = true;
    const turn = () => {
      turns++;
      if (counting) setImmediate(turn);
    };
    setImmediate(turn);
    const commits = 200;
    try {
      for (let i = 0; i < commits; i++) await store.insertTransaction(newTx());
    } finally {
      counting = false;
    }
    assert.ok(turns >= commits / 2, `the event loop turned ${turns} times during ${commits} durable commits`);
    await store.close();
  });

  it('runs writes in the order they were made, each answered after its commit, and reads see them', async () => {
    const path = join(dir.path, 'order.db');
    const store = openSqliteStore(path);
    const tx = newTx();
    const inserted = store.insertTransaction(tx);
    const updated = store.updateTransaction(tx.id, { status: 'approved', updatedAt: T0 }, { durable: false });
    assert.equal((await inserted).status, 'pending');
    assert.equal((await updated)?.status, 'approved');
    // Reads run on this thread (sqlite-store.ts READS): they see every write that has answered,
    // as with Postgres's pool; a read is not queued behind writes still on their way.
    assert.equal((await store.getTransaction(tx.id))?.status, 'approved', 'a read after the update answered sees it');
    // Made before close: it still commits, and a second connection sees it.
    const last = store.insertTransaction(newTx());
    await store.close();
    const lastTx = await last;
    const db = new Database(path, { readonly: true });
    assert.equal((db.prepare('SELECT count(*) AS n FROM transactions WHERE id = ?').get(lastTx.id) as { n: number }).n, 1);
    db.close();
  });

  it('turns an SQLite error into a rejected promise with its name, message and code, and goes on', async () => {
    const store = openSqliteStore(join(dir.path, 'errors.db'));
    const tx = newTx();
    await store.insertTransaction(tx);
    await assert.rejects(store.insertTransaction(tx), {
      name: 'SqliteError',
      message: 'UNIQUE constraint failed: transactions.id',
      code: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    });
    assert.equal((await store.getTransaction(tx.id))?.id, tx.id, 'the store still answers');
    await store.close();
  });

  it('refuses calls once closed; close is idempotent', async () => {
    const store = openSqliteStore(join(dir.path, 'closed.db'));
    await store.insertTransaction(newTx());
    const closed = store.close();
    assert.equal(store.close(), closed);
    await closed;
    await assert.rejects(store.getTransaction('tx_x'), /closed/);
  });

  it('still throws from openSqliteStore itself: a newer schema, a path that cannot be opened', () => {
    const path = join(dir.path, 'newer.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    // The version this build knows moves with every migration; the sentence and the file's 99 do not.
    const newer = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was written by a newer mozarto-cashier \\(schema 99, this one knows \\d+\\)$`);
    assert.throws(() => openSqliteStore(path), { message: newer });
    assert.throws(() => openSqliteStore(dir.path), /directory|unable to open/i);
  });

  it('warns about relaxedDurability on the caller’s warn, once', async () => {
    const warnings: string[] = [];
    const store = openSqliteStore(join(dir.path, 'relaxed.db'), { relaxedDurability: true, warn: (m) => warnings.push(m) });
    await store.insertTransaction(newTx());
    await store.close();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /relaxedDurability \(synchronous=NORMAL\)/);
  });

  it('does not keep the process alive, open or closed', () => {
    const store = pathToFileURL(join(import.meta.dirname, '../../src/proxy/index.ts')).href;
    for (const [name, close] of [
      ['open', ''],
      ['closed', 'await store.close();'],
    ] as const) {
      const script = `
        const { openSqliteStore } = await import(${JSON.stringify(store)});
        const store = openSqliteStore(${JSON.stringify(join(dir.path, `alive-${name}.db`))});
        await store.insertTransaction(${JSON.stringify(newTx())});
        ${close}
        console.log('done');`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(run.signal, null, `a process with an ${name} store did not exit on its own`);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), 'done');
    }
  });
});

describe('workerClient', () => {
  it('rejects the waiting and every later call with a clear error when its worker dies', async () => {
    const worker = new Worker(`require('node:worker_threads').parentPort.on('message', () => process.exit(3));`, { eval: true });
    const stopped: Error[] = [];
    const client = workerClient(worker, '/data/cashier.db', (error) => stopped.push(error));
    const expected = /the SQLite worker for \/data\/cashier\.db stopped \(exit code 3\); the store cannot be used any more/;
    await assert.rejects(client.call('getTransaction', ['tx_1']), expected);
    await assert.rejects(client.call('getTransaction', ['tx_2']), expected);
    await client.close(); // nothing left to close
    assert.equal(stopped.length, 1, 'told once, so a server can stop rather than answer 500s behind an ok /healthz');
    assert.match(stopped[0]!.message, expected);
  });

  it('is not told of a stop it asked for', async () => {
    const stopped: Error[] = [];
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => { parentPort.postMessage({ id: m.id, value: null }); parentPort.close(); });`,
      { eval: true },
    );
    const client = workerClient(worker, 'x.db', (error) => stopped.push(error));
    await client.close();
    assert.equal(stopped.length, 0);
    // A worker that ends before it answers the close (it never opened the file): closed all the same.
    const silent = workerClient(
      new Worker(`require('node:worker_threads').parentPort.on('message', () => process.exit(1));`, { eval: true }),
      'y.db',
      (error) => stopped.push(error),
    );
    await silent.close();
    assert.equal(stopped.length, 0);
  });

  it('names the exception that killed its worker', async () => {
    const worker = new Worker(`throw new Error('cannot open the file');`, { eval: true });
    const client = workerClient(worker, 'x.db');
    await assert.rejects(client.call('getTransaction', ['tx_1']), /stopped \(exit code 1: cannot open the file\)/);
  });

  it('fails a call whose arguments cannot cross to the worker, not the store', async () => {
    const store = openSqliteStore(join(dir.path, 'clone.db'));
    const tx = newTx();
    await assert.rejects(store.insertTransaction({ ...tx, id: (() => tx.id) as unknown as string }), { name: 'DataCloneError' });
    assert.equal((await store.insertTransaction(tx)).id, tx.id);
    await store.close();
  });
});
