import { address, dateOfBirth, email, personName, phoneMinDigits, select } from './fields.js';
import type { PspForm } from './types.js';

/** §6.2 [latest]: local currencies only, each with its country (which also picks Cleo's API key). */
const COUNTRY_OF: Readonly<Record<string, string>> = { CLP: 'CL', PEN: 'PE', MXN: 'MX' };

/**
 * Cleo, bank transfers in Chile, Peru and Mexico (docs/mozarto-api.md §6.2). Pay-out: its body is not
 * in the copies; the overview marks it supported, so it takes the pay-in fields (docs/adr/0002).
 */
export const cleo: PspForm = {
  pspType: 'CLEO',
  name: 'Cleo',
  description: 'psp.cleo.description',
  kind: 'bank',
  flows: { payin: true, payout: true },
  currencies: Object.keys(COUNTRY_OF),
  fields: [
    personName('firstName', 'label.first_name', 'given-name'),
    personName('lastName', 'label.last_name', 'family-name'),
    email(),
    phoneMinDigits(),
    dateOfBirth(),
    select('countryCode', 'label.country', Object.values(COUNTRY_OF)),
    ...address(),
  ],
  rules: [
    ({ countryCode }, { currency }) =>
      countryCode && COUNTRY_OF[currency] !== countryCode
        ? { field: 'countryCode', key: 'error.country_currency', params: { currency, country: COUNTRY_OF[currency] ?? '' } }
        : undefined,
  ],
};
