// What the API server's CEL environment declares in each Kubernetes version, for the expressions it compiles (CRD
// rules, admission policies): the libraries and language features that came after 1.27, each with the minor version
// that brought it (k8s.io/apiserver's environment/base.go, which 1.28 introduced; 1.27 had one environment, of cel-go
// v0.12.7 with the strings library as its version 0 and no optional types). Since 1.28 a version compiles new
// expressions in the environment of the version before its own (environment.DefaultCompatibilityVersion), which a
// rollback still reads.
import type { KubernetesVersion } from '../schemas';

/** A library or language feature, and the minor version of Kubernetes whose environment first has it. */
interface Feature {
  readonly name: string;
  readonly since: number;
}

export const OPTIONAL_TYPES: Feature = { name: 'optional values (cel.OptionalTypes)', since: 28 };
export const CROSS_TYPE_COMPARISONS: Feature = { name: 'comparing numbers of different types (cel.CrossTypeNumericComparisons)', since: 28 };
/** cel-go's validators of constant arguments: a matches() pattern, a duration() argument, a literal's one type. */
export const LITERAL_VALIDATORS: Feature = { name: "cel-go's literal validators", since: 29 };
export const TWO_VARIABLE_COMPREHENSIONS: Feature = { name: 'two-variable comprehensions (ext.TwoVarComprehensions)', since: 32 };
const QUANTITY: Feature = { name: 'the quantity library', since: 28 };
const STRINGS_2: Feature = { name: 'version 2 of the strings library', since: 29 };
const SETS: Feature = { name: 'the sets library', since: 29 };
const IP: Feature = { name: 'the IP library', since: 30 };
const CIDR: Feature = { name: 'the CIDR library', since: 30 };
const FORMAT: Feature = { name: 'the format library', since: 31 };
const SEMVER: Feature = { name: 'the semver library', since: 33 };

/** The functions a rule calls without a receiver, of libraries that came after 1.27. */
export const LATER_GLOBAL_FUNCTIONS: Readonly<Record<string, Feature>> = {
  quantity: QUANTITY,
  isQuantity: QUANTITY,
  ip: IP,
  isIP: IP,
  cidr: CIDR,
  isCIDR: CIDR,
  semver: SEMVER,
  isSemver: SEMVER,
};

const FORMATS = [
  'dns1123Label', 'dns1123Subdomain', 'dns1035Label', 'qualifiedName', 'dns1123LabelPrefix', 'dns1123SubdomainPrefix', 'dns1035LabelPrefix',
  'labelValue', 'uri', 'uuid', 'byte', 'date', 'datetime', 'named',
];
/** Every namespaced function (`sets.contains()`) the environments declare: none is in 1.27's. */
export const NAMESPACED_FUNCTIONS: Readonly<Record<string, Feature>> = {
  'optional.of': OPTIONAL_TYPES,
  'optional.ofNonZeroValue': OPTIONAL_TYPES,
  'optional.none': OPTIONAL_TYPES,
  'optional.unwrap': OPTIONAL_TYPES,
  'sets.contains': SETS,
  'sets.equivalent': SETS,
  'sets.intersects': SETS,
  'strings.quote': STRINGS_2,
  'ip.isCanonical': IP,
  ...Object.fromEntries(FORMATS.map((name) => [`format.${name}`, FORMAT])),
};

/**
 * The functions called on a receiver (`'%s'.format([x])`) that only later libraries declare; the methods of values
 * only a later global or namespaced function makes (a quantity's, an IP's) are left to that function.
 */
export const LATER_METHODS: Readonly<Record<string, Feature>> = {
  format: STRINGS_2,
  value: OPTIONAL_TYPES,
  hasValue: OPTIONAL_TYPES,
  or: OPTIONAL_TYPES,
  orValue: OPTIONAL_TYPES,
  first: OPTIONAL_TYPES,
  last: OPTIONAL_TYPES,
  unwrapOpt: OPTIONAL_TYPES,
  validate: FORMAT,
};

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
