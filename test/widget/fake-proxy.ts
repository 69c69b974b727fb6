/**
 * A stand-in for the merchant's proxy at the network edge: replaces `window.fetch`, answers the
 * contract's routes with configurable answers, and records every request. Call `restore()` after
 * each test.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
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
  readonly posts: () => RecordedRequest[];
  readonly polls: () => RecordedRequest[];
  restore(): void;
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

export const txStatus = (status: string, over: Record<string, unknown> = {}): Answer => ({
  body: { transactionId: 'tx_1', status, updatedAt: '2026-11-23T10:00:00Z', ...over },
});

export const errorAnswer = (status: number, error: Record<string, unknown>): Answer => ({
  status,
  body: { error: { message: String(error.code), retryable: false, ...error } },
});

export function fakeProxy(endpoint = '/api/cashier'): FakeProxy {
  const original = window.fetch;
  const requests: RecordedRequest[] = [];
  let polled = 0;

  const proxy: FakeProxy = {
    requests,
    config: { body: CONFIG },
    create: created(),
    status: txStatus('approved'),
    posts: () => requests.filter((r) => r.method === 'POST'),
    polls: () => requests.filter((r) => r.method === 'GET' && r.path.startsWith(`${endpoint}/transactions/`)),
    restore: () => {
      window.fetch = original;
    },
  };

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
