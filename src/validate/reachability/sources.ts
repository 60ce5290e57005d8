// The callers of the reachability matrix: the ingress gateways (the pods an Istio Gateway selects, the install's own
// ingress gateway when no Gateway of the set selects any, and the pods Istio deploys for a Gateway API Gateway),
// each workload identity of the set in the mesh (a namespace and ServiceAccount, whose principal the policies name),
// a pod outside the mesh (plaintext, no principal), and a pod of a namespace where the set runs nothing. Waypoints
// are no callers of their own: they forward the requests of the others.
import { principalOf } from '../../../constructs/istio-defaults';
import { gatewayApiPods } from '../mesh/gateway-api-workloads';
import { meshPods } from '../analyzers/policies/mesh-pods';
import { gatewayPrincipal } from '../analyzers/gateway-api/references';
import { MeshIndex, namespaceOf, Workload } from '../mesh/mesh-index';
import { oncePer } from '../once-per';
import { selectorMatches } from '../analyzers/policies/label-selector';
import { push } from '../grouped';

/** What kind of caller a source is, which decides how its requests travel. */
export type SourceKind = 'ingress' | 'workload' | 'outside' | 'other-namespace';

/** A caller: a row of the matrix. */
export interface Source {
  readonly kind: SourceKind;
  /** How the matrix names it: `ingress gateway (istio-system/istio-ingressgateway-service-account)`, `web (shop/web)`. */
  readonly label: string;
  /** Its SPIFFE principal; none for a pod outside the mesh. */
  readonly principal?: string;
  /** The objects of the set that run as it (`Deployment cloudlab/web`), or that it stands for. */
  readonly objects: readonly string[];
}

const describe = (w: Workload) => `${w.source.object.kind} ${w.namespace}/${w.source.object.metadata?.name ?? ''}`;
const accountOf = (principal: string) => principal.replace(/^[^/]*\/ns\//, '').replace('/sa/', '/');

/** The namespace the "another namespace" caller runs in: one the set does not use. */
export function foreignNamespace(index: MeshIndex): string {
  const used = new Set([...index.namespaces.keys(), ...[...index.objects, ...index.provided].map(namespaceOf)]);
  let name = 'another-namespace';
  for (let i = 2; used.has(name); i++) name = `another-namespace-${i}`;
  return name;
}

// the labels of the gateways an Istio install deploys (ingress, egress, east-west), which run no app
const GATEWAY_LABELS = new Set(['ingressgateway', 'egressgateway', 'eastwestgateway']);

/**
 * The workloads of Istio's ingress gateways: those an Istio Gateway of the set selects, or, when it selects none,
 * the install's own ingress gateway, which its routes may still name. Found once per index (the apps and the
 * callers both ask).
 */
export const ingressGatewayWorkloads = oncePer((index: MeshIndex): ReadonlySet<Workload> => {
  const found = new Set<Workload>();
  for (const gateway of index.gateways.values()) {
    const selector = ((gateway.object.spec as any)?.selector ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0) continue;
    for (const w of index.workloads) if (selectorMatches(selector, w.podLabels)) found.add(w);
  }
  if (found.size === 0) for (const w of index.workloads) if (w.source.provided && w.podLabels.istio === 'ingressgateway') found.add(w);
  return found;
});

/** Whether a workload is a gateway (one of `ingress`, or labelled as an Istio gateway), not an app. */
export function isGatewayWorkload(workload: Workload, ingress: ReadonlySet<Workload>): boolean {
  return ingress.has(workload) || GATEWAY_LABELS.has(workload.podLabels.istio ?? '') || 'gateway.istio.io/managed' in workload.podLabels;
}

/** Every caller of the set, in the matrix's order: ingress gateways, workload identities, outside the mesh, another namespace. */
export function sourcesOf(index: MeshIndex): Source[] {
  const pods = new Map(meshPods(index).all.map((p) => [p.source, p]));
  const inMesh = (w: Workload) => {
    const pod = pods.get(w.source);
    return pod !== undefined && (pod.inMesh || pod.ambient);
  };
  const ingress = new Map<string, Set<string>>();
  const add = (principal: string, what: string) => ingress.set(principal, (ingress.get(principal) ?? new Set()).add(what));
  const gateways = ingressGatewayWorkloads(index);
  for (const w of gateways) add(principalOf(w.namespace, w.serviceAccount), describe(w));
  for (const { source, labels } of gatewayApiPods(index.objects)) {
    if (labels['gateway.istio.io/managed'] !== 'istio.io-gateway-controller') continue;
    add(gatewayPrincipal(source, index), `Gateway ${namespaceOf(source)}/${source.object.metadata?.name ?? ''}`);
  }
  const sources: Source[] = [...ingress.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([principal, objects]) => ({ kind: 'ingress', label: `ingress gateway (${accountOf(principal)})`, principal, objects: [...objects] }));

  const identities = new Map<string, Workload[]>();
  const outside: Workload[] = [];
  for (const w of index.workloads) {
    if (w.source.provided || isGatewayWorkload(w, gateways)) continue;
    if (!inMesh(w)) outside.push(w);
    else {
      const principal = principalOf(w.namespace, w.serviceAccount);
      if (ingress.has(principal)) continue;
      push(identities, principal, w);
    }
  }
  for (const [principal, workloads] of [...identities.entries()].sort(([a], [b]) => compare(a, b))) {
    const names = [...new Set(workloads.map((w) => w.source.object.metadata?.name ?? ''))].join(', ');
    sources.push({ kind: 'workload', label: `${names} (${accountOf(principal)})`, principal, objects: [...new Set(workloads.map(describe))] });
  }
  const plain = [...new Set(outside.map(describe))];
  const shown = plain.length > 3 ? `${plain.slice(0, 3).join(', ')} and ${plain.length - 3} more` : plain.join(', ');
  sources.push({ kind: 'outside', label: `a pod outside the mesh${plain.length > 0 ? ` (${shown})` : ''}`, objects: plain });
  const foreign = foreignNamespace(index);
  sources.push({ kind: 'other-namespace', label: 'a pod of another namespace', principal: principalOf(foreign, 'default'), objects: [] });
  return sources;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
