// The tutorial's Grafana dashboard: errors, request rates and latency percentiles of the services in one namespace.
import { Dashboard, DATASOURCE_VARIABLE, layout, panel, query } from './dashboard';

/** Options of {@link tracingDashboard}. */
export interface TracingDashboardOptions {
  /** The namespace whose services the dashboard shows. */
  readonly namespace: string;
  /**
   * The dashboard's title.
   * @default 'Tracing Tutorial'
   */
  readonly title?: string;
  /**
   * The dashboard's uid, which keeps its URL stable across imports.
   * @default 'tracing-tutorial'
   */
  readonly uid?: string;
}

const PERCENTILES = [50, 90, 99] as const;

/** The Istio metrics dashboard for the services of `namespace`: where the fault scenarios show. */
export function tracingDashboard(options: TracingDashboardOptions): Dashboard {
  const ns = `destination_service_namespace="${options.namespace}"`;
  return {
    uid: options.uid ?? 'tracing-tutorial',
    title: options.title ?? 'Tracing Tutorial',
    tags: ['istio', 'tracing'],
    timezone: 'browser',
    editable: true,
    refresh: '10s',
    time: { from: 'now-3h', to: 'now' },
    schemaVersion: 39,
    templating: { list: [DATASOURCE_VARIABLE] },
    panels: layout([
      panel(
        'gauge',
        'HTTP Response Errors',
        'Requests answered with a status other than 200, by service and status (the abort faults show here)',
        [
          query(
            `count by (destination_service_name,response_code)(istio_requests_total{${ns},response_code!="200"})`,
            '{{destination_service_name}} {{response_code}}',
          ),
        ],
        {
          width: 8,
          height: 8,
          unit: 'short',
          defaults: { min: 0 },
          options: { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
        },
      ),
      panel(
        'timeseries',
        'Request Rate by Service, Version and Response Code',
        'Requests per second over 5 minutes',
        [
          query(
            `avg by (destination_service_name, destination_version, response_code)(rate(istio_requests_total{${ns}}[5m]))`,
            '{{destination_service_name}} {{destination_version}} {{response_code}}',
          ),
        ],
        { width: 16, height: 8, unit: 'reqps' },
      ),
      panel(
        'timeseries',
        'Request Latency p50 / p90 / p99 by Service',
        'Request duration percentiles over 5 minutes, as the server-side proxies measure them (the delay fault shows here)',
        PERCENTILES.map((p) =>
          query(
            `histogram_quantile(${(p / 100).toFixed(2)}, sum by (le, destination_service_name)(rate(istio_request_duration_milliseconds_bucket{${ns},reporter="destination"}[5m])))`,
            `{{destination_service_name}} p${p}`,
          ),
        ),
        { width: 24, height: 9, unit: 'ms' },
      ),
    ]),
  };
}
