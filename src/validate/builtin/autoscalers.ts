// HorizontalPodAutoscalers (autoscaling/v2, and v1's fields), as pkg/apis/autoscaling/validation checks them at create,
// after autoscaling/v2's defaults (SetDefaults_HorizontalPodAutoscaler): minReplicas 1, a CPU utilization metric
// when none is given, and a behavior's scaling rules filled in where left out (policies only when missing: an empty
// list stays empty and is refused). HPAScaleToZero is alpha and off in 1.33, so minReplicas is at least 1.
import { MESSAGES } from '../findings';
import { parseQuantity, quantitySign } from '../quantity';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, str } from './go-values';
import { dnsLabelProblem, pathSegmentNameProblem } from './identifiers';
import { checkContainerResourceName } from './resources';
import { Report } from './report';

/** MaxPeriodSeconds, MaxStabilizationWindowSeconds. */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_SOURCES: Readonly<Record<string, string>> = {
  Object: 'object',
  External: 'external',
  Pods: 'pods',
  Resource: 'resource',
  ContainerResource: 'containerResource',
};
const TARGET_TYPES = ['Utilization', 'Value', 'AverageValue'];

/** Built-in validation of a HorizontalPodAutoscaler of autoscaling/v1 or autoscaling/v2. */
export function checkAutoscaler(object: Fields, apiVersion: string, report: Report): void {
  const spec = record(object.spec) ?? {};
  const minReplicas = num(spec.minReplicas) ?? 1;
  if (minReplicas < 1) report(MESSAGES.invalidFieldValue, 'spec.minReplicas', `must be at least 1, got ${minReplicas}`);
  const maxReplicas = num(spec.maxReplicas) ?? 0;
  if (maxReplicas < 1) report(MESSAGES.invalidFieldValue, 'spec.maxReplicas', `must be greater than 0, got ${maxReplicas}`);
  if (maxReplicas < minReplicas) report(MESSAGES.invalidFieldValue, 'spec.maxReplicas', `must be at least minReplicas (${minReplicas}), got ${maxReplicas}`);
  checkObjectReference(spec.scaleTargetRef, 'spec.scaleTargetRef', report);
  if (apiVersion === 'autoscaling/v1') {
    // converted to a CPU utilization metric, which must be at least 1
    const percentage = num(spec.targetCPUUtilizationPercentage);
    if (percentage !== undefined && percentage < 1) {
      report(MESSAGES.invalidFieldValue, 'spec.targetCPUUtilizationPercentage', `must be greater than 0, got ${percentage}`);
    }
    return;
  }
  const metrics = list(spec.metrics);
  metrics.forEach((metric, i) => checkMetric(record(metric) ?? {}, `spec.metrics[${i}]`, report));
  // validateMetrics: scaling to zero needs an Object or External metric (the defaulted CPU metric is neither)
  if (minReplicas === 0 && !metrics.some((m) => ['Object', 'External'].includes(str(record(m)?.type)))) {
    report(MESSAGES.invalidFieldValue, 'spec.metrics', 'scaling to zero replicas needs at least one Object or External metric');
  }
  const behavior = record(spec.behavior);
  for (const direction of ['scaleUp', 'scaleDown']) checkScalingRules(record(behavior?.[direction]), join('spec.behavior', direction), report);
}

/** ValidateCrossVersionObjectReference: a kind and a name, each a path segment. */
function checkObjectReference(value: unknown, field: string, report: Report): void {
  const ref = record(value) ?? {};
  for (const key of ['kind', 'name']) {
    const text = str(ref[key]);
    if (text === '') report(MESSAGES.requiredValue, join(field, key), `the referenced object's ${key} is required`);
    else {
      const problem = pathSegmentNameProblem(text);
      if (problem) report(MESSAGES.invalidFieldValue, join(field, key), `must be ${problem}, got ${show(text)}`);
    }
  }
}

/** validateMetricSpec: a known type, its source (and no other), checked as the type says. */
function checkMetric(metric: Fields, field: string, report: Report): void {
  const type = str(metric.type);
  const expected = METRIC_SOURCES[type];
  if (type === '') report(MESSAGES.requiredValue, join(field, 'type'), 'a metric needs a source type');
  else if (expected === undefined) report(MESSAGES.unsupportedValue, join(field, 'type'), `must be one of ${Object.keys(METRIC_SOURCES).sort().join(', ')}, got ${show(type)}`);
  const present = Object.values(METRIC_SOURCES).filter((key) => isSet(metric[key]));
  // Go checks the first source present, in this order, whatever the type says
  if (present.length > 0) checkSource(present[0], record(metric[present[0]]) ?? {}, join(field, present[0]), report);
  if (expected !== undefined && !present.includes(expected)) {
    report(MESSAGES.requiredValue, join(field, expected), `a metric of type ${type} needs its ${expected} source`);
  }
  if (present.length > 1) {
    for (const key of present.filter((k) => k !== expected)) {
      report(MESSAGES.invalidFieldValue, join(field, key), `a metric has its type's source only${expected ? ` (${expected})` : ''}`);
    }
  }
}

