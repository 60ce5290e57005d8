// IST0134 ServiceEntryAddressesRequired: istioctl's serviceentry.Analyzer (serviceentry/protocoladdresses.go). A
// ServiceEntry port of protocol TCP (or none) without addresses is matched on its port alone, so it captures all
// traffic to that port; unless the mesh config turns on DNS capture with address auto-allocation, where the proxies
// give it an address.
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import { isSet, list, record, text } from '../../builtin/go-values';
import { MeshIndex } from '../../mesh/mesh-index';
import { analyzedObjects } from './analyzed-objects';
import { installResourceOf } from '../injection-annotations/install-resource';

/**
 * Whether the mesh config of the set's install (its `istio` ConfigMap, else the install resource's: what istioctl
 * reads in a cluster) has `defaultConfig.proxyMetadata` turn on DNS capture and auto-allocation. Istio's defaults do
 * not.
 */
function autoAllocates(objects: readonly SourcedObject[]): boolean {
  const metadata = record(record(installResourceOf(objects).meshConfig.defaultConfig)?.proxyMetadata) ?? {};
  return metadata.ISTIO_META_DNS_CAPTURE === 'true' && (metadata.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || metadata.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
}

/** ServiceEntries with TCP ports (or ports without a protocol) and no addresses. */
export function checkServiceEntryAddresses(index: MeshIndex): Finding[] {
  if (autoAllocates(index.objects)) return [];
  const findings: Finding[] = [];
  for (const se of analyzedObjects(index).serviceEntries) {
    const spec = record(se.object.spec);
    // `addresses: []` is given (Go decodes it to an empty, non-nil list); an address istiod allocated is in the status
    if (isSet(spec?.addresses) || list(record(se.object.status)?.addresses).length > 0) continue;
    list(spec?.ports).forEach((value, i) => {
      const port = record(value);
      const protocol = typeof port?.protocol === 'string' ? port.protocol : '';
      if (protocol !== '' && protocol.toUpperCase() !== 'TCP') return;
      findings.push(
        finding(
          MESSAGES.serviceEntryAddressesRequired,
          se,
          `ServiceEntry addresses are required for this protocol (port ${port?.number ?? ''} is ${protocol ? 'TCP' : 'of no protocol, so TCP'}, ` +
            'which proxies match on the port alone; give spec.addresses, or a protocol such as HTTP or TLS)',
          // where istioctl puts it: the port's name, else the object
          text(port?.name) !== undefined ? `spec.ports[${i}].name` : `spec.ports[${i}]`,
        ),
      );
    });
  }
  return findings;
}
