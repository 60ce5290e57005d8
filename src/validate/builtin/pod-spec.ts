// Pod specs and pod templates (ValidatePodSpec, ValidatePodTemplateSpec): volumes, containers, policies, scheduling
// fields and names, as the API server checks a Pod and the template of every workload that makes pods.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { checkContainers } from './containers';
import { entries, Fields, isSet, list, num, record, text } from './go-values';
import { dnsLabelProblem, dnsSubdomainProblem, isIp, labelValueProblem, qualifiedNameProblem } from './identifiers';
import { checkLabels, checkObjectMeta } from './metadata';
import { Report } from './report';
import { checkPodSecurityContext } from './security-context';
import { checkVolumes } from './volumes';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const MAX_INT32 = 2 ** 31 - 1;

function checkEnum(value: unknown, allowed: readonly string[], field: string, what: string, report: Report): void {
  const v = text(value);
  if (v !== undefined && !allowed.includes(v)) report(MESSAGES.unsupportedValue, field, `${what} must be one of ${allowed.join(', ')}, got ${show(v)}`);
}

function checkName(value: unknown, problemOf: (v: string) => string | undefined, field: string, what: string, report: Report): void {
  const name = text(value);
  const problem = name === undefined ? undefined : problemOf(name);
  if (problem) report(MESSAGES.invalidFieldValue, field, `${what} must be ${problem}, got ${show(name)}`);
}

function checkTolerations(value: unknown, field: string, report: Report): void {
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

function checkDnsConfig(spec: Fields, field: string, report: Report): void {
  const config = record(spec.dnsConfig);
  if (spec.dnsPolicy === 'None' && list(config?.nameservers).length === 0) {
    report(MESSAGES.requiredValue, join(field, 'dnsConfig'), 'dnsConfig must list at least one nameserver when dnsPolicy is None');
  }
  if (!config) return;
  const nameservers = list(config.nameservers);
  if (nameservers.length > 3) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.nameservers`, `must list at most 3 nameservers, got ${nameservers.length}`);
  nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !isIp(ns)) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.nameservers[${i}]`, `nameserver must be an IP address, got ${show(ns)}`);
  });
  const searches = list(config.searches);
  if (searches.length > 32) report(MESSAGES.invalidFieldValue, `${field}.dnsConfig.searches`, `must list at most 32 search domains, got ${searches.length}`);
  searches.forEach((s, i) => {
    if (typeof s === 'string') checkName(s.replace(/\.$/, ''), dnsSubdomainProblem, `${field}.dnsConfig.searches[${i}]`, 'search domain', report);
  });
}

function checkTopologySpread(value: unknown, field: string, report: Report): void {
  list(value).forEach((c, i) => {
    const constraint = record(c) ?? {};
    const path = `${field}[${i}]`;
    const skew = num(constraint.maxSkew);
    if (skew !== undefined && skew <= 0) report(MESSAGES.invalidFieldValue, `${path}.maxSkew`, `maxSkew must be greater than 0, got ${skew}`);
    if (text(constraint.topologyKey) === undefined) report(MESSAGES.requiredValue, `${path}.topologyKey`, 'topologyKey is required');
    else checkName(constraint.topologyKey, qualifiedNameProblem, `${path}.topologyKey`, 'topologyKey', report);
    checkEnum(constraint.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway'], `${path}.whenUnsatisfiable`, 'whenUnsatisfiable', report);
    const minDomains = num(constraint.minDomains);
    if (minDomains !== undefined && minDomains <= 0) report(MESSAGES.invalidFieldValue, `${path}.minDomains`, `minDomains must be greater than 0, got ${minDomains}`);
  });
}

function checkAffinityWeights(value: unknown, field: string, report: Report): void {
  const affinity = record(value);
  if (!affinity) return;
  for (const kind of ['nodeAffinity', 'podAffinity', 'podAntiAffinity']) {
    list(record(affinity[kind])?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      const weight = num(record(term)?.weight);
      if (weight !== undefined && (weight < 1 || weight > 100)) {
        report(MESSAGES.invalidFieldValue, `${field}.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}].weight`, `weight must be between 1 and 100, got ${weight}`);
      }
    });
  }
}

