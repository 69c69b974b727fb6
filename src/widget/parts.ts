/**
 * Parts of the widget loaded only when a page uses them, so the main bundle stays small: the
 * history view (history/part.ts) and the method tiles with their icons (picker/part.ts). The ES
 * build imports a chunk (part-chunks.ts), the script tag loads `parts/<name>.js` beside it; either
 * way a part ends up on one global, `MozartoCashierParts`, so its script may also be included by
 * hand.
 *
 * A part settles once: loaded, or failed (a 404, a blocked script, a loader that registered
 * nothing). A failed part stays failed, so a caller that re-renders on settling renders its
 * fallback once and cannot loop.
 */
import type { HistoryPart } from './history/types.js';
import { loadPartChunk } from './part-chunks.js';
import type { PickerPart } from './picker/part.js';

export interface Parts {
  history: HistoryPart;
  /** The method tiles with their icons. */
  picker: PickerPart;
}
type Name = keyof Parts;

/** A part that settled: there to use, or failed (the caller shows its fallback). */
export type Settled<N extends Name> = { readonly part: Parts[N] } | { readonly failed: Error };

const registry = (): Partial<Parts> => ((globalThis as Record<string, unknown>).MozartoCashierParts ??= {}) as Partial<Parts>;

let loader: (name: Name) => Promise<unknown> = loadPartChunk;
const settling = new Map<Name, Promise<void>>();
const failures = new Map<Name, Error>();

/** How parts are fetched (the script bundle sets its own); resolves the part, or undefined once it registered itself. */
export function setPartLoader(next: (name: Name) => Promise<unknown>): void {
  loader = next;
  settling.clear();
  failures.clear();
}

/** A part, once loaded; undefined when it cannot be had. */
export function loadPart<N extends Name>(name: N): Promise<Parts[N] | undefined> {
  let settled = settling.get(name);
  if (!settled) {
    settled = registry()[name]
      ? Promise.resolve()
      : Promise.resolve()
          .then(() => loader(name))
          .then(
            (part) => {
              const r = registry();
              r[name] ??= part as Parts[N];
              if (!r[name]) failures.set(name, new Error('registered nothing'));
            },
            (e: unknown) => void failures.set(name, e instanceof Error ? e : new Error(String(e))),
          );
    settling.set(name, settled);
  }
  return settled.then(() => registry()[name]);
}

function settled<N extends Name>(name: N): Settled<N> | undefined {
  const part = registry()[name];
  if (part) return { part };
  const failed = failures.get(name);
  return failed && { failed };
}

/**
 * The part as it is now, undefined while it loads; then `then` runs once it settled (every
 * caller's: two widgets starting together both hear of it; the part itself loads once).
 */
export function partNow<N extends Name>(name: N, then: (state: Settled<N>) => void): Settled<N> | undefined {
  const now = settled(name);
  if (!now) void loadPart(name).then(() => then(settled(name)!));
  return now;
}
