import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { optionalPeer } from '../../src/proxy/optional-peer.js';

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
