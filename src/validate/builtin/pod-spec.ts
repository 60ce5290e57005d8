// Pod specs and pod templates (ValidatePodSpec, ValidatePodTemplateSpec): volumes, containers, policies, scheduling
// fields and names, as the API server checks a Pod and the template of every workload that makes pods. Left out:
// resource claims (dynamic resource allocation), the pod-level resources of the PodLevelResources gate (alpha, off in
// 1.33) and the deprecated tolerations annotation. The fields of gates that are off (image volumes, clusterTrustBundle
// projections) are dropped first, as a create drops them; the deprecated seccomp and AppArmor annotations are compared
// with their fields in profile-annotations.ts.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { checkContainers } from './containers';
import { withoutDisabledFields } from './disabled-pod-fields';
import { entries, Fields, isSet, list, num, record, stringPointer, text } from './go-values';
import { dnsLabelProblem, dnsSearchDomainProblem, dnsSubdomainProblem, isIp, labelValueProblem, qualifiedNameProblem } from './identifiers';
import { checkAnnotations, checkLabelSelector, checkLabels } from './metadata';
import { checkEnum, Report } from './report';
import { APPARMOR_CONTAINER_PREFIX, checkProfileAnnotations, LOCALHOST_PROFILE, SECCOMP_CONTAINER_PREFIX, SECCOMP_POD_ANNOTATION } from './profile-annotations';
import { checkResourceRequirements } from './resources';
import { checkPodSecurityContext } from './security-context';
import { checkVolumes } from './volumes';
import type { VersionRules } from './version-rules';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_INT32 = 2 ** 31 - 1;

function checkName(value: unknown, problemOf: (v: string) => string | undefined, field: string, what: string, report: Report): void {
  const name = text(value);
  const problem = name === undefined ? undefined : problemOf(name);
  if (problem) report(MESSAGES.invalidFieldValue, field, `${what} must be ${problem}, got ${show(name)}`);
}

/** ValidateTolerations: each toleration's key, operator, value and effect. */
export function checkTolerations(value: unknown, field: string, report: Report): void {
  list(value).forEach((t, i) => {
    const toleration = record(t) ?? {};
    const path = `${field}[${i}]`;
    const key = text(toleration.key);
    const operator = text(toleration.operator);
    if (key !== undefined) checkName(key, qualifiedNameProblem, `${path}.key`, 'toleration key', report);
    else if (operator !== 'Exists') report(MESSAGES.invalidFieldValue, `${path}.operator`, `operator must be Exists when key is empty, got ${show(operator ?? '')}`);
    if (isSet(toleration.tolerationSeconds) && toleration.effect !== 'NoExecute') {
      report(MESSAGES.invalidFieldValue, `${path}.effect`, `effect must be NoExecute when tolerationSeconds is set, got ${show(toleration.effect ?? '')}`);
    }
    if (operator === undefined || operator === 'Equal') {
      const problem = labelValueProblem(typeof toleration.value === 'string' ? toleration.value : '');
      if (problem) report(MESSAGES.invalidFieldValue, `${path}.value`, `toleration value must be ${problem}, got ${show(toleration.value)}`);
    } else if (operator === 'Exists') {
      if (text(toleration.value) !== undefined) report(MESSAGES.invalidFieldValue, `${path}.value`, `value must be empty when operator is Exists, got ${show(toleration.value)}`);
    } else {
      report(MESSAGES.unsupportedValue, `${path}.operator`, `operator must be one of Equal, Exists, got ${show(operator)}`);
    }
    checkEnum(toleration.effect, TAINT_EFFECTS, `${path}.effect`, 'effect', report);
  });
}

