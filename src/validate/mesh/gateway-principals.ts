// Who sends a gateway-bound VirtualService's requests: the workloads its Istio Gateways select (their pods' service
// accounts, the install's gateways among them), as istiod programs the routes into those pods. A route through a
// Gateway the set does not resolve, or one that selects no workload of the set, comes from the install's ingress
// gateway, as the tutorial's does.
import { INGRESS_GATEWAY_PRINCIPAL, principalOf } from '../../../constructs/istio-defaults';
import type { SourcedObject } from '../findings';
import { oncePer } from '../once-per';
import { MeshIndex, namespaceOf } from './mesh-index';

/** The principals of the workloads an Istio Gateway (`<namespace>/<name>`) selects, each Gateway's found once. */
const principalsByGateway = oncePer((index: MeshIndex) => {
  const found = new Map<string, string[]>();
  return (key: string): string[] => {
    let principals = found.get(key);
    if (!principals) {
      const selector = ((index.gateways.get(key)?.object.spec as any)?.selector ?? {}) as Record<string, string>;
      const entries = Object.entries(selector);
      const selected = entries.length === 0 ? [] : index.workloads.filter((w) => entries.every(([k, v]) => w.podLabels[k] === v));
      found.set(key, (principals = [...new Set(selected.map((w) => principalOf(w.namespace, w.serviceAccount)))]));
    }
    return principals;
  };
});

/**
 * The Gateway a `gateways` entry names, as `namespace/name`, the way istiod binds it (resolveGatewayName): `ns/name`,
 * `./name` and a bare name in the VirtualService's namespace, and the legacy `name.ns[.svc.cluster.local]`. istioctl
 * looks `./name` up in a namespace called "." and the legacy form as a name with dots, and so reports as missing a
 * Gateway that istiod binds to (a plain bug); we resolve as istiod does. Undefined for `mesh`.
 */
export function gatewayOf(entry: string, namespace: string): string | undefined {
  if (entry === 'mesh') return undefined;
  const slash = entry.indexOf('/');
  if (slash >= 0) return `${entry.slice(0, slash) === '.' ? namespace : entry.slice(0, slash)}/${entry.slice(slash + 1)}`;
  const [name, ns] = entry.split('.');
  return ns === undefined ? `${namespace}/${entry}` : `${ns}/${name}`;
}

/** The Gateways (`<namespace>/<name>`) a VirtualService is bound to, `mesh` left out. */
export function boundGateways(vs: SourcedObject): string[] {
  const ns = namespaceOf(vs);
  const gateways = (((vs.object.spec as any)?.gateways ?? []) as unknown[]).filter((g): g is string => typeof g === 'string');
  return gateways.map((g) => gatewayOf(g, ns)).filter((g): g is string => g !== undefined);
}

/** The principals requests through these Gateways come from: their workloads', else the install's ingress gateway. */
export function gatewayPrincipals(index: MeshIndex, gateways: readonly string[]): string[] {
  const lookup = principalsByGateway(index);
  if (gateways.length === 1) {
    const own = lookup(gateways[0]);
    return own.length > 0 ? own : [INGRESS_GATEWAY_PRINCIPAL];
  }
  const principals = new Set<string>();
  for (const key of gateways) for (const p of lookup(key)) principals.add(p);
  return principals.size > 0 ? [...principals] : [INGRESS_GATEWAY_PRINCIPAL];
}

/** The principals a VirtualService's gateway routes come from: its Gateways' workloads', else the install's ingress gateway. */
export function routePrincipals(index: MeshIndex, vs: SourcedObject): string[] {
  return gatewayPrincipals(index, boundGateways(vs));
}
