// Analyzers of how requests are routed: VirtualServices, DestinationRules, ServiceEntries and what they refer to, as
// istioctl analyze 1.30.3's (virtualservice.*, destinationrule.*, serviceentry.Analyzer and the VirtualService
// validation warnings), run on everything the set contains, plus the project's own route and reference checks.
import type { Finding } from '../findings';
import type { MeshCheck } from '../mesh/mesh-check';
import { checkRoutes } from '../mesh/routes';
import { checkCaCertificates } from './routing/ca-certificates';
import { checkConfigMapReferences } from './routing/config-map-references';
import { checkDestinationHosts } from './routing/destination-hosts';
import { checkDestinationRuleTargets } from './routing/destination-rule-targets';
import { checkDestinationSubsets } from './routing/destination-subsets';
import { checkDuplicateObjects } from './routing/duplicate-objects';
import { checkGatewayReferences } from './routing/gateway-references';
import { checkIngressSubsetRoutes } from './routing/ingress-subset-routes';
import { checkJwtClaimRoutes } from './routing/jwt-claim-routes';
import { checkMeshHostConflicts } from './routing/mesh-host-conflicts';
import { checkServiceEntryAddresses } from './routing/service-entry-addresses';
import { checkUnreachableRules } from './routing/unreachable-rules';

/**
 * A check whose equal findings are reported once, as istioctl drops a message equal to the one before it: an object
 * written twice in one file (istioctl keeps the later one, so its finding is kept, at its line), or several pods of
 * one gateway, would otherwise repeat a finding.
 */
function once(check: MeshCheck): MeshCheck {
  return (index) => {
    const kept = new Map<string, Finding>();
    for (const f of check(index)) {
      const key: Record<string, unknown> = { ...f };
      delete key.line;
      kept.set(JSON.stringify(key), f);
    }
    return [...kept.values()];
  };
}

/** The routing analyzers, in the order they run. */
export const ROUTING_CHECKS: readonly MeshCheck[] = [
  checkDuplicateObjects,
  checkDestinationHosts,
  checkDestinationSubsets,
  checkGatewayReferences,
  checkMeshHostConflicts,
  checkIngressSubsetRoutes,
  checkJwtClaimRoutes,
  checkUnreachableRules,
  checkDestinationRuleTargets,
  checkCaCertificates,
  checkServiceEntryAddresses,
  checkConfigMapReferences,
  checkRoutes,
].map(once);