function checkDnsConfig(spec: Fields, field: string, report: Report, rules: VersionRules): void {
  const config = record(spec.dnsConfig);
  if (spec.dnsPolicy === 'None' && list(config?.nameservers).length === 0) {
    report(MESSAGES.requiredValue, join(field, 'dnsConfig'), 'dnsConfig must list at least one nameserver when dnsPolicy is None');
    return;
  }
  if (!config) return;
  const nameservers = list(config.nameservers);
  if (nameservers.length > 3) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.nameservers`, `must list at most 3 nameservers, got ${nameservers.length}`);
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !isIp(ns)) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.nameservers[${i}]`, `nameserver must be an IP address, got ${show(ns)}`);
  });
  const searches = list(config.searches);
  if (searches.length > 32) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.searches`, `must list at most 32 search domains, got ${searches.length}`);
  const chars = searches.map(String).join(' ').length;
  if (chars > 2048) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.searches`, `search domains must total at most 2048 characters (spaces between them included), got ${chars}`);
  searches.forEach((s, i) => {
    // RelaxedDNSSearchValidation (beta, on by default in 1.33): '_' is allowed, and "." alone
    const domain = typeof s === 'string' && !(rules.relaxedDnsSearch && s === '.') ? s.replace(/\.$/, '') : undefined;
    const problem = domain === undefined ? undefined : rules.relaxedDnsSearch ? dnsSearchDomainProblem(domain) : dnsSubdomainProblem(domain);
    if (problem) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.searches[${i}]`, `search domain must be ${problem}, got ${show(s)}`);
  });
  list(config.options).forEach((o, i) => {
    if (text(record(o)?.name) === undefined) report(MESSAGES.requiredValue, `${field}.dnsConfig.options[${i}].name`, 'is required');
  });
}

const NODE_INCLUSION_POLICIES = ['Ignore', 'Honor'];

/** validateMatchLabelKeysInTopologySpread and validateLabelKeys: label names, only beside a selector (and not in it). */
function checkLabelKeys(keys: unknown, selector: unknown, field: string, report: Report, notInSelector: boolean): void {
  const names = list(keys);
  if (names.length === 0) return;
  const s = record(selector);
  if (!s) return report(MESSAGES.invalidFieldValue, field, 'may only be set beside a labelSelector');
  const selectorKeys = new Set([...Object.keys(record(s.matchLabels) ?? {}), ...list(s.matchExpressions).map((e) => String(record(e)?.key ?? ''))]);
  names.forEach((key, i) => {
    const problem = qualifiedNameProblem(String(key));
    if (problem) report(MESSAGES.invalidLabelOrAnnotation, `${field}[${i}]`, `label key must be ${problem}, got ${show(key)}`);
    if (notInSelector && selectorKeys.has(String(key))) report(MESSAGES.invalidFieldValue, `${field}[${i}]`, `label key ${show(key)} is already in the labelSelector`);
  });
}

/** validateTopologySpreadConstraints; two constraints on one {topologyKey, whenUnsatisfiable} are the schema's duplicate keys. */
function checkTopologySpread(value: unknown, field: string, report: Report): void {
  list(value).forEach((c, i) => {
    const constraint = record(c) ?? {};
    const path = `${field}[${i}]`;
    const skew = num(constraint.maxSkew) ?? 0;
    if (skew <= 0) report(MESSAGES.invalidFieldValue, `${path}.maxSkew`, `maxSkew must be greater than 0, got ${skew}`);
    // ValidateTopologyKey: any key that is not empty
    const key = String(constraint.topologyKey ?? '');
    if (key === '') report(MESSAGES.requiredValue, `${path}.topologyKey`, 'is required');
    const when = String(constraint.whenUnsatisfiable ?? '');
    if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') {
      report(MESSAGES.unsupportedValue, `${path}.whenUnsatisfiable`, `whenUnsatisfiable must be one of DoNotSchedule, ScheduleAnyway, got ${show(when)}`);
    }
    const minDomains = num(constraint.minDomains);
    if (minDomains !== undefined && minDomains <= 0) report(MESSAGES.invalidFieldValue, `${path}.minDomains`, `minDomains must be greater than 0, got ${minDomains}`);
    if (minDomains !== undefined && when !== 'DoNotSchedule') {
      report(MESSAGES.invalidFieldValue, `${path}.minDomains`, `minDomains may only be set when whenUnsatisfiable is DoNotSchedule, got ${show(when)}`);
    }
    checkEnum(constraint.nodeAffinityPolicy, NODE_INCLUSION_POLICIES, `${path}.nodeAffinityPolicy`, 'nodeAffinityPolicy', report, stringPointer);
    checkEnum(constraint.nodeTaintsPolicy, NODE_INCLUSION_POLICIES, `${path}.nodeTaintsPolicy`, 'nodeTaintsPolicy', report, stringPointer);
    checkLabelKeys(constraint.matchLabelKeys, constraint.labelSelector, `${path}.matchLabelKeys`, report, true);
    checkLabelSelector(constraint.labelSelector, `${path}.labelSelector`, report);
  });
}

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/** ValidateNodeSelectorTerm; `labelValues` is false for preferred terms, whose values Go leaves unchecked. */
function checkNodeSelectorTerm(value: unknown, field: string, report: Report, labelValues: boolean): void {
  const term = record(value) ?? {};
  list(term.matchExpressions).forEach((r, j) => {
    const req = record(r) ?? {};
    const path = `${field}.matchExpressions[${j}]`;
    const values = list(req.values);
    const operator = String(req.operator ?? '');
    if (!NODE_OPERATORS.includes(operator)) {
      report(MESSAGES.unsupportedValue, `${path}.operator`, `operator must be one of ${NODE_OPERATORS.join(', ')}, got ${show(operator)}`);
    } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      report(MESSAGES.requiredValue, `${path}.values`, `values must be given when operator is ${operator}`);
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      report(MESSAGES.invalidFieldValue, `${path}.values`, `values must be empty when operator is ${operator}, got ${show(values)}`);
    } else if ((operator === 'Gt' || operator === 'Lt') && values.length !== 1) {
      report(MESSAGES.invalidFieldValue, `${path}.values`, `values must hold exactly one value when operator is ${operator}, got ${show(values)}`);
    }
    const keyProblem = qualifiedNameProblem(String(req.key ?? ''));
    if (keyProblem) report(MESSAGES.invalidLabelOrAnnotation, `${path}.key`, `label key must be ${keyProblem}, got ${show(req.key ?? '')}`);
    if (!labelValues) return;
    values.forEach((v, k) => {
      const problem = typeof v === 'string' ? labelValueProblem(v) : undefined;
      if (problem) report(MESSAGES.invalidLabelOrAnnotation, `${path}.values[${k}]`, `label value must be ${problem}, got ${show(v)}`);
    });
  });
  list(term.matchFields).forEach((r, j) => {
    const req = record(r) ?? {};
    const path = `${field}.matchFields[${j}]`;
    const values = list(req.values);
    if (req.operator !== 'In' && req.operator !== 'NotIn') {
      report(MESSAGES.unsupportedValue, `${path}.operator`, `operator of a node field selector must be In or NotIn, got ${show(req.operator ?? '')}`);
    } else if (values.length !== 1) {
      report(MESSAGES.invalidFieldValue, `${path}.values`, `values must hold exactly one node name when operator is ${req.operator}, got ${show(values)}`);
    }
    if (req.key !== 'metadata.name') report(MESSAGES.unsupportedValue, `${path}.key`, `the only node field a selector may use is metadata.name, got ${show(req.key ?? '')}`);
    else values.forEach((v, k) => checkName(v, dnsSubdomainProblem, `${path}.values[${k}]`, 'node name', report));
  });
}

/** ValidateNodeSelector: at least one term, each with valid requirements (label values checked). */
export function checkNodeSelector(selector: Fields, field: string, report: Report): void {
  const terms = list(selector.nodeSelectorTerms);
  const path = `${field}.nodeSelectorTerms`;
  if (terms.length === 0) report(MESSAGES.requiredValue, path, 'nodeSelectorTerms must list at least one term');
  terms.forEach((t, i) => checkNodeSelectorTerm(t, `${path}[${i}]`, report, true));
}

/** validatePodAffinityTerm. */
function checkPodAffinityTerm(value: unknown, field: string, report: Report): void {
  const term = record(value) ?? {};
  checkLabelSelector(term.labelSelector, `${field}.labelSelector`, report);
  checkLabelSelector(term.namespaceSelector, `${field}.namespaceSelector`, report);
  list(term.namespaces).forEach((ns, i) => {
    const problem = dnsLabelProblem(String(ns ?? ''));
    if (problem) report(MESSAGES.invalidFieldValue, `${field}.namespaces[${i}]`, `namespace must be ${problem}, got ${show(ns)}`);
  });
  checkLabelKeys(term.matchLabelKeys, term.labelSelector, `${field}.matchLabelKeys`, report, false);
  checkLabelKeys(term.mismatchLabelKeys, term.labelSelector, `${field}.mismatchLabelKeys`, report, false);
  const mismatch = new Set(list(term.mismatchLabelKeys));
  list(term.matchLabelKeys).forEach((key, i) => {
    if (mismatch.has(key)) report(MESSAGES.invalidFieldValue, `${field}.matchLabelKeys[${i}]`, `label key ${show(key)} is also in mismatchLabelKeys`);
  });
  const topologyKey = String(term.topologyKey ?? '');
  const problem = qualifiedNameProblem(topologyKey);
  if (topologyKey === '') report(MESSAGES.requiredValue, `${field}.topologyKey`, 'is required');
  else if (problem) report(MESSAGES.invalidLabelOrAnnotation, `${field}.topologyKey`, `topologyKey must be ${problem}, got ${show(topologyKey)}`);
}

function checkWeight(weight: unknown, field: string, report: Report): void {
  const w = num(weight) ?? 0;
  if (w < 1 || w > 100) report(MESSAGES.invalidFieldValue, field, `weight must be between 1 and 100, got ${w}`);
}

/** validateAffinity: node affinity terms, and the terms of pod affinity and anti-affinity. */
function checkAffinity(value: unknown, field: string, report: Report): void {
  const affinity = record(value);
  if (!affinity) return;
  const node = record(affinity.nodeAffinity);
  const required = record(node?.requiredDuringSchedulingIgnoredDuringExecution);
  if (required) checkNodeSelector(required, `${field}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`, report);
  list(node?.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const path = `${field}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    checkWeight(record(t)?.weight, `${path}.weight`, report);
    checkNodeSelectorTerm(record(t)?.preference, `${path}.preference`, report, false);
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pods = record(affinity[kind]);
    list(pods?.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      checkPodAffinityTerm(t, `${field}.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, report);
    });
    list(pods?.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const path = `${field}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(record(t)?.weight, `${path}.weight`, report);
      checkPodAffinityTerm(record(t)?.podAffinityTerm, `${path}.podAffinityTerm`, report);
    });
  }
}

