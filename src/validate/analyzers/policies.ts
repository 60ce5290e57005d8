// Analyzers of security policies, Sidecars, Telemetry and EnvoyFilters, and the project's own security checks (among
// them the references istioctl does not follow: policy selectors, targetRefs, Sidecar egress hosts; and who can call whom).
import type { MeshCheck } from '../mesh/mesh-check';
import { checkExposedServices, checkGatewayRoutesAllowed, checkProbeRewrite } from '../mesh/security';
import { checkDeclaredCallsAllowed, checkLeastPrivilege } from '../reachability/checks';
import { checkAuthorizationPolicyNamespaces, checkAuthorizationPolicyWorkloads } from './policies/authorization-policies';
import { checkEnvoyFilterPatches } from './policies/envoy-filter-patches';
import { checkGatewayApiSelectors } from './policies/gateway-api-selectors';
import { checkJwksUriCidrs } from './policies/jwks-uri-cidrs';
import { checkPolicySelectors } from './policies/policy-selectors';
import { checkSidecarEgressHosts } from './policies/sidecar-egress-hosts';
import { checkSidecarSelectors } from './policies/sidecars';
import { checkTargetRefs } from './policies/target-refs';
import { checkTelemetryProviders } from './policies/telemetry-providers';
import { checkTelemetryDefaults, checkTelemetrySelectors } from './policies/telemetry-selectors';

/** The policy, telemetry and extension analyzers, in the order they run. */
export const POLICY_CHECKS: readonly MeshCheck[] = [
  checkAuthorizationPolicyWorkloads,
  checkAuthorizationPolicyNamespaces,
  checkEnvoyFilterPatches,
  checkGatewayApiSelectors,
  checkJwksUriCidrs,
  checkSidecarSelectors,
  checkTelemetryProviders,
  checkTelemetrySelectors,
  checkTelemetryDefaults,
  checkPolicySelectors,
  checkTargetRefs,
  checkSidecarEgressHosts,
  checkExposedServices,
  checkGatewayRoutesAllowed,
  checkDeclaredCallsAllowed,
  checkLeastPrivilege,
  checkProbeRewrite,
];
