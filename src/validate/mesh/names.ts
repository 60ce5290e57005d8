// TT0007: names the API server (or Istio's webhook) refuses. Every create runs the kind's own name rule (its
// strategy's ValidateObjectMeta), then apiserver's BeforeCreate checks every name as a path segment (not '.' or
// '..', without '/' or '%'). The kinds' rules, from Kubernetes 1.33's pkg/apis/*/validation and the aggregator's and
// apiextensions' own: a DNS-1123 subdomain for most kinds and for custom resources; a DNS-1123 label for Namespaces
// and StatefulSets; a DNS-1035 label for Services; a path segment only for roles and bindings (rbac's
// minimalNameRequirements: `system:controller:x` is a name), PodDisruptionBudgets, CertificateSigningRequests and
// core/v1 Events, whose validation checks no name; a CronJob's at most 52 characters (ValidateCronJobCreate: its
// Jobs' names add 11); an Indexed Job's, whose last pod's hostname `<name>-<completions - 1>` must be a DNS label; a
// CustomResourceDefinition's `<plural>.<group>` and an APIService's `<version>.<group>`. And, as the project's and
// the operators' rules, a DNS-1123 label for an Istio Gateway and an AppsodyApplication. An IPAddress's name is its
// IP address, in canonical form (IsValidIP). The reviews (SubjectAccessReview and its kin, TokenReview) are created,
// never stored, with `kubectl create -f`: they need no name, and an access review takes none (its validation refuses
// any metadata but a LocalSubjectAccessReview's namespace). A PriorityClass's reserved `system-` prefix is
// priority-classes.ts's. An object with a generateName and no name gets its name from the API server at create:
// the generateName is checked as a prefix, and TT0043 warns that kubectl apply refuses such an object.
import { apiGroupOf } from '../../manifests/kube-object';
import { DNS_LABEL_RULE, DNS_SUBDOMAIN_RULE, isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';
import { dns1035LabelProblem, pathSegmentNameProblem, strictIpProblem } from '../builtin/identifiers';
import { Fields, record, str } from '../builtin/go-values';
import { Finding, finding, MESSAGES, SourcedObject } from '../findings';

/** The rule of one kind: what is wrong with `name` (after "must"), or undefined. */
type NameRule = (name: string, object: Fields) => string | undefined;

const pathSegment: NameRule = (name) => {
  const problem = pathSegmentNameProblem(name);
  return problem && `be ${problem}`;
};
const subdomain: NameRule = (name) => (isDnsSubdomain(name) ? undefined : `be ${DNS_SUBDOMAIN_RULE}`);
const label: NameRule = (name) => (isDnsLabel(name) ? undefined : `be ${DNS_LABEL_RULE}`);

/**
 * A name that must equal `expected(object)` once the kind's other rule holds; not compared when the fields it is
 * made of are missing (a kustomize patch of a CRD's metadata alone), which the schema reports already.
 */
function composed(rule: NameRule, what: string, expected: (spec: Fields) => string | undefined): NameRule {
  return (name, object) => {
    const problem = rule(name, object);
    if (problem) return problem;
    const want = expected(record(object.spec) ?? {});
    return want === undefined || want === name ? undefined : `be ${what} (${JSON.stringify(want)})`;
  };
}

/**
 * ValidateJob's rule for an Indexed Job: its pods' hostnames, `<name>-<index>` up to `<name>-<completions - 1>`, must
 * be DNS-1123 labels.
 */
function indexedJobProblem(name: string, spec: Fields): string | undefined {
  // SetDefaults_Job: completions 1 when neither completions nor parallelism is given
  const completions = spec.completions ?? (spec.parallelism === undefined || spec.parallelism === null ? 1 : undefined);
  if (spec.completionMode !== 'Indexed' || typeof completions !== 'number' || completions <= 0) return undefined;
  const hostname = `${name}-${completions - 1}`;
  return isDnsLabel(hostname) ? undefined : `let an Indexed Job name its pods: the last one's hostname ${JSON.stringify(hostname)} must be ${DNS_LABEL_RULE}`;
}

/** By `<group>/<kind>` (the core group is ''), the rules that are not a DNS-1123 subdomain. */
const RULES: Readonly<Record<string, NameRule>> = {
  '/Service': (name) => {
    const problem = dns1035LabelProblem(name);
    return problem && `be ${problem}`;
  },
  '/Namespace': label,
  'apps/StatefulSet': label,
  'networking.istio.io/Gateway': label,
  'appsody.dev/AppsodyApplication': label,
  'rbac.authorization.k8s.io/Role': pathSegment,
  'rbac.authorization.k8s.io/ClusterRole': pathSegment,
  'rbac.authorization.k8s.io/RoleBinding': pathSegment,
  'rbac.authorization.k8s.io/ClusterRoleBinding': pathSegment,
  'policy/PodDisruptionBudget': pathSegment,
  'certificates.k8s.io/CertificateSigningRequest': pathSegment,
  '/Event': pathSegment,
  'networking.k8s.io/IPAddress': (name) => {
    const problem = strictIpProblem(name);
    return problem && `be ${problem}`;
  },
  'batch/CronJob': (name, object) => subdomain(name, object) ?? (name.length > 52 ? 'be at most 52 characters (its Jobs add 11 to it)' : undefined),
  'batch/Job': (name, object) => subdomain(name, object) ?? indexedJobProblem(name, record(object.spec) ?? {}),
  'apiextensions.k8s.io/CustomResourceDefinition': composed(subdomain, 'spec.names.plural + "." + spec.group', (spec) =>
    str(spec.group) === '' || str(record(spec.names)?.plural) === '' ? undefined : `${str(record(spec.names)?.plural)}.${str(spec.group)}`,
  ),
  // ValidateAPIService compares the name whatever the spec holds (no field of it is required)
  'apiregistration.k8s.io/APIService': composed(pathSegment, 'spec.version + "." + spec.group', (spec) => `${str(spec.version)}.${str(spec.group)}`),
};

/** Kinds created and answered, never stored: no name needed, and the access reviews take none. */
const REVIEWS = new Set([
  'authentication.k8s.io/TokenReview', 'authentication.k8s.io/SelfSubjectReview', 'authorization.k8s.io/SelfSubjectRulesReview',
]);
const ACCESS_REVIEWS = new Set(['authorization.k8s.io/SubjectAccessReview', 'authorization.k8s.io/SelfSubjectAccessReview', 'authorization.k8s.io/LocalSubjectAccessReview']);


// An IstioOperator is `istioctl install -f` input, never created in the API server (Istio 1.30 ships no CRD for it):
// istioctl reads no name from it, and Istio's own profiles and samples leave it out.
const ISTIOCTL_INPUT = new Set(['install.istio.io/IstioOperator']);

/** Whether an object is istioctl's input, never sent to the API server (an IstioOperator). */
export const isIstioctlInput = (apiVersion: string, kind: string): boolean => ISTIOCTL_INPUT.has(`${apiGroupOf(apiVersion)}/${kind}`);

/** Whether `name` is a valid name for an object of `kind`; a message saying what is allowed when it is not. */
export function nameProblem(kind: string, name: unknown, apiVersion = '', object: Fields = {}): string | undefined {
  const key = `${apiGroupOf(apiVersion)}/${kind}`;
  if (isIstioctlInput(apiVersion, kind)) return undefined;
  if (ACCESS_REVIEWS.has(key)) return typeof name === 'string' && name !== '' ? `must be left out: an access review takes no name, got "${name}"` : undefined;
  if (REVIEWS.has(key) && (typeof name !== 'string' || name === '')) return undefined;
  // a name of another type is the schema's finding (TT0001; checkSchemalessMetadata's for a kind without one)
  if (name !== undefined && name !== null && typeof name !== 'string') return undefined;
  if (typeof name !== 'string' || name === '') {
    // the API server makes up a name from a generateName (checked apart: generateNameProblem)
    return str(record(object.metadata)?.generateName) === '' ? 'is required' : undefined;
  }
  const rule = RULES[key] ?? subdomain;
  const problem = rule(name, object);
  return problem && `must ${problem}, got "${name}"`;
}

/**
 * What the API server says of a generateName (ValidateObjectMetaAccessor): the kind's name rule on it as a prefix, its
 * trailing dash masked as maskTrailingDash does (the last two characters replaced by `a`); then, when the object has
 * no name, the rule on the name the API server generates from it (names.SimpleNameGenerator: its first 58 characters
 * and 5 random ones), which a length limit (a CronJob's 52) may refuse.
 */
function generateNameProblem(kind: string, generateName: string, apiVersion: string, object: Fields, named: boolean): string | undefined {
  const rule = RULES[`${apiGroupOf(apiVersion)}/${kind}`] ?? subdomain;
  const masked = generateName.length > 1 && generateName.endsWith('-') ? `${generateName.slice(0, -2)}a` : generateName;
  const problem = rule(masked, object);
  if (problem) return `generateName must ${problem}, got "${generateName}"`;
  if (named) return undefined;
  const generated = `${generateName.slice(0, MAX_GENERATED_PREFIX)}${'x'.repeat(GENERATED_SUFFIX)}`;
  const generatedProblem = rule(generated, object);
  return generatedProblem && `the names the API server generates from generateName "${generateName}" (${generated.length} characters: ` +
    `its first ${MAX_GENERATED_PREFIX} and ${GENERATED_SUFFIX} random ones) must ${generatedProblem}`;
}

const MAX_GENERATED_PREFIX = 58;
const GENERATED_SUFFIX = 5;

/** Objects whose name or namespace the API server would refuse; each such object is added to `refused` when given. */
export function checkNames(objects: readonly SourcedObject[], refused?: Set<SourcedObject>): Finding[] {
  const findings: Finding[] = [];
  for (const source of objects) {
    const { kind, apiVersion, metadata } = source.object;
    const problem = nameProblem(kind, metadata?.name, apiVersion, source.object as unknown as Fields);
    if (problem) findings.push(finding(MESSAGES.invalidName, source, problem, 'metadata.name'));
    // istioctl's input and the reviews (created, never stored: no name is generated for them) take no generateName rule
    const key = `${apiGroupOf(apiVersion)}/${kind}`;
    const generateName = isIstioctlInput(apiVersion, kind) || REVIEWS.has(key) || ACCESS_REVIEWS.has(key) ? '' : str(record(metadata)?.generateName);
    // an access review's metadata must be empty (ValidateSubjectAccessReview), a generateName too
    const reviewGenerateName = ACCESS_REVIEWS.has(key) ? str(record(metadata)?.generateName) : '';
    if (reviewGenerateName !== '') {
      findings.push(finding(MESSAGES.invalidName, source, `generateName must be left out: an access review takes no metadata, got "${reviewGenerateName}"`,
        'metadata.generateName'));
    }
    const named = typeof metadata?.name === 'string' && metadata.name !== '';
    // the API server checks a generateName whenever it is set, and then the name it generates from it
    const generateProblem = generateName === '' ? undefined : generateNameProblem(kind, generateName, apiVersion, source.object as unknown as Fields, named);
    if (generateProblem) findings.push(finding(MESSAGES.invalidName, source, generateProblem, 'metadata.generateName'));
    else if (generateName !== '' && !named) {
      findings.push(finding(MESSAGES.generatedName, source,
        'the API server makes up a name from metadata.generateName at create (kubectl create -f takes it), ' +
          'but kubectl apply refuses an object without metadata.name ("cannot use generate name with apply")', 'metadata.generateName'));
    }
    const ns = metadata?.namespace;
    const nsProblem = ns === undefined ? undefined : nameProblem('Namespace', ns);
    if (nsProblem) findings.push(finding(MESSAGES.invalidName, source, `namespace ${nsProblem}`, 'metadata.namespace'));
    if ((problem || nsProblem || generateProblem || reviewGenerateName) && refused) refused.add(source);
  }
  return findings;
}