function checkSource(key: string, source: Fields, field: string, report: Report): void {
  const target = record(source.target) ?? {};
  const targetField = join(field, 'target');
  if (key === 'object') checkObjectReference(source.describedObject, join(field, 'describedObject'), report);
  if (key === 'object' || key === 'external' || key === 'pods') checkMetricIdentifier(source.metric, join(field, 'metric'), report);
  if (key === 'resource' || key === 'containerResource') {
    const name = str(source.name);
    if (name === '') report(MESSAGES.requiredValue, join(field, 'name'), 'a resource metric needs a resource name');
    else if (key === 'containerResource') checkContainerResourceName(name, join(field, 'name'), report);
  }
  if (key === 'containerResource') {
    const container = str(source.container);
    const problem = container === '' ? undefined : dnsLabelProblem(container);
    if (container === '') report(MESSAGES.requiredValue, join(field, 'container'), 'a container resource metric needs a container');
    else if (problem) report(MESSAGES.invalidFieldValue, join(field, 'container'), `must be ${problem}, got ${show(container)}`);
  }
  checkMetricTarget(target, targetField, report);
  const has = (k: string) => isSet(target[k]);
  if ((key === 'object' || key === 'external') && !has('value') && !has('averageValue')) {
    report(MESSAGES.requiredValue, join(targetField, 'averageValue'), `an ${key} metric's target needs a value or an averageValue`);
  }
  if (key === 'external' && has('value') && has('averageValue')) {
    report(MESSAGES.invalidFieldValue, join(targetField, 'value'), 'an external metric\'s target may not set both value and averageValue');
  }
  if (key === 'pods' && !has('averageValue')) report(MESSAGES.requiredValue, join(targetField, 'averageValue'), 'a pods metric\'s target needs an averageValue');
  if (key === 'resource' || key === 'containerResource') {
    if (!has('averageUtilization') && !has('averageValue')) {
      report(MESSAGES.requiredValue, join(targetField, 'averageUtilization'), 'a resource metric\'s target needs an averageUtilization or an averageValue');
    } else if (has('averageUtilization') && has('averageValue')) {
      report(MESSAGES.invalidFieldValue, join(targetField, 'averageValue'), 'a resource metric\'s target may not set both averageUtilization and averageValue');
    }
  }
}

/** validateMetricIdentifier: a name that is a path segment. */
function checkMetricIdentifier(value: unknown, field: string, report: Report): void {
  const name = str(record(value)?.name);
  const problem = name === '' ? undefined : pathSegmentNameProblem(name);
  if (name === '') report(MESSAGES.requiredValue, join(field, 'name'), 'a metric needs a name');
  else if (problem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `must be ${problem}, got ${show(name)}`);
}

/** validateMetricTarget: a known type, positive quantities, a utilization of at least 1. */
function checkMetricTarget(target: Fields, field: string, report: Report): void {
  const type = str(target.type);
  if (!TARGET_TYPES.includes(type)) report(MESSAGES.unsupportedValue, join(field, 'type'), `must be one of ${TARGET_TYPES.join(', ')}, got ${show(type)}`);
  for (const key of ['value', 'averageValue']) {
    const amount = isSet(target[key]) ? parseQuantity(target[key]) : undefined;
    // a quantity that does not parse is a schema finding already
    if (amount !== undefined && quantitySign(amount) <= 0) report(MESSAGES.invalidFieldValue, join(field, key), `must be positive, got ${show(target[key])}`);
  }
  const utilization = num(target.averageUtilization);
  if (utilization !== undefined && utilization < 1) report(MESSAGES.invalidFieldValue, join(field, 'averageUtilization'), `must be greater than 0, got ${utilization}`);
}

/** validateScalingRules, on the rules as given (the defaults filling the rest are valid). */
function checkScalingRules(rules: Fields | undefined, field: string, report: Report): void {
  if (rules === undefined) return;
  const window = num(rules.stabilizationWindowSeconds);
  if (window !== undefined && (window < 0 || window > MAX_STABILIZATION_WINDOW_SECONDS)) {
    report(MESSAGES.invalidFieldValue, join(field, 'stabilizationWindowSeconds'), `must be between 0 and ${MAX_STABILIZATION_WINDOW_SECONDS}, got ${window}`);
  }
  const select = rules.selectPolicy;
  if (isSet(select) && !['Disabled', 'Max', 'Min'].includes(str(select))) {
    report(MESSAGES.unsupportedValue, join(field, 'selectPolicy'), `must be one of Disabled, Max, Min, got ${show(select)}`);
  }
  if (!isSet(rules.policies)) return;
  const policies = list(rules.policies);
  if (policies.length === 0) report(MESSAGES.requiredValue, join(field, 'policies'), 'policies, when given, must hold at least one policy');
  policies.forEach((p, i) => {
    const policy = record(p) ?? {};
    const path = `${join(field, 'policies')}[${i}]`;
    const type = str(policy.type);
    if (type !== 'Pods' && type !== 'Percent') report(MESSAGES.unsupportedValue, join(path, 'type'), `must be one of Percent, Pods, got ${show(type)}`);
    const value = num(policy.value) ?? 0;
    if (value <= 0) report(MESSAGES.invalidFieldValue, join(path, 'value'), `must be greater than 0, got ${value}`);
    const period = num(policy.periodSeconds) ?? 0;
    if (period <= 0 || period > MAX_PERIOD_SECONDS) {
      report(MESSAGES.invalidFieldValue, join(path, 'periodSeconds'), `must be between 1 and ${MAX_PERIOD_SECONDS}, got ${period}`);
    }
  });
}
