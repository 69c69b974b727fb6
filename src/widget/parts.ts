/**
 * Parts of the widget loaded only when a page uses them, so the main bundle stays small: the
 * history view (history/part.ts) and the method tiles with their icons (picker/part.ts). Like the
 * languages (i18n/locales.ts): the ES build imports a chunk, the script tag loads
 * `locales/<name>.js` beside it; either way a part ends up on one global, `MozartoCashierParts`,
 * so its script may also be included by hand.
 */
import type { HistoryPart } from './history/types.js';
import type { PickerPart } from './picker/part.js';

export interface Parts {
  history: HistoryPart;
  /** The method tiles with their icons. */
  picker: PickerPart;
}
type Name = keyof Parts;

const registry = (): Partial<Parts> => ((globalThis as Record<string, unknown>).MozartoCashierParts ??= {}) as Partial<Parts>;

let loader: ((name: Name) => Promise<unknown>) | undefined;
const pending = new Map<Name, Promise<unknown>>();

/** How parts are fetched (set by the package entries and the script bundle); resolves the part, or undefined once it registered itself. */
export function setPartLoader(next: (name: Name) => Promise<unknown>): void {
  loader = next;
  pending.clear();
}

/** A part, once loaded; undefined when it cannot be had. */
export function loadPart<N extends Name>(name: N): Promise<Parts[N] | undefined> {
  const r = registry();
  let p = pending.get(name);
  if (!p)
    pending.set(
      name,
      (p = r[name]
        ? Promise.resolve()
        : (loader?.(name) ?? Promise.resolve()).then(
            (part) => (r[name] ??= part as Parts[N]),
            () => undefined,
          )),
    );
  return p.then(() => r[name]);
}

/**
 * A part already loaded, else undefined — and `then` runs once it is there (every caller's: two
 * widgets starting together both hear of it; the part itself loads once).
 */
export function partNow<N extends Name>(name: N, then: () => void): Parts[N] | undefined {
  const known = registry()[name];
  if (!known) void loadPart(name).then(then);
  return known;
}
