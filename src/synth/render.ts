import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { OutputChart } from '../../constructs/output-chart';
import { KubeObject, Manifest, SynthError } from './manifest';

/**
 * Runs every construct's validations, then renders each {@link OutputChart} to its objects, sorted by file.
 * Throws a {@link SynthError} listing all validation problems with their construct paths.
 */
export function renderManifests(app: App): Manifest[] {
  const problems: string[] = [];
  const charts: OutputChart[] = [];
  for (const construct of app.node.findAll()) {
    for (const message of construct.node.validate()) problems.push(`${construct.node.path}: ${message}`);
    if (!Chart.isChart(construct)) continue;
    if (OutputChart.isOutputChart(construct)) charts.push(construct);
    else problems.push(`${construct.node.path}: a chart must be an OutputChart, which names its output file`);
  }
  const byFile = new Map<string, OutputChart>();
  for (const chart of charts) {
    const other = byFile.get(chart.file);
    if (other) problems.push(`${chart.node.path}: writes ${chart.file}, which ${other.node.path} writes too`);
    byFile.set(chart.file, chart);
  }
  if (problems.length > 0) throw new SynthError(problems);
  return [...byFile.keys()].sort().map((file) => ({ file, objects: chartObjects(byFile.get(file)!) }));
}

/**
 * A chart's objects in dependency order (then construction order), without nested charts' objects. This is what
 * `Chart.toJson()` returns, less its re-validation of the whole app on every call, which makes a synth of N charts
 * quadratic; the validations above ran once.
 */
function chartObjects(chart: Chart): KubeObject[] {
  return new DependencyGraph(chart.node).topology()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => o.toJson() as KubeObject);
}
