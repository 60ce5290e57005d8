// Analyzers of security policies, Sidecars, Telemetry and EnvoyFilters, and the project's own security checks.
import type { MeshCheck } from '../mesh/mesh-check';
import { checkExposedServices, checkGatewayRoutesAllowed, checkProbeRewrite } from '../mesh/security';

/** The policy, telemetry and extension analyzers, in the order they run. */
export const POLICY_CHECKS: readonly MeshCheck[] = [checkExposedServices, checkGatewayRoutesAllowed, checkProbeRewrite];
