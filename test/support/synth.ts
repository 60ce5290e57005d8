import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { OutputChart, MeshTopologyProps } from '../../constructs';
import { KubeObject } from '../../src/manifests/kube-object';
import { synthesize, SynthResult } from '../../src/synth/synthesize';
import { buildTopologyApp, TUTORIAL } from '../../src/project';

/** The labels every object of a topology carries, for pruning and deleting by label. */
export const LIFECYCLE_LABELS = { 'app.kubernetes.io/part-of': 'tracing-tutorial', 'app.kubernetes.io/managed-by': 'cdk8s' };

/** Synthesizes a topology (the tutorial by default) in memory. */
export function synthTopology(spec: MeshTopologyProps = TUTORIAL): SynthResult {
  return synthesize(buildTopologyApp(spec));
}

/** Synthesizes whatever `define` adds to a single chart, and returns the chart's objects. */
export function synthChart(define: (chart: Construct) => void, namespace = 'test-ns'): KubeObject[] {
  const app = new App();
  define(new OutputChart(app, 'test', { file: 'test.yaml', namespace }));
  return [...synthesize(app).manifests[0].objects];
}

/** The objects of the app itself: every file but the Istio install's (`istio/`), which lives in Istio's namespaces. */
export function appObjects(result: SynthResult): KubeObject[] {
  return result.manifests.filter((m) => !m.file.startsWith('istio/')).flatMap((m) => m.objects);
}

/** Every object of a synth result, across files. */
export function allObjects(result: SynthResult): KubeObject[] {
  return result.manifests.flatMap((m) => m.objects);
}

/** The one object of `kind` named `name` in `file`, failing the test when there is not exactly one. */
export function objectIn(result: SynthResult, file: string, kind: string, name: string): any {
  const manifest = result.manifests.find((m) => m.file === file);
  if (!manifest) throw new Error(`no file ${file} in ${result.manifests.map((m) => m.file).join(', ')}`);
  const found = manifest.objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name} in ${file}, found ${found.length}`);
  return found[0];
}
