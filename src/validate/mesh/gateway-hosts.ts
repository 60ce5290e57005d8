// IST0132 VirtualServiceHostNotFoundInGateway.
import { Finding, finding, MESSAGES } from '../findings';
import { MeshIndex, namespaceOf } from './mesh-index';
import { gatewayKey, hostsOf } from './virtual-services';

/** The hosts a Gateway serves to VirtualServices in `vsNamespace` (`ns/host` entries for other namespaces dropped). */
export function gatewayHostsFor(serverHosts: readonly string[], gatewayNamespace: string, vsNamespace: string): string[] {
  const hosts: string[] = [];
  for (const entry of serverHosts) {
    const slash = entry.indexOf('/');
    if (slash < 0) {
      hosts.push(entry);
      continue;
    }
    const ns = entry.slice(0, slash) === '.' ? gatewayNamespace : entry.slice(0, slash);
    if (ns === '*' || ns === vsNamespace) hosts.push(entry.slice(slash + 1));
  }
  return hosts;
}

/** Host match as Istio's: equal names, or a wildcard `*suffix` that the other name (or wildcard) ends with. */
export function hostsMatch(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (!aWild && !bWild) return a === b;
  if (aWild && bWild) return a.length > b.length ? a.slice(1).endsWith(b.slice(1)) : b.slice(1).endsWith(a.slice(1));
  return aWild ? b.endsWith(a.slice(1)) : a.endsWith(b.slice(1));
}

/** Gateway-bound VirtualServices none of whose hosts the bound Gateway serves. */
export function checkGatewayHosts(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const vs of index.virtualServices) {
    const vsNamespace = namespaceOf(vs);
    ((vs.object.spec as any)?.gateways ?? []).forEach((entry: string, i: number) => {
      const key = gatewayKey(entry, vsNamespace);
      const gateway = index.gateways.get(key);
      // a missing gateway is IST0101's to report
      if (key === 'mesh' || !gateway) return;
      const servers = ((gateway.object.spec as any)?.servers ?? []) as any[];
      const served = gatewayHostsFor(
        servers.flatMap((s) => (Array.isArray(s?.hosts) ? (s.hosts as string[]) : [])),
        namespaceOf(gateway),
        vsNamespace,
      );
      const hosts = hostsOf(vs);
      if (hosts.some((h) => served.some((g) => hostsMatch(g, h)))) return;
      findings.push(
        finding(
          MESSAGES.virtualServiceHostNotFoundInGateway,
          vs,
          `one or more host [${hosts.join(' ')}] defined in VirtualService ${vsNamespace}/${vs.object.metadata.name} not found in Gateway ${key} ` +
            `(it serves ${served.join(', ') || 'no hosts'} to namespace ${vsNamespace})`,
          `spec.gateways[${i}]`,
        ),
      );
    });
  }
  return findings;
}
