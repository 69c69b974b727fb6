/**
 * `mozarto-cashier/testing`: a stand-in for the merchant's proxy at the network edge, for the
 * merchant's own browser tests of a page with the widget (and this repository's): replaces `window.fetch` and
 * `window.EventSource`, answers the contract's routes with configurable answers, and records
 * every request. Call `restore()` after each test.
 *
 * The push route (`GET {endpoint}/transactions/:id/events`) is absent unless `push` is true, like
 * a proxy without it: the stream fails before any message. With `push`, each connection is a
 * `FakeStream` the test drives (`send`, `drop`), as the proxy would.
 */
import { IN_FLIGHT_KEY } from '../widget/resume.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** `RequestInit.credentials` of a fetch; for an EventSource, `include` when `withCredentials`. */
  readonly credentials?: string;
}

export type Answer =
  | 'network'
  | { readonly status?: number; readonly body?: unknown; readonly text?: string; readonly delay?: number }
  | ((request: RecordedRequest) => Answer | Promise<Answer>);

export interface FakeProxy {
  readonly requests: RecordedRequest[];
  /** `GET {endpoint}/config` */
  config: Answer;
  /** `POST {endpoint}/transactions` */
  create: Answer;
  /** `GET {endpoint}/transactions/:id`; a list is answered in turn, its last entry repeating. */
  status: Answer | Answer[];
  /** Serve the push route. */
  push: boolean;
  readonly posts: () => RecordedRequest[];
  readonly polls: () => RecordedRequest[];
  /** Every EventSource opened, newest last. */
  readonly streams: FakeStream[];
  /** The newest stream. */
  readonly stream: () => FakeStream | undefined;
  restore(): void;
}

/** One push connection, as the proxy's side sees it. */
export interface FakeStream {
  readonly url: string;
  /** The widget closed it. */
  readonly closed: boolean;
  /** `event: status` with a TransactionStatusResponse (or any `data` text). */
  send(status: string, over?: Record<string, unknown>): void;
  sendRaw(data: string): void;
  /** The connection breaks (network drop, proxy restart). */
  drop(): void;
}

export const CONFIG = {
  version: 1,
  methods: {
    payin: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'] }],
    payout: [{ pspType: 'PAYONE', name: 'Payone', currencies: ['EUR'] }],
  },
  limits: { min: '10.00', max: '5000.00' },
};

export const created = (over: Record<string, unknown> = {}): Answer => ({
  status: 201,
  body: { transactionId: 'tx_1', status: 'pending', outcome: 'redirect', redirectUrl: 'https://pay.example.com/s/1', ...over },
});

/** A creation answer that awaits the outcome (a pay-out): no redirect. */
export const awaitOutcome = created({ outcome: 'await', redirectUrl: undefined });
export const txStatus = (status: string, over: Record<string, unknown> = {}): Answer => ({
  body: { transactionId: 'tx_1', status, updatedAt: '2026-11-23T10:00:00Z', ...over },
});

export const errorAnswer = (status: number, error: Record<string, unknown>): Answer => ({
  status,
  body: { error: { message: String(error.code), retryable: false, ...error } },
});

/** The widget's memory of the last method and amounts (src/widget/memory.ts): each test starts with none. */
export function forgetLastUsed(): void {
  for (const k of Object.keys(localStorage)) if (k.startsWith('mozarto-cashier:last:')) localStorage.removeItem(k);
}

export function fakeProxy(endpoint = '/api/cashier'): FakeProxy {
  const original = window.fetch;
  const OriginalES = window.EventSource;
  const requests: RecordedRequest[] = [];
  const streams: FakeStream[] = [];
  let polled = 0;
  sessionStorage.removeItem(IN_FLIGHT_KEY);
  forgetLastUsed();

  const proxy: FakeProxy = {
    requests,
    config: { body: CONFIG },
    create: created(),
    status: txStatus('approved'),
    push: false,
    posts: () => requests.filter((r) => r.method === 'POST'),
    polls: () => requests.filter((r) => r.method === 'GET' && r.path.startsWith(`${endpoint}/transactions/`)),
    streams,
    stream: () => streams[streams.length - 1],
    restore: () => {
      window.fetch = original;
      window.EventSource = OriginalES;
      for (const s of streams) (s as unknown as { close(): void }).close();
      sessionStorage.removeItem(IN_FLIGHT_KEY);
      forgetLastUsed();
    },
  };

  class FakeEventSource extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readonly url: string;
    readonly withCredentials: boolean;
    readyState = 0;
    onerror: ((e: Event) => void) | null = null;
    onopen: ((e: Event) => void) | null = null;
    onmessage: ((e: MessageEvent) => void) | null = null;

    constructor(url: string | URL, init: EventSourceInit = {}) {
      super();
      this.url = new URL(String(url), location.href).href;
      this.withCredentials = !!init.withCredentials;
      const path = new URL(this.url).pathname;
      requests.push({ method: 'EVENTS', path, headers: {}, body: undefined, credentials: this.withCredentials ? 'include' : 'same-origin' });
      streams.push(this as unknown as FakeStream);
      const served = proxy.push && path.startsWith(`${endpoint}/transactions/`) && path.endsWith('/events');
      setTimeout(() => {
        if (this.readyState === 2) return;
        if (served) {
          this.readyState = 1;
          this.#fire(new Event('open'));
        } else this.drop(); // 404: an EventSource fails and closes
      }, 0);
    }

    get closed(): boolean {
      return this.readyState === 2;
    }

    close(): void {
      this.readyState = 2;
    }

    send(status: string, over: Record<string, unknown> = {}): void {
      this.sendRaw(JSON.stringify({ transactionId: 'tx_1', status, updatedAt: '2026-11-23T10:00:00Z', ...over }));
    }

    sendRaw(data: string): void {
      if (this.readyState !== 1) return;
      this.#fire(new MessageEvent('status', { data }));
    }

    drop(): void {
      if (this.readyState === 2) return;
      this.readyState = 0; // a real EventSource would try to reconnect by itself
      this.#fire(new Event('error'));
    }

    #fire(e: Event): void {
      this.dispatchEvent(e);
      const handler = (this as unknown as Record<string, ((e: Event) => void) | null>)[`on${e.type}`];
      handler?.call(this, e);
    }
  }
  window.EventSource = FakeEventSource as unknown as typeof EventSource;

  async function answer(a: Answer, request: RecordedRequest): Promise<Response> {
    if (typeof a === 'function') return answer(await a(request), request);
    if (a === 'network') throw new TypeError('Failed to fetch');
    if (a.delay) await new Promise((r) => setTimeout(r, a.delay));
    const text = a.text ?? JSON.stringify(a.body ?? null);
    return new Response(text, { status: a.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  }

  window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const request: RecordedRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    };
    requests.push(request);
    if (request.method === 'GET' && request.path === `${endpoint}/config`) return answer(proxy.config, request);
    if (request.method === 'POST' && request.path === `${endpoint}/transactions`) return answer(proxy.create, request);
    if (request.method === 'GET' && request.path.startsWith(`${endpoint}/transactions/`)) {
      const list = Array.isArray(proxy.status) ? proxy.status : [proxy.status];
      return answer(list[Math.min(polled++, list.length - 1)]!, request);
    }
    return answer(errorAnswer(404, { code: 'not_found' }), request);
  };
  return proxy;
}
