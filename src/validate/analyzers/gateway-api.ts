// Analyzers of Gateway API resources (Gateways, HTTPRoutes, ReferenceGrants, policies' targetRefs) and of ambient
// mode (waypoints, L7 configuration no waypoint applies, sidecar settings in ambient namespaces).
import type { MeshCheck } from '../mesh/mesh-check';
import { checkAmbientL7 } from './gateway-api/ambient-l7';
import { checkAmbientSidecarSettings } from './gateway-api/ambient-sidecar-settings';
import { checkGatewayClasses } from './gateway-api/gateway-classes';
import { checkIneffectiveSelectors } from './gateway-api/ineffective-selectors';
import { checkPolicyTargets } from './gateway-api/policy-targets';
import { checkRouteBackends } from './gateway-api/route-backends';
import { checkRouteParents } from './gateway-api/route-parents';
import { checkRouteRequestsAllowed } from './gateway-api/route-policies';
import { checkWaypointReferences } from './gateway-api/waypoint-references';

/** The Gateway API and ambient mode analyzers, in the order they run. */
export const GATEWAY_API_CHECKS: readonly MeshCheck[] = [
  checkGatewayClasses,
  checkRouteParents,
  checkRouteBackends,
  checkPolicyTargets,
  checkWaypointReferences,
  checkIneffectiveSelectors,
  checkAmbientL7,
  checkAmbientSidecarSettings,
  checkRouteRequestsAllowed,
];
