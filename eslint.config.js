// ESLint (flat config): typescript-eslint, Lit and Lit a11y, and the rooms' import directions
// (CONVENTIONS.md "Layers (rooms)"), which tsconfig.json's project references also enforce.
// Formatting is Prettier's (.prettierrc.json); nothing here is about layout.
import { globals, js, lit, litA11y, tseslint } from 'mozarto-cashier-lint';

/** An import whose path enters one of these rooms (`../proxy/http/http.js`, `../../widget/x.js`). */
const into = (...rooms) => ({
  regex: `(^|/)(${rooms.join('|')})/`,
  message: `a room may import only the rooms it depends on (CONVENTIONS.md "Layers (rooms)"): not ${rooms.join(', ')}`,
});
const nodeModules = { regex: '^node:', message: 'this room runs without Node' };
const litModules = { regex: '^(lit|@lit/)', message: 'Lit is the widget’s' };

const rooms = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', '**/node_modules/', '.tsbuild/', 'coverage/', 'screenshots/', 'bench/.tmp/', 'custom-elements.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_`-prefixed names are deliberate (an unused parameter that documents a signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are matched on purpose: refused in free text (core/validate.ts), scrubbed
      // from what a player is shown (proxy/logger.ts), ANSI escapes stripped (scripts/test.mjs).
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**'],
    rules: {
      // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests read arbitrary JSON answers and fixtures by path.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/widget/**', 'src/admin/**', 'src/index.ts', 'src/define.ts', 'demo/**', 'test/widget/**', 'bench/peers/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/widget/**/*.ts', 'src/admin/**/*.ts', 'demo/**/*.ts', 'test/widget/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/widget/**/*.ts', 'src/admin/**/*.ts', 'demo/**/*.ts'],
    ...litA11y.configs.recommended,
    plugins: { 'lit-a11y': litA11y },
  },
  // The rooms.
  { files: ['src/core/**'], rules: rooms([into('widget', 'proxy', 'sandbox', 'http', 'standalone'), nodeModules, litModules]) },
  { files: ['src/widget/**', 'src/index.ts', 'src/define.ts'], rules: rooms([into('proxy', 'sandbox', 'http', 'standalone'), nodeModules]) },
  // The operator page reads the proxy over HTTP only (the admin API), never its code.
  { files: ['src/admin/**'], rules: rooms([into('widget', 'proxy', 'sandbox', 'http', 'standalone', 'testing'), nodeModules]) },
  { files: ['src/http/**'], rules: rooms([into('core', 'widget', 'proxy', 'sandbox', 'standalone'), litModules]) },
  { files: ['src/proxy/**'], rules: rooms([into('widget', 'sandbox', 'standalone'), litModules]) },
  // Routes never import routes: what two routes share is a domain operation (proxy/transactions.ts).
  {
    files: ['src/proxy/routes/**'],
    rules: rooms([
      into('widget', 'sandbox', 'standalone'),
      litModules,
      { regex: '^\\./', message: 'a route never imports another route: share the operation through src/proxy/transactions.ts' },
    ]),
  },
  // One write path: a transaction is stored and changed only through src/proxy/transactions.ts,
  // which announces every change (event streams, the outcome hook) — never the store directly.
  {
    files: ['src/proxy/**'],
    ignores: ['src/proxy/transactions.ts', 'src/proxy/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression > MemberExpression.callee > Identifier.property[name=/^(insertTransaction|updateTransaction)$/]',
          message: 'write a transaction through src/proxy/transactions.ts (createTransaction, changeTransaction), the one write path',
        },
      ],
    },
  },
  // The sandbox models Mozarto from the docs: no catalog (core), no proxy.
  { files: ['src/sandbox/**'], rules: rooms([into('core', 'widget', 'proxy', 'standalone'), litModules]) },
  { files: ['src/standalone/**'], rules: rooms([into('widget'), litModules]) },
  // The widget's controllers, one per concern (docs/adr/0014-controllers-by-concern.md): the
  // element is the one place that builds and wires them, so a controller imports another's type,
  // never its class; and each stays one concern, counted in code lines (comments explain, they
  // never push code elsewhere). The element is properties and render over them: its class comment
  // is the API, documented once.
  {
    files: ['src/widget/controllers/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./', allowTypeImports: true, message: 'a controller never builds another: the element wires them; import its type' }] },
      ],
      'max-lines': ['error', { max: 250, skipComments: true, skipBlankLines: true }],
    },
  },
  { files: ['src/widget/mozarto-cashier.ts'], rules: { 'max-lines': ['error', { max: 150, skipComments: true, skipBlankLines: true }] } },
);
