// Who sends a gateway-bound VirtualService's requests: the workloads its Istio Gateways select (their pods' service
// accounts, the install's gateways among them), as istiod programs the routes into those pods. A route through a
// Gateway the set does not resolve, or one that selects no workload of the set, comes from the install's ingress
// gateway, as the tutorial's does.
import { INGRESS_GATEWAY_PRINCIPAL, principalOf } from '../../../constructs/istio-defaults';
import type { SourcedObject } from '../findings';
import { oncePer } from '../once-per';
import { MeshIndex } from './mesh-index';
import { boundGateways } from './virtual-services';

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
  return gatewayPrincipals(index, boundGateways(vs).filter((g) => g !== 'mesh'));
}
