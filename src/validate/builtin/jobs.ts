// Jobs and the job templates of CronJobs, as batch validation checks them at create (ValidateJob, validateJobSpec,
// ValidateJobTemplateSpec, Kubernetes 1.33), after SetDefaults_Job (a Job's completions and parallelism 1 when neither
// is given, its pod failure conditions' status True; a CronJob's job template gets neither default in 1.33) and the
// strategy's PrepareForCreate: without manualSelector, the API server labels the pods job-name (the Job's name) and
// controller-uid (its new uid) and selects controller-uid, so a selector given must still select those labels, the
// template may not set them to anything else, and a name longer than 63 characters makes an invalid label value. Then
// counts, the completion mode and the limits of Indexed Jobs, backoff per index, the pod failure policy, the success
// policy, the pod replacement policy, managedBy, and the pods' restart policy.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, num, record, stringPointer, text } from './go-values';
import { domainPrefixedPathProblems, qualifiedNameProblem } from './identifiers';
import { checkLabelSelector, selectorMatches } from './metadata';
import { checkPodTemplate, restartPolicyOf, templateLabels } from './pod-spec';
import { checkNonNegative, Report } from './report';
import type { VersionRules } from './version-rules';

const MAX_INDEXED_PARALLELISM = 100_000;
const MAX_FAILED_INDEXES = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const HIGH_COMPLETIONS_LIMIT = 10_000;
const MAX_RULES = 20;
const MAX_EXIT_CODES = 255;
const MAX_MANAGED_BY = 63;
const MAX_SUCCEEDED_INDEXES = 64 * 1024;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];
/** The labels the API server gives a Job's pods, and its uid: a value no manifest can know. */
const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const NEW_UID = '\u0000the uid the API server gives the Job';

/** A Job (`name` given) or a CronJob's job template (`name` undefined): the spec after its defaults. */
function defaulted(spec: Fields, isJob: boolean): Fields {
  if (!isJob || isSet(spec.completions) || isSet(spec.parallelism)) return spec;
  return { ...spec, completions: 1, parallelism: 1 };
}

/** validatePodFailurePolicy, with its rules' actions, exit codes and pod conditions. */
function checkPodFailurePolicy(spec: Fields, isJob: boolean, path: string, report: Report): void {
  const rules = list(record(spec.podFailurePolicy)?.rules);
  const rulesPath = `${path}.podFailurePolicy.rules`;
  if (rules.length > MAX_RULES) report(MESSAGES.invalidFieldValue, rulesPath, `may list at most ${MAX_RULES} rules, got ${rules.length}`);
  const podSpec = record(record(spec.template)?.spec) ?? {};
  const containers = new Set([...list(podSpec.containers), ...list(podSpec.initContainers)].map((c) => text(record(c)?.name)));
  rules.forEach((item, i) => {
    const rule = record(item) ?? {};
    const at = `${rulesPath}[${i}]`;
    const action = stringPointer(rule.action) ?? '';
    if (action === '') report(MESSAGES.requiredValue, `${at}.action`, `a rule needs an action, one of ${ACTIONS.join(', ')}`);
    else if (action === 'FailIndex' && !isSet(spec.backoffLimitPerIndex)) report(MESSAGES.invalidFieldValue, `${at}.action`, 'the FailIndex action needs spec.backoffLimitPerIndex');
    else if (!ACTIONS.includes(action)) report(MESSAGES.unsupportedValue, `${at}.action`, `action must be one of ${ACTIONS.join(', ')}, got ${show(action)}`);
    const exitCodes = record(rule.onExitCodes);
    if (exitCodes) checkOnExitCodes(exitCodes, containers, `${at}.onExitCodes`, report);
    const conditions = list(rule.onPodConditions);
    if (conditions.length > MAX_RULES) report(MESSAGES.invalidFieldValue, `${at}.onPodConditions`, `may list at most ${MAX_RULES} patterns, got ${conditions.length}`);
    conditions.forEach((c, j) => {
      const pattern = record(c) ?? {};
      const problem = qualifiedNameProblem(stringPointer(pattern.type) ?? '');
      if (problem) report(MESSAGES.invalidFieldValue, `${at}.onPodConditions[${j}].type`, `must be ${problem}, got ${show(pattern.type ?? '')}`);
      // SetDefaults_Job sets an empty status to True; a CronJob's job template is not defaulted in 1.33
      const given = stringPointer(pattern.status) ?? '';
      const status = given === '' && isJob ? 'True' : given;
      if (status === '') {
        report(MESSAGES.requiredValue, `${at}.onPodConditions[${j}].status`, `status is required in a CronJob's job template, one of ${CONDITION_STATUSES.join(', ')}`);
      } else if (!CONDITION_STATUSES.includes(status)) {
        report(MESSAGES.unsupportedValue, `${at}.onPodConditions[${j}].status`, `status must be one of ${CONDITION_STATUSES.join(', ')}, got ${show(status)}`);
      }
    });
    if (exitCodes && conditions.length > 0) report(MESSAGES.invalidFieldValue, at, 'a rule may set onExitCodes or onPodConditions, not both');
    if (!exitCodes && conditions.length === 0) report(MESSAGES.requiredValue, at, 'a rule needs onExitCodes or onPodConditions');
  });
}

