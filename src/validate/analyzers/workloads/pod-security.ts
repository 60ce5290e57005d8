// TT0023: a Pod or pod template that does not meet the Pod Security Standard its namespace enforces (label
// pod-security.kubernetes.io/enforce), as the Pod Security admission controller of Kubernetes 1.33 checks it
// (pod-security-admission v0.33.9's policy checks, at the version `enforce-version` pins, else the latest); and a
// Namespace whose Pod Security labels that controller refuses. Injection is checked too: admission sees the pod after
// Istio's webhook added its containers (injected-containers.ts): istio-proxy, and unless the injector knows of Istio's
// CNI node agent an istio-init container with NET_ADMIN and NET_RAW, which `baseline` already refuses; neither sets a
// seccomp profile unless the install's values.global.proxy.seccompProfile does, which `restricted` needs then.
// TT0028: the warning that controller sends back with a create its namespace's `warn` level (by default the enforced
// one) does not pass, which kubectl prints as `Warning: would violate PodSecurity "<level>:<version>": ...`: for a
// Pod it admits, as injected, and for the template of a workload kind it checks as written (EvaluatePod,
// ValidatePodController). Deliberately left out: the warning of a workload whose namespace warns at the level and
// version it enforces, whose refused pods TT0023 reports already; the `audit` level, which only annotates the audit log.
import { POD_SECURITY_ENFORCE_LABEL, POD_SECURITY_LEVELS, PodSecurityLevel } from '../../../../constructs/pod-security';
import { Finding, finding, MESSAGES, SourcedObject } from '../../findings';
import type { MeshIndex } from '../../mesh/mesh-index';
import { oncePer } from '../../once-per';
import { apiGroupOf } from '../../../manifests/kube-object';
import { unservedBuiltInKind } from '../../schemas';
import { podSpecs } from '../../mesh/workloads';
import { withHostNetworkPorts } from '../../builtin/pod-defaults';
import { APPARMOR_CONTAINER_PREFIX, appArmorAnnotationFor, appArmorFieldFor } from '../../builtin/profile-annotations';
import { AdmittedContainer, AdmittedPod, evaluatePod, forbiddenDetail, Problem, StandardsVersion } from './pod-security-checks';
import { InjectionSetup, injectionSetupOf, injectedPod, injectionTargetOf } from './injected-containers';

/** What admission evaluates a pod of an object against at one mode: the level, and the standards' version. */
interface ModePolicy {
  readonly level: PodSecurityLevel;
  readonly version: StandardsVersion;
  /** The version as the label gives it (`latest` or `v1.<minor>`), as admission names it in its messages. */
  readonly versionText: string;
}

/** A namespace's policy at the two modes a user sees: what a create is refused for, and what it is warned of. */
interface NamespacePolicy {
  readonly enforce: ModePolicy;
  readonly warn: ModePolicy;
}

