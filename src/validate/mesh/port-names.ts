// IST0118 PortNameIsNotUnderNamingConvention: Istio picks a port's protocol from `<protocol>[-<suffix>]`.
import { Finding, finding, MESSAGES } from '../findings';
import { appsodyServicePorts, MeshIndex, namespaceOf, SYSTEM_NAMESPACES } from './mesh-index';

const PROTOCOLS = new Set(['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql']);
// ports Istio recognises by number whatever their name (SMTP, DNS, MySQL, MongoDB)
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);

/** Whether Istio can tell a port's protocol from its name (or appProtocol, which takes precedence). */
export function followsPortNaming(name: string | undefined, appProtocol?: string): boolean {
  const text = (appProtocol ?? name ?? '').toLowerCase();
  if (text.startsWith('grpc-web')) return true;
  return PROTOCOLS.has(text.split('-')[0]);
}

/** Service ports, and AppsodyApplication service ports, whose names tell Istio no protocol. */
export function checkPortNames(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const { object } = source;
    if (SYSTEM_NAMESPACES.has(namespaceOf(source))) continue;
    const spec = object.spec as any;
    if (object.kind === 'Service') {
      const labels = object.metadata?.labels ?? {};
      if ('istio' in labels || labels.release === 'istio') continue;
      (spec?.ports ?? []).forEach((p: any, i: number) => {
        if (p?.protocol === 'UDP' || followsPortNaming(p?.name, p?.appProtocol) || WELL_KNOWN_PORTS.has(p?.port)) return;
        findings.push(
          finding(
            MESSAGES.portNameIsNotUnderNamingConvention,
            source,
            `port name "${p?.name ?? ''}" (port: ${p?.port}) doesn't follow Istio's naming convention <protocol>[-<suffix>] with protocol one of ${[...PROTOCOLS].join(', ')}`,
            `spec.ports[${i}].name`,
          ),
        );
      });
    } else if (object.kind === 'AppsodyApplication') {
      appsodyServicePorts(spec).forEach((p, i) => {
        if (followsPortNaming(p.name) || WELL_KNOWN_PORTS.has(p.number ?? 0)) return;
        findings.push(
          finding(
            MESSAGES.portNameIsNotUnderNamingConvention,
            source,
            `port name "${p.name ?? ''}" (port: ${p.number}) doesn't follow Istio's naming convention <protocol>[-<suffix>] with protocol one of ${[...PROTOCOLS].join(', ')}`,
            i === 0 ? 'spec.service.portName' : `spec.service.ports[${i - 1}].name`,
          ),
        );
      });
    }
  }
  return findings;
}
