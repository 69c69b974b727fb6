/**
 * The script bundle's stand-in for part-chunks.ts (swapped in by vite.config.ts): the bundle
 * cannot split chunks, so it has no loader of its own until iife.ts installs the one that fetches
 * `parts/<name>.js` beside the script. Without it (no `document.currentScript`), a part fails
 * once, and the element shows its fallback.
 */
import type { Parts } from './parts.js';

export const loadPartChunk = (name: keyof Parts): Promise<unknown> => Promise.reject(new Error(`no loader for parts/${name}.js`));