const LABEL_PREFIX = 'pod-security.kubernetes.io/';
const POD_SECURITY_LABELS = ['enforce', 'audit', 'warn'].flatMap((mode) => [`${LABEL_PREFIX}${mode}`, `${LABEL_PREFIX}${mode}-version`]);
const VERSION_LABEL = /^v1\.([0-9]|[1-9][0-9]*)$/;
const MAX_INT64 = 2n ** 63n - 1n;
/** The API server's own minor: `latest`, and a pinned version no older. */
const SERVER_VERSION: StandardsVersion = 33;
const PRIVILEGED: ModePolicy = { level: 'privileged', version: SERVER_VERSION, versionText: 'latest' };
/** The kinds ValidatePodController extracts a pod template from (DefaultPodSpecExtractor), with a Pod's own spec. */
const WARNED_KINDS = new Set(['Pod', 'ReplicationController', 'PodTemplate', 'ReplicaSet', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/**
 * The Pod Security labels of a namespace that admission refuses at its create (PolicyToEvaluate, ValidateNamespace):
 * a level that is not privileged, baseline or restricted, a version that is not `latest` or `v1.<minor>`.
 */
function invalidLabels(labels: Readonly<Record<string, string>>): Problem[] {
  return POD_SECURITY_LABELS.filter((key) => labels[key] !== undefined).flatMap((key): Problem[] => {
    const value = labels[key];
    if (key.endsWith('-version')) {
      // ParseVersion's Atoi fails on a minor beyond int64 too
      const minor = VERSION_LABEL.exec(value)?.[1];
      const valid = value === 'latest' || (minor !== undefined && BigInt(minor) <= MAX_INT64);
      return valid ? [] : [[`metadata.labels["${key}"]`, `Invalid value: ${JSON.stringify(value)}: must be "latest" or "v1.x"`]];
    }
    return POD_SECURITY_LEVELS.includes(value as PodSecurityLevel)
      ? []
      : [[`metadata.labels["${key}"]`, `Invalid value: ${JSON.stringify(value)}: must be one of ${POD_SECURITY_LEVELS.join(', ')}`]];
  });
}

/** A valid version label as admission reads it; `latest` when there is none. */
function versionOf(label: string | undefined): Pick<ModePolicy, 'version' | 'versionText'> {
  const minor = VERSION_LABEL.exec(label ?? '')?.[1];
  return minor === undefined ? { version: SERVER_VERSION, versionText: 'latest' } : { version: Number(minor), versionText: label! };
}

/**
 * The policy of a namespace whose labels are valid (PolicyToEvaluate): each mode privileged and `latest` unless
 * labelled; `warn` without a level of its own takes the enforced level when that is stricter, and its version too
 * unless `warn-version` gives one.
 */
function policyOf(labels: Readonly<Record<string, string>>): NamespacePolicy {
  const mode = (name: string, fallback: ModePolicy = PRIVILEGED): ModePolicy => {
    const level = (labels[`${LABEL_PREFIX}${name}`] as PodSecurityLevel | undefined) ?? fallback.level;
    const version = labels[`${LABEL_PREFIX}${name}-version`];
    const { version: minor, versionText } = version === undefined ? fallback : versionOf(version);
    return { level, version: minor, versionText };
  };
  const enforce = mode('enforce');
  // CompareLevels(enforce, privileged) > 0: any enforced level but privileged
  const warn = labels[`${LABEL_PREFIX}warn`] === undefined && labels[POD_SECURITY_ENFORCE_LABEL] !== undefined && enforce.level !== 'privileged'
    ? mode('warn', enforce)
    : mode('warn');
  return { enforce, warn };
}

/**
 * The policies of the set's Namespaces, read once per index; a Namespace refused for its labels gets a finding
 * instead (its pods are not checked).
 */
const namespacePoliciesOf = oncePer((index: MeshIndex): { readonly policies: ReadonlyMap<string, NamespacePolicy>; readonly refusals: Finding[] } => {
  const policies = new Map<string, NamespacePolicy>();
  const refusals: Finding[] = [];
  for (const [name, ns] of index.namespaces) {
    const labels = ns.object.metadata?.labels ?? {};
    const invalid = invalidLabels(labels);
    for (const [field, problem] of invalid) {
      refusals.push(finding(MESSAGES.podSecurityViolation, ns, `the Pod Security admission controller refuses the namespace: ${problem}`, field));
    }
    if (invalid.length === 0) policies.set(name, policyOf(labels));
  }
  return { policies, refusals };
});

const policyOfObject = (policies: ReadonlyMap<string, NamespacePolicy>, source: SourcedObject) => policies.get(source.object.metadata?.namespace ?? 'default');

/**
 * Every pod template that does not meet its namespace's enforced level, one finding per field that fails a check; and
 * every Namespace whose Pod Security labels admission refuses.
 */
export function checkPodSecurity(index: MeshIndex): Finding[] {
  const { policies, refusals } = namespacePoliciesOf(index);
  const findings = [...refusals];
  if (![...policies.values()].some((p) => p.enforce.level !== 'privileged')) return findings;
  const setup = injectionSetupOf(index);
  for (const source of index.objects) {
    const policy = policyOfObject(policies, source)?.enforce;
    if (!policy || policy.level === 'privileged') continue;
    // a kind the version does not serve (an extensions/v1beta1 Deployment) is refused before admission: TT0027 says so
    if (unservedBuiltInKind(source.object.apiVersion, source.object.kind) !== undefined) continue;
    // admission refuses a Pod at its create; a controller it admits (with a warning at most: ValidatePodController
    // never enforces), and refuses each pod the controller then creates
    const what = source.object.kind === 'Pod'
      ? 'violates'
      : 'is admitted, but each of its pods is refused when it is created: they violate';
    const pinned = policy.versionText !== 'latest' && policy.version < SERVER_VERSION;
    const label = pinned ? `${POD_SECURITY_ENFORCE_LABEL}, at ${policy.versionText}` : POD_SECURITY_ENFORCE_LABEL;
    for (const pod of admittedPods(source, index, setup)) {
      const problems = evaluatePod(pod, policy.level, policy.version).flatMap((f) => f.problems);
      // what the create derives (an AppArmor annotation from a field, a field from an annotation) is reported at its source
      for (const [field, problem] of problems.filter(([field]) => !pod.derivedFields?.has(field))) {
        findings.push(finding(MESSAGES.podSecurityViolation, source,
          `${what} the ${policy.level} Pod Security Standard its namespace enforces (${label}): ${problem}`, field));
      }
    }
  }
  return findings;
}

/**
 * The Pod Security warnings (TT0028) of the objects the API server creates (`created`: as stored, without errors):
 * one per pod the namespace's `warn` level does not pass, in admission's words, at the field of the first check failed.
 */
export function podSecurityWarnings(index: MeshIndex, created: readonly SourcedObject[]): Finding[] {
  const { policies } = namespacePoliciesOf(index);
  if (![...policies.values()].some((p) => p.warn.level !== 'privileged')) return [];
  const setup = injectionSetupOf(index);
  const findings: Finding[] = [];
  for (const source of created) {
    const { apiVersion, kind } = source.object;
    const policy = policyOfObject(policies, source);
    if (!policy || policy.warn.level === 'privileged' || !WARNED_KINDS.has(kind) || apiGroupOf(apiVersion).includes('.')) continue;
    if (unservedBuiltInKind(apiVersion, kind) !== undefined) continue;
    const { enforce, warn } = policy;
    let pods: AdmittedPod[];
    if (kind === 'Pod') {
      // the Pod as admission sees it, injected; one the enforced level refuses gets no warning
      pods = admittedPods(source, index, setup);
      if (pods.some((pod) => evaluatePod(pod, enforce.level, enforce.version).length > 0)) continue;
    } else {
      // a workload whose namespace warns as it enforces: its refused pods are TT0023's
      if (warn.level === enforce.level && warn.version === enforce.version) continue;
      pods = templatesOf(source).map((t) => plainPod(t.spec, t.metadata, t.field, t.metadataField));
    }
    for (const pod of pods) {
      const failures = evaluatePod(pod, warn.level, warn.version);
      if (failures.length === 0) continue;
      // at the first field the object has (not one its create derives)
      const field = failures.flatMap((f) => f.problems).map(([at]) => at).find((at) => !pod.derivedFields?.has(at)) ?? pod.field;
      findings.push(finding(MESSAGES.apiServerWarning, source, `would violate PodSecurity "${warn.level}:${warn.versionText}": ${forbiddenDetail(failures)}`, field));
    }
  }
  return findings;
}

/** The pod templates of an object, a PodTemplate's included. */
function templatesOf(source: SourcedObject) {
  const { object } = source;
  if (object.kind !== 'PodTemplate') return podSpecs(source);
  const template = (object as any).template;
  return template ? [{ metadata: template.metadata, spec: template.spec, field: 'template.spec', metadataField: 'template.metadata' }] : [];
}

/** A pod spec as admission sees it, without anything added. */
function plainPod(spec: any, metadata: any, field: string, metadataField: string): AdmittedPod {
  const containers = (key: string): AdmittedContainer[] =>
    ((spec?.[key] ?? []) as any[]).map((c, i) => ({ container: c, field: `${field}.${key}[${i}]` }));
  return {
    spec: spec ?? {},
    annotations: { ...metadata?.annotations },
    field,
    metadataField,
    // visitContainers visits ephemeral containers too (a create refuses them anyway: TT0019)
    containers: [...containers('initContainers'), ...containers('containers'), ...containers('ephemeralContainers')],
  };
}

/** The pods an object makes, as admission would see them: their templates, with what injection would add. */
function admittedPods(source: SourcedObject, index: MeshIndex, setup: InjectionSetup): AdmittedPod[] {
  const { object } = source;
  const pods = podSpecs(source).map((t) => {
    // the pods a controller creates are Pods: their host network ports are defaulted (SetDefaults_Pod)
    const spec = object.kind === 'Pod' ? t.spec : withHostNetworkPorts(t.spec);
    return plainPod(spec, t.metadata, t.field, t.metadataField);
  });
  // the Runtime Component Operator gives its container a restricted security context unless the resource sets one
  if (object.kind === 'RuntimeComponent') {
    const spec = object.spec as any;
    const securityContext = {
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' },
      ...spec?.securityContext,
    };
    pods.push({ spec: {}, annotations: {}, field: 'spec', metadataField: 'metadata', containers: [{ container: { securityContext }, field: 'spec' }] });
  }
  // the Appsody operator sets no security context: its pods meet baseline only
  if (object.kind === 'AppsodyApplication') {
    pods.push({ spec: {}, annotations: {}, field: 'spec', metadataField: 'metadata', containers: [{ container: { securityContext: (object.spec as any)?.securityContext }, field: 'spec' }] });
  }
  // a pod the injector refuses is never created: TT0044 says so, and admission never sees it
  const admitted = pods.flatMap((pod) => {
    const result = injectedPod(pod, injectionTargetOf(source, pod), index, setup);
    return result === 'refused' ? [] : [result];
  });
  return object.kind === 'Pod' ? admitted.map(withAppArmorVersionSkew) : admitted;
}

/**
 * A bare Pod as its create prepares it, after injection and before admission (applyAppArmorVersionSkew): each
 * container without an AppArmor annotation gets one from its field or the pod's, and one with an annotation it can
 * read but no field gets the field, unless the pod's says the same. Not for a Windows pod.
 */
function withAppArmorVersionSkew(pod: AdmittedPod): AdmittedPod {
  if (pod.spec.os?.name === 'windows') return pod;
  const podProfile = pod.spec.securityContext?.appArmorProfile ?? undefined;
  const annotations: Record<string, string> = { ...pod.annotations };
  const derived = new Set<string>();
  const containers = pod.containers.map((c) => {
    const key = `${APPARMOR_CONTAINER_PREFIX}${String(c.container?.name ?? '')}`;
    const own = c.container?.securityContext?.appArmorProfile ?? undefined;
    if (!Object.hasOwn(annotations, key)) {
      const annotation = appArmorAnnotationFor(own ?? podProfile);
      if (annotation !== '') {
        annotations[key] = annotation;
        derived.add(`${pod.metadataField}.annotations["${key}"]`);
      }
      return c;
    }
    const field = own === undefined ? appArmorFieldFor(annotations[key]) : undefined;
    const samePod = field !== undefined && podProfile?.type === field.type && (podProfile?.localhostProfile ?? undefined) === field.localhostProfile;
    if (field === undefined || samePod) return c;
    derived.add(`${c.field}.securityContext.appArmorProfile.type`);
    return { ...c, container: { ...c.container, securityContext: { ...c.container?.securityContext, appArmorProfile: field } } };
  });
  return { ...pod, annotations, containers, derivedFields: derived };
}
