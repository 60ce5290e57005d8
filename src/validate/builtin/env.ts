// Environment variables of containers (ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom), and the downward API
// selectors they share with downwardAPI volumes (validateObjectFieldSelector, validateContainerResourceFieldSelector).
import { MESSAGES } from '../findings';
import { compareQuantities, parseQuantity, Quantity, quantityOf, quantitySign, trimQuantity } from '../quantity';
import { join, show } from '../structural';
import { goToLower, list, record, text } from './go-values';
import { configMapKeyProblem, dnsSubdomainProblem, envVarNameProblem, maskTrailingDash, qualifiedNameProblem } from './identifiers';
import { Report } from './report';

const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
/** The paths podshelper.ConvertDownwardAPIFieldLabel accepts for apiVersion v1 (spec.host is read as spec.nodeName). */
const CONVERTIBLE_PATHS = new Set([
  'metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.restartPolicy',
  'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
/** validEnvDownwardAPIFieldPathExpressions. */
export const ENV_FIELD_PATHS: ReadonlySet<string> = new Set([
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
const RESOURCE_FIELDS = new Set(['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);
const SUBSCRIPTED = /^(.+?)\['(.*)'\]$/s;

/** validateObjectFieldSelector: a downward API field path, checked against the paths `allowed` (env or volume). */
export function checkFieldSelector(value: unknown, allowed: ReadonlySet<string>, field: string, report: Report): void {
  const ref = record(value);
  if (!ref) return;
  // SetDefaults_ObjectFieldSelector sets a missing apiVersion to v1, the only version the conversion knows
  const apiVersion = text(ref.apiVersion) ?? 'v1';
  const path = text(ref.fieldPath);
  if (path === undefined) return report(MESSAGES.requiredValue, join(field, 'fieldPath'), 'is required');
  if (apiVersion !== 'v1') return report(MESSAGES.unsupportedValue, join(field, 'apiVersion'), `apiVersion of a downward API field must be v1, got ${show(apiVersion)}`);
  const subscript = SUBSCRIPTED.exec(path);
  if (subscript) {
    const [, base, key] = subscript;
    if (base !== 'metadata.labels' && base !== 'metadata.annotations') {
      return report(MESSAGES.invalidFieldValue, join(field, 'fieldPath'), `only metadata.labels and metadata.annotations take a ['key'] subscript, got ${show(path)}`);
    }
    const problem = qualifiedNameProblem(base === 'metadata.annotations' ? goToLower(key) : key);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'fieldPath'), `the key in fieldPath must be ${problem}, got ${show(key)}`);
    return;
  }
  const internal = path === 'spec.host' ? 'spec.nodeName' : path;
  if (!CONVERTIBLE_PATHS.has(internal) || !allowed.has(internal)) {
    report(MESSAGES.unsupportedValue, join(field, 'fieldPath'), `fieldPath must be one of ${[...allowed].join(', ')}, metadata.labels['<key>'] or metadata.annotations['<key>'], got ${show(path)}`);
  }
}

const QUANTITY_SUFFIX = /[a-zA-Z]+[+-]?[0-9]*$/;
const POWERS = (base: bigint) => Array.from({ length: 7 }, (_, i) => quantityOf(base ** BigInt(i)));
const DECIMAL_DIVISORS = POWERS(1000n);
const BINARY_DIVISORS = POWERS(1024n);
const ONE = quantityOf(1n);
const MILLI = quantityOf(1n, -3);

/**
 * validateContainerResourceDivisor: Go compares the divisor's canonical text with 1m and 1 (cpu) or 1 and the powers
 * of 1000 and 1024 with their suffixes (the others). The canonical text keeps the suffix family of the input (1000
 * reads as 1k, 1024Ki as 1Mi, 1000u as 1m, 1024 stays 1024, 1e3 stays 1e3).
 */
function divisorAllowed(resource: string, divisor: string | number): boolean {
  const amount = parseQuantity(divisor);
  if (amount === undefined || quantitySign(amount) === 0) return true;
  const is = (allowed: Quantity) => compareQuantities(amount, allowed) === 0;
  const suffix = typeof divisor === 'string' ? (QUANTITY_SUFFIX.exec(trimQuantity(divisor))?.[0] ?? '') : '';
  if (/^[eE]/.test(suffix)) return is(ONE);
  if (resource.endsWith('.cpu')) return is(ONE) || (is(MILLI) && !suffix.endsWith('i'));
  return (suffix.endsWith('i') ? BINARY_DIVISORS : DECIMAL_DIVISORS).some(is);
}

/** validateContainerResourceFieldSelector; `volume` for downwardAPI volume items, which must name their container. */
export function checkResourceFieldSelector(value: unknown, field: string, report: Report, volume: boolean): void {
  const ref = record(value);
  if (!ref) return;
  const resource = text(ref.resource);
  if (volume && text(ref.containerName) === undefined) report(MESSAGES.requiredValue, join(field, 'containerName'), 'is required');
  else if (resource === undefined) report(MESSAGES.requiredValue, join(field, 'resource'), 'is required');
  else if (!RESOURCE_FIELDS.has(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
    report(MESSAGES.unsupportedValue, join(field, 'resource'), `resource must be one of ${[...RESOURCE_FIELDS].join(', ')} or (requests|limits).hugepages-<size>, got ${show(resource)}`);
  }
  const divisor = ref.divisor;
  if (resource !== undefined && (typeof divisor === 'string' || typeof divisor === 'number') && !divisorAllowed(resource, divisor)) {
    const allowed = resource.endsWith('.cpu') ? '1m or 1' : '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi or 1Ei';
    report(MESSAGES.invalidFieldValue, join(field, 'divisor'), `divisor of ${resource} must be ${allowed}, got ${show(divisor)}`);
  }
}

function checkKeySelector(value: unknown, field: string, report: Report): void {
  const selector = record(value);
  if (!selector) return;
  const name = typeof selector.name === 'string' ? selector.name : '';
  const nameProblem = dnsSubdomainProblem(name);
  if (nameProblem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `name must be ${nameProblem}, got ${show(name)}`);
  const key = text(selector.key);
  const keyProblem = key === undefined ? undefined : configMapKeyProblem(key);
  if (key === undefined) report(MESSAGES.requiredValue, join(field, 'key'), 'is required');
  else if (keyProblem) report(MESSAGES.invalidFieldValue, join(field, 'key'), `key must be ${keyProblem}, got ${show(key)}`);
}

/** A container's env list. */
export function checkEnv(value: unknown, field: string, report: Report, relaxedNames: boolean): void {
  list(value).forEach((e, i) => {
    const env = record(e) ?? {};
    const path = `${field}[${i}]`;
    const name = text(env.name);
    const nameProblem = name === undefined ? undefined : envVarNameProblem(name, relaxedNames);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'is required');
    else if (nameProblem) report(MESSAGES.invalidFieldValue, `${path}.name`, `environment variable name must be ${nameProblem}, got ${show(name)}`);
    const from = record(env.valueFrom);
    if (!from) return;
    const sources = VALUE_SOURCES.filter((s) => from[s] !== undefined && from[s] !== null);
    if (sources.length === 0) report(MESSAGES.requiredValue, `${path}.valueFrom`, `valueFrom must set one of ${VALUE_SOURCES.join(', ')}`);
    else if (text(env.value) !== undefined) report(MESSAGES.invalidFieldValue, `${path}.valueFrom`, 'valueFrom may not be set when value is not empty');
    else if (sources.length > 1) report(MESSAGES.invalidFieldValue, `${path}.valueFrom`, `valueFrom may set only one source, got ${sources.join(', ')}`);
    checkFieldSelector(from.fieldRef, ENV_FIELD_PATHS, `${path}.valueFrom.fieldRef`, report);
    checkResourceFieldSelector(from.resourceFieldRef, `${path}.valueFrom.resourceFieldRef`, report, false);
    checkKeySelector(from.configMapKeyRef, `${path}.valueFrom.configMapKeyRef`, report);
    checkKeySelector(from.secretKeyRef, `${path}.valueFrom.secretKeyRef`, report);
  });
}

/** A container's envFrom list. */
export function checkEnvFrom(value: unknown, field: string, report: Report, relaxedNames: boolean): void {
  list(value).forEach((e, i) => {
    const source = record(e) ?? {};
    const path = `${field}[${i}]`;
    const prefix = text(source.prefix);
    const prefixProblem = prefix === undefined ? undefined : envVarNameProblem(prefix, relaxedNames);
    if (prefixProblem) report(MESSAGES.invalidFieldValue, `${path}.prefix`, `prefix must be ${prefixProblem}, got ${show(prefix)}`);
    const refs = ['configMapRef', 'secretRef'].filter((r) => record(source[r]) !== undefined);
    if (refs.length === 0) report(MESSAGES.requiredValue, path, 'must set one of configMapRef, secretRef');
    if (refs.length > 1) report(MESSAGES.invalidFieldValue, path, 'may set only one of configMapRef, secretRef');
    for (const ref of refs) {
      const name = text(source[ref].name);
      // ValidateConfigMapName and ValidateSecretName run in prefix mode here, which lets a name end with '-'
      const problem = name === undefined ? undefined : dnsSubdomainProblem(maskTrailingDash(name));
      if (name === undefined) report(MESSAGES.requiredValue, `${path}.${ref}.name`, 'is required');
      else if (problem) report(MESSAGES.invalidFieldValue, `${path}.${ref}.name`, `name must be ${problem}, got ${show(name)}`);
    }
  });
}
