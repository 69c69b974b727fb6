/**
 * English descriptions of the built-in providers, by the catalog's `description` key. The proxy
 * sends each with its method in `GET config`; the widget shows that text unless a loaded language
 * or the merchant's `messages` has the key. So the script-tag bundle does not carry them, and every
 * client of the contract gets them.
 */
export const DESCRIPTIONS_EN = {
  'psp.payone.description': 'Bank transfer and local payment methods.',
  'psp.gigadat.description': 'Interac e-Transfer from a Canadian bank.',
  'psp.forumpay.description': 'Pay or withdraw in BTC, ETH or USDT.',
  'psp.cleo.description': 'Bank transfer in Chile, Peru or Mexico.',
  'psp.flexepin.description': 'Redeem a Flexepin voucher PIN.',
  'psp.neosurf.description': 'Pay with a Neosurf voucher.',
  'psp.trust.description': 'Card, Apple Pay or Google Pay on a secure page.',
  'psp.worldpay.description': 'Card payment on Worldpay’s secure page.',
  'psp.emerchantpay.description': 'Pay by card with 3-D Secure.',
  'psp.brite.description': 'Instant payment from your bank.',
} as const;

export type DescriptionKey = keyof typeof DESCRIPTIONS_EN;
