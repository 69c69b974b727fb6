import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// SvelteKit 3 takes its configuration here (no svelte.config.js): a Node server, SSR by default.
export default defineConfig({ plugins: [sveltekit({ adapter: adapter() })] });
