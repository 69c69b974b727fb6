/**
 * Issue 26, the operators' listener against the real standalone server and the real sandbox: the
 * admin API only on CASHIER_ADMIN_PORT (404 on the player's port), refused without an admin token
 * — a player's session token included — on every route, a read token refused where it takes the
 * resolve role, bad input a 400 that names it; a review transaction found, resolved with a reason
 * into the audit log and announced to the merchant's events endpoint as `transaction.resolved`
 * (signed, Standard Webhooks); the export; and /metrics after a scripted run, its counts checked against
 * what happened.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ADMIN_ROUTES } from '../../src/proxy/admin/admin-api.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/index.js';
import { METRIC_NAMES } from '../../src/standalone/prometheus.js';
import { eventually, newKey, payoneRequest, tempDir } from '../proxy/helpers.js';
import { EVENTS_SECRET, startMerchantEndpoint, type MerchantEndpoint } from '../proxy/merchant-endpoint.js';
import { adminUrlOf, spawnStandalone, standaloneSession, STANDALONE_WEBHOOK_SECRET, type Standalone } from '../proxy/standalone.js';

const RESOLVER = 'resolve-token-0123456789abcdef0123456789abcdef';
const READER = 'read-token-0123456789abcdef0123456789abcdef0123';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** One sample of the exposition text: `name{labels} value`, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const body = /\{([^}]*)\}/.exec(line)?.[1] ?? '';
    const have = Object.fromEntries([...body.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v) && Object.keys(have).length === Object.keys(labels).length)
      return Number(line.split(' ').pop());
  }
  return 0;
}

/** A timeline entry as the admin API answers it (src/proxy/admin/timeline.ts). */
interface Entry {
  kind: string;
  at: string;
  actor?: string;
  reason?: string;
  before?: string;
  after?: string;
  payload?: Record<string, unknown>;
  eventId?: string;
  type?: string;
  state?: string;
  attempts?: number;
  attempt?: number;
  statusCode?: number | null;
  error?: string | null;
}

