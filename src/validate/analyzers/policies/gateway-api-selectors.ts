// k8sgateway.SelectorAnalyzer (pkg/config/analysis/analyzers/k8sgateway/workloadselector.go): IST0166 for a policy
// that selects the pods of a Gateway API gateway (or waypoint) by label, which Istio expects to be targeted by
// targetRefs instead.
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { GATEWAY_NAME_LABEL } from '../../mesh/gateway-api-workloads';
import { meshPods } from './mesh-pods';
import { resourcesOf } from './policy-resources';
import { labelsAt, record, specOf } from './spec-values';

const POLICY_KINDS = [
  ['security.istio.io', 'AuthorizationPolicy'],
  ['security.istio.io', 'RequestAuthentication'],
  ['telemetry.istio.io', 'Telemetry'],
  ['extensions.istio.io', 'WasmPlugin'],
] as const;

/** Policies whose `selector` matches pods of a Gateway API gateway in their namespace, and which set no `targetRef`. */
export function checkGatewayApiSelectors(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  const pods = meshPods(index);
  for (const [group, kind] of POLICY_KINDS) {
    for (const policy of resourcesOf(index, group, kind)) {
      const spec = specOf(policy);
      // istioctl skips a policy with a targetRef, not one with targetRefs; but the API server refuses a selector beside
      // either (the CRDs' CEL rule, reported as TT0003), so no such policy reaches a cluster: both are skipped
      const selector = record(spec.selector);
      if (!selector || isSet(spec.targetRef) || isSet(spec.targetRefs)) continue;
      const gateways = new Set<string>();
      for (const pod of pods.select(labelsAt(selector.matchLabels) ?? {}, namespaceOf(policy))) {
        const gateway = pod.labels[GATEWAY_NAME_LABEL];
        if (gateway !== undefined) gateways.add(gateway);
      }
      for (const gateway of gateways) {
        findings.push(
          finding(
            MESSAGES.ineffectiveSelector,
            policy,
            `ineffective selector on Kubernetes Gateway ${gateway}; use the targetRef field instead ` +
              `(targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: ${gateway}}])`,
            'spec.selector',
          ),
        );
      }
    }
  }
  return findings;
}

const isSet = (value: unknown) => value !== undefined && value !== null;
