// The pods that istioctl's policy analyzers match selectors against, read from a set of manifests: each workload's
// pod template (an AppsodyApplication's pods carry its labels), the gateways the Istio install runs, and the pods
// Istio deploys for Gateway API Gateways. Whether a pod is in the mesh, or in ambient mode, is what istioctl would
// read from the running pod: the sidecar the injection webhook adds, or the annotation the ambient node agent adds.
import type { SourcedObject } from '../../findings';
import { identity, MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { podSpecs } from '../../mesh/workloads';
import { gatewayApiPods } from '../../mesh/gateway-api-workloads';
import { list, record } from './spec-values';
import { selectorMatches } from './label-selector';
import { oncePer } from '../../once-per';
import { push } from '../../grouped';

/** Namespaces whose resources istioctl drops when it reads them, pods and policies alike. */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** The pods of one workload. */
export interface MeshPod {
  /** The object that runs them: a controller, a Pod, an AppsodyApplication, a Gateway API Gateway. */
  readonly source: SourcedObject;
  /** The same for every copy of one object (kind, namespace, name) in the set. */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Whether the pods run a sidecar, as istioctl's `PodInMesh` tells. */
  readonly inMesh: boolean;
  /** Whether the pods are captured by ambient mode (annotation `ambient.istio.io/redirection: enabled`). */
  readonly ambient: boolean;
}

const INJECT = 'sidecar.istio.io/inject';
const DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** The pods of a set, indexed by namespace and label. */
export class MeshPods {
  public readonly all: readonly MeshPod[];
  private readonly byNamespace = new Map<string, MeshPod[]>();
  private readonly byLabel = new Map<string, MeshPod[]>();

  constructor(index: MeshIndex) {
    const namespaceLabels = (ns: string) => index.namespaces.get(ns)?.object.metadata?.labels;
    const pods: MeshPod[] = [];
    for (const w of index.workloads) {
      if (IGNORED_NAMESPACES.has(w.namespace)) continue;
      const mode = w.source.provided
        ? { inMesh: true, ambient: false }
        : podMode(w.podLabels, w.podAnnotations, hasProxyContainer(w.source), namespaceLabels(w.namespace));
      pods.push({ source: w.source, key: identity(w.source), namespace: w.namespace, labels: w.podLabels, ...mode });
    }
    for (const { source, labels } of gatewayApiPods(index.objects)) {
      const namespace = namespaceOf(source);
      if (IGNORED_NAMESPACES.has(namespace)) continue;
      // a gateway's pod is an Envoy proxy in a container named istio-proxy: in the mesh, never in ambient mode
      pods.push({ source, key: identity(source), namespace, labels, inMesh: true, ambient: false });
    }
    this.all = pods;
    for (const pod of pods) {
      push(this.byNamespace, pod.namespace, pod);
      for (const [k, v] of Object.entries(pod.labels)) {
        push(this.byLabel, labelKey(pod.namespace, k, v), pod);
        push(this.byLabel, labelKey(undefined, k, v), pod);
      }
    }
  }

  /** The pods `selector` matches, in `namespace` or (undefined) in every namespace; an empty selector matches all. */
  public select(selector: Readonly<Record<string, string>>, namespace?: string): MeshPod[] {
    const entries = Object.entries(selector);
    if (entries.length === 0) return namespace === undefined ? [...this.all] : [...(this.byNamespace.get(namespace) ?? [])];
    // the pods of the selector's rarest label, so that a label every pod has (version=v1) costs no scan of them all
    let candidates: readonly MeshPod[] | undefined;
    for (const [k, v] of entries) {
      const withLabel = this.byLabel.get(labelKey(namespace, k, v)) ?? [];
      if (!candidates || withLabel.length < candidates.length) candidates = withLabel;
    }
    return (candidates ?? []).filter((p) => selectorMatches(selector, p.labels));
  }

  /** The pods of `namespace`. */
  public inNamespace(namespace: string): readonly MeshPod[] {
    return this.byNamespace.get(namespace) ?? [];
  }
}

/** The pods of the index's set, built once per index. */
export const meshPods = oncePer((index: MeshIndex) => new MeshPods(index));

/** `Deployment shop/web`, or `the pods of Gateway shop/gw` for the pods Istio deploys for a Gateway. */
export function describePod(pod: MeshPod): string {
  const name = `${pod.source.object.kind} ${pod.namespace}/${pod.source.object.metadata?.name ?? ''}`;
  return pod.source.object.kind === 'Gateway' ? `the pods of ${name}` : name;
}

/**
 * istioctl's `PodInMesh` and `PodInAmbientMode` on the pod a template becomes. istioctl sees a sidecar container
 * where the injection webhook adds one, so the webhook's choice is made here (namespace `istio-injection=enabled` or
 * a revision label, else the pod label `sidecar.istio.io/inject=true`; `false` on the pod opts out). A namespace the
 * set does not define may have any labels: its pods are counted in the mesh unless they opt out, so that a policy
 * is not reported for pods that a cluster would inject.
 */
function podMode(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
  proxyContainer: boolean,
  namespace: Readonly<Record<string, string>> | undefined,
): { inMesh: boolean; ambient: boolean } {
  const sidecar = proxyContainer || injected(labels, annotations, namespace);
  // istio-cni captures pods of an ambient namespace, or labelled ambient, unless they have a sidecar or opt out
  const ambient =
    annotations['ambient.istio.io/redirection'] === 'enabled' ||
    (!sidecar &&
      labels[DATAPLANE_MODE] !== 'none' &&
      (labels[DATAPLANE_MODE] === 'ambient' || (namespace !== undefined && namespaceInAmbientMode(namespace))));
  if (sidecar) return { inMesh: true, ambient };
  if (INJECT in labels) return { inMesh: labels[INJECT] === 'true', ambient };
  if (INJECT in annotations) return { inMesh: annotations[INJECT] === 'true', ambient };
  if (namespace) return { inMesh: namespace['istio-injection'] === 'enabled', ambient };
  return { inMesh: true, ambient };
}

/** Whether Istio's injection webhook (the default install's selectors) adds a sidecar to the pod. */
function injected(
  labels: Readonly<Record<string, string>>,
  annotations: Readonly<Record<string, string>>,
  namespace: Readonly<Record<string, string>> | undefined,
): boolean {
  if (labels[INJECT] === 'false' || annotations[INJECT] === 'false' || !namespace) return false;
  if ('istio-injection' in namespace) return namespace['istio-injection'] === 'enabled';
  if (namespace['istio.io/rev']) return true;
  return labels[INJECT] === 'true';
}

/** istioctl's `NamespaceInAmbientMode`: labelled ambient, and not for sidecar injection. */
export function namespaceInAmbientMode(labels: Readonly<Record<string, string>>): boolean {
  if (labels['istio-injection'] === 'enabled' || labels['istio.io/rev']) return false;
  return labels[DATAPLANE_MODE] === 'ambient';
}

/** Whether a pod template already has the sidecar (`istioctl kube-inject` output): a container istio-proxy with an image. */
function hasProxyContainer(source: SourcedObject): boolean {
  return podSpecs(source).some((t) => {
    const spec = record(t.spec);
    return [...list(spec?.containers), ...list(spec?.initContainers)].some((c) => {
      const container = record(c);
      return container?.name === 'istio-proxy' && typeof container.image === 'string' && container.image !== '';
    });
  });
}

function labelKey(namespace: string | undefined, key: string, value: string): string {
  return `${namespace ?? '*'}\u0000${key}=${value}`;
}
