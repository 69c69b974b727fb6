/**
 * Issue 13 rule 5 "Nothing sensitive kept": the idempotency body hash is an HMAC with a server key
 * over the body without card, CVC, PIN or voucher values; idempotency records and raw webhook
 * payloads expire; redaction works at any depth; free text from Mozarto or a PSP shown to the
 * player is scrubbed and length-limited.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCashierProxy } from '../../src/proxy/index.js';
import { canonicalJson, hashableBody } from '../../src/proxy/idempotency.js';
import { redact } from '../../src/proxy/logger.js';
import { ALICE, WEBHOOK_SECRET, call, newKey, payoneRequest, startFakeUpstream, startProxy, tempDir, type FakeUpstream } from './helpers.js';

const dir = tempDir();
let upstream: FakeUpstream;
before(async () => {
  upstream = await startFakeUpstream();
});
after(async () => {
  await upstream.close();
  dir.remove();
});

const PIN = '1234567812345678';
const voucher = (pin = PIN) => ({
  pspType: 'FLEXEPIN',
  type: 'payin',
  amount: '10.00',
  currency: 'EUR',
  fields: { voucherPin: pin, email: 'ada@example.com' },
});
const SECRET = 'merchant-idempotency-secret';

describe('nothing sensitive kept (issue 13 rule 5)', () => {
  it('stores an HMAC of the body without the voucher PIN, not a plain hash of it', async () => {
    upstream.reply = () => ({ status: 200, body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'v-1', status: 'APPROVED' } }) });
    const proxy = await startProxy(join(dir.path, 'hash.db'), { upstreamUrl: upstream.url, idempotencySecret: SECRET });
    try {
      const key = newKey();
      const res = await call(`${proxy.api}/transactions`, { body: voucher(), key });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const claim = await proxy.store.reserveIdempotencyKey(ALICE.id, key, 'probe', new Date().toISOString());
      assert.equal(claim.reserved, false);
      const stored = claim.reserved ? '' : claim.existing.bodyHash;
      assert.notEqual(stored, createHash('sha256').update(canonicalJson(voucher())).digest('hex'), 'not the plain SHA-256 a PIN could be brute-forced from');
      const withoutPin = canonicalJson(hashableBody(voucher()));
      assert.doesNotMatch(withoutPin, new RegExp(PIN));
      const expected = createHmac('sha256', `mozarto-cashier idempotency v1\u0000${SECRET}`).update(withoutPin).digest('hex');
      assert.equal(stored, expected, 'HMAC-SHA-256 with the server key over the body without the PIN');
      assert.equal(canonicalJson(hashableBody(voucher('9999999999999999'))), withoutPin, 'the PIN plays no part');
      for (const name of ['card.pan', 'card.cvc', 'card.expiry', 'voucherPin']) {
        assert.deepEqual((hashableBody({ fields: { [name]: 'secret-value' } }) as { fields: Record<string, unknown> }).fields, { [name]: '[omitted]' });
      }
    } finally {
      await proxy.close();
    }
  });

  it('idempotency records and raw webhook payloads expire after the retention (default 30 days)', async () => {
    let now = new Date('2026-03-01T00:00:00.000Z');
    upstream.reply = () => ({
      status: 200,
      body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'r-1', transaction_status: 'Pending' } }),
    });
    const proxy = await startProxy(join(dir.path, 'retention.db'), { upstreamUrl: upstream.url, now: () => now });
    try {
      const key = newKey();
      const created = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key });
      assert.equal(created.status, 201);
      const id = created.body.transactionId as string;
      const hook = await call(`${proxy.api}/webhooks/mozarto`, {
        user: null,
        body: { transaction_id: 'r-1', merchantReference: id, transaction_status: 'Approved', amount: '10.00', user_id: ALICE.id, extra: 'raw' },
        headers: { authorization: `Bearer ${WEBHOOK_SECRET}` },
      });
      assert.equal(hook.status, 200);

      now = new Date('2026-03-30T00:00:00.000Z'); // 29 days: kept
      const pruning = createCashierProxy({
        upstreamUrl: upstream.url,
        companyToken: 't',
        userContext: { mode: 'token', secret: 's' },
        webhookSecret: WEBHOOK_SECRET,
        getUser: () => ALICE,
        store: proxy.store,
        now: () => now,
        logger: { log() {} },
      });
      assert.equal(await pruning.prune(), 0);
      now = new Date('2026-04-01T00:00:00.000Z'); // 31 days
      assert.equal(await pruning.prune(), 2, 'one idempotency record, one payload');
      await pruning.close();
      const [event] = await proxy.store.listWebhookEvents(id);
      assert.equal(event!.payload, null);
      assert.equal(event!.transactionStatus, 'Approved');
      assert.equal((await proxy.store.getTransaction(id))?.status, 'approved', 'the transaction stays');
      assert.equal((await proxy.store.reserveIdempotencyKey(ALICE.id, key, 'x', now.toISOString())).reserved, true, 'the key record is gone');
    } finally {
      await proxy.close();
    }
  });

  it('keeps only the §7 fields of a webhook, free text scrubbed: the hostile review’s card data is not stored (issue 28)', async () => {
    upstream.reply = () => ({
      status: 200,
      body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'cd-1', transaction_status: 'Pending' } }),
    });
    const path = join(dir.path, 'card-data.db');
    const proxy = await startProxy(path, { upstreamUrl: upstream.url });
    const PAN = '4111111111111111';
    const IBAN = 'DE89370400440532013000';
    try {
      const created = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      const id = created.body.transactionId as string;
      // The body of issue 28: what a provider may add beside the §7 fields, under names no deny-list knew.
      const body = {
        transaction_id: 'cd-1',
        psp_transaction_id: 'po-9f3c1a2b4d5e',
        merchantReference: id,
        user_id: ALICE.id,
        status: 'success',
        transaction_status: 'Approved',
        amount: '10.00',
        currency: 'EUR',
        message: `Paid by card ${PAN.replace(/(\d{4})/g, '$1 ').trim()}, thank you`,
        cc_number: PAN,
        security_code: '737',
        exp_date: '03/2030',
        primary_account_number: PAN,
        payer: { bank: { accountNumber: IBAN } },
        accountNumber: IBAN,
      };
      const hook = await call(`${proxy.api}/webhooks/mozarto`, { user: null, body, headers: { authorization: `Bearer ${WEBHOOK_SECRET}` } });
      assert.equal(hook.status, 200);
      assert.equal((await proxy.store.getTransaction(id))?.status, 'approved', 'what the proxy uses is all there');
      const [event] = await proxy.store.listWebhookEvents(id);
      assert.deepEqual(event!.payload, {
        transaction_id: 'cd-1',
        merchantReference: id,
        transaction_status: 'Approved',
        user_id: ALICE.id,
        amount: '10.00',
        currency: 'EUR',
        message: 'Paid by card [number], thank you',
        psp_transaction_id: 'po-9f3c1a2b4d5e',
        status: 'success',
      });
    } finally {
      await proxy.close();
    }
    // Not in the file either, nor in its write-ahead log.
    const bytes = [path, `${path}-wal`]
      .filter(existsSync)
      .map((file) => readFileSync(file).toString('latin1'))
      .join('');
    for (const secret of [PAN, '4111 1111 1111 1111', IBAN, '03/2030', '"737"', 'security_code', 'cc_number']) {
      assert.ok(!bytes.includes(secret), `${secret} is not stored`);
    }
  });

  it('redacts sensitive keys at any depth', () => {
    let deep: Record<string, unknown> = { card: { number: '4111111111111111' }, pin: '0000' };
    for (let i = 0; i < 40; i++) deep = { level: deep };
    const text = JSON.stringify(redact(deep));
    assert.doesNotMatch(text, /4111|"0000"/);
    assert.match(text, /\[redacted\]/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    assert.deepEqual(redact(cyclic), { a: 1, self: '[circular]' });
  });

  it('a webhook message shown to the player is scrubbed and length-limited', async () => {
    upstream.reply = () => ({
      status: 200,
      body: JSON.stringify({ status: 'success', isSuccess: true, data: { transactionId: 'm-1', transaction_status: 'Pending' } }),
    });
    const proxy = await startProxy(join(dir.path, 'message.db'), { upstreamUrl: upstream.url });
    try {
      const created = await call(`${proxy.api}/transactions`, { body: payoneRequest({ type: 'payout' }), key: newKey() });
      const id = created.body.transactionId as string;
      const message = `Paid with 4111 1111 1111 1111 for ada@example.com \u202eevil\u202c ${'x'.repeat(1000)}`;
      await call(`${proxy.api}/webhooks/mozarto`, {
        user: null,
        body: { transaction_id: 'm-1', merchantReference: id, transaction_status: 'Pending', message, amount: '10.00', user_id: ALICE.id },
        headers: { authorization: `Bearer ${WEBHOOK_SECRET}` },
      });
      const seen = (await call(`${proxy.api}/transactions/${id}`)).body.message as string;
      assert.ok(seen.length <= 200, String(seen.length));
      assert.doesNotMatch(seen, /4111|ada@example\.com|[\u202a-\u202e]/);
      assert.match(seen, /^Paid with \[number\] for \[email\] evil/);
    } finally {
      await proxy.close();
    }
  });

  it('a voucher decline reason shown to the player is scrubbed', async () => {
    upstream.reply = () => ({
      status: 400,
      body: JSON.stringify({ status: 'error', isSuccess: false, message: `Voucher ${PIN} already redeemed by bob@example.com` }),
    });
    const proxy = await startProxy(join(dir.path, 'decline.db'), { upstreamUrl: upstream.url });
    try {
      const res = await call(`${proxy.api}/transactions`, { body: voucher(), key: newKey() });
      assert.equal(res.body.error.code, 'declined');
      assert.doesNotMatch(res.body.error.message, new RegExp(`${PIN}|bob@example`));
      assert.match(res.body.error.message, /already redeemed/);
    } finally {
      await proxy.close();
    }
  });
});