const WINDOWS_POD_FIELDS = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup',
  'supplementalGroups', 'supplementalGroupsPolicy', 'seLinuxChangePolicy'];
const WINDOWS_CONTAINER_FIELDS = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
  'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

/**
 * validateWindowsHostProcessPod, for every pod: a container's hostProcess (its own, or the pod's it inherits) must
 * agree with the pod's where both are set, and a pod with any hostProcess container must have only such containers
 * and use the host network. (A cluster that refuses privileged containers refuses them too; that is not checked.)
 */
function checkWindowsHostProcess(spec: Fields, field: string, report: Report): void {
  const podHostProcess = record(record(spec.securityContext)?.windowsOptions)?.hostProcess;
  let containers = 0;
  let hostProcess = 0;
  for (const kind of ['containers', 'initContainers', 'ephemeralContainers']) {
    list(spec[kind]).forEach((c, i) => {
      containers++;
      const own = record(record(record(c)?.securityContext)?.windowsOptions)?.hostProcess;
      if (typeof podHostProcess === 'boolean' && typeof own === 'boolean' && own !== podHostProcess) {
        report(MESSAGES.invalidFieldValue, `${field}.${kind}[${i}].securityContext.windowsOptions.hostProcess`,
          `hostProcess must be the pod's (${podHostProcess}) when both are set, got ${own}`);
      }
      if (own === true || (own === undefined && podHostProcess === true)) hostProcess++;
    });
  }
  if (hostProcess === 0) return;
  if (hostProcess !== containers) report(MESSAGES.invalidFieldValue, field, 'a pod with a hostProcess container may have hostProcess containers only');
  if (spec.hostNetwork !== true) report(MESSAGES.invalidFieldValue, join(field, 'hostNetwork'), 'a pod with hostProcess containers must set hostNetwork: true');
}

