// TT0034 GatewayApiReferenceNotFound for `istio.io/use-waypoint`: a Namespace or Service that sends its traffic to
// a waypoint the set does not have (no Gateway by that name of class istio-waypoint, or of another class Istio's mesh
// controller runs), so nothing does its L7.
import { WAYPOINT_GATEWAY_CLASS } from '../../../../constructs/istio-defaults';
import { Finding, finding, MESSAGES } from '../../findings';
import { MeshIndex, namespaceOf } from '../../mesh/mesh-index';
import { foreignGateway, gatewayControllerOf, useWaypointOf } from './references';

/** Namespaces and Services whose `istio.io/use-waypoint` names no waypoint of the set. */
export function checkWaypointReferences(index: MeshIndex): Finding[] {
  const findings: Finding[] = [];
  for (const source of index.objects) {
    const { kind } = source.object;
    if (kind !== 'Namespace' && kind !== 'Service') continue;
    const fallback = kind === 'Namespace' ? (source.object.metadata?.name ?? '') : namespaceOf(source);
    const binding = useWaypointOf(index, source, fallback);
    if (binding === undefined || binding === 'none' || binding.gateway) continue;
    const found = index.kubernetesGateways.get(`${binding.namespace}/${binding.name}`);
    // a Gateway another controller runs (or of a class the set lacks) is a waypoint of its own to istiod once it has an
    // address (gatewayToWaypointTransform takes any class): a third-party (sandwiched) waypoint, which lint cannot see into
    if (found && (foreignGateway(index, found) || gatewayControllerOf(index, found) === undefined)) continue;
    const why = found
      ? `Gateway ${binding.namespace}/${binding.name} is of class ${String((found.object.spec as any)?.gatewayClassName)}, not ${WAYPOINT_GATEWAY_CLASS} ` +
        '(nor a class of the set whose controllerName is istio.io/mesh-controller)'
      : `no Gateway of class ${WAYPOINT_GATEWAY_CLASS} named ${binding.name} in namespace ${binding.namespace} in the set`;
    findings.push(finding(MESSAGES.gatewayApiReferenceNotFound, source,
      `referenced waypoint not found: "${binding.name}" (${why}); its Services' traffic reaches no waypoint, so their L7 policies and routes apply nowhere`,
      binding.field));
  }
  return findings;
}
