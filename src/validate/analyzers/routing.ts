// Analyzers of how requests are routed: VirtualServices, DestinationRules, ServiceEntries and what they refer to.
import { checkDuplicates, checkMeshHostConflicts } from '../mesh/conflicts';
import { checkGatewayHosts } from '../mesh/gateway-hosts';
import type { MeshCheck } from '../mesh/mesh-check';
import { checkConfigMapReferences, checkVirtualServiceReferences } from '../mesh/references';
import { checkRoutes } from '../mesh/routes';

/** The routing analyzers, in the order they run. */
export const ROUTING_CHECKS: readonly MeshCheck[] = [
  checkDuplicates,
  checkVirtualServiceReferences,
  checkConfigMapReferences,
  checkMeshHostConflicts,
  checkGatewayHosts,
  checkRoutes,
];
