// ValidatingAdmissionPolicies and their bindings (admissionregistration.k8s.io/v1), as the API server checks them at
// create (pkg/apis/admissionregistration/validation's ValidateValidatingAdmissionPolicy and
// ValidateValidatingAdmissionPolicyBinding, after the v1 defaults: a failure policy of Fail, match resources with
// the Equivalent match policy and empty selectors). A policy: its failure policy, parameter kind, match constraints
// (with at least one resource rule, which gives the expressions their types), match conditions, variables,
// validations and audit annotations. A binding: its policy's name, its parameter reference, its match resources and
// its validation actions. Every CEL expression is compiled as the API server compiles it, as far as
// ./admission-expressions.ts mirrors it; the cost estimate is not mirrored.
import { CEL_RESERVED_WORDS } from '../cel-go-parse';
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { admissionExpressionProblem, composedType, type Declarations, type Returns } from './admission-expressions';
import { checkMatchConditions, checkRuleWithOperations, FAILURE_POLICIES, MATCH_POLICIES } from './admission-rules';
import { type CelType, DYNAMIC } from './cel-types';
import { Fields, goToLower, goTrimSpace, list, record, str, stringPointer, text } from './go-values';
import { dns1035LabelProblem, dnsSubdomainProblem, pathSegmentNameProblem, qualifiedNameProblem } from './identifiers';
import { checkLabelSelector } from './metadata';
import { checkEnum, Report } from './report';
import type { VersionRules } from './version-rules';

/** The reasons a validation may give (supportedValidationPolicyReason). */
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const VALIDATION_ACTIONS = ['Audit', 'Deny', 'Warn'];
const PARAMETER_NOT_FOUND_ACTIONS = ['Deny', 'Allow'];
const MAX_AUDIT_ANNOTATIONS = 20;
const MAX_AUDIT_VALUE_EXPRESSION = 5 * 1024;
// isCELIdentifier: CEL's IDENT, reserved words excluded (the same words as cel-go's parser)
const CEL_IDENTIFIER = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const NEWLINE = /[\n\r]/;

/** Built-in validation of a ValidatingAdmissionPolicy. */
export function checkAdmissionPolicy(object: Fields, report: Report, rules: VersionRules): void {
  const spec = record(object.spec) ?? {};
  // SetDefaults_ValidatingAdmissionPolicySpec: Fail
  checkEnum(spec.failurePolicy, FAILURE_POLICIES, 'spec.failurePolicy', 'the failure policy', report, stringPointer);
  const paramKind = record(spec.paramKind);
  if (paramKind) checkParamKind(paramKind, 'spec.paramKind', report);
  const constraints = record(spec.matchConstraints);
  if (!constraints) {
    report(MESSAGES.requiredValue, 'spec.matchConstraints', 'a policy needs match constraints (their resource rules give its expressions their types)');
  } else {
    checkMatchResources(constraints, 'spec.matchConstraints', report);
    if (list(constraints.resourceRules).length === 0) {
      report(MESSAGES.requiredValue, 'spec.matchConstraints.resourceRules', 'a policy needs at least one resource rule (it gives its expressions their types)');
    }
  }
  const params = paramKind !== undefined;
  checkMatchConditions(spec.matchConditions, 'spec.matchConditions', report, { params, authorizer: true }, rules.celLibraries);
  // a policy with variables compiles its expressions with them (each variable with those before it), one without
  // them without `variables`
  const variables = list(spec.variables).length > 0 ? new Map<string, CelType>() : undefined;
  const compiler: Compiler = (expression, returns, authorizer = true) =>
    admissionExpressionProblem(expression, { params, authorizer, variables } satisfies Declarations, returns, rules.celLibraries);
  list(spec.variables).forEach((item, i) => checkVariable(record(item) ?? {}, `spec.variables[${i}]`, report, compiler, variables));
  const validations = list(spec.validations);
  const annotations = list(spec.auditAnnotations);
  if (validations.length === 0 && annotations.length === 0) {
    report(MESSAGES.requiredValue, 'spec.validations', 'a policy needs at least one validation or audit annotation');
    report(MESSAGES.requiredValue, 'spec.auditAnnotations', 'a policy needs at least one validation or audit annotation');
    return;
  }
  validations.forEach((item, i) => checkValidation(record(item) ?? {}, `spec.validations[${i}]`, report, compiler));
  if (annotations.length > MAX_AUDIT_ANNOTATIONS) {
    report(MESSAGES.sizeLimitExceeded, 'spec.auditAnnotations', `may hold at most ${MAX_AUDIT_ANNOTATIONS} audit annotations, got ${annotations.length}`);
  }
  // the name the key is checked under: a generated one (generateName cut to 58 characters, then 5 random ones) when
  // the policy is created with generateName
  const metadata = record(object.metadata);
  const generateName = str(metadata?.generateName);
  const policyName = str(metadata?.name) || (generateName === '' ? '' : `${generateName.slice(0, 58)}xxxxx`);
  const keys = new Set<string>();
  annotations.forEach((item, i) => {
    const field = `spec.auditAnnotations[${i}]`;
    const annotation = record(item) ?? {};
    checkAuditAnnotation(annotation, policyName, field, report, compiler);
    const key = str(annotation.key);
    if (keys.has(key)) report(MESSAGES.invalidFieldValue, join(field, 'key'), `audit annotation keys must differ: ${show(key)} is given twice`);
    keys.add(key);
  });
}