function checkOnExitCodes(exitCodes: Fields, containers: ReadonlySet<string | undefined>, path: string, report: Report): void {
  const operator = stringPointer(exitCodes.operator) ?? '';
  if (operator === '') report(MESSAGES.requiredValue, `${path}.operator`, 'onExitCodes needs an operator, In or NotIn');
  else if (operator !== 'In' && operator !== 'NotIn') report(MESSAGES.unsupportedValue, `${path}.operator`, `operator must be one of In, NotIn, got ${show(operator)}`);
  const container = stringPointer(exitCodes.containerName);
  if (container !== undefined && !containers.has(container)) {
    report(MESSAGES.invalidFieldValue, `${path}.containerName`, `must name a container or init container of the pod template, got ${show(container)}`);
  }
  const values = list(exitCodes.values).map((v) => num(v) ?? 0);
  if (values.length === 0) report(MESSAGES.invalidFieldValue, `${path}.values`, 'onExitCodes needs at least one value');
  else if (values.length > MAX_EXIT_CODES) report(MESSAGES.invalidFieldValue, `${path}.values`, `may list at most ${MAX_EXIT_CODES} values, got ${values.length}`);
  const seen = new Set<number>();
  values.forEach((value, j) => {
    if (operator === 'In' && value === 0) report(MESSAGES.invalidFieldValue, `${path}.values[${j}]`, 'the exit code 0 may not be listed for the In operator');
    if (seen.has(value)) report(MESSAGES.invalidFieldValue, `${path}.values[${j}]`, `exit code ${value} is listed twice`);
    seen.add(value);
  });
  if (values.some((value, j) => j > 0 && values[j - 1] > value)) report(MESSAGES.invalidFieldValue, `${path}.values`, `exit codes must be listed in order, got ${show(values)}`);
}

