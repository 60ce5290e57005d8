// IST0109 ConflictingMeshGatewayVirtualServiceHosts, and TT0010 for one object defined twice in one file.
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';
import { fqdn, identity, MeshIndex, namespaceOf } from './mesh-index';
import { boundGateways, hostsOf } from './virtual-services';

/** The namespaces a VirtualService is visible in: `*` for all (no exportTo, or `*`). */
function exportScopes(vs: SourcedObject): string[] {
  const exportTo = ((vs.object.spec as any)?.exportTo ?? []) as string[];
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((ns) => (ns === '.' ? namespaceOf(vs) : ns)))];
}

/**
 * Two VirtualServices bound to the mesh for one host, visible in a common namespace: Istio merges or drops one of
 * them unpredictably. Objects with the same kind, namespace and name are one object (alternatives that replace
 * each other when applied, such as two fault scenarios for one host), not a conflict.
 */
export function checkMeshHostConflicts(index: MeshIndex): Finding[] {
  const byHost = new Map<string, Map<string, { vs: SourcedObject; scopes: string[] }>>();
  for (const vs of index.virtualServices) {
    if (!boundGateways(vs).includes('mesh')) continue;
    for (const host of hostsOf(vs)) {
      const key = fqdn(host, namespaceOf(vs));
      const owners = byHost.get(key) ?? new Map();
      if (!owners.has(identity(vs))) owners.set(identity(vs), { vs, scopes: exportScopes(vs) });
      byHost.set(key, owners);
    }
  }
  const findings: Finding[] = [];
  for (const [host, owners] of byHost) {
    if (owners.size < 2) continue;
    const list = [...owners.values()];
    for (const { vs, scopes } of list) {
      const rivals = list.filter((o) => o.vs !== vs && o.scopes.some((s) => s === '*' || scopes.includes('*') || scopes.includes(s)));
      if (rivals.length === 0) continue;
      const names = [vs, ...rivals.map((r) => r.vs)].map((v) => `${namespaceOf(v)}/${v.object.metadata.name}`).sort();
      findings.push(
        finding(
          MESSAGES.conflictingMeshGatewayVirtualServiceHosts,
          vs,
          `the VirtualServices ${names.join(', ')} associated with mesh gateway define the same host ${host}, which can lead to undefined behavior; ` +
            'merge them into one VirtualService (or give them the same name if they are alternatives)',
          'spec.hosts',
        ),
      );
    }
  }
  return findings;
}

/** The same object (kind, namespace, name) twice in one file: the later silently replaces the earlier. */
export function checkDuplicates(index: MeshIndex): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const key = `${source.file ?? ''}\u0000${identity(source)}`;
    if (seen.has(key)) {
      findings.push(
        finding(
          MESSAGES.duplicateObject,
          source,
          `${source.object.kind} ${namespaceOf(source)}/${source.object.metadata.name} is defined more than once in the same input; the last one wins when applied`,
        ),
      );
    }
    seen.add(key);
  }
  return findings;
}
