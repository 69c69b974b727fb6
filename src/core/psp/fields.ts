/**
 * Field builders shared by providers (style.md: "shared field builders live in one module").
 * Every issue message is a message key from core/messages, so the browser and the proxy speak
 * with one voice.
 */
import * as z from 'zod/mini';
import type { FieldDef, FieldSource, InputHints } from './types.js';

/** A trimmed, required string of bounded length. */
export function text(max: number) {
  return z.pipe(
    z.string('error.required'),
    z.string().check(z.trim(), z.minLength(1, 'error.required'), z.maxLength(max, 'error.too_long')),
  );
}

// Letters of any script, marks, spaces, apostrophes, dots and hyphens: real names, no markup.
const NAME_CHARS = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

export function personName(name: 'firstName' | 'lastName', label: string, autocomplete: string): FieldDef {
  return {
    name,
    source: 'user',
    label,
    schema: z.pipe(text(50), z.string().check(z.regex(NAME_CHARS, 'error.name_chars'))),
    input: { type: 'text', autocomplete, maxlength: 50 },
  };
}

// RFC-complete validation is not the goal: one @, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(source: FieldSource = 'user'): FieldDef {
  return {
    name: 'email',
    source,
    label: 'label.email',
    schema: z.pipe(text(254), z.string().check(z.regex(EMAIL, 'error.invalid_email'))),
    input: { type: 'email', autocomplete: 'email', inputmode: 'email', maxlength: 254 },
  };
}

const PHONE_CHARS = /^\+?[\d\s().-]+$/;

/**
 * "Phone, min 6 digits" (mozarto-api.md §6.7 Payone, §6.2 Cleo, §6.9 Worldpay). The player may
 * type spaces, dashes, brackets and a leading +; Mozarto's examples send digits only
 * ("4915112345678"), so the value sent is the digits.
 */
export function phoneMinDigits(name = 'phone'): FieldDef {
  return {
    name,
    source: 'user',
    label: 'label.phone',
    schema: z.pipe(
      text(32),
      z.pipe(
        z.string().check(
          z.regex(PHONE_CHARS, 'error.phone_chars'),
          z.refine((s) => s.replace(/\D/g, '').length >= 6, 'error.phone_min_digits'),
          z.refine((s) => s.replace(/\D/g, '').length <= 15, 'error.phone_max_digits'),
        ),
        z.transform((s: string) => s.replace(/\D/g, '')),
      ),
    ),
    input: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: 32 },
  };
}

export function withHints(field: FieldDef, input: InputHints): FieldDef {
  return { ...field, input: { ...field.input, ...input } };
}