/** A pod spec; `isPod` for a Pod's own spec (stricter host ports), false for a template. */
export function checkPodSpec(value: unknown, field: string, report: Report, isPod = false): void {
  const spec = record(value);
  if (!spec) return;
  const volumes = checkVolumes(spec.volumes, join(field, 'volumes'), report);
  const hostUsers = spec.hostUsers !== false;
  checkContainers(spec, { volumes, hostUsers }, field, report);
  if (list(spec.ephemeralContainers).length > 0) {
    report(MESSAGES.invalidFieldValue, join(field, 'ephemeralContainers'), `ephemeralContainers may not be set ${isPod ? 'when a pod is created' : 'in a pod template'}`);
  }
  if (spec.hostNetwork === true) {
    list(spec.containers).forEach((c, i) => {
      list(record(c)?.ports).forEach((p, j) => {
        const port = record(p) ?? {};
        const hostPort = num(port.hostPort) ?? 0;
        if ((isPod || hostPort !== 0) && hostPort !== port.containerPort) {
          report(MESSAGES.invalidPort, `${field}.containers[${i}].ports[${j}].hostPort`, `hostPort must equal containerPort ${port.containerPort} when hostNetwork is true, got ${hostPort}`);
        }
      });
    });
  }
  checkEnum(spec.restartPolicy, RESTART_POLICIES, join(field, 'restartPolicy'), 'restartPolicy', report);
  checkEnum(spec.dnsPolicy, DNS_POLICIES, join(field, 'dnsPolicy'), 'dnsPolicy', report);
  checkDnsConfig(spec, field, report);
  checkLabels(spec.nodeSelector, join(field, 'nodeSelector'), report);
  checkPodSecurityContext(spec.securityContext, join(field, 'securityContext'), report);
  checkAffinityWeights(spec.affinity, join(field, 'affinity'), report);
  checkTopologySpread(spec.topologySpreadConstraints, join(field, 'topologySpreadConstraints'), report);
  checkName(spec.serviceAccountName, dnsSubdomainProblem, join(field, 'serviceAccountName'), 'serviceAccountName', report);
  checkName(spec.nodeName, dnsSubdomainProblem, join(field, 'nodeName'), 'nodeName', report);
  checkName(spec.hostname, dnsLabelProblem, join(field, 'hostname'), 'hostname', report);
  checkName(spec.subdomain, dnsLabelProblem, join(field, 'subdomain'), 'subdomain', report);
  checkName(spec.priorityClassName, dnsSubdomainProblem, join(field, 'priorityClassName'), 'priorityClassName', report);
  checkName(spec.runtimeClassName, dnsSubdomainProblem, join(field, 'runtimeClassName'), 'runtimeClassName', report);
  const deadline = num(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > MAX_INT32)) {
    report(MESSAGES.invalidFieldValue, join(field, 'activeDeadlineSeconds'), `activeDeadlineSeconds must be between 1 and ${MAX_INT32}, got ${deadline}`);
  }
  checkEnum(spec.preemptionPolicy, ['PreemptLowerPriority', 'Never'], join(field, 'preemptionPolicy'), 'preemptionPolicy', report);
  checkTolerations(spec.tolerations, join(field, 'tolerations'), report);
  list(spec.hostAliases).forEach((alias, i) => {
    const ip = record(alias)?.ip;
    if (typeof ip !== 'string' || !isIp(ip)) report(MESSAGES.invalidFieldValue, `${field}.hostAliases[${i}].ip`, `ip must be an IP address, got ${show(ip ?? '')}`);
  });
}

/** A pod template: its labels and annotations, and its pod spec. */
export function checkPodTemplate(value: unknown, field: string, report: Report): void {
  const template = record(value);
  if (!template) return;
  checkObjectMeta(template.metadata, join(field, 'metadata'), report);
  checkPodSpec(template.spec, join(field, 'spec'), report);
}

/** The restart policy a template's pods get: the one given, or the API server's default, Always. */
export function restartPolicyOf(template: unknown): string {
  return text(record(record(template)?.spec)?.restartPolicy) ?? 'Always';
}

/** The labels of a pod template. */
export function templateLabels(template: unknown): Record<string, unknown> {
  return Object.fromEntries(entries(record(record(template)?.metadata)?.labels));
}
