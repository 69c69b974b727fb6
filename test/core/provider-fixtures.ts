/**
 * Per-provider fixtures shared by the Node and browser tests: a valid submission for every
 * provider and flow (what a player types, as strings), the merchant's user record the proxy's
 * `getUser` returns (with the KYC block Cleo and Worldpay need), and the rules each provider
 * must enforce, with the message key the player must see. Written from docs/mozarto-api.md, not
 * derived from the catalog, so a catalog mistake fails a test.
 */
export interface Valid {
  readonly pspType: string;
  readonly flow: 'payin' | 'payout';
  readonly currency: string;
  readonly fields: Readonly<Record<string, string>>;
  /** What the proxy answers for a sandbox amount that approves (`10.00`). */
  readonly outcome: 'redirect' | 'await' | 'sync';
  /** Status in the creation answer. */
  readonly status: 'pending' | 'awaiting_approval' | 'approved';
}

const person = { firstName: 'Ana', lastName: 'Rojas', email: 'ana@example.com', phone: '+56 9 1234 5678' };
const addressCl = { 'address.line1': 'Av. Providencia 1234', 'address.city': 'Santiago', 'address.state': 'RM', 'address.postalCode': '7500000' };

export const VALID: readonly Valid[] = [
  { pspType: 'PAYONE', flow: 'payin', currency: 'EUR', fields: person, outcome: 'redirect', status: 'pending' },
  { pspType: 'PAYONE', flow: 'payout', currency: 'CAD', fields: person, outcome: 'await', status: 'pending' },
  {
    pspType: 'GIGADAT',
    flow: 'payin',
    currency: 'CAD',
    fields: { name: 'Ana Rojas', email: 'ana@example.com', phone: '(555) 123-4567' },
    outcome: 'redirect',
    status: 'pending',
  },
  // §6.5: the ETO answer is "Added to approvals table", method AWAITING_APPROVAL.
  {
    pspType: 'GIGADAT',
    flow: 'payout',
    currency: 'CAD',
    fields: { name: 'Ana Rojas', email: 'ana@example.com', mobile: '1 555 123 4567' },
    outcome: 'await',
    status: 'awaiting_approval',
  },
  { pspType: 'FORUMPAY', flow: 'payin', currency: 'EUR', fields: { email: 'ana@example.com' }, outcome: 'redirect', status: 'pending' },
  // §6.4: "Transaction is on hold".
  {
    pspType: 'FORUMPAY',
    flow: 'payout',
    currency: 'USD',
    fields: { email: 'ana@example.com', preferredCrypto: 'BTC', walletAddress: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq' },
    outcome: 'await',
    status: 'awaiting_approval',
  },
  {
    pspType: 'CLEO',
    flow: 'payin',
    currency: 'CLP',
    fields: { ...person, dob: '1990-01-15', countryCode: 'CL', ...addressCl },
    outcome: 'redirect',
    status: 'pending',
  },
  {
    pspType: 'CLEO',
    flow: 'payout',
    currency: 'PEN',
    fields: { ...person, dob: '1990-01-15', countryCode: 'PE', ...addressCl },
    outcome: 'await',
    status: 'pending',
  },
  {
    pspType: 'FLEXEPIN',
    flow: 'payin',
    currency: 'EUR',
    fields: { voucherPin: '1234 5678 9012 3456', email: 'ana@example.com' },
    outcome: 'sync',
    status: 'approved',
  },
  { pspType: 'NEOSURF', flow: 'payin', currency: 'EUR', fields: { email: 'ana@example.com' }, outcome: 'await', status: 'pending' },
  { pspType: 'TRUST', flow: 'payin', currency: 'EUR', fields: { email: 'ana@example.com', phone: '+44 7911 123456' }, outcome: 'redirect', status: 'pending' },
  { pspType: 'WORLDPAY_EU', flow: 'payin', currency: 'GBP', fields: { ...person, dob: '1985-06-30', ...addressCl }, outcome: 'redirect', status: 'pending' },
  {
    pspType: 'EMERCHANTPAY',
    flow: 'payin',
    currency: 'EUR',
    fields: { ...person, 'card.pan': '4111 1111 1111 1111', 'card.expiry': '12/39', 'card.cvv': '123', 'card.cardHolderName': 'Ana Rojas' },
    outcome: 'redirect',
    status: 'pending',
  },
  { pspType: 'BRITE', flow: 'payin', currency: 'EUR', fields: { email: 'ana@example.com' }, outcome: 'redirect', status: 'pending' },
];

export const validFor = (pspType: string, flow: 'payin' | 'payout' = 'payin'): Valid => VALID.find((v) => v.pspType === pspType && v.flow === flow)!;

/** The merchant's user record, as `getUser` returns it (src/proxy/options.ts CashierUser). */
export const KYC_USER = {
  id: 'user-kyc',
  email: 'ana@example.com',
  firstName: 'Ana',
  lastName: 'Rojas',
  phone: '56912345678',
  countryCode: 'CL',
  gender: 'female',
  kycVerified: true,
  blocked: false,
  isVelocity: false,
  transactionCount: '3',
  userBalance: 120.5,
  partnerName: 'Demo Casino',
  emailVerification: 'ana@example.com',
  verificationDate: '2025-01-10',
} as const;

/** One broken rule: the field, what is typed, the message key expected. */
export interface Broken {
  readonly pspType: string;
  readonly flow: 'payin' | 'payout';
  readonly field: string;
  readonly value: string;
  readonly key: string;
  /** Override the currency (Cleo's pairs). */
  readonly currency?: string;
}

export const BROKEN: readonly Broken[] = [
  { pspType: 'PAYONE', flow: 'payin', field: 'phone', value: '12-34', key: 'error.phone_min_digits' },
  { pspType: 'PAYONE', flow: 'payin', field: 'email', value: 'ana@example', key: 'error.invalid_email' },
  { pspType: 'GIGADAT', flow: 'payin', field: 'phone', value: '555 123 456', key: 'error.phone_nanp' },
  { pspType: 'GIGADAT', flow: 'payin', field: 'phone', value: '+44 1234 567890', key: 'error.phone_nanp' },
  { pspType: 'GIGADAT', flow: 'payin', field: 'phone', value: '25551234567', key: 'error.phone_nanp' },
  { pspType: 'GIGADAT', flow: 'payout', field: 'mobile', value: '07700900000', key: 'error.phone_nanp' },
  { pspType: 'FORUMPAY', flow: 'payout', field: 'preferredCrypto', value: 'DOGE', key: 'error.choose' },
  { pspType: 'FORUMPAY', flow: 'payout', field: 'walletAddress', value: 'not a wallet!', key: 'error.wallet' },
  { pspType: 'CLEO', flow: 'payin', field: 'countryCode', value: 'PE', key: 'error.country_currency' },
  { pspType: 'CLEO', flow: 'payin', field: 'countryCode', value: 'AR', key: 'error.choose' },
  { pspType: 'CLEO', flow: 'payin', field: 'countryCode', value: 'CL', key: 'error.country_currency', currency: 'MXN' },
  { pspType: 'CLEO', flow: 'payin', field: 'dob', value: '15/01/1990', key: 'error.date_format' },
  { pspType: 'CLEO', flow: 'payin', field: 'dob', value: '1990-02-30', key: 'error.date_format' },
  { pspType: 'CLEO', flow: 'payin', field: 'dob', value: '2999-01-01', key: 'error.date_future' },
  { pspType: 'CLEO', flow: 'payin', field: 'phone', value: '12345', key: 'error.phone_min_digits' },
  { pspType: 'FLEXEPIN', flow: 'payin', field: 'voucherPin', value: '1234', key: 'error.voucher_pin' },
  { pspType: 'FLEXEPIN', flow: 'payin', field: 'voucherPin', value: '1234abcd90123456', key: 'error.voucher_pin' },
  { pspType: 'TRUST', flow: 'payin', field: 'phone', value: '123', key: 'error.phone_min_digits' },
  { pspType: 'WORLDPAY_EU', flow: 'payin', field: 'phone', value: '123', key: 'error.phone_min_digits' },
  { pspType: 'WORLDPAY_EU', flow: 'payin', field: 'dob', value: '1985-13-01', key: 'error.date_format' },
  { pspType: 'EMERCHANTPAY', flow: 'payin', field: 'card.pan', value: '4111 1111 1111 1112', key: 'error.card_number' },
  { pspType: 'EMERCHANTPAY', flow: 'payin', field: 'card.pan', value: '4111', key: 'error.card_number' },
  { pspType: 'EMERCHANTPAY', flow: 'payin', field: 'card.expiry', value: '13/30', key: 'error.card_expiry' },
  { pspType: 'EMERCHANTPAY', flow: 'payin', field: 'card.expiry', value: '01/20', key: 'error.card_expired' },
  { pspType: 'EMERCHANTPAY', flow: 'payin', field: 'card.cvv', value: '12', key: 'error.card_cvc' },
  { pspType: 'EMERCHANTPAY', flow: 'payin', field: 'card.cvv', value: '12a', key: 'error.card_cvc' },
  { pspType: 'BRITE', flow: 'payin', field: 'email', value: 'x@', key: 'error.invalid_email' },
];

/**
 * The fields each provider requires from the player, per flow, from docs/mozarto-api.md §6 (the
 * starred ones that are typed; server and profile ones come from KYC_USER).
 */
export const REQUIRED_USER_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'PAYONE payin': ['firstName', 'lastName', 'email', 'phone'],
  'PAYONE payout': ['firstName', 'lastName', 'email', 'phone'],
  'GIGADAT payin': ['name', 'email', 'phone'],
  'GIGADAT payout': ['name', 'email', 'mobile'],
  'FORUMPAY payin': ['email'],
  'FORUMPAY payout': ['email', 'preferredCrypto', 'walletAddress'],
  'CLEO payin': ['firstName', 'lastName', 'email', 'phone', 'dob', 'countryCode', 'address.line1', 'address.city', 'address.state', 'address.postalCode'],
  'CLEO payout': ['firstName', 'lastName', 'email', 'phone', 'dob', 'countryCode', 'address.line1', 'address.city', 'address.state', 'address.postalCode'],
  'FLEXEPIN payin': ['voucherPin', 'email'],
  'NEOSURF payin': ['email'],
  'TRUST payin': ['email'],
  'WORLDPAY_EU payin': ['firstName', 'lastName', 'email', 'phone', 'dob', 'address.line1', 'address.city', 'address.state', 'address.postalCode'],
  'EMERCHANTPAY payin': ['firstName', 'lastName', 'email', 'card.pan', 'card.expiry', 'card.cvv', 'card.cardHolderName'],
  'BRITE payin': ['email'],
};

/** docs/design.md "Server-only fields": never accepted from a browser. */
export const SERVER_ONLY = [
  'userId',
  'userIp',
  'kycVerified',
  'blocked',
  'isVelocity',
  'transactionCount',
  'userBalance',
  'partnerName',
  'emailVerification',
  'verificationDate',
] as const;
