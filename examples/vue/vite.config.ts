import { defineConfig } from 'vite';

// The in-browser template compiler (a template string, no .vue files); it must be told that
// <mozarto-cashier> is a custom element.
export default defineConfig({ resolve: { alias: { vue: 'vue/dist/vue.esm-bundler.js' } } });
