// What istioctl's gateway, service and workload analyzers see of a set in a cluster: its Services (with the API
// server's defaults, and the Istio install's gateway Services), its pods (every pod template, Pod and
// AppsodyApplication, and the install's gateway pods), and its Istio Gateways, indexed once per run by label.
import type { SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf, Workload } from '../../mesh/mesh-index';
import { ClusterService, clusterService } from './cluster-services';
import { labelMap, selects, selectorText, sortedKeys } from './label-selector';
import { at } from './manifest-values';
import { oncePer } from '../../once-per';
import { push } from '../../grouped';

/** Namespaces istioctl drops when it loads files, and does not watch in a cluster: its analyzers never see them. */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Whether istioctl's analyzers see an object at all. */
export function analyzed(source: SourcedObject): boolean {
  return !IGNORED_NAMESPACES.has(namespaceOf(source));
}

/** Whether an object is an Istio Gateway (networking.istio.io), not a Kubernetes Gateway API one. */
export function isIstioGateway(source: SourcedObject): boolean {
  return source.object.kind === 'Gateway' && source.object.apiVersion.startsWith('networking.istio.io/');
}

/** The `spec.selector` of an Istio Gateway. */
export function gatewaySelector(gateway: SourcedObject): Record<string, string> {
  return labelMap(at(gateway.object, 'spec', 'selector'));
}

/** A set's Services, pods and Istio Gateways, as istioctl's analyzers see them in a cluster. */
export class ClusterView {
  /** The Services, those the install provides included. */
  public readonly services: readonly ClusterService[];
  /** The pods, those the install provides included. */
  public readonly workloads: readonly Workload[];
  /** The Istio Gateways of the set (never the install's, which are not reported on). */
  public readonly gateways: readonly SourcedObject[];
  private readonly workloadsByLabel = new Map<string, Workload[]>();
  private readonly matching = new Map<string, readonly Workload[]>();
  private readonly servicesByNamespace = new Map<string, { unselective: ClusterService[]; byLabel: Map<string, ClusterService[]> }>();

  constructor(index: MeshIndex) {
    this.workloads = index.workloads.filter((w) => !IGNORED_NAMESPACES.has(w.namespace));
    for (const w of this.workloads) for (const [k, v] of Object.entries(w.podLabels)) push(this.workloadsByLabel, `${k}=${v}`, w);
    this.services = [...index.objects, ...index.provided].filter(analyzed).flatMap((s) => clusterService(s) ?? []);
    for (const service of this.services) {
      let entry = this.servicesByNamespace.get(service.namespace);
      if (!entry) this.servicesByNamespace.set(service.namespace, (entry = { unselective: [], byLabel: new Map() }));
      const [first] = sortedKeys(service.selector);
      if (first === undefined) entry.unselective.push(service);
      else push(entry.byLabel, `${first}=${service.selector[first]}`, service);
    }
    this.gateways = index.objects.filter((s) => isIstioGateway(s) && analyzed(s));
  }

  /** The pods, in any namespace, whose labels `selector` matches (every pod for an empty selector). */
  public workloadsMatching(selector: Readonly<Record<string, string>>): readonly Workload[] {
    const key = selectorText(selector);
    let found = this.matching.get(key);
    if (!found) {
      const [first] = sortedKeys(selector);
      found =
        first === undefined ? this.workloads : (this.workloadsByLabel.get(`${first}=${selector[first]}`) ?? []).filter((w) => selects(selector, w.podLabels));
      this.matching.set(key, found);
    }
    return found;
  }

  /**
   * The Services of a pod's namespace that select it. A Service with no selector selects no pod in Kubernetes, but
   * some of istioctl's analyzers count it as selecting every pod of its namespace: `unselective` says which.
   */
  public servicesSelecting(workload: Pick<Workload, 'namespace' | 'podLabels'>, unselective: boolean): ClusterService[] {
    const entry = this.servicesByNamespace.get(workload.namespace);
    if (!entry) return [];
    const found = unselective ? [...entry.unselective] : [];
    for (const [k, v] of Object.entries(workload.podLabels)) {
      for (const service of entry.byLabel.get(`${k}=${v}`) ?? []) if (selects(service.selector, workload.podLabels)) found.push(service);
    }
    return found;
  }
}

/** The cluster view of an index, built once however many checks read it. */
export const clusterView = oncePer((index: MeshIndex) => new ClusterView(index));

/** `<namespace>/<name>` of an object, as istioctl names it in messages. */
export function fullName(source: SourcedObject): string {
  return `${namespaceOf(source)}/${source.object.metadata?.name ?? ''}`;
}
