// VirtualServices as Istio's validation webhook checks them beyond the CRD schema (istio/istio 1.30
// pkg/config/validation/validation.go ValidateVirtualService and virtualservice.go validateHTTPRoute).
// Fault percentages and route weight sums are TT0006 and TT0005 (mesh/routes.ts); durations below 1ms are the CRD's
// CEL rules. What is left: ports, HTTP statuses, hosts, gateways, destinations, route structure and precision.
import { MESSAGES } from '../findings';
import { join, show } from '../structural';
import { entries, Fields, isSet, list, num, record, text } from '../builtin/go-values';
import { Report } from '../builtin/report';
import { durationPrecisionProblem } from './durations';
import { fqdnProblem, hostsMatch, hostSubsetOf, isIpAddress, isIstioLabel, wildcardDomainProblem } from './hosts';
import { checkExportTo, checkLabelMap, checkSubsetName } from './names';
import { fail } from './verdicts';

const GRPC_STATUSES = new Set([
  'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS',
  'UNAUTHENTICATED',
]);
const RETRY_ON = new Set([
  '5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure', 'cancelled',
  'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
]);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const MB = 1024 * 1024;

function checkPort(port: unknown, field: string, report: Report): void {
  const number = num(port) ?? 0;
  if (number < 1 || number > 65535) fail(report, field, `port number must be between 1 and 65535, got ${number}`);
}

function checkDuration(value: unknown, field: string, report: Report): void {
  const problem = durationPrecisionProblem(value);
  if (problem) fail(report, field, problem);
}

/** An HTTP status for an abort or a direct response: Envoy accepts 200..599. */
function checkHttpStatus(value: unknown, field: string, report: Report): void {
  const status = num(value) ?? 0;
  if (status < 200 || status > 599) fail(report, field, `HTTP status must be between 200 and 599, got ${status}`);
}

/** A route or mirror destination: a host (not *), a DNS-1123 subset name, a port 1..65535. */
function checkDestination(value: unknown, field: string, report: Report): void {
  const destination = record(value);
  if (!destination) return;
  const host = typeof destination.host === 'string' ? destination.host : '';
  const problem = host === '*' ? 'may not be *' : wildcardDomainProblem(host);
  if (problem) fail(report, join(field, 'host'), `destination host ${problem}, got ${show(host)}`);
  if (text(destination.subset) !== undefined) checkSubsetName(destination.subset, join(field, 'subset'), report);
  const port = record(destination.port);
  if (port) checkPort(port.number, `${field}.port.number`, report);
}

/**
 * The destinations of a route, and their weights: not negative. The webhook's other weight rule (several destinations
 * may not all weigh 0) is part of TT0005, which requires the weights to add up to 100.
 */
function checkRouteDestinations(routes: unknown, field: string, report: Report): void {
  list(routes).forEach((r, i) => {
    const route = record(r) ?? {};
    checkDestination(route.destination, `${field}[${i}].destination`, report);
    const weight = num(route.weight) ?? 0;
    if (weight < 0) fail(report, `${field}[${i}].weight`, `weight must not be negative, got ${weight}`);
  });
}

function checkHeaderName(name: string, field: string, report: Report): void {
  if (name === '') fail(report, field, 'header name must not be empty');
  else if (!name.startsWith('@request.auth.claims') && !PSEUDO_HEADERS.has(name) && !HEADER_NAME.test(name)) {
    fail(report, field, `header name must be an HTTP token, a pseudo-header or a @request.auth.claims name, got ${show(name)}`);
  }
}

function checkStringMatch(value: unknown, field: string, report: Report, prefixMayBeEmpty = false): void {
  const match = record(value);
  if (!match) return;
  if (match.prefix === '' && !prefixMayBeEmpty) fail(report, join(field, 'prefix'), 'prefix match must not be empty');
  if (match.regex !== undefined) {
    const regex = String(match.regex);
    if (regex === '') fail(report, join(field, 'regex'), 'regex match must not be empty');
    else if (regex.length > 1024) fail(report, join(field, 'regex'), `regex must be at most 1024 characters, got ${regex.length}`);
  }
}

