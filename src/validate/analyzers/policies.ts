// Analyzers of security policies, Sidecars, Telemetry and EnvoyFilters, and the project's own security checks.
import type { MeshCheck } from '../mesh/mesh-check';
import { checkExposedServices, checkGatewayRoutesAllowed, checkProbeRewrite } from '../mesh/security';
import { checkAuthorizationPolicyNamespaces, checkAuthorizationPolicyWorkloads } from './policies/authorization-policies';
import { checkEnvoyFilterPatches } from './policies/envoy-filter-patches';
import { checkGatewayApiSelectors } from './policies/gateway-api-selectors';
import { checkSidecarSelectors } from './policies/sidecars';
import { checkTelemetryProviders } from './policies/telemetry-providers';
import { checkTelemetryDefaults, checkTelemetrySelectors } from './policies/telemetry-selectors';

/** The policy, telemetry and extension analyzers, in the order they run. */
export const POLICY_CHECKS: readonly MeshCheck[] = [
  checkAuthorizationPolicyWorkloads,
  checkAuthorizationPolicyNamespaces,
  checkEnvoyFilterPatches,
  checkGatewayApiSelectors,
  checkSidecarSelectors,
  checkTelemetryProviders,
  checkTelemetrySelectors,
  checkTelemetryDefaults,
  checkExposedServices,
  checkGatewayRoutesAllowed,
  checkProbeRewrite,
];
