/**
 * One run, one AbortController (src/widget/controllers/flow.ts): starting over or leaving the
 * page aborts what is still in flight, so a late answer never lands and no connection lingers.
 */
import { expect, html, waitUntil } from '@open-wc/testing';
import '../../src/widget/define.js';
import { IN_FLIGHT_KEY } from '../../src/widget/resume.js';
import { CONFIG } from '../../src/testing/index.js';
import { VALID, renderCashier } from './harness.js';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly key?: string;
  readonly signal?: AbortSignal | null;
}

/** A proxy whose answers to the paths `hang` matches never come: only an abort ends them. */
function stubProxy(hang: (r: Seen, count: number) => boolean) {
  const original = window.fetch;
  const OriginalES = window.EventSource;
  const seen: Seen[] = [];
  (window as { EventSource?: unknown }).EventSource = undefined; // poll only
  sessionStorage.removeItem(IN_FLIGHT_KEY);
  window.fetch = (input, init = {}) => {
    const url = new URL(String(input), location.href);
    const r: Seen = {
      method: init.method ?? 'GET',
      path: url.pathname,
      key: new Headers(init.headers).get('Idempotency-Key') ?? undefined,
      signal: init.signal,
    };
    seen.push(r);
    if (hang(r, seen.filter((s) => s.path === r.path).length)) {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    const body = r.path.endsWith('/config')
      ? CONFIG
      : r.method === 'POST'
        ? { transactionId: 'tx_1', status: 'pending', outcome: 'await' }
        : { transactionId: 'tx_1', status: 'pending', updatedAt: '2026-11-23T10:00:00Z' };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }));
  };
  return {
    seen,
    restore() {
      window.fetch = original;
      window.EventSource = OriginalES;
      sessionStorage.removeItem(IN_FLIGHT_KEY);
    },
  };
}

describe('<mozarto-cashier>: requests in flight are aborted', () => {
  let proxy: ReturnType<typeof stubProxy>;
  afterEach(() => proxy.restore());

  it('a changed attribute aborts the config request in flight and loads anew', async () => {
    proxy = stubProxy((r, n) => r.path === '/api/cashier/config' && n === 1);
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" currency="EUR"></mozarto-cashier>`, 'idle');
    const first = proxy.seen[0]!;
    expect(first.signal?.aborted).to.equal(false);
    h.el.endpoint = '/other';
    await h.settle();
    expect(first.signal?.aborted, 'the first config request').to.equal(true);
    await h.until('editing');
    expect(proxy.seen.map((r) => r.path)).to.deep.equal(['/api/cashier/config', '/other/config']);
  });

  it('leaving the page aborts the submission in flight; back on the page it starts over with the same key', async () => {
    proxy = stubProxy((r, n) => r.method === 'POST' && n === 1);
    const h = await renderCashier(html`<mozarto-cashier psp="PAYONE" currency="EUR"></mozarto-cashier>`);
    await h.fillAll(VALID);
    await h.submit();
    expect(h.state()).to.equal('submitting');
    const post = proxy.seen.find((r) => r.method === 'POST')!;
    const parent = h.el.parentElement!;
    h.el.remove();
    expect(post.signal?.aborted, 'the POST').to.equal(true);
    parent.append(h.el);
    await h.until('editing');
    expect(h.value('Email'), 'what the player typed is kept').to.equal(VALID.Email);
    await h.submit();
    await h.until('processing');
    const posts = proxy.seen.filter((r) => r.method === 'POST');
    expect(posts.length).to.equal(2);
    expect(posts[1]!.key, 'a resend the proxy can match to the first').to.equal(posts[0]!.key);
    h.el.remove();
  });

  it('leaving the page aborts the status request in flight', async () => {
    proxy = stubProxy((r, n) => r.path === '/api/cashier/transactions/tx_1' && n >= 2);
    const el = document.createElement('mozarto-cashier');
    (el as unknown as { pollTiming: object }).pollTiming = { initialDelay: 10, maxDelay: 10, jitter: 0 };
    el.setAttribute('transaction', 'tx_1');
    document.body.append(el);
    // The resumed check is answered (pending); the next poll hangs.
    const polls = () => proxy.seen.filter((r) => r.path === '/api/cashier/transactions/tx_1');
    await waitUntil(() => polls().length === 2, 'a second status request', { timeout: 4000 });
    expect(polls()[1]!.signal?.aborted).to.equal(false);
    el.remove();
    expect(polls()[1]!.signal?.aborted, 'the poll').to.equal(true);
  });
});
