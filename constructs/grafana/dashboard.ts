// A typed subset of Grafana's dashboard JSON model, and the builders the tracing dashboard is made of.

/** The dashboard's Prometheus data source, chosen through the `datasource` variable when the dashboard is used. */
export const PROMETHEUS = { type: 'prometheus', uid: '${datasource}' } as const;

/** A PromQL query of a panel. */
export interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat: string;
  readonly datasource: typeof PROMETHEUS;
}

/** Where a panel sits on Grafana's 24-column grid. */
export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A dashboard panel. */
export interface Panel {
  readonly id: number;
  readonly type: 'gauge' | 'timeseries';
  readonly title: string;
  readonly description: string;
  readonly gridPos: GridPos;
  readonly datasource: typeof PROMETHEUS;
  readonly targets: readonly Target[];
  readonly fieldConfig: { readonly defaults: Record<string, unknown>; readonly overrides: readonly unknown[] };
  readonly options: Record<string, unknown>;
}

/** A whole dashboard, as Grafana's "Import" and its provisioning sidecar read it. */
export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly tags: readonly string[];
  readonly timezone: 'browser';
  readonly editable: boolean;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: string };
  readonly schemaVersion: number;
  readonly templating: { readonly list: readonly Record<string, unknown>[] };
  readonly panels: readonly Panel[];
}

/** A panel before it is placed: everything but its id and position. */
export type PanelSpec = Omit<Panel, 'id' | 'gridPos'> & { readonly width: number; readonly height: number };

/** A query; refIds are given in order by {@link panel}. */
export function query(expr: string, legendFormat: string): Omit<Target, 'refId' | 'datasource'> {
  return { expr, legendFormat };
}

/** A panel of `type` with its queries, refIds A, B, C... */
export function panel(type: Panel['type'], title: string, description: string, queries: readonly Omit<Target, 'refId' | 'datasource'>[],
  settings: { width: number; height: number; unit: string; options?: Record<string, unknown>; defaults?: Record<string, unknown> }): PanelSpec {
  return {
    type,
    title,
    description,
    width: settings.width,
    height: settings.height,
    datasource: PROMETHEUS,
    targets: queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), ...q, datasource: PROMETHEUS })),
    fieldConfig: { defaults: { unit: settings.unit, ...settings.defaults }, overrides: [] },
    options: settings.options ?? {},
  };
}

/** Places panels left to right, wrapping at 24 columns, and numbers them from 1. */
export function layout(specs: readonly PanelSpec[]): Panel[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map(({ width, height, ...rest }, i) => {
    if (x + width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed: Panel = { ...rest, id: i + 1, gridPos: { x, y, w: width, h: height } };
    x += width;
    rowHeight = Math.max(rowHeight, height);
    return placed;
  });
}

/** The `datasource` variable that lets whoever imports the dashboard pick the Prometheus it reads. */
export const DATASOURCE_VARIABLE = {
  name: 'datasource',
  label: 'Prometheus',
  type: 'datasource',
  query: 'prometheus',
  current: {},
  hide: 0,
  refresh: 1,
} as const;
