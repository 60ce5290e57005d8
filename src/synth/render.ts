import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { IConstruct } from 'constructs';
import { MeshTopology } from '../../constructs/mesh-topology';
import { OutputChart } from '../../constructs/output-chart';
import { OutputDocument } from '../../constructs/output-document';
import { KubeObject, Manifest, OutputFile } from '../manifests/kube-object';
import { plainCopy } from './plain-copy';
import { SynthError } from './synth-error';

/** What an app renders to: manifests (Kubernetes objects by file) and documents written as they are. */
export interface RenderedApp {
  readonly manifests: Manifest[];
  readonly documents: OutputFile[];
  /** The app's (first) mesh topology, which the output's README and translation report describe. */
  readonly topology?: MeshTopology;
}

/**
 * Runs every construct's validations, then renders each {@link OutputChart} to its objects and collects each
 * {@link OutputDocument}, sorted by file, and finds the app's {@link MeshTopology}, in one walk of the tree. Throws a
 * {@link SynthError} listing all validation problems with their construct paths.
 *
 * Charts are rendered the way cdk8s renders them: the first through its public `Chart.toJson()`, which resolves the
 * dependencies of the whole app (chart and construct dependencies become object dependencies) and validates it;
 * every other chart's objects in the same dependency order, without `toJson()`'s re-resolution and re-validation of
 * the whole app on each call, which makes a synth of N charts quadratic.
 */
export function renderApp(app: App): RenderedApp {
  const problems: string[] = [];
  const charts: OutputChart[] = [];
  const documents: OutputDocument[] = [];
  let topology: MeshTopology | undefined;
  for (const construct of app.node.findAll()) {
    for (const message of construct.node.validate()) problems.push(`${construct.node.path}: ${message}`);
    if (topology === undefined && MeshTopology.isMeshTopology(construct)) topology = construct;
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
  const sorted = charts.sort(byName);
  // resolves the app's dependencies once, and renders the first chart exactly as cdk8s does; every object is then
  // copied into plain shapes, which validation and the YAML writer read faster (plain-copy.ts)
  const first = sorted.length > 0 ? (sorted[0].toJson() as KubeObject[]).map(plainCopy) : [];
  return {
    manifests: sorted.map((chart, i) => ({ file: chart.file, objects: i === 0 ? first : chartObjects(chart) })),
    documents: documents.sort(byName).map((d) => ({ path: d.file, content: d.content })),
    ...(topology ? { topology } : {}),
  };
}

/** A chart's objects in cdk8s's order (dependencies first, then construction order), without nested charts' objects. */
function chartObjects(chart: Chart): KubeObject[] {
  return inDependencyOrder(chart)
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map((o) => plainCopy(o.toJson() as KubeObject));
}

/**
 * The constructs of a chart as cdk8s's `DependencyGraph(chart.node).topology()` orders them. Without a dependency in
 * the chart that order is the construction order, `findAll()`'s: the graph adopts its dependency-free vertices in the
 * order it was given them (the keys of an object, by path, where only a chart at the root can have a path that reads
 * as a number, and it comes first in either order), and adds none. Building the graph costs a path string and a
 * vertex for every construct, which a chart without dependencies does not need.
 */
function inDependencyOrder(chart: Chart): IConstruct[] {
  const constructs = chart.node.findAll();
  if (constructs.every((c) => c.node.dependencies.length === 0)) return constructs;
  return new DependencyGraph(chart.node).topology();
}