function checkMatches(rule: Fields, field: string, report: Report): void {
  list(rule.match).forEach((m, i) => {
    const match = record(m);
    if (!match) return;
    const path = `${field}.match[${i}]`;
    for (const kind of ['headers', 'withoutHeaders']) {
      for (const [name, value] of entries(match[kind])) {
        checkHeaderName(name, join(join(path, kind), name), report);
        if (!(kind === 'withoutHeaders' && record(value)?.regex === '*')) checkStringMatch(value, join(join(path, kind), name), report);
      }
    }
    checkStringMatch(match.uri, `${path}.uri`, report, true);
    for (const kind of ['scheme', 'method', 'authority']) checkStringMatch(match[kind], join(path, kind), report);
    for (const [name, value] of entries(match.queryParams)) checkStringMatch(value, join(`${path}.queryParams`, name), report);
    if (isSet(match.port) && match.port !== 0) checkPort(match.port, `${path}.port`, report);
    checkLabelMap(match.sourceLabels, `${path}.sourceLabels`, report);
    checkGatewayNames(match.gateways, `${path}.gateways`, report);
    const sourceNamespace = text(match.sourceNamespace);
    if (sourceNamespace !== undefined && !isIstioLabel(sourceNamespace)) {
      fail(report, `${path}.sourceNamespace`, `sourceNamespace must be a DNS-1123 label, got ${show(sourceNamespace)}`);
    }
  });
}

function checkFault(value: unknown, field: string, report: Report): void {
  const fault = record(value);
  if (!fault) return;
  const abort = record(fault.abort);
  const delay = record(fault.delay);
  if (!abort && !delay) fail(report, field, 'fault must set abort, delay or both');
  if (abort) {
    if (isSet(abort.httpStatus)) checkHttpStatus(abort.httpStatus, `${field}.abort.httpStatus`, report);
    else if (isSet(abort.grpcStatus)) {
      if (!GRPC_STATUSES.has(abort.grpcStatus)) {
        fail(report, `${field}.abort.grpcStatus`, `gRPC status must be one of ${[...GRPC_STATUSES].join(', ')}, got ${show(abort.grpcStatus)}`);
      }
    } else if (isSet(abort.http2Error)) fail(report, `${field}.abort.http2Error`, 'HTTP/2 error aborts are not supported yet');
    else report(MESSAGES.istioValidationWarning, `${field}.abort`, 'abort sets no error type (httpStatus, grpcStatus): it aborts nothing');
  }
  if (delay) {
    if (isSet(delay.exponentialDelay)) fail(report, `${field}.delay.exponentialDelay`, 'exponentialDelay is not supported yet: use fixedDelay');
    checkDuration(delay.fixedDelay, `${field}.delay.fixedDelay`, report);
  }
}

function checkRouteConflicts(rule: Fields, field: string, report: Report): void {
  const has = (f: string) => rule[f] !== undefined && rule[f] !== null;
  const routed = list(rule.route).length > 0;
  if (has('delegate')) {
    for (const f of ['redirect', 'route']) if (has(f)) fail(report, join(field, f), `a rule with a delegate may not set ${f}`);
    return;
  }
  const exclusive = has('redirect') ? 'redirect' : has('directResponse') ? 'directResponse' : undefined;
  if (exclusive) {
    if (routed) fail(report, field, `a rule may not set both route and ${exclusive}`);
    for (const f of ['fault', 'rewrite']) if (has(f)) fail(report, join(field, f), `a rule with ${exclusive} may not set ${f}`);
    if (exclusive === 'redirect' && has('directResponse')) fail(report, field, 'a rule may not set both redirect and directResponse');
  } else if (!routed) {
    fail(report, field, 'an http rule must set route, redirect or directResponse');
  }
  if (has('mirror') && list(rule.mirrors).length > 0) fail(report, field, 'a rule may not set both mirror and mirrors');
}

