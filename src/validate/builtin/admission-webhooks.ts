// Validating and mutating webhook configurations (admissionregistration.k8s.io/v1), as the API server checks them at
// create (pkg/apis/admissionregistration/validation's ValidateValidatingWebhookConfiguration and
// ValidateMutatingWebhookConfiguration, after the v1 defaults): each webhook's fully qualified name; its rules
// (operations, API groups, versions, resources and subresources, scope); the failure, match and reinvocation
// policies; side effects None or NoneOnDryRun; a timeout of 1 to 30 seconds; its selectors; a client config of
// exactly one of an https URL without user, query or fragment, or a service with a port and a path of DNS subdomain
// segments (k8s.io/apiserver's ValidateWebhookURL and ValidateWebhookService); the AdmissionReview versions; and at
// most 64 match conditions, each named and with an expression CEL's parser reads as the API server's environment
// configures it (the type check and cost estimate that follow are not mirrored).
import { MESSAGES } from '../findings';
import { parseGoUrl } from '../go-url';
import type { KubernetesVersion } from '../schemas';
import { join, show } from '../structural';
import { checkMatchConditions, checkRuleWithOperations, FAILURE_POLICIES, MATCH_POLICIES } from './admission-rules';
import { Fields, list, num, record, str, stringPointer, text } from './go-values';
import { dns1035LabelProblem, dnsSubdomainProblem, portNumberProblem } from './identifiers';
import { checkLabelSelector } from './metadata';
import { checkEnum, Report } from './report';

const REINVOCATION_POLICIES = ['IfNeeded', 'Never'];
/** noSideEffectClasses: what a create accepts (Some and Unknown only stay on objects stored by v1beta1). */
const SIDE_EFFECTS = ['None', 'NoneOnDryRun'];
/** AcceptedAdmissionReviewVersions. */
const REVIEW_VERSIONS = ['v1', 'v1beta1'];
const URL_FORM = 'the form https://host[/path]';

/** Built-in validation of a ValidatingWebhookConfiguration or MutatingWebhookConfiguration. */
export function checkWebhookConfiguration(object: Fields, mutating: boolean, report: Report, version: KubernetesVersion): void {
  // a webhook name given twice is refused before this, by the schema's list-map key (webhooks, and a webhook's
  // matchConditions, are keyed by name), as Go refuses it (requireUniqueWebhookNames)
  list(object.webhooks).forEach((item, i) => {
    const field = `webhooks[${i}]`;
    const hook = record(item) ?? {};
    checkWebhook(hook, mutating, field, report, version);
    checkReviewVersions(hook.admissionReviewVersions, `${field}.admissionReviewVersions`, report);
  });
}

function checkWebhook(hook: Fields, mutating: boolean, field: string, report: Report, version: KubernetesVersion): void {
  const nameProblem = fullyQualifiedNameProblem(str(hook.name));
  if (nameProblem) report(str(hook.name) === '' ? MESSAGES.requiredValue : MESSAGES.invalidFieldValue, join(field, 'name'), `must be ${nameProblem}, got ${show(str(hook.name))}`);
  list(hook.rules).forEach((rule, i) => checkRuleWithOperations(record(rule) ?? {}, `${field}.rules[${i}]`, report));
  checkEnum(hook.failurePolicy, FAILURE_POLICIES, join(field, 'failurePolicy'), 'the failure policy', report, stringPointer);
  checkEnum(hook.matchPolicy, MATCH_POLICIES, join(field, 'matchPolicy'), 'the match policy', report, stringPointer);
  // sideEffects is required by the schema already
  checkEnum(hook.sideEffects, SIDE_EFFECTS, join(field, 'sideEffects'), 'side effects', report, stringPointer);
  const timeout = num(hook.timeoutSeconds);
  if (timeout !== undefined && (timeout < 1 || timeout > 30)) {
    report(MESSAGES.invalidFieldValue, join(field, 'timeoutSeconds'), `the timeout must be between 1 and 30 seconds, got ${timeout}`);
  }
  checkLabelSelector(hook.namespaceSelector, join(field, 'namespaceSelector'), report);
  checkLabelSelector(hook.objectSelector, join(field, 'objectSelector'), report);
  if (mutating) checkEnum(hook.reinvocationPolicy, REINVOCATION_POLICIES, join(field, 'reinvocationPolicy'), 'the reinvocation policy', report, stringPointer);
  checkWebhookClientConfig(record(hook.clientConfig) ?? {}, join(field, 'clientConfig'), report);
  // a webhook's match conditions read no params (allowParamsInMatchConditions is false)
  checkMatchConditions(hook.matchConditions, join(field, 'matchConditions'), report, { params: false, authorizer: true }, version);
}

/**
 * utilvalidation.IsFullyQualifiedName: a DNS subdomain of at least three labels (webhook names are namespaced by a
 * domain the webhook's owner holds).
 */
