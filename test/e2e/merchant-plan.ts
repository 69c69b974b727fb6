/**
 * For test/e2e/merchant-ledger.test.ts: the payment methods a merchant's players use (valid
 * fields, the currencies of their wallets), the kinds of operation the sandbox can be asked for,
 * and the seeded plan of a run.
 */

/** mulberry32: a small seeded generator, so a run's operations are the same every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const OPERATIONS = 30;

type Flow = 'payin' | 'payout';
export interface Method {
  readonly pspType: string;
  readonly flow: Flow;
  readonly currency: string;
  readonly fields: Readonly<Record<string, string>>;
}

const person = { firstName: 'Ana', lastName: 'Rojas', email: 'ana@example.com', phone: '+56 9 1234 5678' };
const address = { 'address.line1': 'Av. Larco 1301', 'address.city': 'Lima', 'address.state': 'LIM', 'address.postalCode': '15074' };
const cleo = { ...person, dob: '1990-01-15', countryCode: 'PE', ...address };
export const M = {
  payoneIn: { pspType: 'PAYONE', flow: 'payin', currency: 'CAD', fields: person },
  gigadatIn: { pspType: 'GIGADAT', flow: 'payin', currency: 'CAD', fields: { name: 'Ana Rojas', email: 'ana@example.com', phone: '(555) 123-4567' } },
  cleoIn: { pspType: 'CLEO', flow: 'payin', currency: 'PEN', fields: cleo },
  worldpayIn: { pspType: 'WORLDPAY_EU', flow: 'payin', currency: 'GBP', fields: { ...person, dob: '1985-06-30', ...address } },
  flexepinIn: { pspType: 'FLEXEPIN', flow: 'payin', currency: 'EUR', fields: { voucherPin: '1234 5678 9012 3456', email: 'ana@example.com' } },
  // The sandbox refuses this PIN as already redeemed: a synchronous decline.
  flexepinRefused: { pspType: 'FLEXEPIN', flow: 'payin', currency: 'EUR', fields: { voucherPin: '1234 5678 9012 0000', email: 'ana@example.com' } },
  payoneOut: { pspType: 'PAYONE', flow: 'payout', currency: 'CAD', fields: person },
  gigadatOut: { pspType: 'GIGADAT', flow: 'payout', currency: 'CAD', fields: { name: 'Ana Rojas', email: 'ana@example.com', mobile: '1 555 123 4567' } },
  cleoOut: { pspType: 'CLEO', flow: 'payout', currency: 'PEN', fields: cleo },
} satisfies Record<string, Method>;

/**
 * What an operation asks of the sandbox. Pay-ins on a hosted page are decided there; `.97` and
 * `.98` are the sandbox's PSP_UNAVAILABLE and 500; pay-outs settle by their cents (README,
 * "Sandbox scenarios"); the approval queue, the pay-out that never settles and the 500s are
 * finished by the back office at the end.
 */
export const EVERY_KIND = [
  'deposit-approve',
  'deposit-decline',
  'deposit-cancel',
  'deposit-voucher',
  'deposit-voucher-refused',
  'deposit-unavailable',
  'deposit-500',
  'payout-approve',
  'payout-decline',
  'payout-fail',
  'payout-reject',
  'payout-queue-approve',
  'payout-queue-reject',
  'payout-never-settles',
  'payout-unavailable',
  'payout-500',
  'payout-too-much',
] as const;
export type Kind = (typeof EVERY_KIND)[number];

const CENTS: Partial<Record<Kind, string>> = {
  'deposit-unavailable': '97',
  'deposit-500': '98',
  'payout-decline': '13',
  'payout-fail': '14',
  'payout-reject': '15',
  'payout-queue-approve': '16',
  'payout-queue-reject': '16',
  'payout-never-settles': '17',
  'payout-unavailable': '97',
  'payout-500': '98',
};

export interface Operation {
  readonly kind: Kind;
  readonly player: number;
  readonly method: Method;
  readonly amount: string;
}

/** Each player's wallets: CAD (Payone, Gigadat) and PEN (Cleo) in and out; GBP (Worldpay) and EUR (Flexepin) in only. */
export const PLAYERS = 3;

/**
 * The seeded plan: each player's opening deposits (CAD for Payone and Gigadat, PEN for Cleo),
 * every kind once, the rest drawn at random; shuffled after the openings.
 */
export function plan(random: () => number): Operation[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const whole = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const operation = (kind: Kind, player = whole(0, PLAYERS - 1)): Operation => {
    const deposit = kind.startsWith('deposit');
    const method =
      kind === 'deposit-voucher'
        ? M.flexepinIn
        : kind === 'deposit-voucher-refused'
          ? M.flexepinRefused
          : deposit
            ? pick([M.payoneIn, M.gigadatIn, M.cleoIn, M.worldpayIn])
            : pick([M.payoneOut, M.gigadatOut, M.cleoOut]);
    const units = kind === 'payout-too-much' ? 9000 : deposit ? whole(40, 250) : whole(5, 40);
    return { kind, player, method, amount: `${units}.${CENTS[kind] ?? '00'}` };
  };
  const openings = Array.from({ length: PLAYERS }, (_, i) => i).flatMap((player) => [
    { kind: 'deposit-approve' as const, player, method: M.payoneIn, amount: `${whole(200, 300)}.00` },
    { kind: 'deposit-approve' as const, player, method: M.cleoIn, amount: `${whole(200, 300)}.00` },
  ]);
  const rest = [...EVERY_KIND.map((kind) => operation(kind))];
  while (openings.length + rest.length < OPERATIONS) rest.push(operation(pick(EVERY_KIND)));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...openings, ...rest];
}
