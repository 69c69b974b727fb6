/**
 * The standalone server's metrics, in Prometheus's text format with `prom-client` (the maintained
 * client, an optional peer loaded only when the admin listener is on; docs/adr/0023-operators.md).
 * The proxy tells what happens through its `metrics` option (src/proxy/metrics.ts); what is a
 * state rather than an event — the needs-attention queue, the database, the push channel,
 * draining — is read when Prometheus scrapes (`collect`), so a scrape always tells the truth now.
 * Metric names are listed in `METRIC_NAMES`: the Grafana dashboard's test checks against them.
 */
import type * as PromClient from 'prom-client';
import { optionalPeer } from '../proxy/optional-peer.js';
import type { ProxyMetrics } from '../proxy/metrics.js';
import type { TransactionStore } from '../proxy/store/store.js';

export const METRIC_NAMES = [
  'cashier_transactions_created_total',
  'cashier_mozarto_request_duration_seconds',
  'cashier_mozarto_errors_total',
  'cashier_webhooks_total',
  'cashier_webhook_lag_seconds',
  'cashier_attention_transactions',
  'cashier_attention_oldest_age_seconds',
  'cashier_database_up',
  'cashier_listen_up',
  'cashier_event_streams_open',
  'cashier_draining',
  'cashier_events_backlog',
  'cashier_events_oldest_undelivered_age_seconds',
] as const;

export interface ServerState {
  /** Whether the push channel between instances listens (Postgres LISTEN); true where there is none to lose. */
  listening(): boolean;
  draining(): boolean;
}

export interface Prometheus {
  readonly metrics: ProxyMetrics;
  /** The exposition text and its content type. */
  scrape(): Promise<{ readonly text: string; readonly contentType: string }>;
}

/** How long a scrape waits for the database before it says it is down. */
const DB_PROBE_MS = 2000;

export function createPrometheus(store: TransactionStore, attentionAfterMs: number, state: ServerState, now: () => Date = () => new Date()): Prometheus {
  const prom = optionalPeer<typeof PromClient>('prom-client', 'CASHIER_ADMIN_PORT (the /metrics endpoint)');
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry });
  const created = new prom.Counter({
    name: 'cashier_transactions_created_total',
    help: 'Creates answered, by provider, flow and result (the status answered, or the error code).',
    labelNames: ['provider', 'flow', 'result'],
    registers: [registry],
  });
  const upstream = new prom.Histogram({
    name: 'cashier_mozarto_request_duration_seconds',
    help: "Calls to Mozarto's cashier endpoint and how long they took, by result (ok or the error class).",
    labelNames: ['result'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30],
    registers: [registry],
  });
  const upstreamErrors = new prom.Counter({
    name: 'cashier_mozarto_errors_total',
    help: 'Calls to Mozarto that failed, by class: timeout, network, http_4xx, http_5xx.',
    labelNames: ['class'],
    registers: [registry],
  });
  const webhooks = new prom.Counter({
    name: 'cashier_webhooks_total',
    help: "Mozarto's webhooks, by result: applied, unchanged, review, unmatched, refused.",
    labelNames: ['result'],
    registers: [registry],
  });
  const lag = new prom.Histogram({
    name: 'cashier_webhook_lag_seconds',
    help: "Time from a transaction's creation to a webhook for it.",
    buckets: [1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400],
    registers: [registry],
  });
  const streams = new prom.Gauge({
    name: 'cashier_event_streams_open',
    help: 'Open event streams (Server-Sent Events) on this instance.',
    registers: [registry],
  });

  let counts: Awaited<ReturnType<TransactionStore['countAttention']>> = [];
  let backlog: Awaited<ReturnType<TransactionStore['outboxBacklog']>> = { count: 0, oldestCreatedAt: null };
  let databaseUp = 0;
  // One read of the store per scrape, shared by the gauges that need it.
  let probe: Promise<void> | undefined;
  const readStore = () =>
    (probe ??= (async () => {
      const at = now();
      const strandedBefore = new Date(at.getTime() - attentionAfterMs).toISOString();
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        [counts, backlog] = await Promise.race([
          Promise.all([store.countAttention(strandedBefore), store.outboxBacklog()]),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), DB_PROBE_MS);
          }),
        ]);
        databaseUp = 1;
      } catch {
        databaseUp = 0;
      } finally {
        clearTimeout(timer);
      }
    })().finally(() => {
      probe = undefined;
    }));
  const ATTENTION = ['review', 'unknown', 'pending', 'awaiting_approval'];
  new prom.Gauge({
    name: 'cashier_attention_transactions',
    help: 'Transactions that need a person, by status: review, unknown, and pending or awaiting_approval past the attention threshold.',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      await readStore();
      for (const status of ATTENTION) this.set({ status }, counts.find((c) => c.status === status)?.count ?? 0);
    },
  });
  new prom.Gauge({
    name: 'cashier_attention_oldest_age_seconds',
    help: 'Age of the oldest transaction that needs a person, by status (0 when none).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      await readStore();
      const at = now().getTime();
      for (const status of ATTENTION) {
        const oldest = counts.find((c) => c.status === status)?.oldestCreatedAt;
        this.set({ status }, oldest ? Math.max(0, (at - Date.parse(oldest)) / 1000) : 0);
      }
    },
  });
  new prom.Gauge({
    name: 'cashier_database_up',
    help: 'Whether the store answered a read within 2 s at this scrape (1) or not (0).',
    registers: [registry],
    async collect() {
      await readStore();
      this.set(databaseUp);
    },
  });
  new prom.Gauge({
    name: 'cashier_events_backlog',
    help: "The merchant's events not delivered yet (nor abandoned), every endpoint.",
    registers: [registry],
    async collect() {
      await readStore();
      this.set(backlog.count);
    },
  });
  new prom.Gauge({
    name: 'cashier_events_oldest_undelivered_age_seconds',
    help: "Age of the oldest merchant's event not delivered yet (0 when none).",
    registers: [registry],
    async collect() {
      await readStore();
      this.set(backlog.oldestCreatedAt ? Math.max(0, (now().getTime() - Date.parse(backlog.oldestCreatedAt)) / 1000) : 0);
    },
  });
  new prom.Gauge({
    name: 'cashier_listen_up',
    help: 'Whether the push channel between instances (PostgreSQL LISTEN) is connected; 1 where there is none to lose.',
    registers: [registry],
    collect() {
      this.set(state.listening() ? 1 : 0);
    },
  });
  new prom.Gauge({
    name: 'cashier_draining',
    help: 'Whether this instance is draining (stopping: no new work).',
    registers: [registry],
    collect() {
      this.set(state.draining() ? 1 : 0);
    },
  });

  const metrics: ProxyMetrics = {
    created: (provider, flow, result) => created.inc({ provider, flow, result }),
    upstreamCall: (result, seconds) => {
      upstream.observe({ result }, seconds);
      if (result !== 'ok') upstreamErrors.inc({ class: result });
    },
    webhook: (result, lagSeconds) => {
      webhooks.inc({ result });
      if (lagSeconds !== null) lag.observe(lagSeconds);
    },
    eventStreams: (delta) => streams.inc(delta),
  };
  return {
    metrics,
    scrape: async () => ({ text: await registry.metrics(), contentType: registry.contentType }),
  };
}
