/**
 * Issue 13 rule 6: control and bidirectional-override characters are refused in every free-text
 * field the player types, not only in names (core validation, shared by the widget and the proxy).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/core/catalog.js';
import { validateField } from '../../src/core/validate.js';

const HOSTILE = ['Lima\u202e', 'ada\u202e@example.com', 'x\u0007y', 'Main St 1\u2066', 'line\nbreak', 'nul\u0000', 'c1\u0085', 'mark\u200f'];

describe('control and bidi characters', () => {
  for (const def of new Catalog().all()) {
    for (const field of def.fields.filter((f) => f.source === 'user')) {
      it(`${def.pspType} ${field.name} refuses them`, () => {
        for (const value of HOSTILE) {
          const result = validateField(field, value);
          assert.equal(result.ok, false, `${JSON.stringify(value)} accepted`);
          if (!result.ok) assert.equal(result.issue.key, 'error.name_chars');
        }
      });
    }
  }
});
