/**
 * The sandbox knows every provider: a body built from docs/mozarto-api.md's tables and examples is
 * accepted with the provider's documented response shape, each starred field missing and each
 * documented rule broken is a "Validation failed" naming it (§5), and each pay-in ends the
 * documented way (hosted page, response, or webhook).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decide, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const kyc = {
  kycVerified: true,
  blocked: false,
  isVelocity: false,
  transactionCount: '3',
  userBalance: 120.5,
  partnerName: 'Demo Casino',
  emailVerification: 'player@example.com',
  verificationDate: '2025-01-10',
};
const address = { line1: 'Av. Providencia 1234', city: 'Santiago', state: 'RM', postalCode: '7500000', country: 'CL' };
const base = { userId: 'user_123', email: 'player@example.com', baseamount: 10.0 };

/** Valid bodies, one per provider and flow, from the docs (§6.x). */
const BODIES: Record<string, Record<string, unknown>> = {
  'GIGADAT PAYIN': { ...base, pspType: 'GIGADAT', type: 'PAYIN', name: 'Ada Lovelace', phone: '5551234567', userIp: '203.0.113.9', currency: 'CAD' },
  'GIGADAT PAYOUT': {
    ...base,
    pspType: 'GIGADAT',
    type: 'PAYOUT',
    payoutType: 'ETO',
    name: 'Ada Lovelace',
    mobile: '15551234567',
    userIp: '203.0.113.9',
    currency: 'CAD',
  },
  'FORUMPAY PAYIN': { ...base, pspType: 'FORUMPAY', type: 'PAYIN', currency: 'EUR', country: 'GB', isTestMode: false },
  'FORUMPAY PAYOUT': {
    ...base,
    pspType: 'FORUMPAY',
    type: 'PAYOUT',
    currency: 'EUR',
    country: 'GB',
    preferredCrypto: 'BTC',
    walletAddress: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
  },
  'CLEO PAYIN': {
    ...base,
    ...kyc,
    pspType: 'CLEO',
    type: 'PAYIN',
    baseamount: 10000.0,
    currency: 'CLP',
    currencyCode: 'CLP',
    firstName: 'Ana',
    lastName: 'Rojas',
    phone: '56912345678',
    gender: 'female',
    dob: '1990-01-15',
    countryCode: 'CL',
    address,
  },
  'FLEXEPIN PAYIN': { ...base, pspType: 'FLEXEPIN', type: 'PAYIN', voucherPin: '1234567890123456', baseamount: 25.0, currency: 'EUR', currencyCode: 'EUR' },
  'NEOSURF PAYIN': { ...base, pspType: 'NEOSURF', type: 'PAYIN', baseamount: 50.0, currency: 'EUR', currencyCode: 'EUR' },
  'TRUST PAYIN': {
    pspType: 'TRUST',
    type: 'PAYIN',
    currency: 'EUR',
    baseamount: 100,
    merchantReference: 'ORDER-REF-001',
    userId: 'user_123',
    phone: '+447911123456',
  },
  'WORLDPAY_EU PAYIN': {
    ...base,
    ...kyc,
    pspType: 'WORLDPAY_EU',
    type: 'PAYIN',
    baseamount: 150.0,
    currency: 'EUR',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '4915112345678',
    gender: 'female',
    dob: '1990-01-15',
    countryCode: 'DE',
    address: { ...address, country: 'DE' },
  },
  'EMERCHANTPAY PAYIN': {
    ...base,
    pspType: 'EMERCHANTPAY',
    type: 'PAYIN',
    baseamount: 100.0,
    currency: 'EUR',
    firstName: 'Ada',
    lastName: 'Lovelace',
    card: { pan: '4111111111111111', cvv: '123', expMonth: '03', expYear: '2039', cardHolderName: 'Ada Lovelace' },
  },
  'BRITE PAYIN': { ...base, pspType: 'BRITE', type: 'PAYIN', currency: 'EUR' },
};

