import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { cashierDemo } from './demo/vite-plugin.js';
import { walkAst, type AstNode } from './scripts/ast.js';
import { PSP_SOURCE, stripProxyOnly } from './scripts/strip-proxy-only.js';

/**
 * One config, three build shapes (CONVENTIONS.md "Delivery shapes": class-only ES module, side-effect define, script
 * bundle), plus the Node build of the proxy. `npm run build` runs each mode in turn because
 * `external` applies to every format of one build, and the script bundle must inline what
 * the ES build leaves to the app.
 */
export default defineConfig(({ mode }): UserConfig => {
  const server = { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), strictPort: true };
  if (mode === 'iife') {
    return {
      // The script tag's 20 KB gzip budget (issue 7, scripts/size-budget.mjs): zod/mini's core is
      // ~4.4 KB of it, so this build swaps in the catalog's subset, proven equivalent by
      // test/fuzz/zod-lite.test.ts. The ES build leaves zod to the app's bundler.
      resolve: { alias: [{ find: /^zod\/mini$/, replacement: fileURLToPath(new URL('./src/widget/zod-mini-lite.ts', import.meta.url)) }] },
      plugins: [proxyOnlyLeftOut(), minifyCssLiterals(), minifyHtmlLiterals(), strictImports()],
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        lib: {
          entry: 'src/widget/iife.ts',
          name: 'MozartoCashierBundle',
          formats: ['iife'],
          fileName: () => 'mozarto-cashier.iife.js',
        },
      },
    };
  }
  // One script per language for the script-tag embed: `dist/locales/fr.js` registers itself as
  // `MozartoCashierLocales.fr`, so the main bundle stays English-only (src/widget/i18n/locales.ts).
  const locale = /^locale-([a-z]{2,3}(?:-[a-z]{2})?)$/i.exec(mode)?.[1];
  if (locale) {
    return {
      build: {
        target: 'es2022',
        outDir: 'dist/locales',
        emptyOutDir: false,
        lib: {
          entry: `src/widget/i18n/locales/${locale}.ts`,
          name: `MozartoCashierLocales.${locale}`,
          formats: ['iife'],
          fileName: () => `${locale}.js`,
        },
        rolldownOptions: { output: { extend: true } },
      },
    };
  }
  if (mode === 'proxy') {
    return {
      build: {
        target: 'node20',
        outDir: 'dist/proxy',
        emptyOutDir: false,
        sourcemap: true,
        ssr: true,
        rolldownOptions: {
          input: { index: 'src/proxy/index.ts', sandbox: 'src/sandbox/server.ts', server: 'src/proxy/server.ts' },
          output: { format: 'es', entryFileNames: '[name].js' },
          external: [/^node:/, 'node-sqlite3-wasm', /^zod($|\/)/],
        },
      },
    };
  }
  return {
    plugins: [cashierDemo()],
    server,
    preview: server,
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      lib: {
        entry: { 'mozarto-cashier': 'src/index.ts', define: 'src/define.ts' },
        formats: ['es'],
      },
      rolldownOptions: {
        // ES build: leave lit and zod to the consumer's bundler.
        external: [/^lit($|\/)/, /^@lit\//, /^zod($|\/)/],
      },
    },
  };
});

/**
 * Minifies the `css\`…\`` literals of the widget's styles for the script-tag bundle, as plain
 * template literals: comments, whitespace runs, spaces around `{};,>` and after `:`, last
 * semicolons, leading zeros (`0.5`), quotes around identifiers in attribute selectors, spaces
 * around `*`. Only the static parts change; `${…}` expressions (no braces
 * or backticks inside) are kept as they are.
 */
function minifyCssLiterals(): Plugin {
  const squeeze = (css: string) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/ ?([{};,>]) ?/g, '$1')
      .replace(/: /g, ':')
      .replace(/;}/g, '}')
      .replace(/([\s:(,])0\.(\d)/g, '$1.$2') // 0.5rem → .5rem
      .replace(/='([a-zA-Z][\w-]*)'\]/g, '=$1]') // [type='email'] → [type=email]
      .replace(/ \* /g, '*'); // calc(a * 2) → calc(a*2)
  const minify = (literal: string) => {
    const parts = literal.split(/(\$\{[^{}`]*\})/);
    if (parts.some((part, i) => i % 2 === 0 && part.includes('${'))) return literal; // an expression we do not parse
    return parts.map((part, i) => (i % 2 ? part : squeeze(part))).join('').trim();
  };
  return {
    name: 'mozarto-minify-css-literals',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/widget\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      // Found with the parser (never in a comment): a plain template literal for `css\`…\``, as
      // base-element.ts's `css` only joins the text.
      const edits: { start: number; end: number; text: string }[] = [];
      walkAst(id, code, (n) => {
        const tag = n.tag as AstNode | undefined;
        if (n.type !== 'TaggedTemplateExpression' || tag?.type !== 'Identifier' || tag.name !== 'css') return;
        const quasi = n.quasi as AstNode;
        edits.push({ start: n.start, end: n.end, text: `\`${minify(code.slice(quasi.start + 1, quasi.end - 1))}\`` });
      });
      let out = code;
      for (const e of edits.sort((x, y) => y.start - x.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
      return edits.length ? { code: out, map: null } : null;
    },
  };
}

/**
 * Squeezes the static parts of the widget's `html\`…\`` templates for the script-tag bundle: a
 * whitespace run that contains a line break becomes one space, which HTML renders the same (the
 * widget has no `<pre>` or `white-space: pre`). Found with the parser, so nested templates and
 * `${…}` expressions are left as they are.
 */
function minifyHtmlLiterals(): Plugin {
  type Node = AstNode;
  return {
    name: 'mozarto-minify-html-literals',
    apply: 'build',
    transform(code, id) {
      if (!/\/src\/widget\/.*\.ts$/.test(id) || !code.includes('html`')) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      walkAst(id, code, (n) => {
        const tag = n.tag as Node | undefined;
        if (n.type !== 'TaggedTemplateExpression' || tag?.type !== 'Identifier' || tag.name !== 'html') return;
        for (const q of (n.quasi as { quasis: (Node & { value: { raw: string } })[] }).quasis) {
          const start = q.start + 1; // after the backtick or the `}` of the previous expression
          const raw = q.value.raw;
          if (code.slice(start, start + raw.length) !== raw) throw new Error(`minifyHtmlLiterals: unexpected span in ${id}`);
          const text = raw.replace(/\s*\n\s*/g, ' ').replace(/(\s[\w-]+)="([\w-]+)"(?=[\s>])/g, '$1=$2');
          if (text !== raw) edits.push({ start, end: start + raw.length, text });
        }
      });
      if (edits.length === 0) return null;
      let out = code;
      for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
      return { code: out, map: null };
    },
  };
}

/** The catalog without the parts only the proxy reads (scripts/strip-proxy-only.ts). */
function proxyOnlyLeftOut(): Plugin {
  return {
    name: 'mozarto-proxy-only-left-out',
    apply: 'build',
    transform(code, id) {
      if (!PSP_SOURCE.test(id)) return null;
      const out = stripProxyOnly(code, id);
      return out === null ? null : { code: out, map: null };
    },
  };
}

/** Fails the build on an import with no matching export: a zod/mini export the subset lacks. */
function strictImports(): Plugin {
  return {
    name: 'mozarto-strict-imports',
    apply: 'build',
    onLog(_level, log) {
      if (log.code === 'IMPORT_IS_UNDEFINED' || log.code === 'MISSING_EXPORT') {
        this.error(`${log.message} — src/widget/zod-mini-lite.ts lacks what the catalog uses?`);
      }
    },
  };
}
