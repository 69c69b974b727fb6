/** The ES build's loader of the parts (parts.ts): each is its own chunk, fetched the first time a page needs it. */
import { setPartLoader } from './parts.js';

setPartLoader((name) => (name === 'picker' ? import('./picker/part.js') : import('./history/part.js')).then((m) => m.default));
