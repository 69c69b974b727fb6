/** A `GET config` enabling every provider of the fixtures, in the catalog's order, for the provider and tile suites. */
import { BUILT_IN_PSPS } from '../../src/core/catalog.js';
import { DESCRIPTIONS_EN, type DescriptionKey } from '../../src/core/messages/descriptions.js';
import { VALID } from '../core/provider-fixtures.js';

const NAMES: Record<string, string> = {
  PAYONE: 'Payone',
  GIGADAT: 'Gigadat',
  FORUMPAY: 'ForumPay',
  CLEO: 'Cleo',
  FLEXEPIN: 'Flexepin',
  NEOSURF: 'Neosurf',
  TRUST: 'Trust Payments',
  WORLDPAY_EU: 'Worldpay',
  EMERCHANTPAY: 'eMerchantPay',
  BRITE: 'Brite',
};

export function allMethodsConfig() {
  const list = (flow: 'payin' | 'payout') => {
    const seen = new Map<string, string[]>();
    for (const v of VALID.filter((x) => x.flow === flow)) seen.set(v.pspType, [...(seen.get(v.pspType) ?? []), v.currency]);
    const description = (pspType: string) => DESCRIPTIONS_EN[BUILT_IN_PSPS.find((d) => d.pspType === pspType)!.description as DescriptionKey];
    return [...seen].map(([pspType, currencies]) => ({
      pspType,
      name: NAMES[pspType],
      description: description(pspType),
      currencies: [...new Set([...currencies, 'EUR', 'CAD', 'CLP', 'PEN', 'MXN', 'USD', 'GBP'])],
    }));
  };
  return { version: 1, methods: { payin: list('payin'), payout: list('payout') }, limits: { min: '1.00', max: '5000.00' } };
}
