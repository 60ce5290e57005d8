// IST0101 ReferencedResourceNotFound for a Gateway's `selector` (istioctl's gateway.IngressGatewayPortAnalyzer,
// SecretAnalyzer and ConflictingGatewayAnalyzer each report it, with one text that istioctl prints once): no pod
// in any namespace carries the selector's labels. The gateways the Istio install provides count as pods, so a
// Gateway selecting `istio: ingressgateway` is not reported merely because nothing is running.
import { Finding, finding, MESSAGES } from '../../findings';
import { installOf, providedWorkloads } from '../../mesh/install-workloads';
import { MeshIndex } from '../../mesh/mesh-index';
import { clusterView, gatewaySelector } from './cluster-view';
import { firstLabelField, selectorText } from './label-selector';

/** Istio Gateways whose selector matches no pod of the set or of the Istio install. */
export function checkGatewaySelectors(index: MeshIndex): Finding[] {
  const view = clusterView(index);
  const findings: Finding[] = [];
  for (const gateway of view.gateways) {
    const selector = gatewaySelector(gateway);
    if (view.workloadsMatching(selector).length > 0) continue;
    findings.push(
      finding(
        MESSAGES.referencedResourceNotFound,
        gateway,
        `referenced selector not found: "${selectorText(selector)}" (no Pod, pod template or AppsodyApplication in the set has these labels, ` +
          `and ${installedGateways(index)}; deploy the gateway, or select one that runs)`,
        firstLabelField('spec.selector', selector),
      ),
    );
  }
  return findings;
}

/** What the install of the set provides, in words. */
function installedGateways(index: MeshIndex): string {
  const { profile } = installOf(index.objects);
  const provided = providedWorkloads(index.objects).filter((w) => w.gateway).map((w) => `${w.namespace}/${w.name}`);
  return `the Istio install (profile ${profile}) provides ${provided.length > 0 ? `only ${provided.join(', ')}` : 'no gateway'}`;
}
