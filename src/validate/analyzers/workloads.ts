// Analyzers of the workloads themselves: their selectors, and the Pod Security Standard their namespace enforces.
import type { MeshCheck } from '../mesh/mesh-check';
import { checkOverlappingSelectors } from './workloads/overlapping-selectors';
import { checkPodSecurity } from './workloads/pod-security';

/** The workload analyzers, in the order they run. */
export const WORKLOAD_CHECKS: readonly MeshCheck[] = [checkOverlappingSelectors, checkPodSecurity];
