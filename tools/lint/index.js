// The linting toolkit, resolved from this workspace so typescript-eslint finds TypeScript 6.0
// (classic API) here while the project compiles with TypeScript 7 (package.json at the root).
export { default as js } from '@eslint/js';
export { default as tseslint } from 'typescript-eslint';
export { default as lit } from 'eslint-plugin-lit';
export { default as litA11y } from 'eslint-plugin-lit-a11y';
export { default as globals } from 'globals';