/** validateParamKind: an API version as an APIService names one, and a kind. */
function checkParamKind(kind: Fields, field: string, report: Report): void {
  const apiVersion = str(kind.apiVersion);
  const at = join(field, 'apiVersion');
  // parseGroupVersion: "/" is no group and no version, more than one '/' an error
  const parts = apiVersion === '/' ? ['', ''] : apiVersion.split('/');
  if (apiVersion === '') {
    report(MESSAGES.requiredValue, at, 'a parameter kind needs its apiVersion');
  } else if (parts.length > 2) {
    report(MESSAGES.invalidFieldValue, at, `must be a version or group/version, got ${show(apiVersion)}`);
  } else {
    const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
    const groupProblem = group === '' ? undefined : dnsSubdomainProblem(group);
    if (groupProblem) report(MESSAGES.invalidFieldValue, at, `the group must be ${groupProblem}, got ${show(group)}`);
    const versionProblem = version === '' ? 'given' : dns1035LabelProblem(version);
    if (versionProblem) report(MESSAGES.invalidFieldValue, at, `the version must be ${versionProblem}, got ${show(apiVersion)}`);
  }
  const name = str(kind.kind);
  if (name === '') {
    report(MESSAGES.requiredValue, join(field, 'kind'), 'a parameter kind needs its kind');
  } else {
    const problem = dns1035LabelProblem(goToLower(name));
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'kind'), `may have mixed case, but must otherwise be ${problem}, got ${show(name)}`);
  }
}

/**
 * validateMatchResources, after SetDefaults_MatchResources (Equivalent, empty selectors), so the Required errors
 * Go has for a missing match policy or selector are never reached from a v1 object.
 */
function checkMatchResources(resources: Fields, field: string, report: Report): void {
  checkEnum(resources.matchPolicy, MATCH_POLICIES, join(field, 'matchPolicy'), 'the match policy', report, stringPointer);
  checkLabelSelector(resources.namespaceSelector, join(field, 'namespaceSelector'), report);
  checkLabelSelector(resources.objectSelector, join(field, 'objectSelector'), report);
  for (const rules of ['resourceRules', 'excludeResourceRules']) {
    list(resources[rules]).forEach((item, i) => checkNamedRule(record(item) ?? {}, `${field}.${rules}[${i}]`, report));
  }
}

