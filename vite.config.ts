import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';
import { cashierDemo } from './demo/vite-plugin.js';

/**
 * One config, three build shapes (CONVENTIONS.md "Delivery shapes": class-only ES module, side-effect define, script
 * bundle), plus the Node build of the proxy. `npm run build` runs each mode in turn because
 * `external` applies to every format of one build, and the script bundle must inline what
 * the ES build leaves to the app.
 */
const BINS = ['server', 'sandbox-server'];

export default defineConfig(({ mode }): UserConfig => {
  const server = { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), strictPort: true };
  if (mode === 'iife') {
    return {
      // No chunks in a script bundle: the parts' and the languages' chunk loaders give way to the
      // script loaders iife.ts installs (src/widget/lazy.ts; part-chunks.ts → part-scripts.ts,
      // i18n/locale-chunks.ts → i18n/locale-scripts.ts).
      resolve: {
        alias: [
          { find: /^\.\/part-chunks\.js$/, replacement: fileURLToPath(new URL('src/widget/part-scripts.ts', import.meta.url)) },
          { find: /^\.\/locale-chunks\.js$/, replacement: fileURLToPath(new URL('src/widget/i18n/locale-scripts.ts', import.meta.url)) },
        ],
      },
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        // Maps for this repository's tools (test/e2e/bundle-size.test.ts), left out of the tarball
        // (package.json `files`): 'hidden', so no sourceMappingURL points at a file that is not there.
        sourcemap: 'hidden',
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
  // The parts the script-tag embed loads on demand (src/widget/parts.ts): `dist/parts/history.js`
  // `picker.js` and `result.js` register `MozartoCashierParts.history` / `.picker` / `.result`.
  const part = (
    {
      'part-history': ['history', 'src/widget/history/part.ts'],
      'part-picker': ['picker', 'src/widget/picker/part.ts'],
      'part-result': ['result', 'src/widget/result/part.ts'],
    } as const
  )[mode as 'part-history'];
  if (part) {
    return {
      build: {
        target: 'es2022',
        outDir: 'dist/parts',
        emptyOutDir: false,
        lib: { entry: part[1], name: `MozartoCashierParts.${part[0]}`, formats: ['iife'], fileName: () => `${part[0]}.js` },
        // Lit is the script bundle's own copy (iife.ts puts it on MozartoCashier.lit): a second
        // copy would be bytes twice, and under Trusted Types its second 'lit-html' policy is refused.
        rolldownOptions: { external: ['lit'], output: { extend: true, globals: { lit: 'MozartoCashier.lit' } } },
      },
    };
  }
  // The operator page (src/admin/, served at /admin by the admin listener): its own entry with its
  // own copy of Lit, so nothing of it is in the widget's bundles (test/e2e/admin-page.test.ts).
  if (mode === 'admin') {
    return {
      build: {
        target: 'es2022',
        outDir: 'dist/admin',
        emptyOutDir: true,
        sourcemap: 'hidden',
        lib: { entry: 'src/admin/index.ts', formats: ['es'], fileName: () => 'admin.js' },
      },
    };
  }
  if (mode === 'proxy') {
    return {
      build: {
        target: 'node20',
        outDir: 'dist/proxy',
        emptyOutDir: false,
        // Maps for this repository's tools (test/e2e/bundle-size.test.ts), left out of the tarball
        // (package.json `files`): 'hidden', so no sourceMappingURL points at a file that is not there.
        sourcemap: 'hidden',
        ssr: true,
        rolldownOptions: {
          input: {
            index: 'src/proxy/index.ts',
            testing: 'src/proxy/testing.ts',
            sandbox: 'src/sandbox/index.ts',
            'sandbox-server': 'src/sandbox/server.ts',
            server: 'src/standalone/server.ts',
            // The SQLite store's worker thread, started by file (src/proxy/store/sqlite-store.ts).
            'sqlite-worker': 'src/proxy/store/sqlite-worker.ts',
          },
          output: {
            format: 'es',
            entryFileNames: '[name].js',
            // Every file in one folder: the store finds its worker's script as a sibling of
            // whichever chunk its code lands in.
            chunkFileNames: '[name]-[hash].js',
            // The two servers are the package's `bin`s (npx mozarto-cashier-proxy, mozarto-cashier-sandbox).
            banner: (chunk) => (chunk.isEntry && BINS.includes(chunk.name) ? '#!/usr/bin/env node' : ''),
          },
          external: [/^node:/, 'better-sqlite3', 'postgres', 'jose', /^zod($|\/)/],
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
      // Maps for this repository's tools, left out of the tarball (package.json `files`): 'hidden',
      // so no sourceMappingURL points at a file that is not there.
      sourcemap: 'hidden',
      lib: {
        entry: { 'mozarto-cashier': 'src/index.ts', define: 'src/define.ts', core: 'src/core/index.ts', testing: 'src/testing/index.ts' },
        formats: ['es'],
      },
      rolldownOptions: {
        // ES build: leave lit and zod to the consumer's bundler.
        external: [/^lit($|\/)/, /^@lit\//, /^zod($|\/)/],
        // Shared chunks apart, so package.json's `sideEffects` can name them: one holds the
        // language loader's registration.
        output: { chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
});
