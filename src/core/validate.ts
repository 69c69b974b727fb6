/**
 * Validation of a request's `fields` against a provider definition: the same function runs in
 * the browser (instant field errors) and in the proxy (the trust boundary).
 */
import type { MessageKey } from './messages/en.js';
import { isServerOnlyField } from './psp/server-only.js';
import type { FieldDef, FieldSource, Flow, PspForm } from './psp/types.js';

export interface FieldIssue {
  readonly field: string;
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type FieldsResult = { ok: true; values: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

/** The fields of `def` used in `flow` whose value comes from one of `sources`. */
export function fieldsFor(def: PspForm, flow: Flow, sources: readonly FieldSource[] = ['user']): FieldDef[] {
  return def.fields.filter((f) => sources.includes(f.source) && (!f.flows || f.flows.includes(flow)));
}

/**
 * C0/C1 control characters and the bidirectional overrides and isolates (U+061C, U+200E/F,
 * U+202A–E, U+2066–9): never typed into a form, and a bidi override makes what a back office
 * shows differ from what was sent. Refused in every free-text field, not only names.
 */
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Validates one field's raw value; returns the parsed value or the issue. */
export function validateField(field: FieldDef, raw: unknown): { ok: true; value: unknown } | { ok: false; issue: FieldIssue } {
  if (typeof raw === 'string' && CONTROL_OR_BIDI.test(raw)) return { ok: false, issue: { field: field.name, key: 'error.name_chars', params: {} } };
  const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
  if (empty && field.optional) return { ok: true, value: undefined };
  const result = field.schema.safeParse(empty ? '' : raw);
  if (result.success) return { ok: true, value: result.data };
  const first = result.error.issues[0];
  const key = (first?.message?.startsWith('error.') ? first.message : 'error.invalid') as MessageKey;
  const params: Record<string, string | number> = {};
  if (first && 'maximum' in first && typeof first.maximum === 'number') params.max = first.maximum;
  return { ok: false, issue: { field: field.name, key, params } };
}

/**
 * Validates the `fields` object a browser sent. Keys that the flow does not use are refused,
 * server-only keys with their own message, so a crafted request can never smuggle in a value
 * that only the merchant's server may set.
 */
export function validateFields(def: PspForm, flow: Flow, input: unknown, sources: readonly FieldSource[] = ['user'], currency?: string): FieldsResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ field: 'fields', key: 'error.invalid', params: {} }] };
  }
  const expected = fieldsFor(def, flow, sources);
  const byName = new Map(expected.map((f) => [f.name, f]));
  const issues: FieldIssue[] = [];
  for (const key of Object.keys(input)) {
    if (byName.has(key)) continue;
    const serverOnly = isServerOnlyField(key) || def.fields.some((f) => f.name === key && f.source !== 'user');
    issues.push({ field: key, key: serverOnly ? 'error.server_field' : 'error.unknown_field' });
  }
  const values: Record<string, unknown> = {};
  const record = input as Record<string, unknown>;
  for (const field of expected) {
    const raw = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
    const result = validateField(field, raw);
    if (result.ok) {
      if (result.value !== undefined) values[field.name] = result.value;
    } else {
      issues.push(result.issue);
    }
  }
  if (currency !== undefined) issues.push(...crossIssues(def, flow, values, currency, issues));
  return issues.length ? { ok: false, issues } : { ok: true, values };
}

/**
 * The provider's rules across fields (Cleo's currency ↔ country), on the values that passed
 * their own checks; a field that already has an issue gets no second one.
 */
export function crossIssues(
  def: PspForm,
  flow: Flow,
  values: Readonly<Record<string, unknown>>,
  currency: string,
  existing: readonly { field: string }[] = [],
): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const rule of def.rules ?? []) {
    const issue = rule(values, { currency, flow });
    if (issue && !existing.some((e) => e.field === issue.field)) out.push({ field: issue.field, key: issue.key as MessageKey, params: issue.params ?? {} });
  }
  return out;
}

/** `{ 'address.city': 'Lima' }` → `{ address: { city: 'Lima' } }` (nested body objects, docs/mozarto-api.md §6.2, §6.10). */
export function nest(flat: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (value === undefined) continue;
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      node = (node[part] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return out;
}