function checkMirrors(rule: Fields, field: string, report: Report): void {
  const percent = num(record(rule.mirrorPercentage)?.value);
  if (percent !== undefined && (percent < 0 || percent > 100)) fail(report, `${field}.mirrorPercentage.value`, `mirror percentage must be between 0 and 100, got ${percent}`);
  const legacy = num(record(rule.mirrorPercent)?.value) ?? num(rule.mirrorPercent);
  if (legacy !== undefined && legacy > 100) fail(report, join(field, 'mirrorPercent'), `mirror percentage must be at most 100, got ${legacy}`);
  checkDestination(rule.mirror, join(field, 'mirror'), report);
  list(rule.mirrors).forEach((m, i) => {
    const mirror = record(m) ?? {};
    if (!record(mirror.destination)) fail(report, `${field}.mirrors[${i}].destination`, 'a mirror needs a destination');
    checkDestination(mirror.destination, `${field}.mirrors[${i}].destination`, report);
    const value = num(record(mirror.percentage)?.value);
    if (value !== undefined && (value < 0 || value > 100)) fail(report, `${field}.mirrors[${i}].percentage.value`, `mirror percentage must be between 0 and 100, got ${value}`);
  });
}

function checkRedirectAndResponse(rule: Fields, field: string, report: Report): void {
  const redirect = record(rule.redirect);
  if (redirect) {
    if (!text(redirect.uri) && !text(redirect.authority) && !isSet(redirect.port) && !isSet(redirect.derivePort) && !text(redirect.scheme)) {
      fail(report, join(field, 'redirect'), 'redirect must set uri, authority, scheme or port');
    }
    const code = num(redirect.redirectCode) ?? 0;
    if (code !== 0 && (code < 300 || code > 399)) fail(report, `${field}.redirect.redirectCode`, `redirect code must be between 300 and 399, got ${code}`);
    const scheme = text(redirect.scheme);
    if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') fail(report, `${field}.redirect.scheme`, `scheme must be http or https, got ${show(scheme)}`);
    if ((num(redirect.port) ?? 0) > 0) checkPort(redirect.port, `${field}.redirect.port`, report);
  }
  const response = record(rule.directResponse);
  if (response) {
    checkHttpStatus(response.status, `${field}.directResponse.status`, report);
    const body = record(response.body);
    const size = typeof body?.string === 'string' ? Buffer.byteLength(body.string) : typeof body?.bytes === 'string' ? Buffer.from(body.bytes, 'base64').length : 0;
    if (size > MB) fail(report, `${field}.directResponse.body`, `a direct response body must be less than 1 MiB, got ${size} bytes`);
    else if (size > 100 * 1024) report(MESSAGES.istioValidationWarning, `${field}.directResponse.body`, `a direct response body over 100 KiB (${size} bytes) slows the control plane`);
  }
}

function checkRetriesAndRewrite(rule: Fields, field: string, report: Report): void {
  const retries = record(rule.retries);
  if (retries) {
    const attempts = num(retries.attempts) ?? 0;
    if (attempts < 0) fail(report, `${field}.retries.attempts`, `attempts must not be negative, got ${attempts}`);
    if (attempts === 0 && (isSet(retries.perTryTimeout) || text(retries.retryOn) !== undefined || isSet(retries.retryRemoteLocalities))) {
      fail(report, `${field}.retries`, 'a retry policy with attempts 0 (retries off) may not set perTryTimeout, retryOn or retryRemoteLocalities');
    }
    for (const policy of (text(retries.retryOn) ?? '').split(',').filter((p) => p !== '')) {
      const status = Number(policy);
      if (!RETRY_ON.has(policy) && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
        fail(report, `${field}.retries.retryOn`, `retryOn policy must be an HTTP status or one of ${[...RETRY_ON].join(', ')}, got ${show(policy)}`);
      }
    }
    checkDuration(retries.perTryTimeout, `${field}.retries.perTryTimeout`, report);
    checkDuration(retries.backoff, `${field}.retries.backoff`, report);
  }
  const rewrite = record(rule.rewrite);
  if (rewrite) {
    const regex = record(rewrite.uriRegexRewrite);
    if (text(rewrite.uri) !== undefined && regex) fail(report, join(field, 'rewrite'), 'rewrite may set only one of uri and uriRegexRewrite');
    else if (text(rewrite.uri) === undefined && !regex && text(rewrite.authority) === undefined) {
      fail(report, join(field, 'rewrite'), 'rewrite must set uri, uriRegexRewrite or authority');
    }
    if (regex && (!text(regex.match) || !text(regex.rewrite))) fail(report, `${field}.rewrite.uriRegexRewrite`, 'uriRegexRewrite must set both match and rewrite');
  }
}

