import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { optionalPeer, peerVersion } from '../../src/proxy/optional-peer.js';
import { sqliteDriverProblem } from '../../src/proxy/store/sqlite-schema.js';

describe('optional peer dependencies (the SQLite driver)', () => {
  it('loads an installed one', () => {
    assert.equal(typeof optionalPeer<unknown>('better-sqlite3', 'openSqliteStore'), 'function');
  });

  it('names the package to install when it is missing', () => {
    assert.throws(() => optionalPeer('mozarto-no-such-driver', 'openSqliteStore'), {
      message: 'openSqliteStore needs the optional peer dependency "mozarto-no-such-driver", which is not installed: npm install mozarto-no-such-driver',
    });
  });
});

describe('the SQLite driver against the Node it runs on', () => {
  it('refuses better-sqlite3 13 on Node 20 by name, before it can crash the process', () => {
    assert.match(
      sqliteDriverProblem('13.2.0', '20.20.2') ?? '',
      /^better-sqlite3 13\.2\.0 needs Node 22 or newer and this is Node 20\.20\.2: install better-sqlite3@12/,
    );
  });

  it('takes 12 on any Node, and 13 on Node 22 and newer', () => {
    for (const [driver, node] of [
      ['12.9.0', '20.19.0'],
      ['12.11.1', '26.12.1'],
      ['13.0.0', '22.12.0'],
      ['13.2.0', 'v26.12.1'],
    ])
      assert.equal(sqliteDriverProblem(driver!, node!), null, `${driver} on ${node}`);
  });

  it('reads the installed driver’s version', () => {
    assert.match(peerVersion('better-sqlite3'), /^\d+\.\d+\.\d+/);
  });
});
