// IST0140 IngressRouteRulesNotAffected: the second half of istioctl's virtualservice.DestinationHostAnalyzer
// (virtualservice/destinationhosts.go analyzeSubset). A VirtualService that splits its own host by subset does not
// apply to requests that a gateway-bound VirtualService routes to that host without a subset: routes do not chain.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { toFqdn } from './host-names';
import { routeDestinations, vsGateways, vsHosts } from './route-destinations';

const fullName = (vs: SourcedObject) => `${namespaceOf(vs)}/${vs.object.metadata?.name ?? ''}`;

/**
 * Gateway-bound VirtualServices routing without a subset to a host that a VirtualService routes to its own host's
 * subsets. istioctl compares the host strings alone, so `reviews` in one namespace matches `reviews` in another, a
 * different Service; we also require the two to be the same Service (same string, same expansion).
 */
export function checkIngressSubsetRoutes(index: MeshIndex): Finding[] {
  const { virtualServices } = analyzedObjects(index);
  // host as written -> the VirtualServices routing their own host of that name to subsets, with its expansion
  const splitting = new Map<string, { vs: SourcedObject; fqdn: string }[]>();
  for (const vs of virtualServices) {
    const hosts = vsHosts(vs);
    const seen = new Set<string>();
    for (const d of routeDestinations(vs)) {
      if (d.role !== 'route' || d.protocol !== 'http' || d.subset === '' || !hosts.includes(d.host) || seen.has(d.host)) continue;
      seen.add(d.host);
      const list = splitting.get(d.host) ?? [];
      list.push({ vs, fqdn: toFqdn(namespaceOf(vs), d.host) });
      splitting.set(d.host, list);
    }
  }
  const findings: Finding[] = [];
  for (const vs of virtualServices) {
    if (vsGateways(vs).length === 0) continue;
    const reported = new Set<string>();
    for (const d of routeDestinations(vs)) {
      if (d.role !== 'route' || d.protocol !== 'http' || d.subset !== '') continue;
      const fqdn = toFqdn(namespaceOf(vs), d.host);
      for (const { vs: splitter } of (splitting.get(d.host) ?? []).filter((s) => s.fqdn === fqdn)) {
        if (reported.has(fullName(splitter))) continue;
        reported.add(fullName(splitter));
        findings.push(
          finding(
            MESSAGES.ingressRouteRulesNotAffected,
            vs,
            `subset in virtual service ${fullName(splitter)} has no effect on ingress gateway ${fullName(vs)} requests ` +
              `(this route sends them to ${JSON.stringify(d.host)} without a subset; name the subsets here to split them)`,
            // istioctl looks the line up with the route's name in place of `http` (util.DestinationHost with
            // http.Name), which no file has, and falls back to the object's start: the host's line here (deliberate)
            `${d.field}.host`,
          ),
        );
      }
    }
  }
  return findings;
}
