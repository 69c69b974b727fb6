/**
 * The operator page's one client of the admin API (src/proxy/admin/admin-api.ts): the token the
 * operator entered, sent as a bearer token, and each answer read into the shapes below. An error
 * answer becomes an `AdminApiError` carrying the API's own sentence, which the page shows as is.
 */
import type { Status } from '../core/status.js';

export interface AdminTransaction {
  readonly id: string;
  readonly userId: string;
  readonly flow: 'payin' | 'payout';
  readonly pspType: string;
  readonly amount: string;
  readonly currency: string;
  readonly status: Status;
  readonly upstreamId: string | null;
  readonly errorCode: string | null;
  readonly reviewReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TimelineEntry {
  readonly at: string;
  readonly kind: 'created' | 'upstream' | 'webhook' | 'resolved' | 'redelivered' | 'event' | 'attempt' | 'status';
  /** On `event`, `attempt` and `redelivered` entries: the merchant's event. */
  readonly eventId?: string;
  /** On `event` entries: its type (`transaction.resolved`). */
  readonly type?: string;
  readonly [field: string]: unknown;
}

/** One of the merchant's events for one endpoint, as the admin API lists those failing delivery. */
export interface AdminEvent {
  readonly eventId: string;
  readonly transactionId: string;
  readonly type: string;
  readonly endpoint: string;
  readonly state: 'delivered' | 'abandoned' | 'failing' | 'waiting';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
}

export interface Attention {
  readonly attentionAfterMs: number;
  readonly counts: readonly { readonly status: Status; readonly count: number; readonly oldestCreatedAt: string }[];
  readonly transactions: readonly AdminTransaction[];
  readonly failingEvents: readonly AdminEvent[];
}

export interface SearchFilter {
  readonly status?: string;
  readonly user?: string;
  readonly provider?: string;
}

export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const RESOLVED_STATUSES = ['approved', 'declined', 'failed', 'rejected'] as const;
export type ResolvedStatus = (typeof RESOLVED_STATUSES)[number];

export class AdminClient {
  constructor(
    private readonly token: string,
    private readonly base = '/admin/api',
  ) {}

  attention(): Promise<Attention> {
    return this.#json('GET', '/attention');
  }

  search(filter: SearchFilter): Promise<{ transactions: AdminTransaction[]; next: string | null }> {
    const params = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
    return this.#json('GET', `/transactions${params.size ? `?${params}` : ''}`);
  }

  transaction(id: string): Promise<{ transaction: AdminTransaction; timeline: TimelineEntry[] }> {
    return this.#json('GET', `/transactions/${encodeURIComponent(id)}`);
  }

  resolve(id: string, body: { status: ResolvedStatus; expectedStatus: Status; reason: string }): Promise<{ transaction: AdminTransaction }> {
    return this.#json('POST', `/transactions/${encodeURIComponent(id)}/resolve`, body);
  }

  redeliver(eventId: string, reason: string): Promise<{ events: AdminEvent[]; unconfigured: string[] }> {
    return this.#json('POST', `/events/${encodeURIComponent(eventId)}/redeliver`, { reason });
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        cache: 'no-store',
      });
    } catch {
      throw new AdminApiError(0, 'The admin listener could not be reached.');
    }
    const data = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!response.ok) throw new AdminApiError(response.status, data?.error?.message ?? `The admin API answered ${response.status}.`);
    return data as T;
  }
}
