/**
 * A few hundred bytes of schema for the contract's *answers* (what the widget reads from the
 * proxy). zod/mini's object, enum, array and record machinery costs ~3.5 KB gzip in the script
 * bundle (issue 7); these shapes need none of it. Same face as zod: `safeParse(input)` returns
 * `{ success, data }`, objects keep only their declared keys (unknown keys are dropped, as
 * `z.object` does), and `Infer<typeof S>` gives the type.
 *
 * Field validation (what the player types) stays on zod/mini in the catalog.
 */

/** A check: returns the accepted value, or FAIL. */
type Check<T> = (input: unknown) => T | typeof FAIL;

const FAIL: unique symbol = Symbol();

export interface Shape<T> {
  readonly check: Check<T>;
  safeParse(input: unknown): { success: true; data: T } | { success: false };
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

/** Marks a shape optional inside `obj`: absent or `undefined` is accepted and left out. */
interface Optional<T> extends Shape<T | undefined> {
  readonly optional: true;
}

const shape = <T>(check: Check<T>): Shape<T> => ({
  check,
  safeParse: (input) => {
    const data = check(input);
    return data === FAIL ? { success: false } : { success: true, data };
  },
});

export const str = (min = 0, max = Infinity): Shape<string> =>
  shape((v) => (typeof v === 'string' && v.length >= min && v.length <= max ? v : FAIL));

export const num: Shape<number> = shape((v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL));

export const bool: Shape<boolean> = shape((v) => (typeof v === 'boolean' ? v : FAIL));

export const oneOf = <const T extends string>(values: readonly T[]): Shape<T> =>
  shape((v) => (values.includes(v as T) ? (v as T) : FAIL));

export const opt = <T>(inner: Shape<T>): Optional<T> => ({
  ...shape<T | undefined>((v) => (v === undefined ? v : inner.check(v))),
  optional: true,
});

export const arr = <T>(item: Shape<T>, max = 1000): Shape<T[]> =>
  shape((v) => {
    if (!Array.isArray(v) || v.length > max) return FAIL;
    const out: T[] = [];
    for (const x of v) {
      const r = item.check(x);
      if (r === FAIL) return FAIL;
      out.push(r);
    }
    return out;
  });

type Fields = Record<string, Shape<unknown>>;
type Req<F extends Fields> = { [K in keyof F as F[K] extends Optional<unknown> ? never : K]: Infer<F[K]> };
type Opt<F extends Fields> = { [K in keyof F as F[K] extends Optional<unknown> ? K : never]?: Exclude<Infer<F[K]>, undefined> };
type Flat<T> = { [K in keyof T]: T[K] };

export const obj = <F extends Fields>(fields: F): Shape<Flat<Req<F> & Opt<F>>> =>
  shape((v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    // A fresh null-prototype object: a hostile `__proto__` key can never reach a prototype.
    const out: Record<string, unknown> = Object.create(null);
    for (const key in fields) {
      const r = fields[key]!.check(Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined);
      if (r === FAIL) return FAIL;
      if (r !== undefined) out[key] = r;
    }
    return { ...out } as Flat<Req<F> & Opt<F>>;
  });
