// Which pods each selecting resource (a Sidecar's workloadSelector, a Telemetry's selector) applies to, the way
// istioctl's sidecar and telemetry SelectorAnalyzers match them: labels against the pods of the resource's namespace.
import type { SourcedObject } from '../../findings';
import { identity, namespaceOf } from '../../mesh/mesh-index';
import { MeshPod, MeshPods } from './mesh-pods';

/** A resource with a non-empty selector, and the JSON path of its labels. */
export interface SelectingResource {
  readonly source: SourcedObject;
  readonly labels: Readonly<Record<string, string>>;
  readonly field: string;
}

/** A pod and the resources that select it (each copy of a resource once). */
export interface SelectedPod {
  readonly pod: MeshPod;
  readonly resources: SelectingResource[];
}

/** The resources that select no pod, and the selected pods with their resources. */
export function selectPods(pods: MeshPods, resources: readonly SelectingResource[]): { unmatched: SelectingResource[]; selected: SelectedPod[] } {
  const unmatched: SelectingResource[] = [];
  const byPod = new Map<string, SelectedPod>();
  for (const resource of resources) {
    const matched = pods.select(resource.labels, namespaceOf(resource.source));
    if (matched.length === 0) unmatched.push(resource);
    for (const pod of matched) {
      const entry = byPod.get(pod.key) ?? { pod, resources: [] };
      if (!entry.resources.includes(resource)) entry.resources.push(resource);
      byPod.set(pod.key, entry);
    }
  }
  return { unmatched, selected: [...byPod.values()] };
}

/** How many distinct resources (kind, namespace, name) are among `resources`: copies of one object count once. */
export function distinctCount(resources: readonly { source: SourcedObject }[]): number {
  return new Set(resources.map((r) => identity(r.source))).size;
}
