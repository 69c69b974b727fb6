/**
 * custom-elements.json (written by `npm run build`, custom-elements-manifest.config.mjs) against
 * what ships and what the README says: its modules are files of the package, its public surface
 * is the README's tables, row for row. test/widget/manifest.test.ts checks it against the live
 * element (observedAttributes, the parts its states render).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../e2e/support.js';

const MANIFEST = join(ROOT, 'custom-elements.json');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Named {
  name: string;
  type?: { text: string };
  privacy?: string;
  static?: boolean;
  fieldName?: string;
  attribute?: string;
  kind?: string;
}
interface Declaration extends Named {
  tagName: string;
  customElement: boolean;
  attributes: Named[];
  members: Named[];
  events: Named[];
  cssParts: Named[];
  cssProperties: Named[];
  cssStates: Named[];
}
interface Manifest {
  schemaVersion: string;
  modules: { path: string; declarations: Declaration[]; exports: { kind: string; name: string; declaration: { module: string } }[] }[];
}

function manifest(): Manifest {
  assert.ok(existsSync(MANIFEST), 'run `npm run build` first: custom-elements.json is missing');
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
}
const element = () =>
  manifest()
    .modules.flatMap((m) => m.declarations)
    .find((d) => d.customElement)!;

/** The first column of the README table under `heading`, each cell's backticked names. */
function tableColumn(heading: RegExp, column = 0): string[] {
  const start = README.search(heading);
  assert.ok(start >= 0, `README has ${heading}`);
  const lines = README.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|')[column + 1]!);
  }
  return rows.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('custom-elements.json', () => {
  it('describes one element, mozarto-cashier, in modules that ship in the package (dist/)', () => {
    const m = manifest();
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; customElements: string };
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.equal(element().tagName, 'mozarto-cashier');
    for (const mod of m.modules) {
      assert.match(mod.path, /^dist\/.+\.js$/, mod.path);
      assert.ok(
        pkg.files.some((f) => mod.path === f || mod.path.startsWith(`${f}/`)),
        `${mod.path} is in package.json "files"`,
      );
      assert.ok(existsSync(join(ROOT, mod.path)), `${mod.path} exists after the build`);
      for (const e of mod.exports) assert.ok(existsSync(join(ROOT, e.declaration.module)), `${e.name} → ${e.declaration.module}`);
    }
    const define = m.modules.flatMap((mod) => mod.exports).find((e) => e.kind === 'custom-element-definition');
    assert.equal(define?.name, 'mozarto-cashier');
  });

  it('lists public attributes and properties only: no internal state, no private, protected or static members', () => {
    const el = element();
    for (const m of el.members) {
      assert.ok(!m.name.startsWith('#') && !m.privacy && !m.static, `${m.name} is public`);
      assert.equal(m.kind, 'field', `${m.name} is a property`);
    }
    // (`view` was internal state once; it is now the public `view="history"` attribute.)
    for (const internal of ['form', 'setup', 'choices', 'picking', 'announcement', 'elapsed', 'pollTiming', 'styles']) {
      assert.ok(!el.members.some((m) => m.name === internal) && !el.attributes.some((a) => a.name === internal), internal);
    }
  });

  it('the README’s attribute table is the manifest’s attributes and properties', () => {
    const el = element();
    const attributes = tableColumn(/^### Attributes and properties/m, 0);
    const properties = tableColumn(/^### Attributes and properties/m, 1);
    assert.deepEqual(sorted(attributes), sorted(el.attributes.map((a) => a.name)));
    assert.deepEqual(sorted(properties), sorted(el.members.map((m) => m.name)));
    for (const a of el.attributes)
      assert.ok(
        el.members.some((m) => m.name === a.fieldName && m.attribute === a.name),
        `${a.name} ↔ ${a.fieldName}`,
      );
  });

  it('the README’s events table is the manifest’s events, each typed with its detail', () => {
    const el = element();
    assert.deepEqual(sorted(tableColumn(/^### Events/m)), sorted(el.events.map((e) => e.name)));
    const events = readFileSync(join(ROOT, 'src/widget/events.ts'), 'utf8');
    for (const e of el.events) {
      const detail = /^CustomEvent<(Mozarto\w+Detail)>$/.exec(e.type?.text ?? '')?.[1];
      assert.ok(detail, `${e.name}: ${e.type?.text}`);
      assert.match(events, new RegExp(`'${e.name}': ${detail};`), `${e.name} carries ${detail} in MozartoEventDetails`);
    }
  });

  it('every CSS part, custom property and custom state of the README is in the manifest, and no other', () => {
    const el = element();
    assert.deepEqual(sorted(tableColumn(/^Parts \(/m)), sorted(el.cssParts.map((p) => p.name)));
    assert.ok(el.cssParts.length >= 26, `${el.cssParts.length} parts`);
    assert.deepEqual(sorted(tableColumn(/^\| Property \| Light default/m)), sorted(el.cssProperties.map((p) => p.name)));
    const statesLine = /^Custom states[^\n]*\n(?:[^\n]+\n)*?\n/m.exec(README)?.[0] ?? '';
    const documented = [...statesLine.matchAll(/:state\(([\w-]+)\)/g)].map((m) => m[1]!);
    assert.ok(documented.length >= 12, statesLine);
    assert.deepEqual(sorted(documented), sorted(el.cssStates.map((s) => s.name)));
  });

  it('types are spelled out as the source’s unions (Flow, RedirectTarget)', async () => {
    const { TYPE_ALIASES } = (await import(join(ROOT, 'custom-elements-manifest.config.mjs'))) as { TYPE_ALIASES: Record<string, string> };
    const sources: Record<string, string> = { Flow: 'src/core/psp/types.ts', RedirectTarget: 'src/widget/render-status.ts' };
    for (const [alias, union] of Object.entries(TYPE_ALIASES)) {
      const source = readFileSync(join(ROOT, sources[alias]!), 'utf8');
      assert.match(source, new RegExp(`export type ${alias} = ${union.replace(/[|]/g, '\\|')};`), alias);
    }
    const type = element().attributes.find((a) => a.name === 'type');
    assert.equal(type?.type?.text, "'payin' | 'payout'");
  });
});
