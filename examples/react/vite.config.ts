import { defineConfig } from 'vite';

// React's JSX through Vite's own transform: no plugin needed for a build.
export default defineConfig({ oxc: { jsx: { runtime: 'automatic' } } });
