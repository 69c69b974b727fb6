/**
 * The language files (src/widget/i18n/locales/) are one shape: each lists English's keys in
 * English's order (src/widget/i18n/english.ts), leaves out nothing but providers' descriptions
 * (the proxy's English shows; a new provider touches no language file), adds no key of its own,
 * and keeps every placeholder. So a reviewer reads two languages side by side, line for line.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { ENGLISH, isOptional } from '../../src/widget/i18n/english.js';
import { SHIPPED_LANGUAGES } from '../widget/shipped-languages.js';

const DIR = 'src/widget/i18n/locales';
const LANGUAGES = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('language files', () => {
  it('there are at least thirteen besides English, and the browser suites render each one', () => {
    assert.ok(LANGUAGES.length >= 13, LANGUAGES.join());
    assert.deepEqual([...SHIPPED_LANGUAGES].sort(), LANGUAGES, 'test/widget/shipped-languages.ts lists the folder');
  });

  for (const code of LANGUAGES) {
    it(`${code}: English's keys in English's order, only descriptions optional, same placeholders`, async () => {
      const { default: messages } = (await import(`../../${DIR}/${code}.ts`)) as { default: Record<string, string> };
      const keys = Object.keys(messages);
      assert.deepEqual(
        keys,
        Object.keys(ENGLISH).filter((k) => k in messages),
        `${code}: keys out of English's order`,
      );
      assert.deepEqual(
        keys.filter((k) => !(k in ENGLISH)),
        [],
        `${code}: keys English does not have`,
      );
      assert.deepEqual(
        Object.keys(ENGLISH).filter((k) => !(k in messages) && !isOptional(k)),
        [],
        `${code}: missing keys`,
      );
      for (const key of keys) {
        assert.ok(messages[key]!.trim(), `${code} ${key} is empty`);
        assert.deepEqual(placeholders(messages[key]!), placeholders(ENGLISH[key]!), `${code} ${key}: placeholders`);
      }
    });
  }

  it('only providers’ descriptions are optional', () => {
    assert.deepEqual(
      Object.keys(ENGLISH).filter(isOptional),
      Object.keys(ENGLISH).filter((k) => /^psp\.[a-z0-9_]+\.description$/.test(k)),
    );
    assert.ok(Object.keys(ENGLISH).filter(isOptional).length >= 10);
  });
});
