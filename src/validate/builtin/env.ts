// Environment variables of containers (ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom).
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { list, record, text } from './go-values';
import { configMapKeyProblem, dnsSubdomainProblem, envVarNameProblem, qualifiedNameProblem } from './identifiers';
import { Report } from './report';

const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'];
const FIELD_PATHS = new Set([
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
const RESOURCE_FIELDS = new Set(['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage']);

function checkKeySelector(value: unknown, field: string, report: Report): void {
  const selector = record(value);
  if (!selector) return;
  const name = typeof selector.name === 'string' ? selector.name : '';
  const nameProblem = dnsSubdomainProblem(name);
  if (nameProblem) report(MESSAGES.invalidFieldValue, join(field, 'name'), `name must be ${nameProblem}, got ${show(name)}`);
  const key = text(selector.key);
  const keyProblem = key === undefined ? undefined : configMapKeyProblem(key);
  if (key === undefined) report(MESSAGES.requiredValue, join(field, 'key'), 'key is required');
  else if (keyProblem) report(MESSAGES.invalidFieldValue, join(field, 'key'), `key must be ${keyProblem}, got ${show(key)}`);
}

function checkFieldRef(value: unknown, field: string, report: Report): void {
  const ref = record(value);
  if (!ref) return;
  const path = text(ref.fieldPath);
  if (path === undefined) return report(MESSAGES.requiredValue, join(field, 'fieldPath'), 'fieldPath is required');
  const subscript = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (subscript) {
    const key = subscript[1] === 'annotations' ? subscript[2].toLowerCase() : subscript[2];
    const problem = qualifiedNameProblem(key);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'fieldPath'), `the key in fieldPath must be ${problem}, got ${show(subscript[2])}`);
  } else if (!FIELD_PATHS.has(path) && path !== 'metadata.labels' && path !== 'metadata.annotations') {
    report(MESSAGES.unsupportedValue, join(field, 'fieldPath'), `fieldPath must be one of ${[...FIELD_PATHS].join(', ')}, metadata.labels['<key>'] or metadata.annotations['<key>'], got ${show(path)}`);
  }
}

/** A container's env list. */
export function checkEnv(value: unknown, field: string, report: Report): void {
  list(value).forEach((e, i) => {
    const env = record(e) ?? {};
    const path = `${field}[${i}]`;
    const name = text(env.name);
    const nameProblem = name === undefined ? undefined : envVarNameProblem(name);
    if (name === undefined) report(MESSAGES.requiredValue, `${path}.name`, 'name is required');
    else if (nameProblem) report(MESSAGES.invalidFieldValue, `${path}.name`, `environment variable name must be ${nameProblem}, got ${show(name)}`);
    const from = record(env.valueFrom);
    if (!from) return;
    const sources = VALUE_SOURCES.filter((s) => from[s] !== undefined && from[s] !== null);
    if (sources.length === 0) report(MESSAGES.requiredValue, `${path}.valueFrom`, `valueFrom must set one of ${VALUE_SOURCES.join(', ')}`);
    else if (text(env.value) !== undefined) report(MESSAGES.invalidFieldValue, `${path}.valueFrom`, 'valueFrom may not be set when value is not empty');
    else if (sources.length > 1) report(MESSAGES.invalidFieldValue, `${path}.valueFrom`, `valueFrom may set only one source, got ${sources.join(', ')}`);
    checkFieldRef(from.fieldRef, `${path}.valueFrom.fieldRef`, report);
    const resourceRef = record(from.resourceFieldRef);
    const resource = text(resourceRef?.resource);
    if (resourceRef && resource === undefined) report(MESSAGES.requiredValue, `${path}.valueFrom.resourceFieldRef.resource`, 'resource is required');
    else if (resource !== undefined && !RESOURCE_FIELDS.has(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
      report(MESSAGES.unsupportedValue, `${path}.valueFrom.resourceFieldRef.resource`, `resource must be one of ${[...RESOURCE_FIELDS].join(', ')}, got ${show(resource)}`);
    }
    checkKeySelector(from.configMapKeyRef, `${path}.valueFrom.configMapKeyRef`, report);
    checkKeySelector(from.secretKeyRef, `${path}.valueFrom.secretKeyRef`, report);
  });
}

/** A container's envFrom list. */
export function checkEnvFrom(value: unknown, field: string, report: Report): void {
  list(value).forEach((e, i) => {
    const source = record(e) ?? {};
    const path = `${field}[${i}]`;
    const prefix = text(source.prefix);
    const prefixProblem = prefix === undefined ? undefined : envVarNameProblem(prefix);
    if (prefixProblem) report(MESSAGES.invalidFieldValue, `${path}.prefix`, `prefix must be ${prefixProblem}, got ${show(prefix)}`);
    const refs = ['configMapRef', 'secretRef'].filter((r) => record(source[r]) !== undefined);
    if (refs.length === 0) report(MESSAGES.requiredValue, path, 'must set one of configMapRef, secretRef');
    if (refs.length > 1) report(MESSAGES.invalidFieldValue, path, 'may set only one of configMapRef, secretRef');
    for (const ref of refs) {
      const name = text(source[ref].name);
      const problem = name === undefined ? undefined : dnsSubdomainProblem(name);
      if (name === undefined) report(MESSAGES.requiredValue, `${path}.${ref}.name`, 'name is required');
      else if (problem) report(MESSAGES.invalidFieldValue, `${path}.${ref}.name`, `name must be ${problem}, got ${show(name)}`);
    }
  });
}
