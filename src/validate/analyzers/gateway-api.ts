// Analyzers of Gateway API resources (Gateways, HTTPRoutes, ReferenceGrants, policies' targetRefs, the CRDs' versions)
// and of ambient mode (waypoints, L7 configuration no waypoint applies, sidecar settings in ambient namespaces).
import type { MeshCheck } from '../mesh/mesh-check';
import { checkAmbientL7 } from './gateway-api/ambient-l7';
import { checkAmbientSidecarSettings } from './gateway-api/ambient-sidecar-settings';
import { checkGatewayApiCrdVersions } from './gateway-api/crd-versions';
import { checkGatewayClasses } from './gateway-api/gateway-classes';
import { checkRouteBackends } from './gateway-api/route-backends';
import { checkRouteParents } from './gateway-api/route-parents';
import { checkRouteRequestsAllowed } from './gateway-api/route-policies';
import { checkWaypointReferences } from './gateway-api/waypoint-references';

// istioctl 1.30.3 has no analyzer of Gateway API references (istiod reports them in the objects' status), so they are
// TT0034 here; a policy's targetRefs are TT0025 and a selector on a gateway's pods IST0166 (analyzers/policies/).

/** The Gateway API and ambient mode analyzers, in the order they run. */
export const GATEWAY_API_CHECKS: readonly MeshCheck[] = [
  checkGatewayClasses,
  checkRouteParents,
  checkRouteBackends,
  checkWaypointReferences,
  checkAmbientL7,
  checkAmbientSidecarSettings,
  checkRouteRequestsAllowed,
  checkGatewayApiCrdVersions,
];
