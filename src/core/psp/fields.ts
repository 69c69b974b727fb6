/**
 * Builders of the fields the player types, shared by providers' forms (CONVENTIONS.md,
 * "Providers"). Every issue message is a message key from core/messages, so the browser and the
 * proxy speak with one voice. The fields the proxy fills are built in ./proxy-fields.ts, which
 * the widget never imports.
 */
import * as z from 'zod/mini';
import type { ErrorKey, LabelKey } from '../messages/en.js';
import type { FieldDef, FieldSource, InputHints } from './types.js';

type Extra = Partial<Omit<FieldDef, 'name' | 'label' | 'schema'>>;

/** A field typed by the player unless `extra.source` says otherwise. */
export const field = (name: string, label: LabelKey, schema: z.ZodMiniType, input: InputHints = {}, extra: Extra = {}): FieldDef => ({
  name,
  source: 'user',
  label,
  schema,
  input,
  ...extra,
});

/** A trimmed, required string of bounded length. */
export function text(max: number) {
  return z.pipe(z.string('error.required'), z.string().check(z.trim(), z.minLength(1, 'error.required'), z.maxLength(max, 'error.too_long')));
}

/** `text(max)` that must match one pattern. */
export const pattern = (max: number, re: RegExp, key: ErrorKey) => z.pipe(text(max), z.string().check(z.regex(re, key)));

const digits = (s: string) => s.replace(/\D/g, '');
const toDigits = z.transform((s: string) => digits(s));

// Letters of any script, marks, spaces, apostrophes, dots and hyphens: real names, no markup.
const NAME_CHARS = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;

export const personName = (name: string, label: LabelKey, autocomplete: string, max = 50, extra: Extra = {}): FieldDef =>
  field(name, label, pattern(max, NAME_CHARS, 'error.name_chars'), { autocomplete, maxlength: max }, extra);

// RFC-complete validation is not the goal: one @, a dot in the domain, no spaces.
export const email = (source: FieldSource = 'user'): FieldDef =>
  field(
    'email',
    'label.email',
    pattern(254, /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'error.invalid_email'),
    { type: 'email', autocomplete: 'email', inputmode: 'email', maxlength: 254 },
    { source },
  );

const PHONE_CHARS = /^\+?[\d\s().-]+$/;
const PHONE_HINTS: InputHints = { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: 32 };

/**
 * "Phone, min 6 digits" (docs/mozarto-api.md §6.7 Payone, §6.2 Cleo, §6.9 Worldpay). The player may
 * type spaces, dashes, brackets and a leading +; Mozarto's examples send digits only
 * ("4915112345678"), so the value sent is the digits.
 */
export const phoneMinDigits = (name = 'phone', extra: Extra = {}): FieldDef =>
  field(
    name,
    'label.phone',
    z.pipe(
      text(32),
      z.pipe(
        z.string().check(
          z.regex(PHONE_CHARS, 'error.phone_chars'),
          z.refine((s) => digits(s).length >= 6, 'error.phone_min_digits'),
          z.refine((s) => digits(s).length <= 15, 'error.phone_max_digits'),
        ),
        toDigits,
      ),
    ),
    PHONE_HINTS,
    extra,
  );

/**
 * Gigadat's NANP rule (§6.5; docs/design.md "Gigadat"): exactly 10 digits, or 11 with a leading 1.
 * The player may type the usual separators; the body carries digits only, as the docs demand.
 */
export const phoneNanp = (name = 'phone', label: LabelKey = 'label.phone', extra: Extra = {}): FieldDef =>
  field(
    name,
    label,
    z.pipe(
      text(32),
      z.pipe(
        z.string().check(
          z.regex(PHONE_CHARS, 'error.phone_chars'),
          z.refine((s) => /^1?\d{10}$/.test(digits(s)), 'error.phone_nanp'),
        ),
        toDigits,
      ),
    ),
    PHONE_HINTS,
    extra,
  );

/** A choice among fixed codes (preferredCrypto, a country limited by the docs). */
export const select = (name: string, label: LabelKey, options: readonly string[], extra: Extra = {}): FieldDef =>
  field(name, label, z.pipe(text(16), z.string().check(z.refine((s) => options.includes(s), 'error.choose'))), { type: 'select' }, { options, ...extra });

