/**
 * English texts, keyed. Validation issues carry these keys (never prose), so the widget can
 * localize them and the proxy can report the same words. `{label}` and `{min}`-style
 * placeholders are filled by `format()`.
 */
export const fieldTexts = {
  // field labels
  'label.first_name': 'First name',
  'label.last_name': 'Last name',
  'label.email': 'Email',
  'label.phone': 'Phone number',
  'label.amount': 'Amount',
  'label.currency': 'Currency',
  'label.full_name': 'Full name',
  'label.mobile': 'Mobile number',
  'label.country': 'Country',
  'label.dob': 'Date of birth',
  'label.address': 'Address',
  'label.address_line1': 'Street and number',
  'label.address_line2': 'Address line 2 (optional)',
  'label.city': 'City',
  'label.state': 'State or region',
  'label.postal_code': 'Postal code',
  'label.voucher_pin': 'Voucher PIN',
  'label.card_number': 'Card number',
  'label.card_expiry': 'Expiry date (MM/YY)',
  'label.card_cvc': 'Security code (CVC)',
  'label.card_holder': 'Name on card',
  'label.crypto': 'Cryptocurrency',
  'label.wallet': 'Wallet address',
  'label.method': 'Payment method',
  'action.back': 'Change payment method',

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
  'error.amount_fee': 'Amount must be more than the fee of {fee}.',
  'error.currency_unsupported': 'This currency is not available for this payment method.',
  'error.invalid': '{label} is not valid.',
  'error.phone_nanp': 'Phone number must be 10 digits, or 11 starting with 1.',
  'error.choose': '{label}: choose one from the list.',
  'error.date_format': '{label} must be a date like 1990-01-15.',
  'error.date_future': '{label} cannot be in the future.',
  'error.country_currency': 'Country must be {country} to pay in {currency}.',
  'error.voucher_pin': 'Voucher PIN must be 16 digits.',
  'error.card_number': 'Card number is not valid.',
  'error.card_expiry': 'Expiry date must be like 03/27.',
  'error.card_expired': 'This card has expired.',
  'error.card_cvc': 'Security code must be 3 or 4 digits.',
  'error.wallet': 'Wallet address must be 20–128 letters or digits.',
} as const;

/**
 * Texts only the proxy's checks produce (a server-only or unknown field, the user record's
 * gender and country): no form the widget renders leads to them, so the script bundle's English
 * leaves them out and shows the proxy's `message`, unless the player's language has the key.
 */
export const serverTexts = {
  'label.gender': 'Gender',
  'error.unknown_field': 'This field is not accepted.',
  'error.server_field': 'This field can only be set by the server.',
  'error.country': 'Country must be a two-letter code like DE.',
} as const;

/** Every English text: the proxy reports in these words. (A pure call, unlike a spread, is dropped where unused.) */
export const en: typeof fieldTexts & typeof serverTexts = /* @__PURE__ */ Object.assign({}, fieldTexts, serverTexts);

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
/** A field's label (or a group's legend): a key of these texts. */
export type LabelKey = Extract<MessageKey, `label.${string}`>;
/** A validation issue: a key of these texts. */
export type ErrorKey = Extract<MessageKey, `error.${string}`>;
/**
 * A provider's short description for the method tiles: `psp.<name>.description`. Its English is in
 * the provider's proxy part (`englishDescription`), which the proxy sends; a language may translate it.
 */
export type DescriptionKey = `psp.${string}.description`;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a missing param is noticed. */
export function format(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
