// IST0109 ConflictingMeshGatewayVirtualServiceHosts: istioctl's virtualservice.ConflictingMeshGatewayHostsAnalyzer
// (virtualservice/conflictingmeshgatewayhosts.go). VirtualServices bound to the mesh are keyed by `<scope>/<fqdn>` of
// each host, per namespace they are exported to (`*` for all); a key held by several conflicts, and a namespace-scoped
// key also conflicts with every all-namespaces key whose host overlaps it (wildcards included).
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { identity, MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { hostsMatch, toFqdn } from './host-names';
import { exportToOf, vsGateways, vsHosts } from './route-destinations';

interface Holder {
  readonly vs: SourcedObject;
  /** Index of the host in `spec.hosts`. */
  readonly host: number;
}

/** The scopes a mesh-bound VirtualService's hosts are keyed under. */
function scopesOf(vs: SourcedObject): string[] {
  const exportTo = exportToOf(vs);
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? namespaceOf(vs) : e)))];
}

/**
 * Mesh-bound VirtualServices that define the same host where both are visible. One object defined in several files
 * (the same kind, namespace and name) is one VirtualService: alternatives that replace each other when applied, such
 * as two fault scenarios for one host. istioctl also lists a VirtualService twice, against itself, when two of its
 * hosts expand to one name (`web` and `web.shop.svc.cluster.local`): istiod merely serves that host once, so we count
 * each VirtualService once per key (a plain istioctl bug).
 */
export function checkMeshHostConflicts(index: MeshIndex): Finding[] {
  const keys = new Map<string, Map<string, Holder>>();
  for (const vs of analyzedObjects(index).virtualServices) {
    const gateways = vsGateways(vs);
    if (gateways.length > 0 && !gateways.includes('mesh')) continue;
    const namespace = namespaceOf(vs);
    for (const scope of scopesOf(vs)) {
      vsHosts(vs).forEach((h, i) => {
        const key = `${scope}/${toFqdn(namespace, h)}`;
        const holders = keys.get(key) ?? new Map<string, Holder>();
        if (!holders.has(identity(vs))) holders.set(identity(vs), { vs, host: i });
        keys.set(key, holders);
      });
    }
  }
  // all-namespaces keys that a namespace-scoped key may overlap without being equal: only wildcards need a scan
  const wildcardAll = [...keys.keys()].filter((k) => k.startsWith('*/*'));
  const reported = new Set<string>();
  const findings: Finding[] = [];
  // istioctl walks the keys in Go's map order and reports each VirtualService once; we walk them sorted
  for (const key of [...keys.keys()].sort()) {
    const slash = key.indexOf('/');
    const [scope, host] = [key.slice(0, slash), key.slice(slash + 1)];
    const holders = new Map(keys.get(key));
    if (scope !== '*') {
      const overlapping = host.startsWith('*') ? [...keys.keys()].filter((k) => k.startsWith('*/')) : [`*/${host}`, ...wildcardAll];
      for (const other of overlapping) {
        if (!hostsMatch(host, other.slice(2))) continue;
        for (const [id, holder] of keys.get(other) ?? []) if (!holders.has(id)) holders.set(id, holder);
      }
    }
    if (holders.size < 2) continue;
    const names = [...holders.values()].map(({ vs }) => `${namespaceOf(vs)}/${vs.object.metadata?.name ?? ''}`).sort();
    for (const [id, { vs, host: i }] of holders) {
      if (reported.has(id)) continue;
      reported.add(id);
      findings.push(
        finding(
          MESSAGES.conflictingMeshGatewayVirtualServiceHosts,
          vs,
          `the VirtualServices ${names.join(', ')} associated with mesh gateway define the same host ${host}` +
            `${scope === '*' ? '' : ` (as exported to namespace ${scope})`}, which can lead to undefined behavior; ` +
            'merge the conflicting VirtualServices into a single resource (alternatives that replace each other need the same name)',
          `spec.hosts[${i}]`,
          // istioctl places it on the VirtualService's name (util.MetadataName)
          'metadata.name',
        ),
      );
    }
  }
  return findings;
}
