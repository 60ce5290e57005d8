/** A Pod Security Standard level, as the `pod-security.kubernetes.io/enforce` namespace label names it. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** The levels from the least to the most restrictive. */
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/** The namespace label the Pod Security admission controller enforces. */
export const POD_SECURITY_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