/** The JSON text Mozarto gets; Gigadat's amount needs its two decimals in the text (§6.5). */
function text(body: Record<string, unknown>): string {
  const { baseamount, ...rest } = body;
  return typeof baseamount === 'number' ? `{"baseamount":${baseamount.toFixed(2)},${JSON.stringify(rest).slice(1)}` : JSON.stringify(body);
}

async function send(body: Record<string, unknown>) {
  const res = await h.cashier(text(body));
  return { status: res.status, json: (await res.json()) as any };
}

async function errorsOf(body: Record<string, unknown>): Promise<string[]> {
  const { status, json } = await send(body);
  assert.equal(status, 400, JSON.stringify(json));
  assert.equal(json.message, 'Validation failed');
  return json.errors;
}

/** Starred fields per provider (§6), as paths. */
const REQUIRED: Record<string, string[]> = {
  'GIGADAT PAYIN': ['name', 'email', 'phone', 'userIp', 'baseamount'],
  'GIGADAT PAYOUT': ['payoutType', 'name', 'email', 'mobile', 'userIp'],
  'FORUMPAY PAYIN': ['currency', 'userId', 'email', 'country'],
  'FORUMPAY PAYOUT': ['preferredCrypto', 'walletAddress', 'country'],
  'CLEO PAYIN': [
    'currencyCode',
    'firstName',
    'lastName',
    'phone',
    'gender',
    'dob',
    'countryCode',
    'kycVerified',
    'blocked',
    'isVelocity',
    'transactionCount',
    'userBalance',
    'partnerName',
    'emailVerification',
    'verificationDate',
    'address.line1',
    'address.city',
    'address.state',
    'address.postalCode',
    'address.country',
  ],
  'FLEXEPIN PAYIN': ['voucherPin', 'currencyCode', 'email'],
  'NEOSURF PAYIN': ['currencyCode', 'email'],
  'TRUST PAYIN': ['currency', 'userId'],
  'WORLDPAY_EU PAYIN': ['firstName', 'lastName', 'phone', 'gender', 'dob', 'countryCode', 'kycVerified', 'verificationDate', 'address.city'],
  'EMERCHANTPAY PAYIN': ['firstName', 'lastName', 'email', 'card.pan', 'card.cvv', 'card.expMonth', 'card.expYear', 'card.cardHolderName'],
  'BRITE PAYIN': ['email', 'currency'],
};

function without(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const parts = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const p of parts.slice(0, -1)) node = node[p] as Record<string, unknown>;
  delete node[parts.at(-1)!];
  return copy;
}

describe('sandbox: every provider from the docs', () => {
  for (const [name, body] of Object.entries(BODIES)) {
    it(`${name}: the documented body is accepted`, async () => {
      const { status, json } = await send(body);
      assert.equal(status, 200, JSON.stringify(json));
      assert.equal(json.isSuccess, true);
    });
    it(`${name}: each starred field missing is named`, async () => {
      for (const path of REQUIRED[name]!) {
        const errors = await errorsOf(without(body, path));
        const label = path === 'baseamount' ? 'amount' : path;
        assert.ok(
          errors.some((e) => e.startsWith(`${label} must not be empty`)),
          `${path}: ${errors.join('; ')}`,
        );
      }
    });
  }
});