/** validateNamedRuleWithOperations: resource names that are path segments, each once, then the rule. */
function checkNamedRule(rule: Fields, field: string, report: Report): void {
  const names = new Set<string>();
  list(rule.resourceNames).forEach((item, i) => {
    const name = str(item);
    const at = `${field}.resourceNames[${i}]`;
    const problem = pathSegmentNameProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, at, `must be ${problem}, got ${show(name)}`);
    if (names.has(name)) report(MESSAGES.invalidFieldValue, at, `resource names must differ: ${show(name)} is given twice`);
    names.add(name);
  });
  checkRuleWithOperations(rule, field, report);
}

/** Compiles one of a policy's expressions: why the API server refuses it, if it does, and its type. */
type Compiler = (expression: string, returns: Returns, authorizer?: boolean) => { readonly problem?: string; readonly type: CelType };

/** validateVariable: a CEL identifier as its name, an expression; the variable is declared for the expressions after it. */
function checkVariable(variable: Fields, field: string, report: Report, compiler: Compiler, variables: Map<string, CelType> | undefined): void {
  const name = str(variable.name);
  if (goTrimSpace(name) === '') {
    report(MESSAGES.requiredValue, join(field, 'name'), 'a variable needs a name');
  } else if (!CEL_IDENTIFIER.test(name) || CEL_RESERVED_WORDS.has(name)) {
    report(MESSAGES.invalidFieldValue, join(field, 'name'), `must be a CEL identifier (a letter or _, then letters, digits or _, not a reserved word), got ${show(name)}`);
  }
  const compiled = checkExpression(variable.expression, join(field, 'expression'), 'a variable needs an expression', report, (expression) => compiler(expression, 'any'));
  // CompileAndStoreVariable: declared with its type as the composition keeps it, dyn if it does not compile; not
  // declared without an expression
  if (compiled) variables?.set(name, compiled.problem === undefined ? composedType(compiled.type) : DYNAMIC);
}

/** A required CEL expression: not blank, and compiled; what compiling it tells, undefined when it is blank. */
function checkExpression(
  value: unknown,
  field: string,
  missing: string,
  report: Report,
  compile: (text: string) => ReturnType<Compiler>,
): ReturnType<Compiler> | undefined {
  const expression = str(value);
  if (goTrimSpace(expression) === '') {
    report(MESSAGES.requiredValue, field, missing);
    return undefined;
  }
  const compiled = compile(expression);
  if (compiled.problem) report(MESSAGES.invalidFieldValue, field, compiled.problem);
  return compiled;
}

/** validateValidation: the expression, the message expression, the message and the reason. */
function checkValidation(validation: Fields, field: string, report: Report, compiler: Compiler): void {
  checkExpression(validation.expression, join(field, 'expression'), 'a validation needs an expression', report, (expression) => compiler(expression, 'bool'));
  const messageExpression = str(validation.messageExpression);
  if (messageExpression !== '' && goTrimSpace(messageExpression) === '') {
    report(MESSAGES.invalidFieldValue, join(field, 'messageExpression'), 'must not be blank if given');
  } else if (messageExpression !== '') {
    // without the authorizer (validateMessageExpression)
    const { problem } = compiler(messageExpression, 'string', false);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'messageExpression'), problem);
  }
  const message = str(validation.message);
  if (message !== '' && goTrimSpace(message) === '') {
    report(MESSAGES.invalidFieldValue, join(field, 'message'), 'must not be blank if given');
  } else if (NEWLINE.test(goTrimSpace(message))) {
    report(MESSAGES.invalidFieldValue, join(field, 'message'), `must not contain line breaks, got ${show(message)}`);
  }
  checkEnum(validation.reason, REASONS, join(field, 'reason'), 'the reason', report, stringPointer);
}