function checkHttpRule(rule: Fields, field: string, report: Report): void {
  checkRouteConflicts(rule, field, report);
  checkMatches(rule, field, report);
  checkFault(rule.fault, join(field, 'fault'), report);
  checkMirrors(rule, field, report);
  checkRedirectAndResponse(rule, field, report);
  checkRetriesAndRewrite(rule, field, report);
  checkRouteDestinations(rule.route, join(field, 'route'), report);
  checkDuration(rule.timeout, join(field, 'timeout'), report);
}

/** Gateway references: `namespace/name` (DNS-1123 labels) or a legacy name, which must be an FQDN. */
export function checkGatewayNames(value: unknown, field: string, report: Report): void {
  list(value).forEach((g, i) => {
    const gateway = String(g);
    const path = `${field}[${i}]`;
    const slash = gateway.indexOf('/');
    if (slash < 0) {
      if (gateway.includes('.')) {
        const [name, namespace] = gateway.split('.');
        report(MESSAGES.istioValidationWarning, path, `gateway name ${show(gateway)} uses the legacy name.namespace form: prefer "${namespace}/${name}"`);
      }
      const problem = fqdnProblem(gateway);
      if (problem) fail(report, path, `gateway name ${problem}, got ${show(gateway)}`);
      return;
    }
    const [namespace, name] = [gateway.slice(0, slash), gateway.slice(slash + 1)];
    if (!isIstioLabel(namespace)) fail(report, path, `gateway namespace must be a DNS-1123 label, got ${show(namespace)}`);
    if (!isIstioLabel(name)) fail(report, path, `gateway name must be a DNS-1123 label, got ${show(name)}`);
  });
}

function checkHosts(spec: Fields, boundToGateway: boolean, report: Report): void {
  const hosts = list(spec.hosts).map((h) => (typeof h === 'string' ? h : ''));
  let allValid = true;
  hosts.forEach((host, i) => {
    const problem = wildcardDomainProblem(host);
    if (problem && !isIpAddress(host)) {
      fail(report, `spec.hosts[${i}]`, `host ${problem}, got ${show(host)}`);
      allValid = false;
    } else if (!problem && !boundToGateway && host === '*') {
      fail(report, `spec.hosts[${i}]`, 'host * is not allowed in a VirtualService bound to the mesh: name the hosts, or bind it to a gateway');
      allValid = false;
    }
  });
  if (!allValid) return;
  for (let i = 0; i < hosts.length; i++) {
    for (let j = i + 1; j < hosts.length; j++) {
      if (hostsMatch(hosts[i], hosts[j])) fail(report, `spec.hosts[${j}]`, `host ${show(hosts[j])} overlaps spec.hosts[${i}] ${show(hosts[i])}`);
    }
  }
}

