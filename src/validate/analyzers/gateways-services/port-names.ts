// IST0118 PortNameIsNotUnderNamingConvention and IST0150 ExternalNameServiceTypeInvalidPortName (istioctl's
// service.PortNameAnalyzer): Istio reads a Service port's protocol from its appProtocol, else from its name
// `<protocol>[-<suffix>]`; a port it cannot read is sniffed (IST0118), and on an ExternalName Service, where nothing
// is sniffed, such a port or one named just `tcp` may not be forwarded (IST0150). Services of Istio itself (labelled
// `istio`, or `release: istio`) and those Istio's gateway controller makes (waypoints, east-west and Gateway API
// gateways) are skipped, as is the install's gateway Service. An AppsodyApplication or a RuntimeComponent is checked
// as the Service its operator makes of it, whose first port is named `<port>-tcp` when `portName` is not set.
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import type { ClusterService, ClusterServicePort } from './cluster-services';
import { clusterView } from './cluster-view';
import { isIstioControlPlane } from '../../mesh/control-plane';

const PROTOCOLS = ['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql'];
// the protocol a port name's prefix names (protocol.Parse, case-insensitive)
const BY_PREFIX = new Map(PROTOCOLS.map((p) => [p, p.toUpperCase()]));
// the appProtocol values Kubernetes defines, which only appProtocol can carry
const KUBERNETES_APP_PROTOCOLS = new Map([
  ['kubernetes.io/h2c', 'HTTP2'],
  ['kubernetes.io/ws', 'HTTP'],
  ['kubernetes.io/wss', 'HTTPS'],
]);
// ports Istio takes for TCP whatever their name, as it never sniffs them (SMTP, DNS, MySQL, MongoDB)
const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
// values of `gateway.istio.io/managed` on the Services Istio's gateway controller makes
const MANAGED_GATEWAYS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/**
 * The protocol Istio gives a Service port (kube.ConvertProtocol): UDP for a UDP port; else from appProtocol when set
 * (even empty), else from the name's prefix before the first `-`; `undefined` when it can tell none.
 */
export function portProtocol(port: number, name: string, protocol: string, appProtocol?: string): string | undefined {
  if (protocol === 'UDP') return 'UDP';
  const text = appProtocol ?? name;
  if (appProtocol !== undefined && KUBERNETES_APP_PROTOCOLS.has(appProtocol)) return KUBERNETES_APP_PROTOCOLS.get(appProtocol);
  if (text.toLowerCase().startsWith('grpc-web')) return 'GRPC-WEB';
  const found = BY_PREFIX.get(text.split('-')[0].toLowerCase());
  if (found === undefined && WELL_KNOWN_PORTS.has(port)) return 'TCP';
  return found;
}

/** Service ports (and operator applications' ones) whose protocol Istio cannot tell, and invalid ExternalName port names. */
export function checkPortNames(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const service of clusterView(index).services) {
    if (service.source.provided || skipped(service)) continue;
    for (const p of service.ports) {
      const unknown = portProtocol(p.port, p.name, p.protocol, p.appProtocol) === undefined;
      if (service.type === 'ExternalName' && (unknown || p.name === 'tcp')) {
        findings.push(
          finding(
            MESSAGES.externalNameServiceTypeInvalidPortName,
            service.source,
            `port name "${p.name}" (port: ${p.port}) for ExternalName service is invalid: the proxy may prevent tcp named ports and unmatched traffic ` +
              `for ports serving TCP protocol from being forwarded correctly; name it <protocol>-<suffix> (tcp-${p.port}, http-web...)`,
            p.nameField,
            // istioctl places both on the port's number (util.PortInPorts)
            p.portField ?? p.nameField,
          ),
        );
      } else if (unknown) {
        findings.push(finding(MESSAGES.portNameIsNotUnderNamingConvention, service.source, namingMessage(p), fieldOf(p), p.portField ?? fieldOf(p)));
      }
    }
  }
  return findings;
}

function namingMessage(p: ClusterServicePort): string {
  const fix = `name it <protocol>[-<suffix>] with a protocol of ${PROTOCOLS.join(', ')}, or set appProtocol; else Istio sniffs the protocol`;
  if (p.appProtocol !== undefined) {
    return (
      `appProtocol "${p.appProtocol}" of port "${p.name}" (port: ${p.port}, targetPort: ${p.targetPort}) doesn't follow the naming convention of Istio port: ` +
      `Istio reads the protocol from appProtocol when it is set, and ignores the name; ${fix}`
    );
  }
  const unset = p.defaultName ? ' (the name the operator gives a port whose name is not set)' : '';
  return `port name "${p.name}" (port: ${p.port}) doesn't follow the naming convention of Istio port (targetPort: ${p.targetPort})${unset}: ${fix}`;
}

function fieldOf(p: ClusterServicePort): string {
  return p.appProtocolField ?? p.nameField;
}

/** Services of Istio itself and of its gateway controller, which istioctl does not check. */
function skipped(service: ClusterService): boolean {
  const { labels } = service;
  return isIstioControlPlane(labels) || MANAGED_GATEWAYS.has(labels['gateway.istio.io/managed'] ?? '');
}