/** validateIndexesFormat: the number of indexes of "1,3-5" below `completions`, or what is wrong. */
function countIndexes(indexes: string, completions: number): number | string {
  if (indexes === '') return 0;
  let last: number | undefined;
  let total = 0;
  for (const interval of indexes.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return `the fragment ${show(interval)} has more than two parts separated by '-'`;
    const bounds: number[] = [];
    for (const limit of limits) {
      if (!/^[+-]?\d+$/.test(limit)) return `cannot convert ${show(limit)} to an index`;
      const n = Number(limit);
      if (n >= completions) return `index ${show(limit)} is not below completions (${completions})`;
      bounds.push(n);
    }
    const [x, y] = [bounds[0], bounds[bounds.length - 1]];
    if (bounds.length === 2 && x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    if (last !== undefined && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

/** validateSuccessPolicy, for an Indexed Job. */
function checkSuccessPolicy(spec: Fields, path: string, report: Report): void {
  const rules = list(record(spec.successPolicy)?.rules);
  const rulesPath = `${path}.successPolicy.rules`;
  if (rules.length === 0) report(MESSAGES.requiredValue, rulesPath, 'a successPolicy needs at least one rule');
  if (rules.length > MAX_RULES) report(MESSAGES.invalidFieldValue, rulesPath, `may list at most ${MAX_RULES} rules, got ${rules.length}`);
  const completions = num(spec.completions) ?? 0;
  rules.forEach((item, i) => {
    const rule = record(item) ?? {};
    const at = `${rulesPath}[${i}]`;
    const indexes = stringPointer(rule.succeededIndexes);
    const count = num(rule.succeededCount);
    if (indexes === undefined && count === undefined) report(MESSAGES.requiredValue, at, 'a rule needs succeededCount or succeededIndexes');
    let total = 0;
    if (indexes !== undefined) {
      if (indexes.length > MAX_SUCCEEDED_INDEXES) report(MESSAGES.invalidFieldValue, `${at}.succeededIndexes`, `may be at most ${MAX_SUCCEEDED_INDEXES} characters`);
      const counted = countIndexes(indexes, completions);
      if (typeof counted === 'string') report(MESSAGES.invalidFieldValue, `${at}.succeededIndexes`, `must list indexes such as "0,2-4": ${counted}`);
      else total = counted;
    }
    if (count === undefined) return;
    if (count < 0) report(MESSAGES.invalidFieldValue, `${at}.succeededCount`, `succeededCount must not be negative, got ${count}`);
    if (count > completions) report(MESSAGES.invalidFieldValue, `${at}.succeededCount`, `must be at most completions (${completions}), got ${count}`);
    if (indexes !== undefined && count > total) report(MESSAGES.invalidFieldValue, `${at}.succeededCount`, `must be at most the ${total} indexes of succeededIndexes, got ${count}`);
  });
}

/** validateJobSpec: what a Job and a CronJob's job template share. */
function checkJobSpecCommon(given: Fields, isJob: boolean, path: string, report: Report, rules: VersionRules): void {
  const spec = defaulted(given, isJob);
  checkNonNegative(spec, ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes'], path, report);
  if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex)) {
    report(MESSAGES.requiredValue, join(path, 'backoffLimitPerIndex'), 'backoffLimitPerIndex is required when maxFailedIndexes is given');
  }
  const managedBy = stringPointer(spec.managedBy);
  if (managedBy === '') report(MESSAGES.requiredValue, join(path, 'managedBy'), 'managedBy must not be empty when given');
  else if (managedBy !== undefined) {
    for (const problem of domainPrefixedPathProblems(managedBy, 'kueue.x-k8s.io/multikueue')) report(MESSAGES.invalidFieldValue, join(path, 'managedBy'), problem);
    if (managedBy.length > MAX_MANAGED_BY) report(MESSAGES.invalidFieldValue, join(path, 'managedBy'), `may be at most ${MAX_MANAGED_BY} characters, got ${managedBy.length}`);
  }
  const mode = stringPointer(spec.completionMode);
  const indexed = mode === 'Indexed';
  const [completions, parallelism, maxFailed] = [num(spec.completions), num(spec.parallelism), num(spec.maxFailedIndexes)];
  if (mode !== undefined && mode !== 'NonIndexed' && !indexed) {
    report(MESSAGES.unsupportedValue, join(path, 'completionMode'), `completionMode must be one of NonIndexed, Indexed, got ${show(mode)}`);
  }
  if (indexed) {
    if (completions === undefined) report(MESSAGES.requiredValue, join(path, 'completions'), 'completions is required when completionMode is Indexed');
    if (parallelism !== undefined && parallelism > MAX_INDEXED_PARALLELISM) {
      report(MESSAGES.invalidFieldValue, join(path, 'parallelism'), `must be at most ${MAX_INDEXED_PARALLELISM} for an Indexed Job, got ${parallelism}`);
    }
    if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
      report(MESSAGES.invalidFieldValue, join(path, 'maxFailedIndexes'), `must be at most completions (${completions}), got ${maxFailed}`);
    }
    if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES) report(MESSAGES.invalidFieldValue, join(path, 'maxFailedIndexes'), `must be at most ${MAX_FAILED_INDEXES}, got ${maxFailed}`);
    if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && isSet(spec.backoffLimitPerIndex)) {
      const beyond = `when completions are above ${COMPLETIONS_SOFT_LIMIT} with a backoff limit per index`;
      if (maxFailed === undefined) report(MESSAGES.requiredValue, join(path, 'maxFailedIndexes'), `maxFailedIndexes is required ${beyond}`);
      if (parallelism !== undefined && parallelism > HIGH_COMPLETIONS_LIMIT) {
        report(MESSAGES.invalidFieldValue, join(path, 'parallelism'), `must be at most ${HIGH_COMPLETIONS_LIMIT} ${beyond}, got ${parallelism}`);
      }
      if (maxFailed !== undefined && maxFailed > HIGH_COMPLETIONS_LIMIT) {
        report(MESSAGES.invalidFieldValue, join(path, 'maxFailedIndexes'), `must be at most ${HIGH_COMPLETIONS_LIMIT} ${beyond}, got ${maxFailed}`);
      }
    }
  } else if (mode === undefined || mode === 'NonIndexed') {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) if (isSet(spec[f])) report(MESSAGES.invalidFieldValue, join(path, f), `${f} needs completionMode Indexed`);
  }
  const failurePolicy = isSet(spec.podFailurePolicy);
  if (failurePolicy) checkPodFailurePolicy(spec, isJob, path, report);
  if (isSet(spec.successPolicy)) {
    if (indexed) checkSuccessPolicy(spec, path, report);
    else report(MESSAGES.invalidFieldValue, join(path, 'successPolicy'), 'a successPolicy needs completionMode Indexed');
  }
  const replacement = stringPointer(spec.podReplacementPolicy);
  const replacements = failurePolicy ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
  if (replacement !== undefined && !replacements.includes(replacement)) {
    const why = failurePolicy ? ' (with a podFailurePolicy)' : '';
    report(MESSAGES.unsupportedValue, join(path, 'podReplacementPolicy'), `podReplacementPolicy must be one of ${replacements.join(', ')}${why}, got ${show(replacement)}`);
  }
  checkPodTemplate(spec.template, join(path, 'template'), report, rules);
  const policy = restartPolicyOf(spec.template);
  if (policy === 'Always') {
    const set = record(record(spec.template)?.spec)?.restartPolicy !== undefined;
    report(MESSAGES.unsupportedValue, `${path}.template.spec.restartPolicy`,
      `restartPolicy of a Job's pods must be OnFailure or Never, got "Always"${set ? '' : ' (the default when none is given)'}`);
  } else if (policy === 'OnFailure' && failurePolicy) {
    report(MESSAGES.invalidFieldValue, `${path}.template.spec.restartPolicy`, 'restartPolicy of a Job\'s pods must be Never when it has a podFailurePolicy, got "OnFailure"');
  }
}

