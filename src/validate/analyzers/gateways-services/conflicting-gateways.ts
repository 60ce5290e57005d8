// IST0145 ConflictingGateways (istioctl's gateway.ConflictingGatewayAnalyzer): two Gateways for the same gateway pods
// with a server on the same port, bound to the same address, for the same host. Istio merges the servers of every
// Gateway of a pod, so only one Gateway's routes serve that host.
//
// Deliberate differences from istioctl 1.30.3, each a bug there:
// - istioctl records the hosts it has compared into the other Gateway's entry of its index (model.CheckDuplicates
//   marks them known), so a later comparison sees hosts that Gateway does not have, and its output depends on map
//   iteration order. Nothing is recorded here: two Gateways conflict only on hosts both declare.
// - istioctl keeps, per Gateway and port, only the hosts of the last server on that port; every server counts here.
// - istioctl compares selectors by their text (equal, or one a substring of the other with a pod matching both), so
//   `app=a` and `istio=b` selecting one pod never conflict while `app=a` and `app=ab` are tried; here selectors
//   conflict when equal or when a pod (of the set or of the Istio install) matches both.
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { clusterView, ClusterView, fullName, gatewaySelector } from './cluster-view';
import { serversOf } from './gateway-servers';
import { selects, selectorText } from './label-selector';

interface ServerHost {
  /** `<namespace>/<name>` of the Gateway. */
  readonly gateway: string;
  readonly selector: Readonly<Record<string, string>>;
}

/** Gateways that serve the same host on the same port of the same pods. */
export function checkConflictingGateways(index: MeshIndex): Finding[] {
  const view = clusterView(index);
  // who serves each port, bind address and host: `<port>\0<bind>\0<host>`
  const served = new Map<string, ServerHost[]>();
  for (const gateway of view.gateways) {
    const selector = gatewaySelector(gateway);
    for (const { port = 0, bind, hosts } of serversOf(gateway)) {
      for (const host of hosts) {
        const key = `${port}\u0000${bind}\u0000${host}`;
        (served.get(key) ?? served.set(key, []).get(key)!).push({ gateway: fullName(gateway), selector });
      }
    }
  }
  const overlap = selectorOverlap(view);
  const findings: Finding[] = [];
  for (const gateway of view.gateways) {
    const name = fullName(gateway);
    const selector = gatewaySelector(gateway);
    const messages = new Set<string>();
    for (const { port = 0, bind, hosts, index: i } of serversOf(gateway)) {
      const rivals = new Set<string>();
      for (const host of hosts) {
        for (const other of served.get(`${port}\u0000${bind}\u0000${host}`) ?? []) {
          // one Gateway in several files is one object (alternatives), never in conflict with itself
          if (other.gateway !== name && overlap(selector, other.selector)) rivals.add(other.gateway);
        }
      }
      if (rivals.size === 0) continue;
      const message =
        `conflict with gateways ${[...rivals].sort().join(',')} (workload selector ${selectorText(selector)}, port ${port}, hosts ${hosts.join(',')}): ` +
        'their pods merge the servers of both, and only one serves these hosts; give each Gateway its own hosts, or merge them into one';
      if (messages.has(message)) continue;
      messages.add(message);
      findings.push(finding(MESSAGES.conflictingGateways, gateway, message, `spec.servers[${i}].hosts`));
    }
  }
  return findings;
}

/** Whether two Gateway selectors may pick the same pod: equal, or both matching one pod. */
function selectorOverlap(view: ClusterView): (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) => boolean {
  const known = new Map<string, boolean>();
  return (a, b) => {
    const [ta, tb] = [selectorText(a), selectorText(b)];
    if (ta === tb) return true;
    const key = ta < tb ? `${ta}\u0000${tb}` : `${tb}\u0000${ta}`;
    let result = known.get(key);
    if (result === undefined) {
      result = view.workloadsMatching(a).some((w) => selects(b, w.podLabels));
      known.set(key, result);
    }
    return result;
  };
}
