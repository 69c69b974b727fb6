/**
 * Issue 26: the Grafana dashboard a merchant imports (docs/grafana/cashier.json) queries only
 * metrics the standalone server exports (src/standalone/prometheus.ts `METRIC_NAMES`, and
 * prom-client's default process metrics), and every metric the operations guide alerts on is one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createPrometheus } from '../../src/standalone/prometheus.js';
import { createMemoryStore } from '../../src/proxy/testing.js';

const root = join(import.meta.dirname, '..', '..');

/** Every metric name a scrape of the server exposes, the histograms' series included. */
async function exported(): Promise<Set<string>> {
  const { scrape } = createPrometheus(createMemoryStore(), 900_000, { listening: () => true, draining: () => false });
  const { text } = await scrape();
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\w+)/.exec(line);
    if (!type) continue;
    names.add(type[1]!);
    if (type[2] === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${type[1]}${suffix}`);
  }
  return names;
}

/** The metric names in a PromQL expression: identifiers that are not functions, keywords or labels. */
function metricsIn(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '').replace(/\[[^\]]*\]/g, '');
  const words = withoutLabels.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  const skip = new Set([
    'sum',
    'max',
    'min',
    'avg',
    'rate',
    'by',
    'histogram_quantile',
    'le',
    'status',
    'provider',
    'flow',
    'result',
    'class',
    'without',
    'increase',
  ]);
  return words.filter((w) => !skip.has(w) && /_/.test(w));
}

describe('the Grafana dashboard and the alerts', () => {
  it('every dashboard query names metrics the server exports', async () => {
    const names = await exported();
    const dashboard = JSON.parse(readFileSync(join(root, 'docs/grafana/cashier.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    assert.ok(dashboard.panels.length >= 10);
    for (const panel of dashboard.panels) {
      for (const { expr } of panel.targets) {
        const used = metricsIn(expr);
        assert.ok(used.length > 0, `${panel.title}: ${expr} names no metric`);
        for (const metric of used) assert.ok(names.has(metric), `${panel.title}: ${metric} is not exported`);
      }
    }
  });

  it('every alert in docs/operations.md names metrics the server exports', async () => {
    const names = await exported();
    const guide = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    const alerts = [...guide.matchAll(/^\| [^|]+ \| `([^`]+)` \|/gm)].map((m) => m[1]!.replace(/\\\|/g, '|'));
    assert.ok(alerts.length >= 8, `${alerts.length} alerts`);
    for (const expr of alerts) for (const metric of metricsIn(expr)) assert.ok(names.has(metric), `${expr}: ${metric} is not exported`);
  });
});
