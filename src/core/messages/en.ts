/**
 * English texts, keyed. Validation issues carry these keys (never prose), so the widget can
 * localize them and the proxy can report the same words. `{label}` and `{min}`-style
 * placeholders are filled by `format()`.
 */
export const en = {
  // field labels
  'label.first_name': 'First name',
  'label.last_name': 'Last name',
  'label.email': 'Email',
  'label.phone': 'Phone number',
  'label.amount': 'Amount',
  'label.currency': 'Currency',

  // field errors
  'error.required': '{label} is required.',
  'error.too_long': '{label} must be at most {max} characters.',
  'error.invalid_email': 'Enter an email address like name@example.com.',
  'error.phone_min_digits': 'Phone number must have at least 6 digits.',
  'error.phone_max_digits': 'Phone number must have at most 15 digits.',
  'error.phone_chars': 'Phone number may contain only digits, spaces, dashes, brackets and a leading +.',
  'error.name_chars': '{label} contains characters that are not allowed.',
  'error.amount_invalid': 'Enter an amount like 25 or 25.50.',
  'error.amount_positive': 'Amount must be greater than zero.',
  'error.amount_decimals': 'Amount can have at most 2 decimals.',
  'error.amount_min': 'Amount must be at least {min}.',
  'error.amount_max': 'Amount must be at most {max}.',
  'error.currency_unsupported': 'This currency is not available for this payment method.',
  'error.unknown_field': 'This field is not accepted.',
  'error.server_field': 'This field can only be set by the server.',
  'error.invalid': '{label} is not valid.',

  // provider descriptions
  'psp.payone.description': 'Bank transfer and local payment methods.',
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function format(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
