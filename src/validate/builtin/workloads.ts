// Workloads that make pods (apps/validation ValidateDeployment, ValidateReplicaSet, ValidateStatefulSet,
// ValidateDaemonSet; batch/validation ValidateJob, ValidateCronJob; core ValidatePodCreate,
// ValidateReplicationController, ValidatePodTemplate): selectors that select their own template, the restart
// policies each controller allows, counts and rollout strategies.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, num, record, text } from './go-values';
import { dnsLabelProblem } from './identifiers';
import { checkAtMost100Percent, intOrPercent } from './int-or-percent';
import { checkAnnotations, checkLabels, checkLabelSelector, isEmptySelector, selectorMatches } from './metadata';
import { checkPodAnnotations, checkPodSpec, checkPodTemplate, restartPolicyOf, templateLabels } from './pod-spec';
import { checkProfileAnnotations } from './profile-annotations';
import { checkCronSchedule } from './cron-schedules';
import { checkJob, checkJobTemplateSpec } from './jobs';
import { checkNonNegative, Report } from './report';
import type { VersionRules } from './version-rules';

const VALID_RESTART_POLICIES = new Set(['Always', 'OnFailure', 'Never']);

/** A controller's selector: present, not empty, and selecting the labels of its own pod template. */
function checkSelector(spec: Fields, kind: string, path: string, report: Report): void {
  const selector = spec.selector;
  if (record(selector) === undefined) {
    report(MESSAGES.requiredValue, join(path, 'selector'), `a ${kind} needs spec.selector`);
    return;
  }
  checkLabelSelector(selector, join(path, 'selector'), report);
  if (isEmptySelector(selector)) {
    // a selector written as a plain map of labels has neither field: its keys are unknown fields (TT0002), dropped
    const written = Object.keys(record(selector) ?? {}).filter((key) => key !== 'matchLabels' && key !== 'matchExpressions');
    const why = written.length > 0 ? ` (labels go under matchLabels: ${written.map((key) => show(key)).join(', ')} ${written.length === 1 ? 'is' : 'are'} dropped)` : '';
    report(MESSAGES.invalidSelector, join(path, 'selector'), `the selector of a ${kind} must not be empty${why}, got ${show(selector)}`);
  } else if (!selectorMatches(selector, templateLabels(spec.template))) {
    report(MESSAGES.invalidSelector, `${path}.template.metadata.labels`,
      `selector ${show(selector)} does not match the template labels ${show(templateLabels(spec.template))}`);
  }
}

/** The pods of long-running controllers must restart Always, and may not have a deadline. */
function checkAlwaysRestarted(spec: Fields, kind: string, path: string, report: Report): void {
  const policy = restartPolicyOf(spec.template);
  if (VALID_RESTART_POLICIES.has(policy) && policy !== 'Always') {
    report(MESSAGES.unsupportedValue, `${path}.template.spec.restartPolicy`, `restartPolicy of a ${kind}'s pods must be Always, got ${show(policy)}`);
  }
  if (isSet(record(record(spec.template)?.spec)?.activeDeadlineSeconds)) {
    report(MESSAGES.invalidFieldValue, `${path}.template.spec.activeDeadlineSeconds`, `activeDeadlineSeconds may not be set on a ${kind}'s pods`);
  }
}

function checkDeploymentStrategy(spec: Fields, path: string, report: Report): void {
  const strategy = record(spec.strategy) ?? {};
  const type = text(strategy.type) ?? 'RollingUpdate';
  const field = join(path, 'strategy');
  if (type === 'Recreate') {
    if (isSet(strategy.rollingUpdate)) report(MESSAGES.invalidFieldValue, `${field}.rollingUpdate`, 'rollingUpdate may not be set when the strategy type is Recreate');
    return;
  }
  if (type !== 'RollingUpdate') {
    report(MESSAGES.unsupportedValue, `${field}.type`, `strategy type must be one of Recreate, RollingUpdate, got ${show(type)}`);
    return;
  }
  const rolling = record(strategy.rollingUpdate) ?? {};
  // the API server defaults both to 25%
  const unavailable = intOrPercent(rolling.maxUnavailable ?? '25%', `${field}.rollingUpdate.maxUnavailable`, report);
  const surge = intOrPercent(rolling.maxSurge ?? '25%', `${field}.rollingUpdate.maxSurge`, report);
  if (unavailable?.value === 0 && surge?.value === 0) {
    report(MESSAGES.invalidFieldValue, `${field}.rollingUpdate.maxUnavailable`, 'maxUnavailable and maxSurge may not both be 0');
  }
  checkAtMost100Percent(unavailable, `${field}.rollingUpdate.maxUnavailable`, report);
}

