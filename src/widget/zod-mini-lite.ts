/**
 * The subset of `zod/mini` the catalog's field schemas use, in about 1 KB gzip instead of ~4.4 KB
 * (issue 7: the script-tag bundle's 20 KB budget). Only the script-tag build uses it, through an
 * alias in vite.config.ts; the source, the tests, the proxy and the ES build keep the real
 * zod/mini.
 *
 * Faithful where the catalog can tell: `safeParse` gives the same `success`, the same `data` and
 * the same first issue (`message`, `code`, `maximum`/`minimum`) as zod/mini 4 — checks run in
 * order, a failed type check skips the rest, a failed pipe stage stops the pipe, a check's
 * message falls back to its schema's, then to "Invalid input". test/fuzz/zod-lite.test.ts
 * compares both on every catalog field with thousands of random inputs. An export the catalog
 * starts using and this file lacks fails the script-tag build (vite.config.ts), never the page.
 */

type Message = string | { message?: string } | undefined;
type ErrorFn = (issue: Issue) => Message;
type Params = string | { error?: string | ErrorFn; message?: string } | undefined;

export interface Issue {
  code: string;
  message?: string;
  path?: PropertyKey[];
  maximum?: number;
  minimum?: number;
  values?: unknown[];
  /** true: later checks still run (zod's check issues); absent: the value's type was wrong. */
  continue?: boolean;
}

interface Payload {
  value: unknown;
  issues: Issue[];
  aborted?: boolean;
}

interface Check {
  readonly error?: ErrorFn;
  /** Length checks run even after a failed type check, when the value has a length (zod's `when`). */
  readonly when?: (p: Payload) => boolean;
  readonly run: (p: Payload) => Issue | void;
}

const errorFn = (params: Params): ErrorFn | undefined => {
  if (params === undefined) return undefined;
  if (typeof params === 'string') return () => params;
  const e = params.message ?? params.error;
  return typeof e === 'string' ? () => e : e;
};

const text = (m: Message): string | undefined => (typeof m === 'string' ? m : m?.message);

const explicitlyAborted = (p: Payload) => p.issues.some((i) => i.continue === false);
const aborted = (p: Payload, from = 0) => p.aborted === true || p.issues.slice(from).some((i) => i.continue !== true);

export class ZodMiniType<T = unknown> {
  declare readonly _output: T;
  constructor(
    /** Parses the value's type; returns an issue when it is wrong. */
    private readonly parseType: (p: Payload) => Issue | void,
    private readonly checks: readonly Check[] = [],
    readonly error?: ErrorFn,
  ) {}

  /** zod/mini's `schema.check(...checks)`: a copy with more checks. */
  check(...checks: Check[]): ZodMiniType<T> {
    return new ZodMiniType<T>(this.parseType, [...this.checks, ...checks], this.error);
  }

  run(p: Payload): Payload {
    const typeIssue = this.parseType(p);
    if (typeIssue) this.#add(p, typeIssue, this.error);
    let isAborted = aborted(p);
    for (const ch of this.checks) {
      if (ch.when) {
        if (explicitlyAborted(p) || !ch.when(p)) continue;
      } else if (isAborted) continue;
      const before = p.issues.length;
      const issue = ch.run(p);
      if (issue) this.#add(p, issue, ch.error, this.error);
      if (!isAborted) isAborted = aborted(p, before);
    }
    return p;
  }

  #add(p: Payload, issue: Issue, own?: ErrorFn, schema?: ErrorFn): void {
    issue.message = text(own?.(issue)) ?? text(schema?.(issue)) ?? 'Invalid input';
    p.issues.push(issue);
  }

  safeParse(input: unknown): { success: true; data: T; error?: undefined } | { success: false; data?: undefined; error: { issues: Issue[] } } {
    const p = this.run({ value: input, issues: [] });
    return p.issues.length ? { success: false, error: { issues: p.issues } } : { success: true, data: p.value as T };
  }
}

export type ZodMiniString = ZodMiniType<string>;
export type output<S> = S extends ZodMiniType<infer T> ? T : never;
export type { output as infer };

const typed = /* @__NO_SIDE_EFFECTS__ */ <T>(expected: string, ok: (v: unknown) => boolean) => (params?: Params) =>
  new ZodMiniType<T>((p) => (ok(p.value) ? undefined : { code: 'invalid_type', ...{ expected } }), [], errorFn(params));

export const string = typed<string>('string', (v) => typeof v === 'string');
export const number = typed<number>('number', (v) => typeof v === 'number' && Number.isFinite(v));
export const boolean = typed<boolean>('boolean', (v) => typeof v === 'boolean');
export const unknown = /* @__NO_SIDE_EFFECTS__ */ () => new ZodMiniType<unknown>(() => undefined);

