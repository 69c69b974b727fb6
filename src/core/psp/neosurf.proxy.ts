import { definePsp } from './define.js';
import { neosurf as form } from './neosurf.js';

/**
 * Neosurf's Mozarto side (docs/mozarto-api.md §6.6): no redirect (“No data.url is returned”); the
 * outcome comes by webhook (`method: NEOSURF_PAYIN`).
 */
export const neosurf = definePsp(form, {
  englishDescription: 'Pay with a Neosurf voucher.',
  flows: { payin: { type: 'PAYIN', outcome: { kind: 'await' } } },
  derive: ({ currency }) => ({ currencyCode: currency }),
});