function checkDeployment(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkNonNegative(spec, ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds'], path, report);
  checkSelector(spec, 'Deployment', path, report);
  checkPodTemplate(spec.template, join(path, 'template'), report, rules);
  checkAlwaysRestarted(spec, 'Deployment', path, report);
  checkDeploymentStrategy(spec, path, report);
  const deadline = num(spec.progressDeadlineSeconds) ?? 600;
  const minReady = num(spec.minReadySeconds) ?? 0;
  if (deadline >= 0 && deadline <= minReady) {
    report(MESSAGES.invalidFieldValue, join(path, 'progressDeadlineSeconds'), `progressDeadlineSeconds must be greater than minReadySeconds ${minReady}, got ${deadline}`);
  }
}

function checkReplicaSet(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkNonNegative(spec, ['replicas', 'minReadySeconds'], path, report);
  checkSelector(spec, 'ReplicaSet', path, report);
  checkPodTemplate(spec.template, join(path, 'template'), report, rules);
  checkAlwaysRestarted(spec, 'ReplicaSet', path, report);
}

/**
 * ValidateReplicationControllerSpec, after the v1 defaults: a selector left empty is the template's labels, and one
 * still empty is missing; the template (a pointer here) is required.
 */
function checkReplicationController(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkNonNegative(spec, ['minReadySeconds', 'replicas'], path, report);
  const given = entries(spec.selector);
  const selector = given.length > 0 ? Object.fromEntries(given) : templateLabels(spec.template);
  if (Object.keys(selector).length === 0) {
    report(MESSAGES.requiredValue, join(path, 'selector'), 'a ReplicationController needs spec.selector, or labels on its pod template to take it from');
  }
  if (record(spec.template) === undefined) {
    report(MESSAGES.requiredValue, join(path, 'template'), 'a ReplicationController needs spec.template');
    return;
  }
  if (Object.keys(selector).length > 0 && !selectorMatches({ matchLabels: selector }, templateLabels(spec.template))) {
    report(MESSAGES.invalidSelector, `${path}.template.metadata.labels`,
      `selector ${show(selector)} does not match the template labels ${show(templateLabels(spec.template))}`);
  }
  checkPodTemplate(spec.template, join(path, 'template'), report, rules);
  checkAlwaysRestarted(spec, 'ReplicationController', path, report);
}

function checkStatefulSet(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkNonNegative(spec, ['replicas', 'minReadySeconds'], path, report);
  const serviceName = text(spec.serviceName);
  const serviceProblem = rules.statefulSetServiceNameLabel && serviceName !== undefined ? dnsLabelProblem(serviceName) : undefined;
  if (serviceProblem) {
    report(MESSAGES.invalidFieldValue, join(path, 'serviceName'), `must be ${serviceProblem} (it becomes the pods' subdomain), got ${show(serviceName)}`);
  }
  const policy = text(spec.podManagementPolicy);
  if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') {
    report(MESSAGES.unsupportedValue, join(path, 'podManagementPolicy'), `podManagementPolicy must be one of OrderedReady, Parallel, got ${show(policy)}`);
  }
  const strategy = record(spec.updateStrategy) ?? {};
  const type = text(strategy.type) ?? 'RollingUpdate';
  if (type !== 'RollingUpdate' && type !== 'OnDelete') {
    report(MESSAGES.unsupportedValue, `${path}.updateStrategy.type`, `updateStrategy type must be one of RollingUpdate, OnDelete, got ${show(type)}`);
  } else if (type === 'OnDelete' && isSet(strategy.rollingUpdate)) {
    report(MESSAGES.invalidFieldValue, `${path}.updateStrategy.rollingUpdate`, 'rollingUpdate may only be set when the updateStrategy type is RollingUpdate');
  }
  const ordinalsStart = num(record(spec.ordinals)?.start);
  if (ordinalsStart !== undefined && ordinalsStart < 0) report(MESSAGES.invalidFieldValue, `${path}.ordinals.start`, `ordinals.start must not be negative, got ${ordinalsStart}`);
  // maxUnavailable is dropped before validation: the MaxUnavailableStatefulSet gate is alpha, off in 1.33
  const partition = num(record(strategy.rollingUpdate)?.partition);
  if (partition !== undefined && partition < 0) report(MESSAGES.invalidFieldValue, `${path}.updateStrategy.rollingUpdate.partition`, `partition must not be negative, got ${partition}`);
  const retention = record(spec.persistentVolumeClaimRetentionPolicy) ?? {};
  for (const when of ['whenDeleted', 'whenScaled']) {
    const value = text(retention[when]);
    if (value !== undefined && value !== 'Retain' && value !== 'Delete') {
      report(MESSAGES.unsupportedValue, `${path}.persistentVolumeClaimRetentionPolicy.${when}`, `${when} must be one of Retain, Delete, got ${show(value)}`);
    }
  }
  checkSelector(spec, 'StatefulSet', path, report);
  // apps validation checks a StatefulSet template's labels and annotations, not its pod spec
  const templateMeta = record(record(spec.template)?.metadata);
  checkLabels(templateMeta?.labels, `${path}.template.metadata.labels`, report);
  checkAnnotations(templateMeta?.annotations, `${path}.template.metadata.annotations`, report);
  checkPodAnnotations(record(spec.template)?.metadata, record(spec.template)?.spec, `${path}.template.metadata.annotations`, report);
  checkAlwaysRestarted(spec, 'StatefulSet', path, report);
}