describe('the operators’ listener (issue 26)', () => {
  const dir = tempDir();
  let sandbox: StartedSandbox;
  let server: Standalone;
  let admin: string;
  let merchant: MerchantEndpoint;
  const player = () => standaloneSession('player-ops-1');
  const as = (token: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

  before(async () => {
    sandbox = await startSandbox({ port: 0, webhookSecret: STANDALONE_WEBHOOK_SECRET });
    merchant = await startMerchantEndpoint();
    server = await spawnStandalone(sandbox.url, {
      CASHIER_EVENTS_URL: merchant.url,
      CASHIER_EVENTS_SECRET: EVENTS_SECRET,
      CASHIER_DB: join(dir.path, 'ops.db'),
      CASHIER_ADMIN_PORT: '0',
      CASHIER_ADMIN_TOKENS: `alice:resolve:${RESOLVER},grafana:read:sha256:${sha(READER)}`,
      // The last case scrapes during the drain's delay.
      CASHIER_DRAIN_DELAY_MS: '2000',
    });
    admin = await adminUrlOf(server);
  });
  after(async () => {
    await server?.stop();
    await sandbox?.close();
    await merchant?.close();
    dir.remove();
  });

  const create = async (amount: string) => {
    const response = await fetch(`${server.api}/transactions`, {
      method: 'POST',
      headers: { authorization: await player(), 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify(payoneRequest({ amount })),
    });
    return { status: response.status, body: (await response.json()) as { transactionId?: string; status?: string; error?: { code: string } } };
  };
  const webhook = (body: Record<string, unknown>, secret = STANDALONE_WEBHOOK_SECRET) =>
    fetch(`${server.api}/webhooks/mozarto`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('serves nothing of it on the player’s port, and listens on loopback', async () => {
    for (const path of ['/admin', '/admin/api/transactions', '/admin/api/attention', '/metrics', '/api/cashier/admin/api/transactions']) {
      const response = await fetch(`${server.url}${path}`, as(RESOLVER));
      assert.equal(response.status, 404, path);
    }
    assert.match(admin, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses every admin route without an admin token, with a player’s session token, and a read token where resolving is asked', async () => {
    const session = (await player()).slice('Bearer '.length);
    const routes = [
      ...ADMIN_ROUTES.map((r) => ({ method: r.method, path: `/admin/api${r.path.replace(':id', 'tx_000000000000000000000000')}` })),
      { method: 'GET', path: '/metrics' },
    ];
    for (const { method, path } of routes) {
      const init = { method, ...(method === 'POST' ? { body: '{}', headers: { 'content-type': 'application/json' } } : {}) };
      assert.equal((await fetch(`${admin}${path}`, init)).status, 401, `${method} ${path} without a token`);
      const withSession = await fetch(`${admin}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${session}` } });
      assert.equal(withSession.status, 401, `${method} ${path} with a player's session token`);
      assert.match(withSession.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
    const resolve = await fetch(
      `${admin}/admin/api/transactions/tx_000000000000000000000000/resolve`,
      as(READER, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    assert.equal(resolve.status, 403);
    assert.equal((await fetch(`${admin}/admin/api/transactions`, as(READER))).status, 200, 'a read token reads');
  });

  it('answers bad input with a 400 that names the problem, never a 5xx', async () => {
    const cases: [string, RegExp][] = [
      ['/admin/api/transactions?status=lost', /status must be among/],
      ['/admin/api/transactions?minAmount=ten', /minAmount must be a decimal amount/],
      ['/admin/api/transactions?minAmount=20&maxAmount=10', /minAmount must not be above maxAmount/],
      ['/admin/api/transactions?from=2026-13-45', /from is not a real date|from must be a date/],
      ['/admin/api/transactions?limit=0', /limit must be a whole number from 1 to 1000/],
      ['/admin/api/transactions?cursor=%7B%7D', /cursor must be/],
      ['/admin/api/transactions?flow=sideways', /flow must be payin or payout/],
      ['/admin/api/transactions?color=red', /Unknown query parameter "color"/],
      ['/admin/api/export.csv?from=2026-01-01', /needs from and to/],
    ];
    for (const [path, message] of cases) {
      const response = await fetch(`${admin}${path}`, as(RESOLVER));
      assert.equal(response.status, 400, path);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, message, path);
    }
    const resolve = (body: string) =>
      fetch(
        `${admin}/admin/api/transactions/tx_000000000000000000000000/resolve`,
        as(RESOLVER, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      );
    for (const [body, message] of [
      ['{"status":"approved","expectedStatus":"review"}', /reason is required/],
      ['{"status":"approved","expectedStatus":"review","reason":"ok"}', /at least 10 characters/],
      ['{"status":"review","expectedStatus":"review","reason":"checked in the back office"}', /status must be one of approved, declined, failed, rejected/],
      ['[1]', /JSON object/],
      ['{"status":', /JSON/],
    ] as const) {
      const response = await resolve(body);
      assert.equal(response.status, 400, body);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, message, body);
    }
  });

  it('after a scripted run: finds the review, resolves it once with a reason into the audit log, exports it, and /metrics counts what happened', async () => {
    const before = await (await fetch(`${admin}/metrics`, as(READER))).text();
    // Three creates that reach Mozarto, one refused before it (an amount under the minimum).
    const created = [await create('10.00'), await create('20.00'), await create('30.00')];
    const refused = await create('0.10');
    assert.equal(refused.status, 400);
    for (const c of created) assert.ok(c.status === 201 || c.status === 202, JSON.stringify(c));
    const [approved, reviewed] = created.map((c) => c.body.transactionId!);
    // Mozarto's webhooks: one that matches, one whose amount does not (review), one for nobody, one unsigned.
    assert.equal(
      (await webhook({ merchantReference: approved, transaction_status: 'Approved', amount: '10.00', currency: 'EUR', user_id: 'player-ops-1' })).status,
      200,
    );
    assert.equal(
      (await webhook({ merchantReference: reviewed, transaction_status: 'Approved', amount: '0.01', currency: 'EUR', user_id: 'player-ops-1' })).status,
      200,
    );
    assert.equal(
      (await webhook({ merchantReference: 'tx_ffffffffffffffffffffffff', transaction_status: 'Approved', amount: '1.00', currency: 'EUR', user_id: 'x' }))
        .status,
      200,
    );
    assert.equal((await webhook({ merchantReference: approved, transaction_status: 'Declined' }, 'not-the-webhook-secret-at-all')).status, 401);

    const text = await (await fetch(`${admin}/metrics`, as(READER))).text();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(text, name, labels) - sample(before, name, labels);
    for (const name of METRIC_NAMES) assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is exposed`);
    assert.match(text, /^process_cpu_seconds_total /m, 'the default process metrics');
    const byStatus = new Map<string, number>();
    for (const c of created) byStatus.set(c.body.status!, (byStatus.get(c.body.status!) ?? 0) + 1);
    for (const [status, n] of byStatus)
      assert.equal(delta('cashier_transactions_created_total', { provider: 'PAYONE', flow: 'payin', result: status }), n, status);
    assert.equal(
      delta('cashier_transactions_created_total', { provider: 'PAYONE', flow: 'payin', result: 'invalid_field' }),
      1,
      'the refused one, by its code',
    );
    assert.equal(delta('cashier_mozarto_request_duration_seconds_count', { result: 'ok' }), 3, 'three calls reached Mozarto');
    assert.equal(delta('cashier_webhooks_total', { result: 'applied' }), 1);
    assert.equal(delta('cashier_webhooks_total', { result: 'review' }), 1);
    assert.equal(delta('cashier_webhooks_total', { result: 'unmatched' }), 1);
    assert.equal(delta('cashier_webhooks_total', { result: 'refused' }), 1);
    assert.equal(delta('cashier_webhook_lag_seconds_count'), 2, 'a lag for each webhook that matched');
    assert.equal(sample(text, 'cashier_attention_transactions', { status: 'review' }), 1);
    assert.ok(sample(text, 'cashier_attention_oldest_age_seconds', { status: 'review' }) >= 0);
    assert.equal(sample(text, 'cashier_database_up'), 1);
    assert.equal(sample(text, 'cashier_listen_up'), 1);
    assert.equal(sample(text, 'cashier_draining'), 0);
    assert.equal(sample(text, 'cashier_event_streams_open'), 0);

    // The operator finds it in the queue and by search.
    const queue = (await (await fetch(`${admin}/admin/api/attention`, as(READER))).json()) as { transactions: { id: string; status: string }[] };
    assert.deepEqual(
      queue.transactions.filter((t) => t.status === 'review').map((t) => t.id),
      [reviewed],
    );
    const search = (await (
      await fetch(`${admin}/admin/api/transactions?status=review&provider=PAYONE&flow=payin&minAmount=20&maxAmount=20&user=player-ops-1`, as(READER))
    ).json()) as {
      transactions: { id: string }[];
    };
    assert.deepEqual(
      search.transactions.map((t) => t.id),
      [reviewed],
    );
    const paged = (await (await fetch(`${admin}/admin/api/transactions?limit=2`, as(READER))).json()) as { transactions: unknown[]; next: string };
    assert.equal(paged.transactions.length, 2);
    const rest = (await (await fetch(`${admin}/admin/api/transactions?limit=2&cursor=${paged.next}`, as(READER))).json()) as {
      transactions: unknown[];
      next: null;
    };
    assert.equal(rest.transactions.length, 1);
    assert.equal(rest.next, null);

    const reason = 'Back office shows 20.00 EUR paid; the webhook amount was a PSP typo';
    const body = (status: string, expectedStatus = 'review') => JSON.stringify({ status, expectedStatus, reason });
    const post = (token: string, json: string) =>
      fetch(`${admin}/admin/api/transactions/${reviewed}/resolve`, as(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json }));
    const wrongState = await post(RESOLVER, body('approved', 'unknown'));
    assert.equal(wrongState.status, 409);
    const done = await post(RESOLVER, body('approved'));
    assert.equal(done.status, 200);
    assert.equal(((await done.json()) as { transaction: { status: string } }).transaction.status, 'approved');
    assert.equal((await post(RESOLVER, body('declined'))).status, 409, 'once: it is no longer in review');
    // The merchant's backend hears of it: one signed `transaction.resolved`, with the reason, after the review.
    const resolvedEvent = await eventually(
      () => merchant.acknowledged().find((r) => r.json?.type === 'transaction.resolved' && r.json?.data?.transactionId === reviewed),
      10_000,
      'the transaction.resolved event at the merchant',
    );
    assert.equal(resolvedEvent.verified, true, 'signed with CASHIER_EVENTS_SECRET');
    assert.equal(resolvedEvent.json.data.status, 'approved');
    assert.equal(resolvedEvent.json.data.reason, reason);
    const ofReviewed = merchant.acknowledged().filter((r) => r.json?.data?.transactionId === reviewed);
    assert.deepEqual(
      ofReviewed.map((r) => r.json.type),
      ['transaction.created', 'transaction.review', 'transaction.resolved'],
      'in order, and the refused resolves made none',
    );
    await eventually(
      async () => sample(await (await fetch(`${admin}/metrics`, as(READER))).text(), 'cashier_events_backlog') === 0 || undefined,
      10_000,
      'an empty outbox backlog once every event is acknowledged',
    );
    const young = await fetch(
      `${admin}/admin/api/transactions/${created[2]!.body.transactionId}/resolve`,
      as(RESOLVER, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body('failed', created[2]!.body.status) }),
    );
    assert.equal(young.status, 409, 'a young wait needs no person');

    // The player sees the resolved status; the timeline has the webhook as received and the audit entry.
    const status = (await (await fetch(`${server.api}/transactions/${reviewed}`, { headers: { authorization: await player() } })).json()) as { status: string };
    assert.equal(status.status, 'approved');
    const story = (await (await fetch(`${admin}/admin/api/transactions/${reviewed}`, as(READER))).json()) as {
      transaction: { reviewReason: string };
      timeline: Entry[];
    };
    const own = story.timeline.filter((e) => e.kind !== 'event' && e.kind !== 'attempt');
    assert.deepEqual(
      own.map((e) => e.kind),
      ['created', 'upstream', 'webhook', 'resolved', 'status'],
    );
    assert.equal(own[2]!.payload!.amount, '0.01');
    assert.deepEqual(
      { ...own[3], at: undefined, kind: undefined },
      { at: undefined, kind: undefined, actor: 'alice', reason, before: 'review', after: 'approved' },
    );
    // The merchant's events, each delivered at its first attempt.
    assert.deepEqual(
      story.timeline.filter((e) => e.kind === 'event').map((e) => [e.type, e.state, e.attempts]),
      [
        ['transaction.created', 'delivered', 1],
        ['transaction.review', 'delivered', 1],
        ['transaction.resolved', 'delivered', 1],
      ],
    );
    assert.deepEqual(
      story.timeline.filter((e) => e.kind === 'attempt').map((e) => [e.attempt, e.statusCode, e.error]),
      [
        [1, 200, null],
        [1, 200, null],
        [1, 200, null],
      ],
    );
    assert.match(story.transaction.reviewReason, /amount: expected 20.00/);
    const afterResolve = await (await fetch(`${admin}/metrics`, as(READER))).text();
    assert.equal(sample(afterResolve, 'cashier_attention_transactions', { status: 'review' }), 0, 'the queue is empty again');

    const day = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const csv = await fetch(`${admin}/admin/api/export.csv?from=${day}&to=${tomorrow}`, as(READER));
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines[0], 'transactionId,createdAt,updatedAt,userId,flow,pspType,amount,fee,total,currency,status,upstreamId,errorCode,reviewReason');
    assert.ok(lines.some((l) => l.startsWith(`${reviewed},`) && l.includes(',approved,')));
    assert.equal(lines.length, 1 + 3, 'the header and the three creates that were stored (the refused one never was)');
  });
  it('lists an event failing delivery in the queue and /metrics, and re-delivers it — or a delivered one — on a resolve token, into the audit log', async () => {
    // The merchant's wallet refuses this transaction's events for now: 40.00 is its amount.
    let refusing = true;
    merchant.reply = (r) => (refusing && r.json?.data?.amount === '40.00' ? { status: 503, body: 'wallet restoring' } : { status: 200 });
    try {
      const { body } = await create('40.00');
      const id = body.transactionId!;
      type Failing = { eventId: string; transactionId: string; type: string; state: string; attempts: number; lastError: string | null };
      // Two refused attempts: the next retry is 1–2 s away, well after the re-delivery below.
      const failing = await eventually(
        async () => {
          const queue = (await (await fetch(`${admin}/admin/api/attention`, as(READER))).json()) as { failingEvents: Failing[] };
          const found = queue.failingEvents.find((e) => e.transactionId === id);
          return found && found.attempts >= 2 ? found : undefined;
        },
        10_000,
        'the failing event in the needs-attention queue',
      );
      assert.deepEqual([failing.type, failing.state], ['transaction.created', 'failing']);
      assert.match(failing.lastError ?? '', /HTTP 503: wallet restoring/);
      const text = await (await fetch(`${admin}/metrics`, as(READER))).text();
      assert.ok(sample(text, 'cashier_events_backlog') >= 1, 'the failing event is in the backlog');
      assert.ok(sample(text, 'cashier_events_oldest_undelivered_age_seconds') > 0, 'and has an age');

      const redeliver = (eventId: string, token: string, json: string) =>
        fetch(`${admin}/admin/api/events/${eventId}/redeliver`, as(token, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json }));
      const reason = JSON.stringify({ reason: 'The wallet is restored; send it now' });
      assert.equal((await redeliver(failing.eventId, READER, reason)).status, 403, 'a read token may not re-deliver');
      const short = await redeliver(failing.eventId, RESOLVER, '{"reason":"now"}');
      assert.equal(short.status, 400);
      assert.match(((await short.json()) as { error: { message: string } }).error.message, /at least 10 characters/);
      assert.equal((await redeliver('evt_000000000000000000000000', RESOLVER, reason)).status, 404);
      assert.equal((await redeliver('tx_000000000000000000000000', RESOLVER, reason)).status, 404);

      refusing = false;
      const done = await redeliver(failing.eventId, RESOLVER, reason);
      assert.equal(done.status, 200);
      const answer = (await done.json()) as { events: { eventId: string }[]; unconfigured: string[] };
      assert.deepEqual([answer.events.map((e) => e.eventId), answer.unconfigured], [[failing.eventId], []]);
      const sent = (eventId: string) => merchant.acknowledged().filter((r) => r.headers['webhook-id'] === eventId);
      await eventually(() => sent(failing.eventId).length === 1 || undefined, 10_000, 'the re-delivered event at the merchant');
      assert.equal(sent(failing.eventId)[0]!.verified, true);

      // A delivered event, sent once more on request: the same id and body, signed afresh.
      const delivered = sent(failing.eventId)[0]!;
      assert.equal((await redeliver(failing.eventId, RESOLVER, JSON.stringify({ reason: 'The wallet lost it in its restore' }))).status, 200);
      await eventually(() => sent(failing.eventId).length === 2 || undefined, 10_000, 'the event a second time');
      assert.equal(sent(failing.eventId)[1]!.body, delivered.body);
      assert.equal(sent(failing.eventId)[1]!.verified, true);

      const story = (await (await fetch(`${admin}/admin/api/transactions/${id}`, as(READER))).json()) as { timeline: Entry[] };
      assert.deepEqual(
        story.timeline.filter((e) => e.kind === 'redelivered').map((e) => [e.actor, e.eventId, e.before]),
        [
          ['alice', failing.eventId, 'failing'],
          ['alice', failing.eventId, 'delivered'],
        ],
      );
      const attempts = story.timeline.filter((e) => e.kind === 'attempt' && e.eventId === failing.eventId);
      assert.ok(attempts.length >= 4, 'the refused attempts, and the two it was asked for');
      assert.deepEqual(
        attempts.slice(-2).map((e) => e.statusCode),
        [200, 200],
      );
      assert.ok(attempts.slice(0, -2).every((e) => e.statusCode === 503));
      const queue = (await (await fetch(`${admin}/admin/api/attention`, as(READER))).json()) as { failingEvents: Failing[] };
      assert.equal(
        queue.failingEvents.some((e) => e.transactionId === id),
        false,
        'no longer failing',
      );
    } finally {
      merchant.reply = () => ({ status: 200 });
    }
  });
  it('counts Mozarto’s errors by class and the open event streams in /metrics', async () => {
    const before = await (await fetch(`${admin}/metrics`, as(READER))).text();
    // The sandbox's magic cents: .98 answers 500, .97 a 400 PSP_UNAVAILABLE.
    const failed = [await create('11.98'), await create('12.97')];
    const text = await (await fetch(`${admin}/metrics`, as(READER))).text();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(text, name, labels) - sample(before, name, labels);
    assert.equal(delta('cashier_mozarto_errors_total', { class: 'http_5xx' }), 1);
    assert.equal(delta('cashier_mozarto_errors_total', { class: 'http_4xx' }), 1);
    assert.equal(delta('cashier_mozarto_request_duration_seconds_count', { result: 'http_5xx' }), 1);
    assert.equal(delta('cashier_mozarto_request_duration_seconds_count', { result: 'http_4xx' }), 1);
    assert.equal(delta('cashier_mozarto_request_duration_seconds_count', { result: 'ok' }), 0);
    for (const c of failed) {
      const result = c.body.status ?? c.body.error!.code;
      assert.ok(delta('cashier_transactions_created_total', { provider: 'PAYONE', flow: 'payin', result }) >= 1, `${result}: ${JSON.stringify(c)}`);
    }

    // A player's push channel on a pending transaction: one open stream while it is open.
    const { body } = await create('13.00');
    const abort = new AbortController();
    const stream = await fetch(`${server.api}/transactions/${body.transactionId}/events`, {
      headers: { authorization: await player(), accept: 'text/event-stream' },
      signal: abort.signal,
    });
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    await reader.read();
    const open = async () => sample(await (await fetch(`${admin}/metrics`, as(READER))).text(), 'cashier_event_streams_open');
    assert.equal(await open(), 1);
    abort.abort();
    await reader.cancel().catch(() => {});
    await eventually(async () => ((await open()) === 0 ? true : undefined), 10_000, 'the stream to be counted closed');
  });

  it('says it is draining in /metrics while the drain’s delay runs (the last case: it stops the server)', async () => {
    const scrape = async () => sample(await (await fetch(`${admin}/metrics`, as(READER))).text(), 'cashier_draining');
    assert.equal(await scrape(), 0);
    server.child.kill('SIGTERM');
    await eventually(async () => ((await scrape()) === 1 ? true : undefined), 1500, 'cashier_draining 1');
    assert.equal(await server.exited, 0);
  });
});
