// AuthorizationPolicies as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateAuthorizationPolicy (its dry-run annotation is in metadata.ts), with the value checks of
// pkg/config/security: CheckEmptyValues, CheckServiceAccount, CheckTrustDomainValues, CheckWildcardValues,
// CheckValidPathTemplate, ValidateIPs, ValidatePorts, ValidateAttribute).
//
// Go checks that never fire here, because the CRD refuses such an object before the webhook sees it:
// - serviceAccounts/notServiceAccounts together with principals/notPrincipals/namespaces/notNamespaces is the CRD's CEL
//   rule on `source`; more than 16 (not)serviceAccounts is its `maxItems: 16` (the same limit on condition values of
//   `source.serviceAccount` is checked here: the CRD has none there). The CRD's `maxLength: 320` counts characters
//   while Go counts bytes, so the 320-byte limit is checked here for every service account (`é` x 200 passes the CRD);
// - a condition without `key` is the CRD's `required: [key]` (an empty key still reaches the webhook);
// - a null rule, from, to or condition (Go's "must not be nil") is the CRD's `type: object` of list items;
// - selector label keys that are empty or hold `*`, and values that hold `*`, are the CRD's CEL rules; a targetRef's
//   name and namespace, and setting more than one of selector/targetRef/targetRefs, are its `minLength`/CEL rules
//   (checkPolicyTargets runs them all the same; only the empty-selector warning and the target kinds can fire).
// Go checks that cannot fire from JSON: the webhook decodes it with jsonpb, which reads `[]` as an absent list, so
// "`from`/`to` must not be empty" never fires (`from: []` is no `from`), while `rules: []` is "no rules" to CUSTOM/DENY.
// Where Go returns only the first bad value of a list (CheckEmptyValues, CheckServiceAccount, CheckWildcardValues,
// CheckValidPathTemplate), every bad value is reported at its own index; an empty IP block or port is reported once
// (as empty, not also as unparsable); a bad condition key is reported once at `key` (Go repeats it for values and
// notValues). What is accepted and refused is the same.
import { MESSAGES } from '../findings';
import { parseAddress, parsePrefixError } from '../go-netip';
import { parseUintError } from '../go-strconv';
import { join, show } from '../structural';
import { Fields, list, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { Place } from './place';
import { checkPolicyTargets } from './selectors';
import { fail } from './verdicts';

// a source's fields, in Go's order of checks; `tcp` marks those that make a DENY rule apply to TCP traffic
type ValueCheck = 'plain' | 'ip' | 'serviceAccount' | 'trustDomain';
const SOURCE_FIELDS: readonly (readonly [name: string, check: ValueCheck, tcp: boolean])[] = [
  ['principals', 'plain', true], ['requestPrincipals', 'plain', false], ['namespaces', 'plain', true],
  ['serviceAccounts', 'serviceAccount', true], ['trustDomains', 'trustDomain', false], ['ipBlocks', 'ip', true],
  ['remoteIpBlocks', 'ip', true], ['notPrincipals', 'plain', true], ['notRequestPrincipals', 'plain', false],
  ['notNamespaces', 'plain', true], ['notServiceAccounts', 'serviceAccount', true], ['notTrustDomains', 'trustDomain', false],
  ['notIpBlocks', 'ip', true], ['notRemoteIpBlocks', 'ip', true],
];
// the source fields a CUSTOM policy may not use (its external authorizer does not see them)
const CUSTOM_UNSUPPORTED_SOURCE = [
  'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains', 'principals',
  'notPrincipals', 'requestPrincipals', 'notRequestPrincipals',
];
const CUSTOM_UNSUPPORTED_KEYS = new Set(['source.namespace', 'source.serviceAccount', 'source.trustDomain', 'source.principal']);
const OPERATION_FIELDS = ['ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths', 'hosts', 'notHosts'];

// Envoy's literal path segment characters (RFC 3986 pchar without `*`), for paths that use {*} or {**}
const PATH_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

type KeyKind = 'none' | 'ip' | 'port' | 'serviceAccount' | 'wildcard' | 'mapKey';
// condition keys compared whole, and how their values are checked
const EXACT_KEYS = new Map<string, KeyKind>([
  ['source.ip', 'ip'], ['remote.ip', 'ip'], ['source.namespace', 'none'], ['source.serviceAccount', 'serviceAccount'],
  ['source.principal', 'none'], ['source.trustDomain', 'wildcard'], ['request.auth.principal', 'none'],
  ['request.auth.audiences', 'none'], ['request.auth.presenter', 'none'], ['destination.ip', 'ip'], ['destination.port', 'port'],
  ['connection.sni', 'none'],
]);
const RETIRED_KEYS = new Map([
  ['destination.namespace', 'is no longer supported: a policy applies in its own namespace'],
  ['destination.name', 'was only supported by the v1alpha1 API'],
  ['destination.user', 'was only supported by the v1alpha1 API'],
]);

function strings(value: unknown): string[] {
  return list(value).map((v) => (typeof v === 'string' ? v : ''));
}

/** Go's `ValidateIPs` of one value: an address, or a CIDR range when it holds a slash. */
function ipProblem(value: string): string | undefined {
  if (value.includes('/')) {
    const error = parsePrefixError(value);
    return error === undefined ? undefined : `${show(value)} is not a valid CIDR range (${error})`;
  }
  return parseAddress(value) ? undefined : `the value must be an IP address or a CIDR range, got ${show(value)}`;
}

/** Go's `ValidatePorts` of one value: a decimal number from 0 to 65535. */
function portProblem(value: string): string | undefined {
  return parseUintError(value, 32) === undefined && Number(value) <= 65535 ? undefined : `port must be a number between 0 and 65535, got ${show(value)}`;
}

/** Go's `CheckServiceAccount` of one value: `name` or `namespace/name`, no wildcard, at most 320 bytes. */
function serviceAccountProblem(value: string): string | undefined {
  if (value.includes('*')) return `a service account may not hold a wildcard, got ${show(value)}`;
  const slash = value.indexOf('/');
  if (slash >= 0 && value.indexOf('/', slash + 1) >= 0) return `a service account must be "name" or "namespace/name", got ${show(value)}`;
  const bytes = Buffer.byteLength(value);
  if (bytes > 320) return `a service account may be at most 320 bytes long, got ${bytes}`;
  if (slash === 0) return `a service account must be "name" or "namespace/name", got an empty namespace in ${show(value)}`;
  if (slash === value.length - 1) return `a service account must be "name" or "namespace/name", got an empty name in ${show(value)}`;
  return undefined;
}

/** Go's `CheckWildcardValues` of one value: at most one `*`, only at the start or the end. */
function wildcardProblem(value: string): string | undefined {
  const first = value.indexOf('*');
  if (first < 0) return undefined;
  if (value.indexOf('*', first + 1) >= 0) return `at most one wildcard is allowed, got ${show(value)}`;
  return first === 0 || first === value.length - 1 ? undefined : `a wildcard is allowed only at the start or the end, got ${show(value)}`;
}

/** Go's `CheckTrustDomainValues` of one value: a wildcard value without `/`. */
function trustDomainProblem(value: string): string | undefined {
  return wildcardProblem(value) ?? (value.includes('/') ? `a trust domain may not contain "/", got ${show(value)}` : undefined);
}

/** Go's `CheckValidPathTemplate` of one path: `{*}` and `{**}` as whole segments, `{**}` last, literal segments around them. */
function pathTemplateProblem(path: string): string | undefined {
  const template = path.includes('{*}') || path.includes('{**}');
  let anySeen = false;
  let start = 0;
  let end = path.length;
  while (start < end && path[start] === '/') start++;
  while (end > start && path[end - 1] === '/') end--;
  for (const segment of path.slice(start, end).split('/')) {
    if (segment === '{*}' || segment === '{**}') {
      if (anySeen) return `{**} must be the last operator of a path template, got ${show(path)}`;
      anySeen = segment === '{**}';
      continue;
    }
    if (segment.includes('{') || segment.includes('}')) {
      return `a path may hold "{" and "}" only in the whole segments {*} and {**}, got ${show(segment)} in ${show(path)}`;
    }
    if (template && !PATH_LITERAL.test(segment)) {
      return `the segments of a path template must be non-empty and use only letters, digits and -._~%!$&'()+,;:@=, got ${show(segment)} in ${show(path)}`;
    }
  }
  return undefined;
}

/** Go's `validateMapKey`: `name[key]` with a non-empty name and key. */
function mapKeyProblem(key: string): string | undefined {
  const open = key.indexOf('[');
  return key.endsWith(']') && open > 0 && open < key.length - 2 ? undefined : `condition key ${show(key)} must have the form name[key]`;
}

/** What Go's `ValidateAttribute` makes of a condition key: a problem of the key itself, or how its values are checked. */
function conditionKey(key: string): { problem?: string; kind: KeyKind } {
  const exact = EXACT_KEYS.get(key);
  if (exact !== undefined) return { kind: exact };
  if (key.startsWith('request.headers') || key.startsWith('request.auth.claims') || key.startsWith('experimental.envoy.filters.')) {
    return { problem: mapKeyProblem(key), kind: 'mapKey' };
  }
  const retired = RETIRED_KEYS.get(key);
  if (retired !== undefined) return { problem: `condition key ${show(key)} ${retired}`, kind: 'none' };
  if (key.startsWith('destination.labels')) return { problem: `condition key ${show(key)} is no longer supported: use the workload selector`, kind: 'none' };
  return { problem: `unknown condition key ${show(key)}`, kind: 'none' };
}

/** Each value of a list: none empty (CheckEmptyValues), then the check of its kind. */
function checkValues(values: string[], check: ValueCheck | KeyKind, field: string, what: string, report: Report): void {
  if (check === 'serviceAccount' && values.length > 16) fail(report, field, `at most 16 service accounts may be listed, got ${values.length}`);
  values.forEach((value, i) => {
    const path = `${field}[${i}]`;
    if (value === '') return fail(report, path, `${what} may not hold an empty string`);
    let problem: string | undefined;
    if (check === 'ip') problem = ipProblem(value);
    else if (check === 'port') problem = portProblem(value);
    else if (check === 'serviceAccount') problem = serviceAccountProblem(value);
    else if (check === 'trustDomain') problem = trustDomainProblem(value);
    else if (check === 'wildcard') problem = wildcardProblem(value);
    if (problem) fail(report, path, problem);
  });
}

interface RuleShape {
  fromRule: boolean;
  tcpFrom: boolean;
}

function checkSources(rule: Fields, path: string, custom: boolean, report: Report): RuleShape {
  const shape: RuleShape = { fromRule: false, tcpFrom: false };
  list(rule.from).forEach((item, j) => {
    const field = `${path}.from[${j}].source`;
    const source = record(record(item)?.source);
    if (!source) return fail(report, field, 'a from entry needs a source');
    shape.fromRule = true;
    if (custom) {
      for (const name of CUSTOM_UNSUPPORTED_SOURCE) {
        if (list(source[name]).length > 0) fail(report, join(field, name), `source.${name} cannot be used with the CUSTOM action`);
      }
    }
    let empty = true;
    for (const [name, check, tcp] of SOURCE_FIELDS) {
      const values = strings(source[name]);
      if (values.length === 0) continue;
      empty = false;
      if (tcp) shape.tcpFrom = true;
      checkValues(values, check, join(field, name), name, report);
    }
    if (empty) fail(report, field, 'a source must set at least one of its fields (principals, namespaces, ipBlocks, ...)');
  });
  return shape;
}

function checkOperations(rule: Fields, path: string, report: Report): { toRule: boolean; tcpTo: boolean } {
  const shape = { toRule: false, tcpTo: false };
  list(rule.to).forEach((item, j) => {
    const field = `${path}.to[${j}].operation`;
    const operation = record(record(item)?.operation);
    if (!operation) return fail(report, field, 'a to entry needs an operation');
    shape.toRule = true;
    let empty = true;
    for (const name of OPERATION_FIELDS) {
      const values = strings(operation[name]);
      if (values.length === 0) continue;
      empty = false;
      const isPort = name === 'ports' || name === 'notPorts';
      if (isPort) shape.tcpTo = true;
      checkValues(values, isPort ? 'port' : 'plain', join(field, name), name, report);
      if (name === 'paths' || name === 'notPaths') {
        values.forEach((value, i) => {
          const problem = value === '' ? undefined : pathTemplateProblem(value);
          if (problem) fail(report, `${field}.${name}[${i}]`, problem);
        });
      }
    }
    if (empty) fail(report, field, 'an operation must set at least one of hosts, ports, methods, paths or their not- forms');
  });
  return shape;
}

function checkConditions(rule: Fields, path: string, custom: boolean, report: Report): void {
  list(rule.when).forEach((item, k) => {
    const field = `${path}.when[${k}]`;
    const condition = record(item) ?? {};
    const key = text(condition.key) ?? '';
    if (custom && (CUSTOM_UNSUPPORTED_KEYS.has(key) || key.startsWith('request.auth.'))) {
      fail(report, `${field}.key`, `condition key ${show(key)} cannot be used with the CUSTOM action`);
    }
    if (key === '') return fail(report, `${field}.key`, 'a condition needs a key');
    const values = strings(condition.values);
    const notValues = strings(condition.notValues);
    if (values.length === 0 && notValues.length === 0) return fail(report, field, `a condition must set values or notValues, key ${show(key)} has neither`);
    const { problem, kind } = conditionKey(key);
    if (problem) fail(report, `${field}.key`, problem);
    checkValues(values, kind, `${field}.values`, `the values of ${key}`, report);
    checkValues(notValues, kind, `${field}.notValues`, `the notValues of ${key}`, report);
  });
}

/** The webhook's checks of one AuthorizationPolicy. */
export function checkAuthorizationPolicy(spec: Fields, report: Report, place: Place): void {
  void place;
  checkPolicyTargets(spec, report);
  const action = text(spec.action) ?? 'ALLOW';
  const provider = record(spec.provider);
  const rules = list(spec.rules);
  if (action === 'CUSTOM') {
    if (rules.length === 0) {
      fail(report, 'spec.rules', 'a CUSTOM policy without rules never applies; add an empty rule {} to apply it to every request');
    } else if (!text(provider?.name)) {
      fail(report, provider ? 'spec.provider.name' : 'spec.provider', 'a CUSTOM policy needs provider.name, the extension provider to ask');
    }
  } else if (provider) {
    fail(report, 'spec.provider', `provider applies only to the CUSTOM action, got action ${action}`);
  }
  if (action === 'DENY' && rules.length === 0) {
    fail(report, 'spec.rules', 'a DENY policy without rules never applies; add an empty rule {} to deny every request');
  }
  rules.forEach((item, i) => {
    const path = `spec.rules[${i}]`;
    const rule = record(item) ?? {};
    const { fromRule, tcpFrom } = checkSources(rule, path, action === 'CUSTOM', report);
    const { toRule, tcpTo } = checkOperations(rule, path, report);
    checkConditions(rule, path, action === 'CUSTOM', report);
    if (action === 'DENY' && ((fromRule && !toRule && !tcpFrom) || (toRule && !tcpTo))) {
      report(MESSAGES.istioValidationWarning, path,
        'this DENY rule uses only HTTP attributes, so it denies all traffic to the TCP ports in the policy\'s scope; name the ports (to.operation.ports)');
    }
  });
}