function checkTlsRoutes(spec: Fields, boundToGateway: boolean, report: Report): void {
  const hosts = list(spec.hosts).filter((h): h is string => typeof h === 'string');
  list(spec.tls).forEach((r, i) => {
    const route = record(r) ?? {};
    const path = `spec.tls[${i}]`;
    if (list(route.match).length === 0) fail(report, `${path}.match`, 'a tls route must have at least one match');
    list(route.match).forEach((m, j) => {
      const match = record(m) ?? {};
      const sniHosts = list(match.sniHosts);
      if (sniHosts.length === 0) fail(report, `${path}.match[${j}].sniHosts`, 'a tls match must list at least one SNI host');
      sniHosts.forEach((s, k) => {
        const sni = String(s);
        const field = `${path}.match[${j}].sniHosts[${k}]`;
        const problem = boundToGateway && sni.startsWith('outbound_') ? undefined : wildcardDomainProblem(sni);
        if (problem) {
          if (isIpAddress(sni)) report(MESSAGES.istioValidationWarning, field, `SNI host ${show(sni)} is an IP address, which most TLS clients never send`);
          else fail(report, field, `SNI host ${problem}, got ${show(sni)}`);
        } else if (!hosts.some((h) => hostSubsetOf(sni, h))) {
          fail(report, field, `SNI host ${show(sni)} must be within one of the VirtualService hosts (${hosts.join(', ')})`);
        }
      });
      if (isSet(match.port) && match.port !== 0) checkPort(match.port, `${path}.match[${j}].port`, report);
      checkLabelMap(match.sourceLabels, `${path}.match[${j}].sourceLabels`, report);
      checkGatewayNames(match.gateways, `${path}.match[${j}].gateways`, report);
    });
    if (list(route.route).length === 0) fail(report, `${path}.route`, 'a tls rule must have a route');
    checkRouteDestinations(route.route, `${path}.route`, report);
  });
}

function checkTcpRoutes(spec: Fields, report: Report): void {
  list(spec.tcp).forEach((r, i) => {
    const route = record(r) ?? {};
    const path = `spec.tcp[${i}]`;
    list(route.match).forEach((m, j) => {
      const match = record(m) ?? {};
      if (isSet(match.port) && match.port !== 0) checkPort(match.port, `${path}.match[${j}].port`, report);
      checkLabelMap(match.sourceLabels, `${path}.match[${j}].sourceLabels`, report);
      checkGatewayNames(match.gateways, `${path}.match[${j}].gateways`, report);
    });
    if (list(route.route).length === 0) fail(report, `${path}.route`, 'a tcp rule must have a route');
    checkRouteDestinations(route.route, `${path}.route`, report);
  });
}

/** The webhook's checks of one VirtualService. */
export function checkVirtualService(spec: Fields, namespace: string, report: Report): void {
  const gateways = list(spec.gateways);
  const boundToGateway = gateways.length > 0 && !gateways.includes('mesh');
  if (list(spec.hosts).length === 0) {
    // no hosts: a delegate, which only the rules of the VirtualService that delegates to it apply
    if (gateways.length > 0) fail(report, 'spec.gateways', 'a VirtualService without hosts is a delegate, which may not name gateways');
    if (list(spec.tls).length > 0) fail(report, 'spec.tls', 'a VirtualService without hosts is a delegate, which may not have tls rules');
    if (list(spec.tcp).length > 0) fail(report, 'spec.tcp', 'a VirtualService without hosts is a delegate, which may not have tcp rules');
  }
  checkGatewayNames(spec.gateways, 'spec.gateways', report);
  checkHosts(spec, boundToGateway, report);
  if (list(spec.http).length + list(spec.tcp).length + list(spec.tls).length === 0) {
    fail(report, 'spec', 'a VirtualService must have http, tcp or tls rules');
  }
  list(spec.http).forEach((r, i) => {
    const rule = record(r);
    if (rule) checkHttpRule(rule, `spec.http[${i}]`, report);
    else fail(report, `spec.http[${i}]`, 'an http rule may not be null');
  });
  checkTlsRoutes(spec, boundToGateway, report);
  checkTcpRoutes(spec, report);
  checkExportTo(spec.exportTo, namespace, 'spec.exportTo', report);
}
