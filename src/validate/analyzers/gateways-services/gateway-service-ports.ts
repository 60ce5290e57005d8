// IST0162 GatewayPortNotDefinedOnService (istioctl's gateway.IngressGatewayPortAnalyzer): a Gateway server listens
// on a port that no Service of the gateway's pods exposes, so it cannot be reached through those Services. The
// Service of a gateway the Istio install provides counts with its ports (80, 443 and 15021 for the default profile).
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex, Workload } from '../../mesh/mesh-index';
import type { ClusterService } from './cluster-services';
import { numericTargetPort } from './cluster-services';
import { clusterView, ClusterView, gatewaySelector } from './cluster-view';
import { serversOf } from './gateway-servers';
import { firstLabelField, selectorText } from './label-selector';

/** Gateway servers whose port no TCP port (nor numeric targetPort) of the gateway pods' Services has. */
export function checkGatewayServicePorts(index: MeshIndex): Finding[] {
  const view = clusterView(index);
  const bySelector = new Map<string, { services: ClusterService[]; allowed: Set<number> }>();
  const findings: Finding[] = [];
  for (const gateway of view.gateways) {
    const selector = gatewaySelector(gateway);
    const pods = view.workloadsMatching(selector);
    // a selector with no pods is IST0101's to report, and istioctl checks no port then
    if (pods.length === 0) continue;
    const key = selectorText(selector);
    let exposed = bySelector.get(key);
    if (!exposed) bySelector.set(key, (exposed = exposedPorts(view, pods)));
    const reported = new Set<number>();
    for (const { port: number, index: i } of serversOf(gateway)) {
      if (number === undefined || exposed.allowed.has(number) || reported.has(number)) continue;
      reported.add(number);
      findings.push(
        finding(
          MESSAGES.gatewayPortNotDefinedOnService,
          gateway,
          `the gateway is listening on a target port (port ${number}) that is not defined in the Service associated with its workload instances ` +
            `(Pod selector ${key}): ${describe(exposed.services)}; ` +
            'if you need to access the gateway port through the gateway Service, it will not be available',
          `spec.servers[${i}].port.number`,
          // istioctl places it on the selector's first label, as IST0101 on a selector (util.GatewaySelector)
          firstLabelField('spec.selector', selector) ?? null,
        ),
      );
    }
  }
  return findings;
}

/** The Services of some pods, and the ports a Gateway on them may listen on: every TCP port and numeric targetPort. */
function exposedPorts(view: ClusterView, pods: readonly Workload[]): { services: ClusterService[]; allowed: Set<number> } {
  // as istioctl, a Service without selector counts as selecting every pod of its namespace
  const services = [...new Set(pods.flatMap((pod) => view.servicesSelecting(pod, true)))];
  const allowed = new Set<number>();
  for (const service of services) {
    for (const p of service.ports) {
      if (p.protocol !== 'TCP') continue;
      allowed.add(p.port);
      const target = numericTargetPort(p.targetPort);
      if (target !== 0) allowed.add(target);
    }
  }
  return { services, allowed };
}

/** The TCP ports of the Services, in words. */
function describe(services: readonly ClusterService[]): string {
  if (services.length === 0) return 'no Service selects those pods';
  const byIdentity = new Map<string, Set<string>>();
  for (const s of services) {
    const ports = byIdentity.get(`${s.namespace}/${s.name}`) ?? byIdentity.set(`${s.namespace}/${s.name}`, new Set()).get(`${s.namespace}/${s.name}`)!;
    for (const p of s.ports) if (p.protocol === 'TCP') ports.add(String(p.targetPort) === String(p.port) ? `${p.port}` : `${p.port} -> ${p.targetPort}`);
  }
  return [...byIdentity].map(([name, ports]) => `${name} exposes ${ports.size > 0 ? [...ports].join(', ') : 'no TCP port'}`).join(', ');
}

