// Ingresses and IngressClasses (networking.k8s.io/v1), as pkg/apis/networking/validation checks them at create
// (ValidateIngressCreate, with neither invalid secret names nor invalid wildcard rules allowed; ValidateIngressClass):
// a default backend or rules; hosts that are DNS names (a leading `*.` wildcard allowed), not IP addresses; every
// path's type, and for Exact and Prefix an absolute path without `//`, `/./`, `/../`, `%2f` or a trailing `/.` or
// `/..`; backends that are a Service (a DNS-1035 name, a port name or number) or a resource, not both; TLS hosts and
// secret names; an ingress class name matching the legacy annotation. An IngressClass's controller is a
// domain-prefixed path and its parameters' scope says whether they name a namespace (defaulted to Cluster).
import { isDnsLabel, isDnsSubdomain } from '../../../constructs/dns-names';
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { Fields, isSet, list, num, record, str, stringPointer } from './go-values';
import { dns1035LabelProblem, dnsSubdomainProblem, domainPrefixedPathProblems, isIp, pathSegmentNameProblem, portNameProblem, portNumberProblem } from './identifiers';
import { Report } from './report';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const WILDCARD_RULE = "a wildcard DNS-1123 subdomain ('*.' and a DNS-1123 subdomain, at most 253 characters)";

/** IsWildcardDNS1123Subdomain or IsDNS1123Subdomain, by whether the host holds a '*'. */
function hostProblem(host: string): string | undefined {
  if (!host.includes('*')) return dnsSubdomainProblem(host);
  return host.length <= 253 && host.startsWith('*.') && isDnsSubdomain(host.slice(2)) ? undefined : WILDCARD_RULE;
}

/** Built-in validation of an Ingress. */
export function checkIngress(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  const rules = list(spec.rules);
  if (rules.length === 0 && !isSet(spec.defaultBackend)) {
    report(MESSAGES.requiredValue, 'spec', 'an Ingress needs a defaultBackend or rules');
  }
  if (isSet(spec.defaultBackend)) checkBackend(record(spec.defaultBackend) ?? {}, 'spec.defaultBackend', report);
  rules.forEach((r, i) => checkRule(record(r) ?? {}, `spec.rules[${i}]`, report));
  list(spec.tls).forEach((t, i) => {
    const tls = record(t) ?? {};
    list(tls.hosts).forEach((h, j) => {
      const problem = hostProblem(str(h));
      if (problem) report(MESSAGES.invalidFieldValue, `spec.tls[${i}].hosts[${j}]`, `must be ${problem}, got ${show(h)}`);
    });
    const secret = str(tls.secretName);
    const problem = secret === '' ? undefined : dnsSubdomainProblem(secret);
    if (problem) report(MESSAGES.invalidFieldValue, `spec.tls[${i}].secretName`, `must be ${problem} (a Secret's name), got ${show(secret)}`);
  });
  const className = stringPointer(spec.ingressClassName);
  if (className !== undefined) {
    const problem = dnsSubdomainProblem(className);
    if (problem) report(MESSAGES.invalidFieldValue, 'spec.ingressClassName', `must be ${problem}, got ${show(className)}`);
    const annotation = stringPointer(record(record(object.metadata)?.annotations)?.[CLASS_ANNOTATION]);
    if (annotation !== undefined && annotation !== className) {
      report(MESSAGES.invalidFieldValue, join('metadata.annotations', CLASS_ANNOTATION),
        `must match spec.ingressClassName (${show(className)}) when both are given, got ${show(annotation)}`);
    }
  }
}

function checkRule(rule: Fields, field: string, report: Report): void {
  const host = str(rule.host);
  if (host !== '') {
    if (isIp(host)) report(MESSAGES.invalidFieldValue, join(field, 'host'), `must be a DNS name, not an IP address, got ${show(host)}`);
    const problem = hostProblem(host);
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'host'), `must be ${problem}, got ${show(host)}`);
  }
  const http = record(rule.http);
  if (http === undefined) return;
  const paths = list(http.paths);
  if (paths.length === 0) report(MESSAGES.requiredValue, `${field}.http.paths`, 'an HTTP rule needs at least one path');
  paths.forEach((p, i) => checkPath(record(p) ?? {}, `${`${field}.http.paths`}[${i}]`, report));
}

/** validateHTTPIngressPath: a path type, the path it allows, the backend. */
function checkPath(path: Fields, field: string, report: Report): void {
  const type = stringPointer(path.pathType);
  if (type === undefined) {
    report(MESSAGES.requiredValue, join(field, 'pathType'), 'pathType must be given: Exact, Prefix or ImplementationSpecific');
    return;
  }
  const value = str(path.path);
  const pathField = join(field, 'path');
  if (type === 'Exact' || type === 'Prefix') {
    if (!value.startsWith('/')) report(MESSAGES.invalidFieldValue, pathField, `must be an absolute path, got ${show(value)}`);
    else {
      for (const sequence of INVALID_PATH_SEQUENCES) {
        if (value.includes(sequence)) report(MESSAGES.invalidFieldValue, pathField, `must not contain '${sequence}', got ${show(value)}`);
      }
      for (const suffix of INVALID_PATH_SUFFIXES) {
        if (value.endsWith(suffix)) report(MESSAGES.invalidFieldValue, pathField, `cannot end with '${suffix}', got ${show(value)}`);
      }
    }
  } else if (type === 'ImplementationSpecific') {
    if (value !== '' && !value.startsWith('/')) report(MESSAGES.invalidFieldValue, pathField, `must be an absolute path, got ${show(value)}`);
  } else {
    report(MESSAGES.unsupportedValue, join(field, 'pathType'), `must be one of ${PATH_TYPES.join(', ')}, got ${show(type)}`);
  }
  checkBackend(record(path.backend) ?? {}, join(field, 'backend'), report);
}

