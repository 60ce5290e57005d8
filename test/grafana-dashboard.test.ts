import { GrafanaDashboard } from '../constructs';
import { tracingDashboard } from '../constructs';
import { layout, panel, query } from '../constructs';
import { LIFECYCLE_LABELS, objectIn, synthChart, synthTopology } from './support/synth';

describe('the Grafana dashboard', () => {
  const result = synthTopology();
  const file = result.files.find((f) => f.path === 'grafana/tracing-tutorial-dashboard.json')!;
  const dashboard = JSON.parse(file.content);

  test('is titled Tracing Tutorial, refreshes every 10s and shows the last 3 hours', () => {
    expect([dashboard.title, dashboard.refresh, dashboard.time]).toEqual(['Tracing Tutorial', '10s', { from: 'now-3h', to: 'now' }]);
  });

  test('has the HTTP Response Errors gauge of non-200 responses in the namespace', () => {
    const gauge = dashboard.panels.find((p: any) => p.title === 'HTTP Response Errors');
    expect(gauge.type).toEqual('gauge');
    expect(gauge.targets.map((t: any) => t.expr)).toEqual([
      'count by (destination_service_name,response_code)(istio_requests_total{destination_service_namespace="cloudlab",response_code!="200"})',
    ]);
  });

  test('has the request rate by service, version and response code', () => {
    const exprs = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs).toContain(
      'avg by (destination_service_name, destination_version, response_code)(rate(istio_requests_total{destination_service_namespace="cloudlab"}[5m]))',
    );
  });

  test('has p50, p90 and p99 latency per service from the duration histogram', () => {
    const latency = dashboard.panels.find((p: any) => p.title.startsWith('Request Latency'));
    expect(latency.type).toEqual('timeseries');
    expect(latency.fieldConfig.defaults.unit).toEqual('ms');
    expect(latency.targets.map((t: any) => [t.refId, t.legendFormat, t.expr])).toEqual(
      [0.5, 0.9, 0.99].map((q, i) => [
        'ABC'[i],
        `{{destination_service_name}} p${Math.round(q * 100)}`,
        `histogram_quantile(${q.toFixed(2)}, sum by (le, destination_service_name)(rate(istio_request_duration_milliseconds_bucket{destination_service_namespace="cloudlab",reporter="destination"}[5m])))`,
      ]),
    );
  });

  test('panels have unique ids and do not overlap on the grid', () => {
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
    expect(new Set(dashboard.panels.map((p: any) => p.id)).size).toEqual(dashboard.panels.length);
  });

  test('reads Prometheus through a datasource variable, so the same JSON imports and provisions', () => {
    expect(dashboard.templating.list).toEqual([expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' })]);
    for (const p of dashboard.panels) expect(p.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  test('the ConfigMap carries the same JSON, labelled for the Grafana sidecar', () => {
    const cm = objectIn(result, 'grafana/dashboard-configmap.yaml', 'ConfigMap', 'tracing-tutorial');
    expect(cm.metadata.labels).toEqual({ grafana_dashboard: '1', ...LIFECYCLE_LABELS });
    expect(cm.data['tracing-tutorial.json']).toEqual(file.content);
  });

  test('the namespace is the one the queries use', () => {
    const other = JSON.stringify(tracingDashboard({ namespace: 'shop' }));
    expect(other).toContain('destination_service_namespace=\\"shop\\"');
    expect(other).not.toContain('cloudlab');
  });

  test('layout wraps panels at 24 columns', () => {
    const q = [query('up', '{{job}}')];
    const placed = layout([16, 16, 8].map((w) => panel('timeseries', `w${w}`, '', q, { width: w, height: 4, unit: 'short' })));
    expect(placed.map((p) => p.gridPos)).toEqual([
      { x: 0, y: 0, w: 16, h: 4 },
      { x: 0, y: 4, w: 16, h: 4 },
      { x: 16, y: 4, w: 8, h: 4 },
    ]);
  });

  test('fails when the ConfigMap name is not a DNS-1123 label', () => {
    expect(() =>
      synthChart(
        (chart) =>
          new GrafanaDashboard(chart, 'D', { dashboard: tracingDashboard({ namespace: 'x' }), file: 'd.json', configMapName: 'My Dashboard' }),
      ),
    ).toThrow(/dashboard ConfigMap name must be a DNS-1123 label.*got 'My Dashboard'/);
  });
});