/* @__NO_SIDE_EFFECTS__ */
function _enum<const V extends readonly string[]>(values: V, params?: Params) {
  return new ZodMiniType<V[number]>(
    (p) => (values.includes(p.value as string) ? undefined : { code: 'invalid_value', values: [...values] }),
    [],
    errorFn(params),
  );
}
export { _enum as enum };

/* @__NO_SIDE_EFFECTS__ */
export function optional<T>(inner: ZodMiniType<T>) {
  return new ZodMiniType<T | undefined>((p) => {
    if (p.value === undefined) return;
    inner.run(p);
  });
}

/* @__NO_SIDE_EFFECTS__ */
export function pipe<A, B>(left: ZodMiniType<A>, right: ZodMiniType<B>) {
  return new ZodMiniType<B>((p) => {
    left.run(p);
    if (p.issues.length) {
      p.aborted = true;
      return;
    }
    right.run(p);
  });
}

/* @__NO_SIDE_EFFECTS__ */
export function transform<I, O>(fn: (value: I) => O) {
  return new ZodMiniType<O>((p) => {
    p.value = fn(p.value as I);
  });
}

type Shape = Record<string, ZodMiniType<unknown>>;

/* @__NO_SIDE_EFFECTS__ */
function objectOf(shape: Shape, strict: boolean, params?: Params) {
  return new ZodMiniType<Record<string, unknown>>(
    (p) => {
      const v = p.value;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return { code: 'invalid_type' };
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        const sub = shape[key]!.run({ value: (v as Record<string, unknown>)[key], issues: [] });
        for (const i of sub.issues) p.issues.push({ ...i, path: [key, ...(i.path ?? [])] });
        if (sub.value !== undefined) out[key] = sub.value;
      }
      if (strict) {
        const extra = Object.keys(v).filter((k) => !Object.hasOwn(shape, k));
        if (extra.length) p.issues.push({ code: 'unrecognized_keys', message: 'Unrecognized key' });
      }
      if (!p.issues.length) p.value = out;
    },
    [],
    errorFn(params),
  );
}
export const object = /* @__NO_SIDE_EFFECTS__ */ (shape: Shape, params?: Params) => objectOf(shape, false, params);
export const strictObject = /* @__NO_SIDE_EFFECTS__ */ (shape: Shape, params?: Params) => objectOf(shape, true, params);

/* @__NO_SIDE_EFFECTS__ */
export function record<V>(key: ZodMiniType<string>, value: ZodMiniType<V>, params?: Params) {
  return new ZodMiniType<Record<string, V>>(
    (p) => {
      const v = p.value;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return { code: 'invalid_type' };
      const out: Record<string, V> = {};
      for (const k of Object.keys(v)) {
        const ks = key.run({ value: k, issues: [] });
        const vs = value.run({ value: (v as Record<string, unknown>)[k], issues: [] });
        for (const i of [...ks.issues, ...vs.issues]) p.issues.push({ ...i, path: [k, ...(i.path ?? [])] });
        out[k] = vs.value as V;
      }
      if (!p.issues.length) p.value = out;
    },
    [],
    errorFn(params),
  );
}

// ---- checks ----------------------------------------------------------------------------------

const hasLength = (p: Payload) => p.value != null && (p.value as { length?: unknown }).length !== undefined;

export const minLength = /* @__NO_SIDE_EFFECTS__ */ (minimum: number, params?: Params): Check => ({
  error: errorFn(params),
  when: hasLength,
  run: (p) =>
    (p.value as string).length >= minimum
      ? undefined
      : { code: 'too_small', minimum, continue: true },
});

export const maxLength = /* @__NO_SIDE_EFFECTS__ */ (maximum: number, params?: Params): Check => ({
  error: errorFn(params),
  when: hasLength,
  run: (p) =>
    (p.value as string).length <= maximum
      ? undefined
      : { code: 'too_big', maximum, continue: true },
});

export const regex = /* @__NO_SIDE_EFFECTS__ */ (pattern: RegExp, params?: Params): Check => ({
  error: errorFn(params),
  run: (p) => {
    pattern.lastIndex = 0;
    return pattern.test(p.value as string) ? undefined : { code: 'invalid_format', continue: true };
  },
});

export const trim = /* @__NO_SIDE_EFFECTS__ */ (): Check => ({
  run: (p) => {
    p.value = (p.value as string).trim();
  },
});

export const refine = /* @__NO_SIDE_EFFECTS__ */ <T>(fn: (value: T) => unknown, params?: Params): Check => ({
  error: errorFn(params),
  run: (p) => (fn(p.value as T) ? undefined : { code: 'custom', continue: true }),
});
