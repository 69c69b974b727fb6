/**
 * Parts of the widget loaded only when a page uses them, so the main bundle stays small: the
 * history view (history/part.ts), the method tiles with their icons (picker/part.ts) and the
 * result cards (result/part.ts). One of
 * the widget's two on-demand registries (lazy.ts, beside the languages): the ES build imports a
 * chunk (part-chunks.ts), the script tag loads `parts/<name>.js` beside it; either way a part ends
 * up on one global, `MozartoCashierParts`, so its script may also be included by hand. A part
 * settles once, loaded or failed; a failed part is the caller's fallback.
 */
import type { HistoryPart } from './history/types.js';
import { lazyRegistry, type Settled } from './lazy.js';
import { loadPartChunk } from './part-chunks.js';
import type { PickerPart } from './picker/part.js';
import type { ResultPart } from './result/part.js';

export interface Parts {
  history: HistoryPart;
  /** The method tiles with their icons. */
  picker: PickerPart;
  /** The result cards (a final status, awaiting approval, a refusal); a headline and reference until it loads. */
  result: ResultPart;
}
type Name = keyof Parts;

const parts = lazyRegistry<Parts>('MozartoCashierParts', loadPartChunk);

/** How parts are fetched (the script bundle sets its own); resolves the part, or anything once it registered itself. */
export const setPartLoader = (next: (name: Name) => Promise<unknown>): void => parts.setLoader(next);

/** A part, once loaded; undefined when it cannot be had. */
export const loadPart = <N extends Name>(name: N): Promise<Parts[N] | undefined> => parts.load(name);

/**
 * The part as it is now, undefined while it loads; then `then` runs once it settled (every
 * caller's: two widgets starting together both hear of it; the part itself loads once).
 */
export function partNow<N extends Name>(name: N, then: (state: Settled<Parts[N]>) => void): Settled<Parts[N]> | undefined {
  const now = parts.settled(name);
  if (!now) void parts.load(name).then(() => then(parts.settled(name)!));
  return now;
}
