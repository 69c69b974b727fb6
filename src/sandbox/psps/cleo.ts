/**
 * Cleo as Mozarto documents it (docs/mozarto-api.md §6.2): every starred field, local currencies with
 * the country whose API key the request selects, the `address` object and the KYC block. The
 * response and pay-out body are not in the copies: the generic shapes of §5, pay-out checked like
 * the pay-in.
 */
import { address, currencyCode, defineModel, email, isoDate, kyc, oneOf, phoneMin6, str, type Check } from './rules.js';

/** §6.2: "CLP" (Chile), "PEN" (Peru), "MXN" (Mexico); `countryCode` "selects API key". */
export const CLEO_COUNTRY_OF = { CLP: 'CL', PEN: 'PE', MXN: 'MX' } as const;

const countryMatchesCurrency: Check = (body, errors) => {
  const expected = CLEO_COUNTRY_OF[body['currency'] as keyof typeof CLEO_COUNTRY_OF];
  if (expected && typeof body['countryCode'] === 'string' && body['countryCode'] !== expected) {
    errors.push(`countryCode must be ${expected} for currency ${String(body['currency'])}`);
  }
};

const checks: Check[] = [
  currencyCode,
  email(),
  str('firstName'),
  str('lastName'),
  phoneMin6(),
  str('gender'),
  isoDate('dob'),
  oneOf('countryCode', Object.values(CLEO_COUNTRY_OF)),
  countryMatchesCurrency,
  ...kyc(),
  ...address(),
];

export const cleo = defineModel({
  pspType: 'CLEO',
  name: 'Cleo',
  pspIdPrefix: 'cl-',
  types: ['PAYIN', 'PAYOUT'],
  currencies: Object.keys(CLEO_COUNTRY_OF),
  payin: checks,
  payout: checks,
});
