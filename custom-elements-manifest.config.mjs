// custom-elements.json, the element's one description (IDEs, framework typings: scripts/framework-types.mjs).
// Generated from src/widget/mozarto-cashier.ts by the analyzer; this plugin keeps the public
// surface only and names the modules as the package ships them (dist/), not src/.
const ELEMENT_SOURCE = 'src/widget/mozarto-cashier.ts';
const ELEMENT_MODULE = 'dist/mozarto-cashier.js';
const DEFINE_MODULE = 'dist/define.js';

/**
 * Aliases the element's typings use, spelled out for tools that read only this file. The
 * manifest test (test/repo/manifest.test.ts) checks each against the source's union.
 */
export const TYPE_ALIASES = {
  Flow: "'payin' | 'payout'",
  RedirectTarget: "'self' | 'top' | 'blank'",
};
const spell = (type) => (type && TYPE_ALIASES[type.text] ? { text: TYPE_ALIASES[type.text] } : type);

/** Public instance API only: no `#private`, `protected`, `private` or static members (Lit's `styles`). */
const isPublic = (m) => !m.name.startsWith('#') && (!m.privacy || m.privacy === 'public') && !m.static;
/** Lit's `static properties` mark their fields `privacy: 'public'`, decorators do not: one shape either way. */
const withoutPublic = ({ privacy, ...m }) => (privacy === 'public' ? m : { privacy, ...m });

function publicSurface() {
  return {
    name: 'mozarto-public-surface',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const element = manifest.modules.find((m) => m.path === ELEMENT_SOURCE);
      if (!element) throw new Error(`custom-elements.json: ${ELEMENT_SOURCE} not analysed`);
      for (const d of element.declarations ?? []) {
        if (!d.customElement) continue;
        d.members = (d.members ?? []).filter(isPublic).map(withoutPublic);
        d.tagName = 'mozarto-cashier';
        for (const m of d.members) m.type = spell(m.type);
        for (const a of d.attributes ?? []) a.type = spell(a.type);
      }
      element.path = ELEMENT_MODULE;
      element.exports = (element.exports ?? [])
        .filter((e) => e.kind === 'js')
        .map((e) => ({ ...e, declaration: { ...e.declaration, module: ELEMENT_MODULE } }));
      const define = {
        kind: 'javascript-module',
        path: DEFINE_MODULE,
        declarations: [],
        exports: [
          { kind: 'js', name: 'MozartoCashier', declaration: { name: 'MozartoCashier', module: ELEMENT_MODULE } },
          { kind: 'custom-element-definition', name: 'mozarto-cashier', declaration: { name: 'MozartoCashier', module: ELEMENT_MODULE } },
        ],
      };
      manifest.modules = [element, define];
      // Custom states (cssStates) are the schema's 2.1 vocabulary.
      manifest.schemaVersion = '2.1.0';
    },
  };
}

export default {
  globs: [ELEMENT_SOURCE],
  outdir: '.',
  litelement: true,
  plugins: [publicSurface()],
};
