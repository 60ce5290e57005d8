// What the API server's CEL environment declares in each Kubernetes version, for the expressions it compiles (CRD
// rules, admission policies): the libraries and language features that came after 1.27, each with the minor version
// that brought it (k8s.io/apiserver's environment/base.go, which 1.28 introduced; 1.27 had one environment, of cel-go
// v0.12.7 with the strings library as its version 0 and no optional types). Since 1.28 a version compiles new
// expressions in the environment of the version before its own (environment.DefaultCompatibilityVersion), which a
// rollback still reads.
import type { KubernetesVersion } from '../schemas';

/** A library or language feature, and the minor version of Kubernetes whose environment first has it. */
export interface Feature {
  readonly name: string;
  readonly since: number;
}

export const OPTIONAL_TYPES: Feature = { name: 'optional values (cel.OptionalTypes)', since: 28 };
export const CROSS_TYPE_COMPARISONS: Feature = { name: 'comparing numbers of different types (cel.CrossTypeNumericComparisons)', since: 28 };
/** cel-go's validators of constant arguments: a matches() pattern, a duration() argument, a literal's one type. */
export const LITERAL_VALIDATORS: Feature = { name: "cel-go's literal validators", since: 29 };
export const TWO_VARIABLE_COMPREHENSIONS: Feature = { name: 'two-variable comprehensions (ext.TwoVarComprehensions)', since: 32 };
/** A reserved word selecting the field of its escaped name (`self.namespace` for `self.__namespace__`). */
export const KEYWORD_FIELD_NAMES: Feature = { name: 'reserved words as field names', since: 31 };
export const QUANTITY: Feature = { name: 'the quantity library', since: 28 };
export const STRINGS_2: Feature = { name: 'version 2 of the strings library', since: 29 };
export const SETS: Feature = { name: 'the sets library', since: 29 };
export const IP: Feature = { name: 'the IP library', since: 30 };
export const CIDR: Feature = { name: 'the CIDR library', since: 30 };
export const FORMAT: Feature = { name: 'the format library', since: 31 };
export const SEMVER: Feature = { name: 'the semver library', since: 33 };
/** The authorizer library's errored() and error() (k8s.io/apiserver v0.28). */
export const AUTHZ_ERRORS: Feature = { name: "the authorizer library's errored() and error()", since: 28 };
/** fieldSelector() and labelSelector() (the AuthorizeWithSelectors feature, on by default since 1.32). */
export const AUTHZ_SELECTORS: Feature = { name: 'the authorizer selectors library', since: 31 };
/** matches() called without a receiver: cel-go v0.13 declared it, 1.27's v0.12.7 only `s.matches(re)`. */
export const GLOBAL_MATCHES: Feature = { name: 'matches() without a receiver (cel-go v0.13; write s.matches(re))', since: 28 };

/** The names of types that later libraries declare: `optional_type`, and `net` of `net.IP` and `net.CIDR`. */
export const LATER_TYPE_NAMES: Readonly<Record<string, Feature>> = { optional_type: OPTIONAL_TYPES, net: IP };

/** The minor version of the environment a version's API server compiles new rules in. */
const COMPILE_ENVIRONMENT: Readonly<Record<KubernetesVersion, number>> = { '1.27': 27, '1.33': 32 };

/** A rule's `optionalOldSelf` field (apiextensions v0.29): a 1.27 API server does not know it. */
export const OPTIONAL_OLD_SELF: Feature = { name: "a rule's optionalOldSelf", since: 29 };

/** Whether a version's API server has a feature at all, whatever environment it compiles new rules in. */
export const hasFeature = (feature: Feature, version: KubernetesVersion): boolean => feature.since <= Number(version.split('.')[1]);

/** Whether the environment a version compiles new rules in has a feature. */
export const compilesWith = (feature: Feature, version: KubernetesVersion): boolean => feature.since <= COMPILE_ENVIRONMENT[version];

/** Why a version's API server does not compile new rules with a feature: the feature and the version that brought it. */
export function laterFeature(feature: Feature, version: KubernetesVersion): string {
  const environment = COMPILE_ENVIRONMENT[version];
  return hasFeature(feature, version)
    ? `${feature.name}, which Kubernetes ${version} has but compiles new rules without (in its 1.${environment} environment)`
    : `${feature.name}, which came in Kubernetes 1.${feature.since}`;
}