describe('sandbox: documented response shapes and outcomes', () => {
  it('Gigadat pay-in: webflowURL, GET_REDIRECT (§6.5)', async () => {
    const { json } = await send(BODIES['GIGADAT PAYIN']!);
    assert.equal(json.message, 'Gigadat CPI payment initiated successfully');
    assert.equal(json.data.method, 'GET_REDIRECT');
    assert.match(json.data.webflowURL, /\/hpp\//);
    assert.equal(json.data.transaction_status, 'Pending');
  });

  it('Gigadat pay-out: "Added to approvals table", AWAITING_APPROVAL, ETO (§6.5)', async () => {
    const { json } = await send(BODIES['GIGADAT PAYOUT']!);
    assert.equal(json.message, 'Added to approvals table');
    assert.equal(json.data.method, 'AWAITING_APPROVAL');
    assert.equal(json.data.payoutType, 'ETO');
  });

  it('ForumPay: pay-in data.url; pay-out "on hold" (§6.4)', async () => {
    assert.match((await send(BODIES['FORUMPAY PAYIN']!)).json.data.url, /\/hpp\//);
    const out = await send(BODIES['FORUMPAY PAYOUT']!);
    assert.equal(out.json.message, 'Transaction is on hold');
    assert.equal(out.json.data.reference_no, out.json.data.transactionId);
  });

  it('Worldpay and Trust: data.paymentUrl (§5, §6.8)', async () => {
    assert.match((await send(BODIES['WORLDPAY_EU PAYIN']!)).json.data.paymentUrl, /\/hpp\//);
    const trust = await send(BODIES['TRUST PAYIN']!);
    assert.match(trust.json.data.paymentUrl, /\/hpp\//);
    assert.equal(trust.json.data.merchantReference, 'ORDER-REF-001');
    assert.equal(trust.json.data.amount, 100);
  });

  it('Cleo, Brite, eMerchantPay: the generic pay-in shape with data.url (§5)', async () => {
    for (const name of ['CLEO PAYIN', 'BRITE PAYIN', 'EMERCHANTPAY PAYIN']) {
      const { json } = await send(BODIES[name]!);
      assert.equal(json.data.status, 'PENDING');
      assert.match(json.data.url, /\/hpp\//, name);
      assert.ok(json.data.sessionId);
    }
  });

  it('Flexepin: the response is the outcome; no webhook; a redeemed voucher is a 400 without errorCode (§6.3, §5)', async () => {
    const ok = await send(BODIES['FLEXEPIN PAYIN']!);
    assert.equal(ok.json.data.status, 'PENDING');
    assert.ok(ok.json.data.sessionId);
    const used = await send({ ...BODIES['FLEXEPIN PAYIN']!, voucherPin: '1234567890120000' });
    assert.equal(used.status, 400);
    assert.equal(used.json.errorCode, undefined);
    assert.equal(used.json.message, 'Voucher has already been redeemed');
    assert.equal(typeof used.json.data, 'object');
    const statuses = h.sandbox.sandbox
      .transactions()
      .filter((t) => t.pspType === 'FLEXEPIN')
      .map((t) => t.transaction_status);
    assert.deepEqual(statuses.slice(0, 2), ['Declined', 'Approved']);
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(h.receiver.received.filter((w) => (w.body as any).transaction_id === ok.json.data.transactionId).length, 0);
  });

  it('Neosurf: no url; the outcome comes by webhook (§6.6)', async () => {
    const { json } = await send(BODIES['NEOSURF PAYIN']!);
    assert.equal(json.data.url, undefined);
    const id = json.data.transactionId;
    const hooks = await waitForWebhook(id);
    assert.equal(hooks.transaction_status, 'Approved');
  });

  it('a pay-in hosted page decides (eMerchantPay 3DS)', async () => {
    const { json } = await send(BODIES['EMERCHANTPAY PAYIN']!);
    const res = await decide(json.data.url, 'decline');
    assert.ok(res.status === 303 || res.status === 200);
    const hook = await waitForWebhook(json.data.transactionId);
    assert.equal(hook.transaction_status, 'Declined');
  });
});

async function waitForWebhook(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const hit = h.receiver.received.find((w) => (w.body as any).transaction_id === id);
    if (hit) return hit.body as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no webhook for ${id}`);
}

describe('sandbox: documented rules', () => {
  const rule = async (name: string, patch: Record<string, unknown>, expected: RegExp) => {
    const errors = await errorsOf({ ...BODIES[name]!, ...patch });
    assert.ok(
      errors.some((e) => expected.test(e)),
      `${JSON.stringify(patch)}: ${errors.join('; ')}`,
    );
  };

  it('Gigadat: NANP digits only; CAD only; payoutType ETO', async () => {
    for (const phone of ['555-123-4567', '+15551234567', '25551234567', '555123456', '+441234567890'])
      await rule('GIGADAT PAYIN', { phone }, /^phone must be 10 digits/);
    await rule('GIGADAT PAYOUT', { mobile: '07700900000x' }, /^mobile must be 10 digits/);
    await rule('GIGADAT PAYIN', { currency: 'EUR' }, /^currency must be one of the following values: CAD$/);
    await rule('GIGADAT PAYOUT', { payoutType: 'ACH' }, /^payoutType must be one of the following values: ETO$/);
  });

  it('Gigadat: baseamount with exactly two decimals in the JSON text (§6.5, §12.11)', async () => {
    for (const raw of ['100', '100.5', '100.000']) {
      const t = text(BODIES['GIGADAT PAYIN']!).replace('"baseamount":10.00', `"baseamount":${raw}`);
      const res = await h.cashier(t);
      const json = (await res.json()) as any;
      assert.equal(res.status, 400, raw);
      assert.ok(json.errors.includes('baseamount must have exactly 2 decimal places'), raw);
    }
    // Another provider does not care.
    const res = await h.cashier(JSON.stringify({ ...BODIES['BRITE PAYIN']!, baseamount: 10 }));
    assert.equal(res.status, 200);
  });

  it('Cleo: local currencies, each with its country (§6.2); dates YYYY-MM-DD', async () => {
    await rule('CLEO PAYIN', { currency: 'USD', currencyCode: 'USD' }, /^currency must be one of the following values: CLP, PEN, MXN$/);
    await rule('CLEO PAYIN', { countryCode: 'PE' }, /^countryCode must be CL for currency CLP$/);
    await rule('CLEO PAYIN', { currencyCode: 'PEN' }, /^currencyCode must equal currency$/);
    await rule('CLEO PAYIN', { dob: '15/01/1990' }, /^dob must be a date in YYYY-MM-DD format$/);
    await rule('CLEO PAYIN', { phone: '12345' }, /^phone must contain at least 6 digits$/);
    await rule('CLEO PAYIN', { kycVerified: 'yes' }, /^kycVerified must be a boolean value$/);
    await rule('CLEO PAYIN', { transactionCount: 3 }, /^transactionCount must be a number string$/);
    await rule('CLEO PAYIN', { address: 'Santiago' }, /^address must be an object$/);
  });

  it('ForumPay pay-out: a coin the account has', async () => {
    await rule('FORUMPAY PAYOUT', { preferredCrypto: 'DOGE' }, /^preferredCrypto must be one of the following values: BTC, ETH, USDT$/);
  });

  it('Trust latest: no card data (§6.8); Neosurf: no PIN (§6.6)', async () => {
    await rule('TRUST PAYIN', { card: { pan: '4111111111111111' } }, /^card must not be sent/);
    await rule('NEOSURF PAYIN', { voucherPin: '1234567890123456' }, /^voucherPin is not a Neosurf field$/);
  });

  it('eMerchantPay: card number, CVV, expMonth and expYear formats (§6.10)', async () => {
    const card = BODIES['EMERCHANTPAY PAYIN']!.card as Record<string, string>;
    await rule('EMERCHANTPAY PAYIN', { card: { ...card, pan: '4111111111111112' } }, /^card.pan is not a valid card number$/);
    await rule('EMERCHANTPAY PAYIN', { card: { ...card, cvv: '12' } }, /^card.cvv must be 3 or 4 digits$/);
    await rule('EMERCHANTPAY PAYIN', { card: { ...card, expMonth: '3' } }, /^card.expMonth must be 2 digits/);
    await rule('EMERCHANTPAY PAYIN', { card: { ...card, expYear: '39' } }, /^card.expYear must be 4 digits/);
  });

  it('a flow the provider does not have is refused', async () => {
    await rule('BRITE PAYIN', { type: 'PAYOUT' }, /^type must be one of the following values: PAYIN$/);
  });
});
