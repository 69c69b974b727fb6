/**
 * What the widget loads on demand — its parts (parts.ts) and its languages (i18n/locales.ts) —
 * kept by one kind of registry:
 *
 * - every entry lives on one global per kind (`MozartoCashierParts`, `MozartoCashierLocales`), so
 *   a file a merchant includes by hand with a plain `<script>`, before or after the bundle, counts
 *   as loaded;
 * - the loader is referenced by the kind's own module (part-chunks.ts, i18n/locale-chunks.ts),
 *   never installed by a side-effect import, which an app's bundler may drop; the script bundle
 *   swaps it for one that fetches the file beside the script (vite.config.ts, iife.ts);
 * - an entry settles once: loaded, or failed (a 404, a blocked script, a loader that registered
 *   nothing). A failed entry stays failed, so a caller that renders again on settling renders its
 *   fallback once and cannot loop; `setLoader` forgets the failures.
 */

/** An entry that settled: there to use, or failed (the caller shows its fallback). */
export type Settled<T> = { readonly value: T } | { readonly failed: Error };

/** Fetches an entry; resolves it, or anything once the entry registered itself on the global. */
export type Loader<Name extends string = string> = (name: Name) => Promise<unknown>;

/** A registry of the entries `M` holds by name (a part's type per part; one type for every language). */
export interface LazyRegistry<M> {
  /** The entry now: loaded, registered, or included by hand; undefined otherwise. */
  get<K extends keyof M & string>(name: K): M[K] | undefined;
  /** Adds (or replaces) an entry. */
  register<K extends keyof M & string>(name: K, value: M[K]): void;
  /** Loads an entry once; resolves it, or undefined when it cannot be had. */
  load<K extends keyof M & string>(name: K): Promise<M[K] | undefined>;
  /** How the entry settled, undefined while it loads (or before anyone asked). */
  settled<K extends keyof M & string>(name: K): Settled<M[K]> | undefined;
  /** How entries are fetched from now on (the script bundle's, a merchant's); forgets failures. */
  setLoader(next: Loader<keyof M & string>): void;
}

export function lazyRegistry<M>(global: string, loader: Loader<keyof M & string>): LazyRegistry<M> {
  const entries = () => ((globalThis as Record<string, unknown>)[global] ??= {}) as Partial<M>;
  const settling = new Map<string, Promise<void>>();
  const failures = new Map<string, Error>();
  return {
    get: (name) => entries()[name],
    register(name, value) {
      entries()[name] = value;
    },
    load(name) {
      let settled = settling.get(name);
      if (!settled) {
        settled = entries()[name]
          ? Promise.resolve()
          : Promise.resolve()
              .then(() => loader(name))
              .then(
                (value) => {
                  const all = entries();
                  all[name] ??= value as M[typeof name];
                  if (!all[name]) failures.set(name, new Error('registered nothing'));
                },
                (e: unknown) => void failures.set(name, e instanceof Error ? e : new Error(String(e))),
              );
        settling.set(name, settled);
      }
      return settled.then(() => entries()[name]);
    },
    settled(name) {
      const value = entries()[name];
      if (value) return { value };
      const failed = failures.get(name);
      return failed && { failed };
    },
    setLoader(next) {
      loader = next;
      settling.clear();
      failures.clear();
    },
  };
}
