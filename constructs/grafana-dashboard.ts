import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import type { Dashboard } from './grafana/dashboard';
import { requireDnsLabel } from './prop-guards';
import { OutputDocument } from './output-document';

/** Props for {@link GrafanaDashboard}. */
export interface GrafanaDashboardProps {
  /** The dashboard. */
  readonly dashboard: Dashboard;
  /** Where the importable JSON file goes, relative to the output directory. */
  readonly file: string;
  /**
   * The ConfigMap's name.
   * @default - the dashboard's uid
   */
  readonly configMapName?: string;
}

/**
 * A Grafana dashboard, twice: as a JSON file for Grafana's "Import" dialog, and as a ConfigMap labelled
 * `grafana_dashboard: "1"` for a Grafana whose provisioning sidecar collects dashboards from ConfigMaps.
 */
export class GrafanaDashboard extends Construct {
  /** The dashboard JSON, as both the file and the ConfigMap carry it. */
  public readonly json: string;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const name = props.configMapName ?? props.dashboard.uid;
    requireDnsLabel(name, 'dashboard ConfigMap name');
    this.json = `${JSON.stringify(props.dashboard, null, 2)}\n`;
    new OutputDocument(this, 'File', { file: props.file, content: this.json });
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name, labels: { grafana_dashboard: '1' } },
      data: { [`${props.dashboard.uid}.json`]: this.json },
    });
  }
}