/** validateOS, validateLinux, validateWindows: the fields a pod of the other operating system may not set. */
function checkOs(spec: Fields, field: string, report: Report): void {
  const os = record(spec.os);
  if (!os) return;
  const name = String(os.name ?? '');
  if (name !== 'linux' && name !== 'windows') return report(MESSAGES.unsupportedValue, `${field}.os.name`, `os name must be one of linux, windows, got ${show(name)}`);
  const forbid = (path: string, what: string) => report(MESSAGES.invalidFieldValue, path, `${what} may not be set for a ${name} pod`);
  const containers = ['initContainers', 'containers', 'ephemeralContainers'].flatMap((kind) =>
    list(spec[kind]).map((c, i): [Fields, string] => [record(record(c)?.securityContext) ?? {}, `${field}.${kind}[${i}].securityContext`]));
  const pod = record(spec.securityContext) ?? {};
  if (name === 'linux') {
    if (isSet(pod.windowsOptions)) forbid(`${field}.securityContext.windowsOptions`, 'windowsOptions');
    for (const [context, path] of containers) if (isSet(context.windowsOptions)) forbid(`${path}.windowsOptions`, 'windowsOptions');
    return;
  }
  for (const f of WINDOWS_POD_FIELDS) {
    if (isSet(pod[f]) && !(f === 'sysctls' && list(pod[f]).length === 0)) forbid(`${field}.securityContext.${f}`, f);
  }
  for (const f of ['hostUsers', 'shareProcessNamespace']) if (isSet(spec[f])) forbid(join(field, f), f);
  for (const f of ['hostPID', 'hostIPC']) if (spec[f] === true) forbid(join(field, f), f);
  for (const [context, path] of containers) for (const f of WINDOWS_CONTAINER_FIELDS) if (isSet(context[f])) forbid(`${path}.${f}`, f);
}

