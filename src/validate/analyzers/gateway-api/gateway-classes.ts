// TT0034 GatewayApiReferenceNotFound: a Gateway API Gateway whose GatewayClass neither Istio creates nor the set has.
import { ISTIO_GATEWAY_CLASSES } from '../../../../constructs/istio-defaults';
import { Finding, finding, MESSAGES } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { gatewayClassOf } from './references';

/** Gateways of a class no controller of the set programs: nothing deploys them or serves their routes. */
export function checkGatewayClasses(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const gateway of index.kubernetesGateways.values()) {
    const className = gatewayClassOf(gateway);
    if (ISTIO_GATEWAY_CLASSES.includes(className) || index.gatewayClasses.has(className)) continue;
    findings.push(
      finding(
        MESSAGES.gatewayApiReferenceNotFound,
        gateway,
        `referenced gatewayclass not found: "${className}" (no GatewayClass ${className} in the set, and not one Istio creates: ` +
          `${ISTIO_GATEWAY_CLASSES.join(', ')}); nothing deploys this Gateway or serves its routes`,
        'spec.gatewayClassName',
      ),
    );
  }
  return findings;
}
