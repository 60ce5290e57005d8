// IST0166 IneffectiveSelector: a policy that selects the pods of a Gateway API gateway by label. Istio applies only
// policies that name such a gateway (or a waypoint) in `targetRefs`: the selector does nothing there.
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { targetRefsOf } from '../../mesh/authorization';
import { gatewayPodLabels } from './references';

/** The policy kinds that select workloads or attach to gateways, by apiVersion group. */
const POLICY_KINDS: Readonly<Record<string, string>> = {
  AuthorizationPolicy: 'security.istio.io/',
  RequestAuthentication: 'security.istio.io/',
  Telemetry: 'telemetry.istio.io/',
  WasmPlugin: 'extensions.istio.io/',
};

/** Selector-based policies whose selector matches the pods Istio deploys for a Gateway API Gateway of their namespace. */
export function checkIneffectiveSelectors(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const gateways = [...index.kubernetesGateways.values()];
  if (gateways.length === 0) return findings;
  for (const policy of index.objects) {
    const group = POLICY_KINDS[policy.object.kind];
    if (!group || !policy.object.apiVersion.startsWith(group) || targetRefsOf(policy).length > 0) continue;
    const selector = ((policy.object.spec as any)?.selector?.matchLabels ?? {}) as Record<string, string>;
    if (Object.keys(selector).length === 0) continue;
    for (const gateway of gateways) {
      if (namespaceOf(gateway) !== namespaceOf(policy)) continue;
      const labels = gatewayPodLabels(gateway);
      if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) continue;
      findings.push(finding(MESSAGES.ineffectiveSelector, policy,
        `Ineffective selector on Kubernetes Gateway ${gateway.object.metadata.name}. Use the TargetRef field instead.`, 'spec.selector'));
    }
  }
  return findings;
}