/**
 * validateGeneratedSelector and ValidateJobSpec's selector rules, on the labels and selector PrepareForCreate's
 * generateSelector leaves: the template's labels with job-name and controller-uid added where missing, the selector
 * given (or none) with controller-uid added.
 */
function checkGeneratedSelector(spec: Fields, name: string, report: Report): void {
  const expected: Record<string, string> = {};
  for (const key of JOB_NAME_LABELS) expected[key] = name;
  for (const key of CONTROLLER_UID_LABELS) expected[key] = NEW_UID;
  const given = templateLabels(spec.template);
  const labels = { ...expected, ...given };
  for (const [key, value] of Object.entries(expected)) {
    if (!Object.hasOwn(given, key) || given[key] === value) continue;
    const what = JOB_NAME_LABELS.includes(key) ? `must be the Job's name ${show(name)}, got ${show(given[key])}` : 'may not be set: the API server sets it to the new Job\'s uid';
    report(MESSAGES.invalidFieldValue, join('spec.template.metadata.labels', key), `label ${key} ${what}`);
  }
  if (name.length > 63) {
    report(MESSAGES.invalidFieldValue, 'spec.template.metadata.labels',
      `the API server labels the Job's pods job-name with its name, and a label value may have at most 63 characters: the name has ${name.length}`);
  }
  const selector = record(spec.selector);
  if (!selector) return;
  const matchLabels = Object.fromEntries(entries(selector.matchLabels));
  const generated = { ...selector, matchLabels: { 'batch.kubernetes.io/controller-uid': NEW_UID, ...matchLabels } };
  checkLabelSelector(selector, 'spec.selector', report);
  if (!selectorMatches(generated, expected)) {
    report(MESSAGES.invalidSelector, 'spec.selector',
      'the selector of a Job is generated by the API server: one given must select the job-name and controller-uid labels it gives the pods; remove it, or set manualSelector: true');
  } else if (!selectorMatches(generated, labels)) {
    report(MESSAGES.invalidSelector, 'spec.template.metadata.labels', `selector ${show(selector)} does not match the template labels ${show(given)}`);
  }
}

/** Built-in validation of a Job. */
export function checkJob(object: Fields, report: Report, rules: VersionRules): void {
  const spec = record(object.spec) ?? {};
  checkJobSpecCommon(spec, true, 'spec', report, rules);
  if (spec.manualSelector !== true) return checkGeneratedSelector(spec, text(record(object.metadata)?.name) ?? '', report);
  const selector = record(spec.selector);
  if (!selector) return report(MESSAGES.requiredValue, 'spec.selector', 'a Job with manualSelector: true needs spec.selector');
  checkLabelSelector(selector, 'spec.selector', report);
  // no rule against an empty selector here, unlike the apps controllers'
  if (!selectorMatches(selector, templateLabels(spec.template))) {
    report(MESSAGES.invalidSelector, 'spec.template.metadata.labels', `selector ${show(selector)} does not match the template labels ${show(templateLabels(spec.template))}`);
  }
}

/** ValidateJobTemplateSpec: a CronJob's job template, whose selector the API server generates for each Job. */
export function checkJobTemplateSpec(spec: Fields, path: string, report: Report, rules: VersionRules): void {
  checkJobSpecCommon(spec, false, path, report, rules);
  if (isSet(spec.selector)) report(MESSAGES.invalidSelector, join(path, 'selector'), 'a CronJob\'s job template may not set a selector: the API server generates each Job\'s');
  if (spec.manualSelector === true) report(MESSAGES.unsupportedValue, join(path, 'manualSelector'), 'manualSelector may not be true in a CronJob job template');
}
