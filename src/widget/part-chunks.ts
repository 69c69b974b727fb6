/**
 * How the ES build fetches a part (parts.ts): each part is its own chunk, loaded by the bundler's
 * dynamic import the first time a page needs it. Imported by parts.ts itself — not installed by a
 * side-effect import, which an app's bundler may drop (issue 25: the tiles froze in every bundled
 * build). The script bundle has no chunks: its build swaps this module for part-scripts.ts
 * (vite.config.ts), and iife.ts installs the loader that fetches `parts/<name>.js` beside it.
 */
import type { Parts } from './parts.js';

export const loadPartChunk = (name: keyof Parts): Promise<unknown> =>
  (name === 'picker' ? import('./picker/part.js') : name === 'result' ? import('./result/part.js') : import('./history/part.js')).then((m) => m.default);
