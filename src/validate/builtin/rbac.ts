// Roles and bindings (rbac.authorization.k8s.io/v1), as the API server validates them at create
// (k8s.io/kubernetes pkg/apis/rbac/validation: ValidatePolicyRule, ValidateClusterRole's aggregation rule,
// ValidateRoleBinding, ValidateClusterRoleBinding, ValidateRoleBindingSubject), after rbac/v1's defaults: a binding's roleRef.apiGroup left out is
// rbac.authorization.k8s.io (SetDefaults_RoleBinding, SetDefaults_ClusterRoleBinding), and so is a User or Group
// subject's apiGroup (SetDefaults_Subject). Their names are path segments (see names.ts), as is a binding's roleRef.name.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, list, record, str } from './go-values';
import { dnsSubdomainProblem, pathSegmentNameProblem } from './identifiers';
import { checkLabelSelector } from './metadata';
import { Report } from './report';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Built-in validation of a Role or ClusterRole: each rule, and a ClusterRole's aggregation rule. */
export function checkRole(object: Fields, namespaced: boolean, report: Report): void {
  list(object.rules).forEach((rule, i) => checkPolicyRule(record(rule) ?? {}, namespaced, `rules[${i}]`, report));
  const aggregation = record(object.aggregationRule);
  if (namespaced || aggregation === undefined) return;
  const selectors = list(aggregation.clusterRoleSelectors);
  if (selectors.length === 0) {
    report(MESSAGES.requiredValue, 'aggregationRule.clusterRoleSelectors', 'an aggregationRule needs at least one clusterRoleSelector');
  }
  selectors.forEach((selector, i) => checkLabelSelector(selector, `aggregationRule.clusterRoleSelectors[${i}]`, report));
}

/** validatePolicyRule: verbs, and either non-resource URLs (cluster roles only) or API groups and resources. */
function checkPolicyRule(rule: Fields, namespaced: boolean, field: string, report: Report): void {
  const count = (key: string) => list(rule[key]).length;
  if (count('verbs') === 0) report(MESSAGES.requiredValue, join(field, 'verbs'), 'verbs must contain at least one value');
  if (count('nonResourceURLs') > 0) {
    const urls = join(field, 'nonResourceURLs');
    if (namespaced) report(MESSAGES.invalidFieldValue, urls, 'namespaced rules (a Role) cannot apply to non-resource URLs');
    if (count('apiGroups') > 0 || count('resources') > 0 || count('resourceNames') > 0) {
      report(MESSAGES.invalidFieldValue, urls, 'a rule cannot apply to both regular resources (apiGroups, resources, resourceNames) and non-resource URLs');
    }
    return;
  }
  if (count('apiGroups') === 0) report(MESSAGES.requiredValue, join(field, 'apiGroups'), 'resource rules must supply at least one API group ("" is the core group)');
  if (count('resources') === 0) report(MESSAGES.requiredValue, join(field, 'resources'), 'resource rules must supply at least one resource');
}

/** Built-in validation of a RoleBinding (`namespaced`) or ClusterRoleBinding: its roleRef and subjects. */
export function checkRoleBinding(object: Fields, namespaced: boolean, report: Report): void {
  const roleRef = record(object.roleRef) ?? {};
  const apiGroup = str(roleRef.apiGroup) || RBAC_GROUP;
  if (apiGroup !== RBAC_GROUP) report(MESSAGES.unsupportedValue, 'roleRef.apiGroup', `must be ${RBAC_GROUP} (or left out), got ${show(apiGroup)}`);
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = str(roleRef.kind);
  if (!kinds.includes(kind)) report(MESSAGES.unsupportedValue, 'roleRef.kind', `must be ${kinds.join(' or ')}, got ${show(kind)}`);
  const name = str(roleRef.name);
  if (name === '') report(MESSAGES.requiredValue, 'roleRef.name', 'the name of the role is required');
  else {
    const problem = pathSegmentNameProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, 'roleRef.name', `must be ${problem}, got ${show(name)}`);
  }
  list(object.subjects).forEach((subject, i) => checkSubject(record(subject) ?? {}, namespaced, `subjects[${i}]`, report));
}

/** validateRoleBindingSubject: a ServiceAccount, User or Group, each with its own API group. */
function checkSubject(subject: Fields, namespaced: boolean, field: string, report: Report): void {
  const name = str(subject.name);
  if (name === '') report(MESSAGES.requiredValue, join(field, 'name'), 'a subject needs a name');
  const kind = str(subject.kind);
  const apiGroup = str(subject.apiGroup);
  switch (kind) {
    case 'ServiceAccount': {
      const problem = name === '' ? undefined : dnsSubdomainProblem(name);
      if (problem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `a ServiceAccount's name must be ${problem}, got ${show(name)}`);
      if (apiGroup !== '') report(MESSAGES.unsupportedValue, join(field, 'apiGroup'), `a ServiceAccount subject's apiGroup must be "" (or left out), got ${show(apiGroup)}`);
      if (!namespaced && str(subject.namespace) === '') {
        report(MESSAGES.requiredValue, join(field, 'namespace'), "a ClusterRoleBinding's ServiceAccount subject needs its namespace");
      }
      break;
    }
    case 'User':
    case 'Group':
      if ((apiGroup || RBAC_GROUP) !== RBAC_GROUP) {
        report(MESSAGES.unsupportedValue, join(field, 'apiGroup'), `a ${kind} subject's apiGroup must be ${RBAC_GROUP} (or left out), got ${show(apiGroup)}`);
      }
      break;
    default:
      report(MESSAGES.unsupportedValue, join(field, 'kind'), `must be ServiceAccount, User or Group, got ${show(kind)}`);
  }
}
