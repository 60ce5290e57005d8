// The rules of built-in validation that changed between the Kubernetes versions lint checks against: feature gates
// on by default in one and absent in the other.
import type { KubernetesVersion } from '../schemas';

/** Which relaxed rules the API server of a version applies. */
export interface VersionRules {
  /** RelaxedEnvironmentVariableValidation (beta and on since 1.32): env names and envFrom prefixes of any printable ASCII but '='. */
  readonly relaxedEnvNames: boolean;
  /** RelaxedDNSSearchValidation (beta and on in 1.33): pod DNS search domains with '_', and "." alone. */
  readonly relaxedDnsSearch: boolean;
  /** Whether the create warnings ported (1.33's WarningsOnCreate, TT0028) are the version's: 1.27's differ. */
  readonly createWarnings: boolean;
  /** A StatefulSet's serviceName must be a DNS label (1.33, kubernetes#130233: it becomes its pods' subdomain). */
  readonly statefulSetServiceNameLabel: boolean;
  /** The Kubernetes version whose CEL libraries compile a CRD's new rules (crd-rule-compilation.ts). */
  readonly celLibraries: KubernetesVersion;
}

/** The rules of `version` (1.27 has neither gate). */
export function versionRules(version: KubernetesVersion): VersionRules {
  const relaxed = version !== '1.27';
  const v133 = version === '1.33';
  return { relaxedEnvNames: relaxed, relaxedDnsSearch: relaxed, createWarnings: v133, statefulSetServiceNameLabel: v133, celLibraries: version };
}
