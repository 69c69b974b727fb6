/**
 * Every document the code cites is in the repository, and every section it cites exists:
 * `docs/mozarto-api.md §6.7` (or `§6.7` alone, CONVENTIONS.md "Documents"), `docs/design.md
 * "Statuses"`, `CONVENTIONS.md "Providers"`. And every file a comment names is there, so a
 * rename or a removal cannot leave a comment pointing at nothing: strictly per room in the
 * proxy, sandbox, standalone and http rooms; in the rest of src/ and test/, any source file the
 * name can mean (`render-status.ts`, `core/fees.ts`, `src/core/forms.ts`, a path from its folder).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const ROOMS = ['src', 'test', 'scripts', 'demo', 'bench'];
const TOP = ['README.md', 'CONVENTIONS.md', 'vite.config.ts', 'web-test-runner.config.mjs'];
const SOURCE = /\.(ts|mjs|js|sh|html|md)$/;

const files = [
  ...TOP,
  ...ROOMS.flatMap((dir) =>
    readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => SOURCE.test(f))
      .map((f) => join(dir, f)),
  ),
];
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

const headings = (path: string) => [...readFileSync(path, 'utf8').matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].trim());

/** Comments wrap: a quoted title may run over a line break and a leading ` * `. */
const unwrap = (s: string) => s.replace(/\s*\n\s*(\*|\/\/|#)?\s*/g, ' ');

describe('document references', () => {
  it('name only documents that live in the repository', () => {
    const outside = /(?<![\w/.-])(design|mozarto-api|toolchain|style|cross-browser)\.md/g;
    const bad = [...text].flatMap(([f, s]) => [...s.matchAll(outside)].map((m) => `${f}: ${m[0]}`));
    assert.deepEqual(bad, [], 'cite docs/design.md and docs/mozarto-api.md by their path');
    assert.ok(existsSync('docs/design.md') && existsSync('docs/mozarto-api.md'));
  });

  it('cite sections of docs/mozarto-api.md that exist', () => {
    const doc = readFileSync('docs/mozarto-api.md', 'utf8');
    const sections = new Set(headings('docs/mozarto-api.md').map((h) => h.split(' ')[0].replace(/\.$/, '')));
    const gaps = doc.slice(doc.indexOf('## 12.'));
    for (const m of gaps.matchAll(/^(\d+)\. \*\*/gm)) sections.add(`12.${m[1]}`);
    const bad: string[] = [];
    for (const [f, s] of text) {
      for (const m of s.matchAll(/§\s?(\d+(?:\.\d+)?)/g)) if (!sections.has(m[1])) bad.push(`${f}: §${m[1]}`);
    }
    assert.deepEqual(bad, []);
  });

  for (const [doc, pattern] of [
    ['docs/design.md', /docs\/design\.md,? "([^"]+)"/g],
    ['CONVENTIONS.md', /CONVENTIONS\.md,? "([^"]+)"/g],
  ] as const) {
    it(`cite headings of ${doc} that exist`, () => {
      const names = doc === 'CONVENTIONS.md' ? [...readFileSync(doc, 'utf8').matchAll(/^- \*\*([^*]+?)\.?\*\*/gm)].map((m) => m[1]) : headings(doc);
      const bad: string[] = [];
      for (const [f, s] of text) {
        for (const m of unwrap(s).matchAll(pattern)) if (!names.includes(m[1])) bad.push(`${f}: "${m[1]}"`);
      }
      assert.deepEqual(bad, []);
    });
  }

  it('name files that exist, in the comments of the proxy, sandbox, standalone and http rooms', () => {
    // A bare name is a file of the same room (or the repository's top); a path is read from the
    // file's folder, the room, src/ or the top. Imports are the compiler's to check.
    const rooms = ['src/proxy', 'src/sandbox', 'src/standalone', 'src/http'];
    const bad: string[] = [];
    for (const room of rooms) {
      const names = new Set([...readdirSync(room, { recursive: true }).map((f) => basename(String(f))), ...readdirSync('.')]);
      for (const [f, s] of text) {
        if (!f.startsWith(`${room}/`)) continue;
        for (const line of s.split('\n')) {
          if (/^\s*(import|export)\b.*\bfrom\b/.test(line) || /\bimport\(/.test(line)) continue;
          for (const m of line.matchAll(/(?<![\w@./-])((?:[\w.-]+\/)*[\w-]+\.(?:ts|md))(?![\w/])/g)) {
            const ref = m[1]!;
            const found = ref.includes('/') ? [join(dirname(f), ref), join(room, ref), join('src', ref), ref].some((p) => existsSync(p)) : names.has(ref);
            if (!found) bad.push(`${f}: ${ref}`);
          }
        }
      }
    }
    assert.deepEqual(bad, []);
  });

  it('name source files, in the comments of src/ and test/, that exist', () => {
    const paths = [...files, ...readdirSync('.').filter((f) => SOURCE.test(f) || f.endsWith('.json'))];
    const names = new Set(paths.map((f) => basename(f)));
    // A name starting with a dot is a path from the file's folder; one with a folder the end of some
    // path (`core/fees.ts`); a bare one some file's name (`api.ts`).
    const exists = (from: string, ref: string) =>
      ref.startsWith('.') ? existsSync(join(dirname(from), ref)) : ref.includes('/') ? paths.some((p) => p === ref || p.endsWith(`/${ref}`)) : names.has(ref);
    const bad: string[] = [];
    for (const f of files.filter((f) => /^(src|test)\//.test(f) && /\.(ts|mjs|js)$/.test(f))) {
      // Line comments (not the `//` of a URL or of a string) and block comments.
      for (const c of text.get(f)!.match(/(?<![:'"`\\\w])\/\/[^\n]*|\/\*[\s\S]*?\*\//g) ?? []) {
        // A source file's name, with or without a path: not a pattern (`*.test.ts`, `<name>.proxy.ts`), not a built file (dist/).
        for (const [ref] of c.matchAll(/(?<![\w@/.<>*-])(?:\.{1,2}\/)*(?:[\w-]+\/)*[\w-][\w.-]*\.(?:ts|tsx|mjs)\b/g)) {
          if (!ref.startsWith('dist/') && !exists(f, ref)) bad.push(`${f}: ${ref}`);
        }
      }
    }
    assert.deepEqual(bad, [], 'a comment names a file that is not there (renamed or removed?)');
  });
});
