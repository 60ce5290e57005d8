// What webhook configurations and admission policies (admissionregistration.k8s.io/v1) share in the API server's
// validation (pkg/apis/admissionregistration/validation): the failure and match policies, a rule's operations, API
// groups, versions, resources and scope (validateRuleWithOperations), and match conditions (validateMatchConditions),
// whose CEL expressions are compiled as the API server compiles them (./admission-expressions.ts; the cost estimate
// is not mirrored).
import { MESSAGES } from '../findings';
import type { KubernetesVersion } from '../schemas';
import { join, show } from '../structural';
import { admissionExpressionProblem, type Declarations } from './admission-expressions';
import { Fields, goTrimSpace, list, record, str, stringPointer } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { checkEnum, Report } from './report';

export const FAILURE_POLICIES = ['Fail', 'Ignore'];
export const MATCH_POLICIES = ['Equivalent', 'Exact'];
const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const SCOPES = ['*', 'Cluster', 'Namespaced'];
const MAX_MATCH_CONDITIONS = 64;

/** validateRuleWithOperations, then validateRule with subresources allowed. */
export function checkRuleWithOperations(rule: Fields, field: string, report: Report): void {
  const operations = list(rule.operations).map(str);
  if (operations.length === 0) report(MESSAGES.requiredValue, join(field, 'operations'), 'a rule needs at least one operation');
  if (operations.length > 1 && operations.includes('*')) {
    report(MESSAGES.invalidFieldValue, join(field, 'operations'), `if '*' is present, no other operation may be, got ${show(operations)}`);
  }
  operations.forEach((operation, i) => checkEnum(operation, OPERATIONS, `${field}.operations[${i}]`, 'an operation', report, stringPointer));
  const groups = list(rule.apiGroups).map(str);
  if (groups.length === 0) report(MESSAGES.requiredValue, join(field, 'apiGroups'), 'a rule needs at least one API group ("" is the core group)');
  if (groups.length > 1 && groups.includes('*')) {
    report(MESSAGES.invalidFieldValue, join(field, 'apiGroups'), `if '*' is present, no other API group may be, got ${show(groups)}`);
  }
  const versions = list(rule.apiVersions).map(str);
  if (versions.length === 0) report(MESSAGES.requiredValue, join(field, 'apiVersions'), 'a rule needs at least one API version');
  if (versions.length > 1 && versions.includes('*')) {
    report(MESSAGES.invalidFieldValue, join(field, 'apiVersions'), `if '*' is present, no other API version may be, got ${show(versions)}`);
  }
  versions.forEach((version, i) => {
    if (version === '') report(MESSAGES.requiredValue, `${field}.apiVersions[${i}]`, 'an API version may not be empty');
  });
  checkResources(list(rule.resources).map(str), join(field, 'resources'), report);
  checkEnum(rule.scope, SCOPES, join(field, 'scope'), 'the scope', report, stringPointer);
}

/** validateResources: resources and `resource/subresource` pairs, with the wildcards' rules. */
function checkResources(resources: readonly string[], field: string, report: Report): void {
  if (resources.length === 0) report(MESSAGES.requiredValue, field, 'a rule needs at least one resource');
  // x/* seen, and */x seen
  const allSubresourcesOf = new Set<string>();
  const inAllResources = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  // as Go sets it: whether the last item without a subresource was not '*'
  let plainResource = false;
  resources.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (item === '') {
      report(MESSAGES.requiredValue, at, 'a resource may not be empty');
      return;
    }
    if (item === '*/*') doubleWildcard = true;
    if (item === '*') singleWildcard = true;
    const slash = item.indexOf('/');
    if (slash < 0) {
      plainResource = item !== '*';
      return;
    }
    const resource = item.slice(0, slash);
    const subresource = item.slice(slash + 1);
    if (allSubresourcesOf.has(resource)) report(MESSAGES.invalidFieldValue, at, `if '${resource}/*' is present, ${show(item)} may not be`);
    if (inAllResources.has(subresource)) report(MESSAGES.invalidFieldValue, at, `if '*/${subresource}' is present, ${show(item)} may not be`);
    if (subresource === '*') allSubresourcesOf.add(resource);
    if (resource === '*') inAllResources.add(subresource);
  });
  if (resources.length > 1 && doubleWildcard) {
    report(MESSAGES.invalidFieldValue, field, `if '*/*' is present, no other resource may be, got ${show(resources)}`);
  }
  if (singleWildcard && plainResource) {
    report(MESSAGES.invalidFieldValue, field, `if '*' is present, no other resource without a subresource may be, got ${show(resources)}`);
  }
}

/** validateMatchConditions: at most 64, each named by a qualified name and with an expression that compiles to a bool. */
export function checkMatchConditions(value: unknown, field: string, report: Report, declarations: Declarations, version: KubernetesVersion): void {
  const conditions = list(value);
  if (conditions.length > MAX_MATCH_CONDITIONS) {
    report(MESSAGES.sizeLimitExceeded, field, `may hold at most ${MAX_MATCH_CONDITIONS} match conditions, got ${conditions.length}`);
  }
  conditions.forEach((item, i) => {
    const at = `${field}[${i}]`;
    const condition = record(item) ?? {};
    const expression = goTrimSpace(str(condition.expression));
    if (expression === '') {
      report(MESSAGES.requiredValue, join(at, 'expression'), 'a match condition needs an expression');
    } else {
      const { problem } = admissionExpressionProblem(expression, declarations, 'bool', version);
      if (problem) report(MESSAGES.invalidFieldValue, join(at, 'expression'), problem);
    }
    const name = str(condition.name);
    if (name === '') {
      report(MESSAGES.requiredValue, join(at, 'name'), 'a match condition needs a name');
    } else {
      const problem = qualifiedNameProblem(name);
      if (problem) report(MESSAGES.invalidFieldValue, join(at, 'name'), `must be ${problem}, got ${show(name)}`);
    }
  });
}
