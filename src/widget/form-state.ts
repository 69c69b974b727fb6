/**
 * The form's model, pure: what the player typed, which errors are *shown* (not just present), and
 * errors the server put on fields. "Is invalid" is not "shows invalid" (CONVENTIONS.md,
 * "Validation"): everything is validated on every change, but a field shows its error only after
 * blur (once it was typed in or holds a value), after a submit attempt, or — once shown — live
 * while it is edited. Nothing here ever changes a typed value.
 */
import { checkAmount, type Quote } from '../core/fees.js';
import { ungroup } from './amount-input.js';
import { crossIssues, validateField } from '../core/validate.js';
import type { Setup } from './setup.js';
import type { WidgetError } from './errors.js';

export interface FieldError {
  /** Message key (`error.required`…), filled with `label` and `params` by the element. */
  readonly key: string;
  readonly params?: Readonly<Record<string, string | number>>;
  /** The server's own text, shown when `key` is not a message key we know. */
  readonly text?: string;
}

export interface FormState {
  readonly values: Readonly<Record<string, string>>;
  readonly dirty: Readonly<Record<string, true>>;
  readonly shown: Readonly<Record<string, true>>;
  readonly server: Readonly<Record<string, FieldError>>;
}

export interface CheckedForm {
  readonly errors: Readonly<Record<string, FieldError>>;
  /** Parsed values of the provider fields, as sent in `fields`. */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Canonical amount ("100.00") when valid. */
  readonly amount?: string;
  /** Amount, fee and total (or what a pay-out leaves) when the amount is valid. */
  readonly quote?: Quote;
  readonly currency: string;
}

export const AMOUNT = 'amount';
export const CURRENCY = 'currency';

export function createForm(values: Readonly<Record<string, string>> = {}): FormState {
  return { values, dirty: {}, shown: {}, server: {} };
}

/** The player changed a value: keep it, mark it dirty, drop the server's verdict on it. */
export function edit(form: FormState, name: string, value: string): FormState {
  const { [name]: _, ...server } = form.server;
  return { ...form, values: { ...form.values, [name]: value }, dirty: { ...form.dirty, [name]: true }, server };
}

/** Drops values (card data, a voucher PIN) once they were sent; the player types them again. */
export function forget(form: FormState, names: readonly string[]): FormState {
  if (!names.length) return form;
  const values = { ...form.values };
  for (const n of names) delete values[n];
  return { ...form, values };
}

/** The player left a field: show its error if they typed in it or it holds a value. */
export function leave(form: FormState, name: string): FormState {
  if (form.shown[name] || !(form.dirty[name] || (form.values[name] ?? '').trim() !== '')) return form;
  return { ...form, shown: { ...form.shown, [name]: true } };
}

/** A submit attempt shows every field's error. */
export function showAll(form: FormState, names: readonly string[]): FormState {
  const shown = { ...form.shown };
  for (const n of names) shown[n] = true;
  return { ...form, shown };
}

/** Values the page supplies (prefill, `amount`) land only in fields the player has not touched. */
export function prefill(form: FormState, values: Readonly<Record<string, string | undefined>>): FormState {
  const next = { ...form.values };
  for (const [k, v] of Object.entries(values)) if (typeof v === 'string' && !form.dirty[k]) next[k] = v;
  return { ...form, values: next };
}

/** Field names in the order they render (and in which focus looks for the first error). */
export function fieldOrder(setup: Setup): string[] {
  return [AMOUNT, CURRENCY, ...setup.fields.map((f) => f.name)];
}

/** Checks every field; the amount as typed in `locale` (its grouping separator accepted, amount-input.ts). */
export function checkForm(setup: Setup, values: Readonly<Record<string, string>>, locale = 'en'): CheckedForm {
  const errors: Record<string, FieldError> = {};
  const fields: Record<string, unknown> = {};
  for (const field of setup.fields) {
    const result = validateField(field, values[field.name] ?? '');
    if (result.ok) {
      if (result.value !== undefined) fields[field.name] = result.value;
    } else {
      errors[field.name] = { key: result.issue.key, params: result.issue.params };
    }
  }
  // The same check the proxy runs: the method's range, and a pay-out the fee would swallow.
  const amount = checkAmount(ungroup(values[AMOUNT] ?? '', locale), setup.limits, setup.fee, setup.flow);
  if (!amount.ok) errors[AMOUNT] = { key: amount.key, params: amount.params };
  const currency = values[CURRENCY] && setup.currencies.includes(values[CURRENCY]) ? values[CURRENCY] : setup.currencies[0]!;
  // Rules across fields (Cleo's currency ↔ country), the same the proxy runs.
  for (const issue of crossIssues(
    setup.def,
    setup.flow,
    fields,
    currency,
    Object.keys(errors).map((field) => ({ field })),
  )) {
    errors[issue.field] = { key: issue.key, params: issue.params };
  }
  return { errors, fields, amount: amount.ok ? amount.value : undefined, quote: amount.ok ? amount.quote : undefined, currency };
}

/** The errors to display now, by field: the server's, else the client's once shown. */
export function visibleErrors(form: FormState, checked: CheckedForm): Record<string, FieldError> {
  const out: Record<string, FieldError> = {};
  for (const [name, error] of Object.entries(checked.errors)) if (form.shown[name]) out[name] = error;
  return { ...out, ...form.server };
}

/**
 * Puts a server `invalid_field` answer back on its fields. Returns the new form and whether
 * something could not be placed (to be shown above the button instead).
 */
export function applyServerErrors(form: FormState, error: WidgetError, names: readonly string[]): { form: FormState; unplaced: boolean } {
  const server: Record<string, FieldError> = { ...form.server };
  let unplaced = false;
  const issues = error.issues?.length ? error.issues : error.field ? [{ field: error.field, code: '', message: error.message }] : [];
  for (const issue of issues) {
    if (!names.includes(issue.field)) {
      unplaced = true;
      continue;
    }
    server[issue.field] ??= { key: issue.code, text: issue.message };
  }
  if (issues.length === 0) unplaced = true;
  return { form: { ...form, server, shown: showAll(form, Object.keys(server)).shown }, unplaced };
}
