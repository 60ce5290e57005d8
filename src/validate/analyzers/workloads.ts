// Analyzers of the workloads themselves: their selectors, the proxy's user ID, and the Pod Security Standard their
// namespace enforces.
import type { MeshCheck } from '../mesh/mesh-check';
import { checkApplicationUid } from './workloads/application-uid';
import { checkOverlappingSelectors } from './workloads/overlapping-selectors';
import { checkPodSecurity } from './workloads/pod-security';

/** The workload analyzers, in the order they run. */
export const WORKLOAD_CHECKS: readonly MeshCheck[] = [checkOverlappingSelectors, checkApplicationUid, checkPodSecurity];
