// IST0101 ReferencedResourceNotFound for route and mirror hosts (`host`, `mirror host`, `host:port`) and IST0112
// VirtualServiceDestinationPortSelectorRequired: istioctl's virtualservice.DestinationHostAnalyzer
// (virtualservice/destinationhosts.go). istioctl skips it on files (it needs Services); we run it on the set.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { exportToOf, RouteDestination, routeDestinations } from './route-destinations';
import { ServiceRecord, serviceRegistry } from './service-registry';

/** Route and mirror destinations whose host nothing visible answers at, or whose port it does not expose. */
export function checkDestinationHosts(index: MeshIndex): Finding[] {
  const registry = serviceRegistry(index);
  const findings: Finding[] = [];
  for (const vs of analyzedObjects(index).virtualServices) {
    const namespace = namespaceOf(vs);
    const exportTo = exportToOf(vs);
    for (const d of routeDestinations(vs)) {
      const records = registry.resolve(namespace, exportTo, d.host);
      if (!records) {
        const reftype = d.role === 'mirror' ? 'mirror host' : 'host';
        findings.push(
          finding(MESSAGES.referencedResourceNotFound, vs, `referenced ${reftype} not found: ${JSON.stringify(d.host)} (${registry.whyMissing(namespace, exportTo, d.host)})`, `${d.field}.host`),
        );
      } else {
        findings.push(...checkPort(vs, d, records));
      }
    }
  }
  return findings;
}

function checkPort(vs: SourcedObject, d: RouteDestination, records: readonly ServiceRecord[]): Finding[] {
  if (d.port === undefined) {
    const ambiguous = records.find((r) => r.ports.length > 1);
    if (!ambiguous || records.some((r) => r.ports.length <= 1)) return [];
    return [
      finding(
        MESSAGES.virtualServiceDestinationPortSelectorRequired,
        vs,
        `this VirtualService routes to a service ${JSON.stringify(d.host)} that exposes multiple ports [${ambiguous.ports.join(' ')}]; ` +
          `specifying a port in the destination is required to disambiguate (${ambiguous.what})`,
        `${d.field}.host`,
      ),
    ];
  }
  const port = d.port;
  if (records.some((r) => r.ports.includes(port))) return [];
  const exposed = [...new Set(records.flatMap((r) => r.ports))];
  const what = records.map((r) => r.what).join(', ');
  return [
    finding(
      MESSAGES.referencedResourceNotFound,
      vs,
      `referenced host:port not found: ${JSON.stringify(`${d.host}:${d.port}`)} (${exposedBy(records[0])} exposes ${exposed.join(', ') || 'no ports'}` +
        `${records.length > 1 ? `: ${what}` : ''})`,
      `${d.field}.port.number`,
      // istioctl places it on the destination's host (checkServiceEntryPorts)
      `${d.field}.host`,
    ),
  ];
}

function exposedBy(record: ServiceRecord): string {
  if (record.what.startsWith('ServiceEntry ')) return 'the ServiceEntry';
  if (record.what.startsWith('AppsodyApplication ')) return "the AppsodyApplication's Service";
  if (record.what.startsWith('RuntimeComponent ')) return "the RuntimeComponent's Service";
  return 'the Service';
}
