import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { OutputChart } from '../../constructs/output-chart';
import { OutputDocument } from '../../constructs/output-document';
import { KubeObject, Manifest, SynthError } from './manifest';
import type { OutputFile } from './write';

/** What an app renders to: manifests (Kubernetes objects by file) and documents written as they are. */
export interface RenderedApp {
  readonly manifests: Manifest[];
  readonly documents: OutputFile[];
}

/**
 * Runs every construct's validations, then renders each {@link OutputChart} to its objects and collects each
 * {@link OutputDocument}, sorted by file. Throws a {@link SynthError} listing all validation problems with their
 * construct paths.
 */
export function renderApp(app: App): RenderedApp {
  const problems: string[] = [];
  const charts: OutputChart[] = [];
  const documents: OutputDocument[] = [];
  for (const construct of app.node.findAll()) {
    for (const message of construct.node.validate()) problems.push(`${construct.node.path}: ${message}`);
    if (OutputDocument.isOutputDocument(construct)) documents.push(construct);
    if (!Chart.isChart(construct)) continue;
    if (OutputChart.isOutputChart(construct)) charts.push(construct);
    else problems.push(`${construct.node.path}: a chart must be an OutputChart, which names its output file`);
  }
  const byFile = new Map<string, OutputChart | OutputDocument>();
  for (const writer of [...charts, ...documents]) {
    const other = byFile.get(writer.file);
    if (other) problems.push(`${writer.node.path}: writes ${writer.file}, which ${other.node.path} writes too`);
    byFile.set(writer.file, writer);
  }
  if (problems.length > 0) throw new SynthError(problems);
  const byName = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return {
    manifests: charts.sort(byName).map((chart) => ({ file: chart.file, objects: chartObjects(chart) })),
    documents: documents.sort(byName).map((d) => ({ path: d.file, content: d.content })),
  };
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