/** A pod spec; `isPod` for a Pod's own spec (stricter host ports), false for a template. */
export function checkPodSpec(value: unknown, field: string, report: Report, rules: VersionRules, isPod = false): void {
  // a pod spec is a value, not a pointer: one left out is validated as empty (it needs containers)
  const spec = withoutDisabledFields(record(value) ?? {});
  const volumes = checkVolumes(spec.volumes, join(field, 'volumes'), report);
  const hostUsers = spec.hostUsers !== false;
  // SetDefaults_PodSpec: terminationGracePeriodSeconds 30, restartPolicy Always
  const gracePeriod = isSet(spec.terminationGracePeriodSeconds) ? num(spec.terminationGracePeriodSeconds) : 30;
  checkContainers(spec, { volumes, hostUsers, gracePeriod, restartPolicy: text(spec.restartPolicy) ?? 'Always', rules }, field, report);
  if (list(spec.ephemeralContainers).length > 0) {
    report(MESSAGES.invalidFieldValue, join(field, 'ephemeralContainers'), `ephemeralContainers may not be set ${isPod ? 'when a pod is created' : 'in a pod template'}`);
  }
  if (spec.hostNetwork === true) {
    // a Pod's hostPort 0 is defaulted to its containerPort before validation (SetDefaults_Pod), a template's stays 0
    list(spec.containers).forEach((c, i) => {
      list(record(c)?.ports).forEach((p, j) => {
        const port = record(p) ?? {};
        const hostPort = num(port.hostPort) ?? 0;
        if (hostPort !== 0 && hostPort !== port.containerPort) {
          report(MESSAGES.invalidPort, `${field}.containers[${i}].ports[${j}].hostPort`, `hostPort must equal containerPort ${port.containerPort} when hostNetwork is true, got ${hostPort}`);
        }
      });
    });
  }
  checkEnum(spec.restartPolicy, RESTART_POLICIES, join(field, 'restartPolicy'), 'restartPolicy', report);
  checkEnum(spec.dnsPolicy, DNS_POLICIES, join(field, 'dnsPolicy'), 'dnsPolicy', report);
  checkDnsConfig(spec, field, report, rules);
  checkLabels(spec.nodeSelector, join(field, 'nodeSelector'), report);
  checkPodSecurityContext(spec.securityContext, { network: spec.hostNetwork === true, ipc: spec.hostIPC === true }, join(field, 'securityContext'), report);
  checkAffinity(spec.affinity, join(field, 'affinity'), report);
  checkTopologySpread(spec.topologySpreadConstraints, join(field, 'topologySpreadConstraints'), report);
  // the v1 conversion reads the deprecated serviceAccount when serviceAccountName is empty
  const serviceAccount = text(spec.serviceAccountName) ?? spec.serviceAccount;
  checkName(serviceAccount, dnsSubdomainProblem, join(field, 'serviceAccountName'), 'serviceAccountName', report);
  checkName(spec.nodeName, dnsSubdomainProblem, join(field, 'nodeName'), 'nodeName', report);
  checkName(spec.hostname, dnsLabelProblem, join(field, 'hostname'), 'hostname', report);
  checkName(spec.subdomain, dnsLabelProblem, join(field, 'subdomain'), 'subdomain', report);
  checkName(spec.priorityClassName, dnsSubdomainProblem, join(field, 'priorityClassName'), 'priorityClassName', report);
  if (spec.runtimeClassName === '') report(MESSAGES.invalidFieldValue, join(field, 'runtimeClassName'), 'runtimeClassName must not be empty when given');
  else checkName(spec.runtimeClassName, dnsSubdomainProblem, join(field, 'runtimeClassName'), 'runtimeClassName', report);
  const deadline = num(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    report(MESSAGES.invalidFieldValue, join(field, 'activeDeadlineSeconds'), `activeDeadlineSeconds must be between 1 and ${MAX_INT32}, got ${deadline}`);
  }
  // validatePreemptionPolicy (a *string): "" is missing
  if (spec.preemptionPolicy === '') report(MESSAGES.requiredValue, join(field, 'preemptionPolicy'), 'preemptionPolicy must not be empty when given');
  else checkEnum(spec.preemptionPolicy, ['PreemptLowerPriority', 'Never'], join(field, 'preemptionPolicy'), 'preemptionPolicy', report);
  checkTolerations(spec.tolerations, join(field, 'tolerations'), report);
  list(spec.hostAliases).forEach((alias, i) => {
    const ip = record(alias)?.ip;
    if (typeof ip !== 'string' || !isIp(ip)) report(MESSAGES.invalidFieldValue, `${field}.hostAliases[${i}].ip`, `ip must be an IP address, got ${show(ip ?? '')}`);
    list(record(alias)?.hostnames).forEach((h, j) => {
      const problem = dnsSubdomainProblem(String(h ?? ''));
      if (problem) report(MESSAGES.invalidFieldValue, `${field}.hostAliases[${i}].hostnames[${j}]`, `hostname must be ${problem}, got ${show(h)}`);
    });
  });
  list(spec.readinessGates).forEach((g, i) => {
    const type = String(record(g)?.conditionType ?? '');
    const problem = qualifiedNameProblem(type);
    if (problem) report(MESSAGES.invalidFieldValue, `${field}.readinessGates[${i}].conditionType`, `conditionType must be ${problem}, got ${show(type)}`);
  });
  // a gate listed twice is a duplicate key of the schema's list map
  list(spec.schedulingGates).forEach((g, i) => {
    const name = String(record(g)?.name ?? '');
    const problem = qualifiedNameProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, `${field}.schedulingGates[${i}].name`, `scheduling gate name must be ${problem}, got ${show(name)}`);
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    report(MESSAGES.invalidFieldValue, join(field, 'shareProcessNamespace'), 'shareProcessNamespace and hostPID may not both be true');
  }
  // validateHostUsers: a pod in its own user namespace may not share the host's other namespaces
  if (spec.hostUsers === false) {
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[f] === true) report(MESSAGES.invalidFieldValue, join(field, f), `${f} may not be true when hostUsers is false`);
  }
  checkOs(spec, field, report);
  checkWindowsHostProcess(spec, field, report);
  // validateOverhead: checked as a container's limits are (Go writes its paths without the "limits")
  if (isSet(spec.overhead)) {
    const overhead = join(field, 'overhead');
    const atOverhead: Report = (type, at, message) => report(type, at.startsWith(`${overhead}.limits`) ? overhead + at.slice(`${overhead}.limits`.length) : at, message);
    checkResourceRequirements({ limits: spec.overhead }, overhead, atOverhead);
  }
}


