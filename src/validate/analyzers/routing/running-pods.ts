// The pods a set runs, standing in for the Pods istioctl's Pod-reading analyzers list in a cluster: every pod template
// of the set (controllers, CronJobs, Pods), the Deployments the Appsody operator creates, and the gateways the Istio
// install provides; none in the namespaces istioctl ignores. Their labels are augmented as istiod's registry does
// (AugmentLabels): the node's region, zone and subzone and `kubernetes.io/hostname` for a template with a nodeName.
import type { Workload } from '../../mesh/mesh-index';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { podSpecs } from '../../mesh/workloads';
import { isAnalyzed, isKind } from './analyzed-objects';
import { oncePer } from '../../once-per';

/** A workload's pods, as one. */
export interface RunningPod {
  readonly workload: Workload;
  readonly labels: Readonly<Record<string, string>>;
  /** The object that runs them, for messages: `Deployment istio-system/istio-ingressgateway`. */
  readonly what: string;
}

const REGION = 'topology.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const SUBZONE = 'topology.istio.io/subzone';
const HOSTNAME = 'kubernetes.io/hostname';

/** The running pods of a set, with an index by label for selector lookups. */
export class RunningPods {
  public readonly pods: RunningPod[] = [];
  private readonly byLabel = new Map<string, RunningPod[]>();

  constructor(index: MeshIndex) {
    const nodes = new Map<string, Readonly<Record<string, string>>>();
    for (const source of index.objects) {
      if (isKind(source, '', 'Node')) nodes.set(source.object.metadata?.name ?? '', source.object.metadata?.labels ?? {});
    }
    for (const workload of index.workloads) {
      if (!isAnalyzed(workload.source)) continue;
      const labels: Record<string, string> = { ...workload.podLabels };
      const nodeName = podSpecs(workload.source)[0]?.spec?.nodeName;
      if (typeof nodeName === 'string' && nodeName !== '') {
        const node = nodes.get(nodeName) ?? {};
        if (node[REGION]) labels[REGION] = node[REGION];
        if (node[ZONE]) labels[ZONE] = node[ZONE];
        if (node[ZONE] && node[SUBZONE]) labels[SUBZONE] = node[SUBZONE];
        labels[HOSTNAME] = nodeName;
      }
      const { kind, metadata } = workload.source.object;
      const pod: RunningPod = { workload, labels, what: `${kind} ${namespaceOf(workload.source)}/${metadata?.name ?? ''}` };
      this.pods.push(pod);
      for (const [k, v] of Object.entries(labels)) {
        const key = `${k}=${v}`;
        const found = this.byLabel.get(key);
        if (found) found.push(pod);
        else this.byLabel.set(key, [pod]);
      }
    }
  }

  /** The pods, of any namespace, whose labels include every label of `selector` (all pods for an empty one). */
  public matching(selector: Readonly<Record<string, string>>): RunningPod[] {
    const required = Object.entries(selector);
    return this.candidates(required).filter((p) => required.every(([k, v]) => p.labels[k] === v));
  }

  /** Whether any pod matches `selector`. */
  public anyMatching(selector: Readonly<Record<string, string>>): boolean {
    const required = Object.entries(selector);
    return this.candidates(required).some((p) => required.every(([k, v]) => p.labels[k] === v));
  }

  /** The pods carrying the rarest label of a selector: a superset of the matches, without a scan of every pod. */
  private candidates(required: readonly [string, string][]): readonly RunningPod[] {
    if (required.length === 0) return this.pods;
    let smallest: readonly RunningPod[] | undefined;
    for (const [k, v] of required) {
      const pods = this.byLabel.get(`${k}=${v}`) ?? [];
      if (!smallest || pods.length < smallest.length) smallest = pods;
    }
    return smallest ?? [];
  }
}

/** The running pods of `index`'s set, listed once per set. */
export const runningPods = oncePer((index: MeshIndex) => new RunningPods(index));