/** `YYYY-MM-DD` (§6.9 "dob (YYYY-MM-DD)", §6.2 example "1990-01-15"), a real date, not in the future. */
export const isoDate = z.pipe(
  text(10),
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'error.date_format'),
    // Date.parse first: toISOString() throws on an invalid date ("2023-13-45", found by test/fuzz).
    z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'error.date_format'),
    z.refine((s) => s <= new Date().toISOString().slice(0, 10), 'error.date_future'),
  ),
);

export const dateOfBirth = (): FieldDef => field('dob', 'label.dob', isoDate, { type: 'date', autocomplete: 'bday' });

/**
 * The `address` object (§6.2 `{ line1, line2?, city, state, postalCode, country }`) as dotted
 * fields rendered in one fieldset. `country` is left to the provider (derived or profile).
 */
export function address(optional = false): FieldDef[] {
  const part = (key: string, label: LabelKey, autocomplete: string, max: number, opt = optional): FieldDef =>
    field(`address.${key}`, label, text(max), { autocomplete, maxlength: max }, { group: 'label.address', ...(opt ? { optional: true } : {}) });
  return [
    part('line1', 'label.address_line1', 'address-line1', 100),
    part('line2', 'label.address_line2', 'address-line2', 100, true),
    part('city', 'label.city', 'address-level2', 60),
    part('state', 'label.state', 'address-level1', 60),
    part('postalCode', 'label.postal_code', 'postal-code', 16),
  ];
}

/** Flexepin's voucher PIN (§6.3, example "1234567890123456"): 16 digits, spaces allowed while typing. */
export const voucherPin = (): FieldDef =>
  field(
    'voucherPin',
    'label.voucher_pin',
    z.pipe(z.pipe(text(24), z.string().check(z.refine((s) => /^\d{16}$/.test(s.replace(/[\s-]/g, '')), 'error.voucher_pin'))), toDigits),
    { inputmode: 'numeric', autocomplete: 'off', maxlength: 24 },
    { secret: true },
  );

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const EXPIRY = /^(0[1-9]|1[0-2])\s*\/\s*(\d{2}|\d{4})$/;

/**
 * A card expiry as typed ("12/30", "12 / 2030") → "2030-12", which sorts as dates do; "" when it
 * is not one. One reading for the three forms of the value: the schema checks what was typed and
 * passes on "12/2030", which reads the same again (the widget sends it, the proxy checks it with
 * this same schema), and the proxy's body entries write Mozarto's `expMonth` "12" and `expYear`
 * "2030" (§6.10; ./proxy-fields.ts, CARD_BODY).
 */
export function expiry(s: string): string {
  const [, mm, yy] = EXPIRY.exec(s) ?? [];
  return mm && yy ? `${yy.length === 2 ? `20${yy}` : yy}-${mm}` : '';
}

/**
 * Card entry (§6.10 `card.pan`, `card.cvv`, `card.expMonth` "03", `card.expYear` "2027",
 * `card.cardHolderName`). Only for providers behind the proxy's `cardEntry` switch
 * (docs/adr/0004-card-entry.md).
 */
export function card(): FieldDef[] {
  const secret = { secret: true } as const;
  return [
    field(
      'card.pan',
      'label.card_number',
      z.pipe(
        z.pipe(text(23), z.string().check(z.refine((s) => /^[\d -]+$/.test(s) && /^\d{12,19}$/.test(digits(s)) && luhn(digits(s)), 'error.card_number'))),
        toDigits,
      ),
      { inputmode: 'numeric', autocomplete: 'cc-number', maxlength: 23 },
      secret,
    ),
    field(
      'card.expiry',
      'label.card_expiry',
      z.pipe(
        z.pipe(
          text(9),
          z.string().check(
            z.refine((s) => expiry(s), 'error.card_expiry'),
            // Valid through the last day of its month.
            z.refine((s) => expiry(s) >= new Date().toISOString().slice(0, 7), 'error.card_expired'),
          ),
        ),
        z.transform((s: string) => expiry(s).split('-').reverse().join('/')),
      ),
      // Sent as `card.expMonth` and `card.expYear` (./proxy-fields.ts, CARD_BODY).
      { inputmode: 'numeric', autocomplete: 'cc-exp', maxlength: 9, placeholder: 'MM/YY' },
      secret,
    ),
    field(
      'card.cvv',
      'label.card_cvc',
      pattern(4, /^\d{3,4}$/, 'error.card_cvc'),
      { inputmode: 'numeric', autocomplete: 'cc-csc', maxlength: 4, type: 'password' },
      secret,
    ),
    personName('card.cardHolderName', 'label.card_holder', 'cc-name', 80),
  ];
}