function fullyQualifiedNameProblem(name: string): string | undefined {
  if (name === '') return 'a fully qualified domain name (at least three labels, such as webhook.example.com)';
  const problem = dnsSubdomainProblem(name);
  if (problem) return `a fully qualified domain name: ${problem}`;
  if (name.split('.').length < 3) return 'a fully qualified domain name with at least three labels, such as webhook.example.com';
  return undefined;
}

/**
 * Exactly one of url and service (validateValidatingWebhook's switch), each as k8s.io/apiserver validates it; a CRD's
 * conversion webhook too.
 */
export function checkWebhookClientConfig(config: Fields, field: string, report: Report): void {
  // a *string: `url: ""` is a URL (refused below), not a missing one
  const url = stringPointer(config.url);
  const service = record(config.service);
  if ((url === undefined) === (service === undefined)) {
    report(MESSAGES.requiredValue, field, 'exactly one of url and service is required');
  } else if (url !== undefined) {
    checkWebhookUrl(url, join(field, 'url'), report);
  } else if (service) {
    checkWebhookService(service, join(field, 'service'), report);
  }
}

/** ValidateWebhookURL with https forced. */
function checkWebhookUrl(raw: string, field: string, report: Report): void {
  const url = parseGoUrl(raw);
  if (!url) {
    report(MESSAGES.invalidFieldValue, field, `must be a valid URL of ${URL_FORM}, got ${show(raw)}`);
    return;
  }
  if (url.scheme !== 'https') report(MESSAGES.invalidFieldValue, field, `'https' is the only scheme allowed (${URL_FORM}), got ${show(raw)}`);
  if (url.host === '') report(MESSAGES.invalidFieldValue, field, `a host is required (${URL_FORM}), got ${show(raw)}`);
  if (url.user !== undefined) report(MESSAGES.invalidFieldValue, field, `user information is not allowed in the URL, got ${show(raw)}`);
  if (url.fragment) report(MESSAGES.invalidFieldValue, field, `a fragment is not allowed in the URL, got ${show(raw)}`);
  if (url.rawQuery) report(MESSAGES.invalidFieldValue, field, `query parameters are not allowed in the URL, got ${show(raw)}`);
}

/**
 * ValidateWebhookService. The API server passes the service's name where the function expects its namespace and
 * the other way round, so an empty name is reported at `namespace` and an empty namespace at `name`: mirrored.
 */
function checkWebhookService(service: Fields, field: string, report: Report): void {
  if (str(service.name) === '') report(MESSAGES.requiredValue, join(field, 'namespace'), 'the service namespace is required (the API server reports an empty service name here)');
  if (str(service.namespace) === '') report(MESSAGES.requiredValue, join(field, 'name'), 'the service name is required (the API server reports an empty service namespace here)');
  // SetDefaults_ServiceReference: port 443
  const port = num(service.port) ?? 443;
  const portProblem = portNumberProblem(port);
  if (portProblem) report(MESSAGES.invalidPort, join(field, 'port'), `port must be ${portProblem}, got ${port}`);
  const path = text(service.path);
  if (path === undefined || path === '' || path === '/') return;
  const at = join(field, 'path');
  if (path === '//') {
    report(MESSAGES.invalidFieldValue, at, `segment 0 of the path may not be empty, got ${show(path)}`);
    return;
  }
  if (!path.startsWith('/')) report(MESSAGES.invalidFieldValue, at, `the path must start with '/', got ${show(path)}`);
  let segments = path.slice(1);
  if (segments.endsWith('/')) segments = segments.slice(0, -1);
  segments.split('/').forEach((segment, i) => {
    if (segment === '') {
      report(MESSAGES.invalidFieldValue, at, `segment ${i} of the path may not be empty, got ${show(path)}`);
      return;
    }
    const problem = dnsSubdomainProblem(segment);
    if (problem) report(MESSAGES.invalidFieldValue, at, `segment ${i} of the path must be ${problem}, got ${show(path)}`);
  });
}

/** validateAdmissionReviewVersions (and a CRD's validateConversionReviewVersions), a recognised version required. */
export function checkReviewVersions(value: unknown, field: string, report: Report): void {
  const versions = list(value).map(str);
  if (versions.length === 0) {
    report(MESSAGES.requiredValue, field, `must name one of ${REVIEW_VERSIONS.join(', ')}`);
    return;
  }
  const seen = new Set<string>();
  versions.forEach((version, i) => {
    if (seen.has(version)) {
      report(MESSAGES.invalidFieldValue, `${field}[${i}]`, `the version ${show(version)} is given twice`);
      return;
    }
    seen.add(version);
    const problem = dns1035LabelProblem(version);
    if (problem) report(MESSAGES.invalidFieldValue, `${field}[${i}]`, `must be ${problem}, got ${show(version)}`);
  });
  if (!versions.some((version) => REVIEW_VERSIONS.includes(version))) {
    report(MESSAGES.invalidFieldValue, field, `must include at least one of ${REVIEW_VERSIONS.join(', ')} (the versions the API server sends), got ${show(versions)}`);
  }
}
