/**
 * What the proxy tells a metrics collector (docs/adr/0023-operators.md): plain calls at the points
 * where things happen, so the proxy itself imports no metrics library and still runs in an edge
 * runtime. The standalone server plugs in its Prometheus collector (src/standalone/prometheus.ts,
 * `prom-client`); a library user may plug in their own. Every call must be cheap and never throw
 * (the proxy does not guard them).
 */

/** How a Mozarto call ended: `ok`, or the class of its failure. */
export type UpstreamResult = 'ok' | 'timeout' | 'network' | 'http_4xx' | 'http_5xx' | 'unreadable';

/** What a webhook did: changed a status, changed nothing, matched nothing, or was refused. */
export type WebhookResult = 'applied' | 'unchanged' | 'review' | 'unmatched' | 'refused';

export interface ProxyMetrics {
  /** A create answered: its provider, flow and result (the status it answered, or the error code). */
  created(pspType: string, flow: string, result: string): void;
  /** One call to Mozarto and how long it took. */
  upstreamCall(result: UpstreamResult, seconds: number): void;
  /** One webhook; `lagSeconds` from the transaction's creation to its arrival, when it matched one. */
  webhook(result: WebhookResult, lagSeconds: number | null): void;
  /** An event stream opened (+1) or closed (-1). */
  eventStreams(delta: 1 | -1): void;
}

export const NO_METRICS: ProxyMetrics = {
  created() {},
  upstreamCall() {},
  webhook() {},
  eventStreams() {},
};
