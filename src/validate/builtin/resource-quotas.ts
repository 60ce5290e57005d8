// ResourceQuotas (v1), as core validation's ValidateResourceQuotaSpec checks them at create: each hard limit's
// resource name (qualified; without a domain, one of the standard quota resources, which `storage` is not) and
// value (not negative; a whole number for counts and extended resources), scopes Kubernetes knows, applied only to
// the resources they can limit and not in conflicting pairs, and scope selector expressions of the same rules.
// The VolumeAttributesClass scope (new in Kubernetes 1.33, for claims) is taken as limiting the claims' count and
// storage requests only: its rules in 1.33's helpers were not read, and a quota of pods under it limits nothing.
import { MESSAGES } from '../findings';
import { isWholeQuantity, parseResourceQuantity, quantitySign } from '../quantity';
import { join, show } from '../structural';
import { entries, Fields, list, record, str } from './go-values';
import { qualifiedNameProblem } from './identifiers';
import { COUNTED_RESOURCES, isExtended, isQuotaResource, QUOTA_RESOURCES } from './resources';
import { Report } from './report';

/** What the scopes that are about pods can limit (the BestEffort scope: pods only). */
const POD_SCOPED = new Set(['pods', 'cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory']);
const SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
const CONFLICTS = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']];
/** Scopes a selector expression can only test for (operator Exists). */
const EXISTS_ONLY = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'CrossNamespacePodAffinity']);

/** Whether a scope can limit a resource (helper.IsResourceQuotaScopeValidForResource). */
function scopeLimits(scope: string, resource: string): boolean {
  if (scope === 'BestEffort') return resource === 'pods';
  if (scope === 'VolumeAttributesClass') return resource === 'persistentvolumeclaims' || resource === 'requests.storage';
  return POD_SCOPED.has(resource);
}

/** Built-in validation of a ResourceQuota's spec. */
export function checkResourceQuota(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  const hard = entries(spec.hard);
  for (const [name, value] of hard) {
    const field = join('spec.hard', name);
    const problem = qualifiedNameProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, field, `resource name must be ${problem}, got ${show(name)}`);
    else if (!name.includes('/') && !isQuotaResource(name)) {
      report(MESSAGES.unsupportedValue, field, `must be a resource a quota limits (${[...QUOTA_RESOURCES].join(', ')}, hugepages-<size>) or a domain-prefixed name, got ${show(name)}`);
    }
    const amount = parseResourceQuantity(value);
    if (amount === undefined) continue;
    if (quantitySign(amount) < 0) report(MESSAGES.invalidFieldValue, field, `must not be negative, got ${show(value)}`);
    else if ((COUNTED_RESOURCES.includes(name) || isExtended(name)) && !isWholeQuantity(amount)) {
      report(MESSAGES.invalidFieldValue, field, `must be a whole number (a count), got ${show(value)}`);
    }
  }
  const limited = hard.map(([name]) => name).filter(isQuotaResource).sort();
  const scopes = list(spec.scopes).map(str);
  checkScopes(scopes, limited, 'spec.scopes', report);
  const selector = record(spec.scopeSelector);
  if (!selector) return;
  const expressions = list(selector.matchExpressions).map((e) => record(e) ?? {});
  expressions.forEach((expression, i) => checkScopeExpression(expression, limited, `spec.scopeSelector.matchExpressions[${i}]`, report));
  const named = expressions.map((e) => str(e.scopeName));
  for (const [a, b] of CONFLICTS) {
    if (named.includes(a) && named.includes(b)) report(MESSAGES.invalidFieldValue, 'spec.scopeSelector.matchExpressions', `the scopes ${a} and ${b} conflict`);
  }
}

function checkScopes(scopes: readonly string[], limited: readonly string[], field: string, report: Report): void {
  for (const scope of scopes) {
    if (!SCOPES.includes(scope)) report(MESSAGES.unsupportedValue, field, `scope must be one of ${SCOPES.join(', ')}, got ${show(scope)}`);
    for (const resource of limited) {
      if (SCOPES.includes(scope) && !scopeLimits(scope, resource)) report(MESSAGES.invalidFieldValue, field, `the scope ${scope} cannot limit ${resource}`);
    }
  }
  for (const [a, b] of CONFLICTS) {
    if (scopes.includes(a) && scopes.includes(b)) report(MESSAGES.invalidFieldValue, field, `the scopes ${a} and ${b} conflict`);
  }
}

/** validateScopedResourceSelectorRequirement. */
function checkScopeExpression(expression: Fields, limited: readonly string[], field: string, report: Report): void {
  const scope = str(expression.scopeName);
  if (!SCOPES.includes(scope)) report(MESSAGES.unsupportedValue, join(field, 'scopeName'), `must be one of ${SCOPES.join(', ')}, got ${show(scope)}`);
  else {
    for (const resource of limited) {
      if (!scopeLimits(scope, resource)) report(MESSAGES.invalidFieldValue, join(field, 'scopeName'), `the scope ${scope} cannot limit ${resource}`);
    }
  }
  const operator = str(expression.operator);
  const values = list(expression.values);
  if (EXISTS_ONLY.has(scope) && operator !== 'Exists') {
    report(MESSAGES.invalidFieldValue, join(field, 'operator'), `must be Exists for the scope ${scope}, got ${show(operator)}`);
  }
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) report(MESSAGES.requiredValue, join(field, 'values'), `values must be given when operator is ${operator}`);
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) report(MESSAGES.invalidFieldValue, join(field, 'values'), `values may not be given when operator is ${operator}`);
  } else report(MESSAGES.unsupportedValue, join(field, 'operator'), `must be one of In, NotIn, Exists, DoesNotExist, got ${show(operator)}`);
}