/** validateIngressBackend: a Service (its name, a port name or number) or a resource, exactly one. */
function checkBackend(backend: Fields, field: string, report: Report): void {
  const service = record(backend.service);
  const resource = record(backend.resource);
  if (service && resource) {
    report(MESSAGES.invalidFieldValue, field, 'a backend is a service or a resource, not both');
    return;
  }
  if (resource) {
    checkTypedReference(resource, join(field, 'resource'), report);
    return;
  }
  if (!service) {
    report(MESSAGES.requiredValue, field, 'a backend needs a service or a resource');
    return;
  }
  const name = str(service.name);
  const nameProblem = name === '' ? undefined : dns1035LabelProblem(name);
  if (name === '') report(MESSAGES.requiredValue, `${field}.service.name`, "the backend Service's name is required");
  else if (nameProblem) report(MESSAGES.invalidFieldValue, `${field}.service.name`, `must be ${nameProblem} (a Service's name), got ${show(name)}`);
  const port = record(service.port) ?? {};
  const portName = str(port.name);
  const portNumber = num(port.number) ?? 0;
  if (portName !== '' && portNumber !== 0) report(MESSAGES.invalidFieldValue, field, 'a backend port is a name or a number, not both');
  else if (portName !== '') {
    const problem = portNameProblem(portName);
    if (problem) report(MESSAGES.invalidPort, `${field}.service.port.name`, `must be ${problem}, got ${show(portName)}`);
  } else if (portNumber !== 0) {
    const problem = portNumberProblem(portNumber);
    if (problem) report(MESSAGES.invalidPort, `${field}.service.port.number`, `must be ${problem}, got ${portNumber}`);
  } else report(MESSAGES.requiredValue, field, 'a Service backend needs a port name or number');
}

/** validateIngressTypedLocalObjectReference (a backend resource, an IngressClass's parameters): group, kind, name. */
function checkTypedReference(ref: Fields, field: string, report: Report): void {
  if (isSet(ref.apiGroup)) {
    const problem = dnsSubdomainProblem(str(ref.apiGroup));
    if (problem) report(MESSAGES.invalidFieldValue, join(field, 'apiGroup'), `must be ${problem}, got ${show(ref.apiGroup)}`);
  }
  for (const key of ['kind', 'name']) {
    const value = str(ref[key]);
    const problem = value === '' ? undefined : pathSegmentNameProblem(value);
    if (value === '') report(MESSAGES.requiredValue, join(field, key), `${key} is required`);
    else if (problem) report(MESSAGES.invalidFieldValue, join(field, key), `must be ${problem}, got ${show(value)}`);
  }
}

/** Built-in validation of an IngressClass: its controller, and its parameters' scope. */
export function checkIngressClass(object: Fields, report: Report): void {
  const spec = record(object.spec) ?? {};
  const controller = str(spec.controller);
  if (Buffer.byteLength(controller) > 250) report(MESSAGES.sizeLimitExceeded, 'spec.controller', `must be at most 250 bytes, got ${Buffer.byteLength(controller)}`);
  if (controller === '') report(MESSAGES.requiredValue, 'spec.controller', 'the controller is required, a domain-prefixed path such as example.com/ingress');
  for (const problem of controller === '' ? [] : domainPrefixedPathProblems(controller, 'example.com/ingress')) report(MESSAGES.invalidFieldValue, 'spec.controller', problem);
  const parameters = record(spec.parameters);
  if (!parameters) return;
  checkTypedReference(parameters, 'spec.parameters', report);
  // SetDefaults_IngressClass: parameters without a scope are cluster-scoped
  const scope = stringPointer(parameters.scope) ?? 'Cluster';
  const namespace = stringPointer(parameters.namespace);
  if (scope !== 'Cluster' && scope !== 'Namespace') {
    report(MESSAGES.unsupportedValue, 'spec.parameters.scope', `must be one of Cluster, Namespace, got ${show(scope)}`);
  } else if (scope === 'Namespace' && namespace === undefined) {
    report(MESSAGES.requiredValue, 'spec.parameters.namespace', 'parameters whose scope is Namespace need their namespace');
  } else if (scope === 'Namespace' && namespace !== undefined && !isDnsLabel(namespace)) {
    report(MESSAGES.invalidFieldValue, 'spec.parameters.namespace', `must be a DNS-1123 label (a namespace's name), got ${show(namespace)}`);
  } else if (scope === 'Cluster' && namespace !== undefined) {
    report(MESSAGES.invalidFieldValue, 'spec.parameters.namespace', 'parameters whose scope is Cluster name no namespace');
  }
}