function checkDaemonSet(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkNonNegative(spec, ['minReadySeconds', 'revisionHistoryLimit'], path, report);
  checkSelector(spec, 'DaemonSet', path, report);
  checkPodTemplate(spec.template, join(path, 'template'), report, rules);
  checkAlwaysRestarted(spec, 'DaemonSet', path, report);
  const strategy = record(spec.updateStrategy) ?? {};
  const type = text(strategy.type) ?? 'RollingUpdate';
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    report(MESSAGES.unsupportedValue, `${path}.updateStrategy.type`, `updateStrategy type must be one of RollingUpdate, OnDelete, got ${show(type)}`);
    return;
  }
  const rolling = record(strategy.rollingUpdate) ?? {};
  const field = `${path}.updateStrategy.rollingUpdate`;
  // defaults: maxUnavailable 1, maxSurge 0; exactly one of them must be non-zero
  const unavailable = intOrPercent(rolling.maxUnavailable ?? 1, `${field}.maxUnavailable`, report);
  const surge = intOrPercent(rolling.maxSurge ?? 0, `${field}.maxSurge`, report);
  checkAtMost100Percent(unavailable, `${field}.maxUnavailable`, report);
  checkAtMost100Percent(surge, `${field}.maxSurge`, report);
  if (unavailable && surge && unavailable.value !== 0 && surge.value !== 0) {
    report(MESSAGES.invalidFieldValue, `${field}.maxSurge`, 'maxSurge may not be set when maxUnavailable is not 0');
  } else if (unavailable?.value === 0 && surge?.value === 0) {
    report(MESSAGES.invalidFieldValue, `${field}.maxUnavailable`, 'maxUnavailable may not be 0 when maxSurge is 0');
  }
}

function checkCronJob(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkCronSchedule(spec, path, report);
  const policy = text(spec.concurrencyPolicy);
  if (policy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(policy)) {
    report(MESSAGES.unsupportedValue, join(path, 'concurrencyPolicy'), `concurrencyPolicy must be one of Allow, Forbid, Replace, got ${show(policy)}`);
  }
  checkNonNegative(spec, ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'], path, report);
  // ValidateJobTemplateSpec leaves the job template's metadata alone
  const template = record(spec.jobTemplate);
  if (template) checkJobTemplateSpec(record(template.spec) ?? {}, `${path}.jobTemplate.spec`, report, rules);
}

function checkPod(object: Fields, report: Report, rules: VersionRules): void {
  checkPodAnnotations(object.metadata, object.spec, 'metadata.annotations', report);
  checkPodSpec(object.spec, 'spec', report, rules, true);
  checkProfileAnnotations(object.metadata, record(object.spec) ?? {}, 'spec', report, true);
  const spec = record(object.spec) ?? {};
  if (text(spec.nodeName) !== undefined && list(spec.schedulingGates).length > 0) {
    report(MESSAGES.invalidFieldValue, 'spec.nodeName', 'a Pod with scheduling gates may not name its node: the gates must all be cleared first');
  }
  for (const kind of ['containers', 'initContainers']) {
    list(record(object.spec)?.[kind]).forEach((c, i) => {
      const image = record(c)?.image;
      if (typeof image === 'string' && image !== image.trim()) {
        report(MESSAGES.invalidFieldValue, `spec.${kind}[${i}].image`, `image must not have leading or trailing whitespace, got ${show(image)}`);
      }
    });
  }
}

/** Built-in validation of workload kinds, by kind; other kinds are not workloads. */
export function checkWorkload(kind: string, object: Fields, report: Report, rules: VersionRules): void {
  const spec = record(object.spec) ?? {};
  switch (kind) {
    case 'Deployment':
      return checkDeployment(spec, 'spec', report, rules);
    case 'ReplicaSet':
      return checkReplicaSet(spec, 'spec', report, rules);
    case 'StatefulSet':
      return checkStatefulSet(spec, 'spec', report, rules);
    case 'DaemonSet':
      return checkDaemonSet(spec, 'spec', report, rules);
    case 'Job':
      return checkJob(object, report, rules);
    case 'CronJob':
      return checkCronJob(spec, 'spec', report, rules);
    case 'Pod':
      return checkPod(object, report, rules);
    case 'ReplicationController':
      return checkReplicationController(spec, 'spec', report, rules);
    case 'PodTemplate':
      return checkPodTemplate(object.template, 'template', report, rules);
  }
}
