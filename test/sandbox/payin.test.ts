/** Pay-in: the Payone response, the hosted payment page and its webhooks (docs/mozarto-api.md §6.7, §7, §8). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSandbox } from '../../src/sandbox/index.js';
import { COMPANY_TOKEN, SITE_URL, WEBHOOK_SECRET, decide, payoneBody, startHarness, startReceiver, userToken, type Harness } from './helpers.js';

describe('sandbox pay-in', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers with the Payone pay-in shape, redirect_url on the hosted page', async () => {
    const response = await h.cashier(payoneBody({ baseamount: 25.5 }));
    assert.equal(response.status, 200);
    const json = (await response.json()) as { data: { transactionId: string } };
    assert.match(json.data.transactionId, /^[0-9a-f]{24}$/);
    assert.deepEqual(json, {
      status: 'success',
      message: 'Transaction successfully processed',
      isSuccess: true,
      data: {
        success: true,
        message: 'Transaction successfully Ongoing Process',
        redirect_url: `${h.url}/hpp/${json.data.transactionId}`,
        transactionId: json.data.transactionId,
        merchantReference: 'order-42',
        amount: 25.5,
        transaction_status: 'Pending',
      },
    });
  });

  it('echoes an absent merchantReference as an empty string', async () => {
    const data = await h.create({ merchantReference: undefined });
    assert.equal(data['merchantReference'], '');
  });

  it('renders an accessible hosted page with the three decisions', async () => {
    const data = await h.create({ merchantReference: '<b>ref & co</b>', baseamount: 12.3 });
    const response = await fetch(data['redirect_url'] as string);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    assert.equal(response.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://merchant.test");
    const html = await response.text();
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<title>Payone test payment<\/title>/);
    assert.match(html, /<h1>Payone test payment<\/h1>/);
    assert.match(html, /<dd>12\.30<\/dd>/);
    assert.match(html, /<dd>EUR<\/dd>/);
    assert.match(html, /&#60;b&#62;ref &#38; co&#60;\/b&#62;/, 'the merchant reference is escaped');
    assert.doesNotMatch(html, /<b>ref/);
    assert.doesNotMatch(html, /<script/);
    assert.ok(html.includes(`<form method="post" action="/hpp/${data['transactionId'] as string}">`));
    for (const [value, label] of [
      ['approve', 'Approve'],
      ['decline', 'Decline'],
      ['cancel', 'Cancel'],
    ]) {
      assert.ok(html.includes(`<button type="submit" name="decision" value="${value}"`), value);
      assert.match(html, new RegExp(`>${label}</button>`));
    }
  });

  it('answers 404 pages for unknown ids and for pay-outs', async () => {
    const payout = await h.create({ type: 'PAYOUT', baseamount: 10.17 });
    for (const id of ['0123456789abcdef01234567', payout['transactionId'] as string]) {
      const response = await fetch(`${h.url}/hpp/${id}`);
      assert.equal(response.status, 404);
      assert.match(await response.text(), /Payment not found/);
    }
  });

  const decisions: Array<[string, string, string]> = [
    ['approve', 'success', 'Approved'],
    ['decline', 'declined', 'Declined'],
    ['cancel', 'cancelled', 'Declined'],
  ];
  for (const [decision, status, transactionStatus] of decisions) {
    it(`${decision}: delivers the webhook before the 303 to siteUrl`, async () => {
      const data = await h.create({ baseamount: 10 });
      const before = h.receiver.received.length;
      const response = await decide(data['redirect_url'] as string, decision);
      assert.equal(response.status, 303);
      assert.equal(response.headers.get('location'), SITE_URL);
      // Already there when the browser is sent back: the sandbox waited for the delivery.
      assert.equal(h.receiver.received.length, before + 1);
      const webhook = h.receiver.received.at(-1)!;
      assert.equal(webhook.headers['authorization'], `Bearer ${WEBHOOK_SECRET}`);
      assert.match(webhook.headers['content-type']!, /^application\/json/);
      assert.deepEqual(webhook.body, {
        transaction_id: data['transactionId'],
        psp_transaction_id: webhook.body['psp_transaction_id'],
        user_id: 'user_123',
        status,
        transaction_status: transactionStatus,
        message: webhook.body['message'],
        amount: '10.00',
        currency: 'EUR',
        merchantReference: 'order-42',
      });
      assert.match(webhook.body['psp_transaction_id'] as string, /^po-[0-9a-f]{12}$/);
      assert.equal(typeof webhook.body['message'], 'string');
      const tx = h.sandbox.sandbox.transactions().find((t) => t.transactionId === data['transactionId']);
      assert.equal(tx?.transaction_status, transactionStatus);
      assert.equal(tx?.status, status);
    });
  }

  it('says a decided payment is already decided, and refuses a second decision', async () => {
    const data = await h.create();
    const url = data['redirect_url'] as string;
    assert.equal((await decide(url, 'approve')).status, 303);
    const count = h.receiver.received.length;
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /already approved/);
    assert.ok(html.includes(`href="${SITE_URL.replace('&', '&#38;')}"`));
    const again = await decide(url, 'decline');
    assert.equal(again.status, 409);
    assert.equal(h.receiver.received.length, count, 'no second webhook');
  });

  it('answers 400 for an unknown decision', async () => {
    const data = await h.create();
    const response = await decide(data['redirect_url'] as string, 'maybe');
    assert.equal(response.status, 400);
    assert.equal(h.sandbox.sandbox.transactions().find((t) => t.transactionId === data['transactionId'])?.transaction_status, 'Pending');
  });
});

describe('sandbox pay-in without siteUrl or webhook secret', () => {
  it('shows a "you can close this page" page and sends no Authorization header', async () => {
    const received: Array<{ auth: string | undefined }> = [];
    const receiver = await startReceiver();
    const started = await startSandbox({ companyToken: COMPANY_TOKEN, webhookUrl: receiver.url });
    try {
      const created = await fetch(`${started.url}/v1/api/mozarto/cashier`, {
        method: 'POST',
        headers: { authorization: `Bearer ${COMPANY_TOKEN}`, 'x-user-token': userToken(), 'content-type': 'application/json' },
        body: JSON.stringify(payoneBody()),
      });
      const { data } = (await created.json()) as { data: { redirect_url: string } };
      assert.ok(data.redirect_url.startsWith(`${started.url}/hpp/`), 'publicUrl defaults to the listening URL');
      const page = await fetch(data.redirect_url);
      assert.equal(page.headers.get('content-security-policy'), "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
      const response = await decide(data.redirect_url, 'approve');
      assert.equal(response.status, 200);
      assert.match(await response.text(), /You can close this page/);
      for (const r of receiver.received) received.push({ auth: r.headers['authorization'] });
      assert.deepEqual(received, [{ auth: undefined }]);
    } finally {
      await started.close();
      await receiver.close();
    }
  });

  it('builds redirect_url and the form action from publicUrl, path prefix included', async () => {
    const started = await startSandbox({ companyToken: COMPANY_TOKEN, publicUrl: 'http://localhost:5173/mozarto/' });
    try {
      const created = await fetch(`${started.url}/v1/api/mozarto/cashier`, {
        method: 'POST',
        headers: { authorization: `Bearer ${COMPANY_TOKEN}`, 'x-user-token': userToken() },
        body: JSON.stringify(payoneBody()),
      });
      const { data } = (await created.json()) as { data: { redirect_url: string; transactionId: string } };
      assert.equal(data.redirect_url, `http://localhost:5173/mozarto/hpp/${data.transactionId}`);
      const html = await (await fetch(`${started.url}/hpp/${data.transactionId}`)).text();
      assert.ok(html.includes(`action="/mozarto/hpp/${data.transactionId}"`));
    } finally {
      await started.close();
    }
  });
});