/** validateAuditAnnotation: `<policy name>/<key>` a qualified name, and a value expression of at most 5 KiB. */
function checkAuditAnnotation(annotation: Fields, policyName: string, field: string, report: Report, compiler: Compiler): void {
  const key = str(annotation.key);
  if (policyName === '') {
    report(MESSAGES.invalidFieldValue, join(field, 'key'), 'an audit annotation key needs the policy to have a metadata.name');
  } else {
    const problem = qualifiedNameProblem(`${policyName}/${key}`);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'key'), `${policyName}/${key} (the policy's name, '/', the key) must be ${problem}`);
  }
  const expression = goTrimSpace(str(annotation.valueExpression));
  const at = join(field, 'valueExpression');
  if (expression === '') {
    report(MESSAGES.requiredValue, at, 'an audit annotation needs a value expression');
  } else if (Buffer.byteLength(expression) > MAX_AUDIT_VALUE_EXPRESSION) {
    report(MESSAGES.sizeLimitExceeded, at, `must be at most ${MAX_AUDIT_VALUE_EXPRESSION} bytes, got ${Buffer.byteLength(expression)}`);
  } else {
    const { problem } = compiler(expression, 'string or null');
    if (problem) report(MESSAGES.invalidFieldValue, at, problem);
  }
}

/** Built-in validation of a ValidatingAdmissionPolicyBinding. */
export function checkAdmissionPolicyBinding(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  const policyName = str(spec.policyName);
  if (policyName === '') {
    report(MESSAGES.requiredValue, 'spec.policyName', 'a binding needs the name of its policy');
  } else {
    const problem = dnsSubdomainProblem(policyName);
    if (problem) report(MESSAGES.invalidFieldValue, 'spec.policyName', `must be ${problem}, got ${show(policyName)}`);
  }
  const paramRef = record(spec.paramRef);
  if (paramRef) checkParamRef(paramRef, 'spec.paramRef', report);
  // the API server reports these under `spec.matchResouces` (sic), a misspelt path of its own
  const resources = record(spec.matchResources);
  if (resources) checkMatchResources(resources, 'spec.matchResources', report);
  checkValidationActions(spec.validationActions, 'spec.validationActions', report);
}

/** validateParamRef: a name or a selector, not both, and what to do when no parameter is found. */
function checkParamRef(ref: Fields, field: string, report: Report): void {
  const name = str(ref.name);
  const selector = ref.selector === undefined || ref.selector === null ? undefined : ref.selector;
  if (name !== '') {
    const problem = pathSegmentNameProblem(name);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `must be ${problem}, got ${show(name)}`);
  }
  if (selector !== undefined) checkLabelSelector(selector, join(field, 'selector'), report);
  if (name !== '' && selector !== undefined) {
    report(MESSAGES.invalidFieldValue, join(field, 'name'), 'name and selector may not both be given');
    report(MESSAGES.invalidFieldValue, join(field, 'selector'), 'name and selector may not both be given');
  }
  if (name === '' && selector === undefined) report(MESSAGES.requiredValue, field, 'a parameter reference needs a name or a selector');
  const action = text(ref.parameterNotFoundAction) ?? '';
  if (action === '') {
    report(MESSAGES.requiredValue, join(field, 'parameterNotFoundAction'), `must be one of ${PARAMETER_NOT_FOUND_ACTIONS.join(', ')}`);
  } else {
    checkEnum(action, PARAMETER_NOT_FOUND_ACTIONS, join(field, 'parameterNotFoundAction'), 'the action', report, stringPointer);
  }
}

/** validateValidationActions: known actions, not both Deny and Warn, at least one (duplicates: the schema's set). */
function checkValidationActions(value: unknown, field: string, report: Report): void {
  const actions = list(value).map(str);
  actions.forEach((action, i) => checkEnum(action, VALIDATION_ACTIONS, `${field}[${i}]`, 'a validation action', report, stringPointer));
  if (actions.includes('Deny') && actions.includes('Warn')) {
    report(MESSAGES.invalidFieldValue, field, 'may not hold both Deny and Warn (the same failure would be both in the response and in its warnings)');
  }
  if (actions.length === 0) report(MESSAGES.requiredValue, field, 'a binding needs at least one validation action');
}