const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';
/** GetDeletionCostFromPodAnnotations: a 32-bit integer with no '+' and no leading zero. */
const DELETION_COST = /^(-[0-9]+|0|[1-9][0-9]*)$/;

/** ValidateSeccompProfile: the values of the deprecated seccomp annotations. */
function seccompAnnotationValid(value: string): boolean {
  if (['runtime/default', 'docker/default', 'unconfined'].includes(value)) return true;
  if (!value.startsWith(LOCALHOST_PROFILE)) return false;
  const path = value.slice(LOCALHOST_PROFILE.length);
  return !path.startsWith('/') && !path.split('/').includes('..');
}

/**
 * ValidatePodSpecificAnnotations, for a Pod's and a pod template's annotations: a mirror pod names its node, the
 * deletion cost is a 32-bit integer, and the deprecated seccomp and AppArmor annotations name known profiles (and
 * AppArmor ones a container of the pod).
 */
export function checkPodAnnotations(metadata: unknown, spec: unknown, field: string, report: Report): void {
  const annotations = record(record(metadata)?.annotations);
  if (!annotations) return;
  const podSpec = record(spec) ?? {};
  const at = (key: string) => join(field, key);
  if (MIRROR_POD_ANNOTATION in annotations && text(podSpec.nodeName) === undefined) {
    report(MESSAGES.invalidFieldValue, at(MIRROR_POD_ANNOTATION), `annotation ${MIRROR_POD_ANNOTATION} needs spec.nodeName to be set`);
  }
  const cost = annotations[DELETION_COST_ANNOTATION];
  if (typeof cost === 'string' && (!DELETION_COST.test(cost) || Number(cost) < -(2 ** 31) || Number(cost) > 2 ** 31 - 1)) {
    report(MESSAGES.invalidFieldValue, at(DELETION_COST_ANNOTATION), `annotation ${DELETION_COST_ANNOTATION} must be a 32-bit integer, got ${show(cost)}`);
  }
  const containers = new Set(['containers', 'initContainers', 'ephemeralContainers'].flatMap((k) => list(podSpec[k]).map((c) => record(c)?.name)));
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value !== 'string') continue;
    if ((key === SECCOMP_POD_ANNOTATION || key.startsWith(SECCOMP_CONTAINER_PREFIX)) && !seccompAnnotationValid(value)) {
      report(MESSAGES.invalidFieldValue, at(key), `a seccomp annotation must be runtime/default, docker/default, unconfined or localhost/<relative path>, got ${show(value)}`);
    }
    if (!key.startsWith(APPARMOR_CONTAINER_PREFIX)) continue;
    const container = key.slice(APPARMOR_CONTAINER_PREFIX.length);
    if (!containers.has(container)) report(MESSAGES.invalidFieldValue, at(key), `the AppArmor annotation names no container of the pod: ${show(container)}`);
    if (value !== '' && value !== 'runtime/default' && value !== 'unconfined' && !value.startsWith(LOCALHOST_PROFILE)) {
      report(MESSAGES.invalidFieldValue, at(key), `an AppArmor annotation must be runtime/default, unconfined or localhost/<profile>, got ${show(value)}`);
    }
  }
}

/** A pod template: its labels and annotations, and its pod spec. */
export function checkPodTemplate(value: unknown, field: string, report: Report, rules: VersionRules): void {
  // a value in every kind but a ReplicationController (whose missing template is its own error): one left out is
  // validated as empty
  const template = record(value) ?? {};
  // ValidatePodTemplateSpec checks a template's labels and annotations, no other field of its metadata
  const metadata = record(template.metadata);
  checkLabels(metadata?.labels, `${field}.metadata.labels`, report);
  checkAnnotations(metadata?.annotations, `${field}.metadata.annotations`, report);
  checkPodAnnotations(template.metadata, template.spec, `${field}.metadata.annotations`, report);
  checkProfileAnnotations(template.metadata, record(template.spec) ?? {}, join(field, 'spec'), report);
  checkPodSpec(template.spec, join(field, 'spec'), report, rules);
}

/** The restart policy a template's pods get: the one given, or the API server's default, Always. */
export function restartPolicyOf(template: unknown): string {
  return text(record(record(template)?.spec)?.restartPolicy) ?? 'Always';
}

/** The labels of a pod template. */
export function templateLabels(template: unknown): Record<string, unknown> {
  return Object.fromEntries(entries(record(record(template)?.metadata)?.labels));
}
